"""Folders Kith creates outside the journal (crash reports, the demo, caches): private, parents included."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def make_private_folder(folder: Path) -> Path:
    """Create `folder` and every missing parent with mode 0700, whatever the umask; existing ones are left as
    they are. Raises OSError when a folder cannot be made."""
    missing: list[Path] = []
    current = folder
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue  # another process made it first: theirs is as private as ours would be
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)  # the umask may have taken bits away; never adds any
    return folder
