"""`python -m journal` runs the `kith` command line."""

import gc

gc.disable()  # as `run` does, and before the imports, which otherwise pay for a few collections of what they build

from journal.cli import run  # noqa: E402

run()
