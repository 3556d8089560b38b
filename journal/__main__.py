"""`python -m journal` runs the `kith` command line."""

from journal.cli import run

run()
