"""What `kith vdir` last wrote or read in each vdir, per item: the next run tells who changed what by it.

It lives beside the journal (`journal.json.d/vdir.json`), written atomically after each run. A run that takes
edits in also keeps the state as it stands then in the commit that takes them (the journal's side file
`vdir`): killed after that commit and before `vdir.json` is written, the next run starts from the side file,
so an edit taken in is never taken in twice. Each side file has a run id, and `vdir.json` names the run id of
the side file it was written after (`side`); when they differ, the side file is the newer. Per folder it
keeps the folder's path (another folder starts afresh) and, per file name, an entry:

- `sig`: the SHA-256 of the file's bytes as last written or read, and `stat` (inode, size, mtime), so an
  unchanged file is known without reading it;
- for a card, `uid` (the person), `card_uid` (the UID inside the file), `rev` (the person's revision then),
  `base` (the synced fields as they stood on both sides then: see contacts.SYNCED) and `source` (a digest of
  what the card was made from, so an unchanged person is not rendered again);
- for a to-do, `key` (the reminder's), `rev` (its promise's revision, for promises), `base` (status and due
  day then), `since` (the day it first showed), `source` and `closed` (written as completed or cancelled).

Files left alone (unreadable, hostile, or a to-do of the user's own) are kept under `set_aside` with their
stat, so each is named once and read again only when it changes.

A state file that cannot be read is set aside: the next run starts afresh, which is safe (an item not in
the state is never taken as deleted).
"""

from __future__ import annotations

import contextlib
import re
import uuid
from pathlib import Path
from typing import Any

import orjson

from journal.store.files import make_private_folder, write_atomic

VERSION = 1


def folders(journal_path: Path) -> tuple[Path | None, Path | None]:
    """The contacts and tasks vdirs remembered for a journal (journal/store/settings.py), if any; cheap to
    ask, so the TUI asks after every change."""
    from journal.store import settings

    found = settings.read(journal_path)
    contacts, tasks = (found.get(k) for k in ("contacts", "tasks"))
    return (Path(contacts) if isinstance(contacts, str) else None, Path(tasks) if isinstance(tasks, str) else None)


def state_path(journal_path: Path) -> Path:
    """Where the vdir state of the journal at `journal_path` lives."""
    return journal_path.with_name(journal_path.name + ".d") / "vdir.json"


def read(journal_path: Path, side: bytes | None) -> tuple[dict[str, Any], str | None]:
    """The state (empty at first), and a line saying why it was set aside if it could not be read; `side` is
    the journal's side file `vdir`, the state as the last commit that took edits in left it."""
    run = _run_of(side)
    path = state_path(journal_path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        return _with_side(_empty(), run), f"the vdir state {path} could not be read ({exc.strerror}); started afresh"
    if run is not None and (raw is None or _run_of(raw, "side") != run):  # a run killed after its commit
        data, _ = _parse(side or b"")
        if data is not None:
            return _with_side(data, run), None
    if raw is None:
        return _with_side(_empty(), run), None
    data, why = _parse(raw)
    if data is None:
        return _with_side(_empty(), run), f"the vdir state {path} {why}; started afresh"
    return _with_side(data, run), None


def for_commit(state: dict[str, Any], taken_in: dict[str, Any]) -> bytes:
    """The side file of the commit that takes a run's edits in: `taken_in`, the state as that commit leaves
    it, under a new run id, which `state` (written as `vdir.json` at the end of the run) names."""
    run = uuid.uuid4().hex
    state["side"] = run
    return orjson.dumps({"run": run, **{k: v for k, v in taken_in.items() if k not in ("run", "side")}})


def _run_of(raw: bytes | None, key: str = "run") -> str | None:
    """The run id at the start of a side file (`run`), or the one `vdir.json` was written after (`side`)."""
    found = re.match(rb'\{"%s":"([0-9a-f]{32})"' % key.encode(), raw) if raw else None  # written first
    return found.group(1).decode() if found else None


def _with_side(data: dict[str, Any], run: str | None) -> dict[str, Any]:
    """The state, first naming the side file it stands on (so `vdir.json` starts with it)."""
    return {"side": run, **{k: v for k, v in data.items() if k not in ("run", "side")}}


def _parse(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return None, f"could not be read ({exc})"
    if not isinstance(data, dict) or data.get("version") != VERSION or not _fits(data):
        return None, "did not hold what Kith writes"
    return data, ""


def section(state: dict[str, Any], name: str, folder: Path) -> dict[str, dict[str, Any]]:
    """The entries of one folder (`contacts` or `tasks`), emptied when the folder is another one now."""
    kept = state.setdefault(name, {"folder": str(folder), "items": {}})
    if kept.get("folder") != str(folder):
        kept.clear()
        kept.update(folder=str(folder), items={})
    items: dict[str, dict[str, Any]] = kept["items"]
    return items


def set_aside(state: dict[str, Any], name: str) -> dict[str, Any]:
    """The files of a folder left alone (unreadable, or not Kith's), by name: their stat when last seen, so
    they are named once and read again only when they change."""
    kept = state.setdefault(name, {"folder": "", "items": {}})
    found = kept.setdefault("set_aside", {})
    if not isinstance(found, dict):
        found = kept["set_aside"] = {}
    return found


def write(journal_path: Path, state: dict[str, Any]) -> None:
    """Store the state atomically."""
    path = state_path(journal_path)
    make_private_folder(path.parent)
    write_atomic(path, orjson.dumps(state), durable=False)


def _empty() -> dict[str, Any]:
    return {"version": VERSION}


def _fits(data: dict[str, Any]) -> bool:
    """Whether every section is a folder and a mapping of file names to entries."""
    for name in ("contacts", "tasks"):
        kept = data.get(name)
        if kept is None:
            continue
        with contextlib.suppress(AttributeError, TypeError):
            if isinstance(kept.get("folder"), str) and all(
                isinstance(k, str) and isinstance(v, dict) for k, v in kept.get("items").items()
            ):
                continue
        return False
    return True
