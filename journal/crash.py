"""Crash reports: where a bug happened (files, lines, functions), never messages or values."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from journal.store.files import make_folders


def crash_folder() -> Path:
    """Where crash reports go: the user state folder."""
    from platformdirs import user_state_path

    return user_state_path("kith") / "crashes"


def crash_report(exc: BaseException) -> Path:
    """Write where the error happened to a new file of its own in the state folder; its path, or a note
    that it could not be saved. The CLI and the TUI both report through here."""
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"kith {kith_version()} {datetime.now():%Y-%m-%dT%H:%M:%S} {type(exc).__name__}"]
    lines += [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    stamp = f"{datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}"
    try:
        folder = make_folders(crash_folder())
        for n in range(1, 1000):  # two crashes in one second (or one process) each get their own file
            path = folder / f"crash-{stamp}-{n}.txt"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w") as out:
                out.write("\n".join(lines) + "\n")
            return path
    except OSError:
        pass
    return Path("(could not be saved)")


def kith_version() -> str:
    """Kith's installed version, or "dev" in a source tree (importlib.metadata is slow: asked only here)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kith")
    except PackageNotFoundError:
        return "dev"
