"""Devices for the sync tests: journals run through the `kith` command line in this process."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.cli import main


@dataclass
class Ran:
    """One `kith` run: exit code and what it printed."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """What it printed, as JSON."""
        return json.loads(self.out)


class Device:
    """One journal on its own device, syncing through `folder` (its own view of the shared folder)."""

    def __init__(self, root: Path, name: str, folder: Path | None = None) -> None:
        self.name = name
        self.db = root / name / "journal.json"
        self.folder = folder or root / "shared"

    def __call__(self, *args: str) -> Ran:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", str(self.db), *args])
        ran = Ran(code, out.getvalue(), err.getvalue())
        assert "unexpected error" not in ran.err, ran.err
        return ran

    def ok(self, *args: str) -> Ran:
        """Run a command that must succeed."""
        ran = self(*args)
        assert ran.code == 0, (args, ran.err)
        return ran

    def sync(self, *args: str) -> Ran:
        """`kith sync` through this device's folder."""
        return self.ok("sync", str(self.folder), *args)

    def picture(self) -> tuple[Any, dict[str, Any]]:
        """What a user sees of the journal: `people --json` and `show --json` of everyone."""
        people = self.ok("people", "--json", "--all").json()
        cards = {p["uid"]: self.ok("show", p["uid"], "--json").json() for p in people}
        return people, cards

    def device_id(self) -> str:
        """This journal's device id."""
        return (self.db.parent / "journal.json.d" / "device").read_text().strip()


def deliver(source: Path, target: Path, *, only: set[str] | None = None, skip_device: str | None = None) -> int:
    """Copy what a file-sync engine would from one device's view of the folder to another's (never the
    target's own files); returns how many files were copied."""
    copied = 0
    root = source / "kith"
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(source)
        device = relative.parts[1] if len(relative.parts) > 1 else ""
        if device == skip_device or (only is not None and str(relative) not in only):
            continue
        destination = target / relative
        if destination.exists() and destination.read_bytes() == path.read_bytes():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        copied += 1
    return copied
