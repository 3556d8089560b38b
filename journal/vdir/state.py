"""What `kith vdir` last wrote or read in each vdir, per item: the next run tells who changed what by it.

It lives beside the journal (`journal.json.d/vdir.json`), written atomically after each run. Per folder it
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


def read(journal_path: Path) -> tuple[dict[str, Any], str | None]:
    """The state (empty at first), and a line saying why it was set aside if it could not be read."""
    path = state_path(journal_path)
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return _empty(), None
    except (OSError, orjson.JSONDecodeError) as exc:
        return _empty(), f"the vdir state {path} could not be read ({exc}); started afresh"
    if not isinstance(data, dict) or data.get("version") != VERSION or not _fits(data):
        return _empty(), f"the vdir state {path} did not hold what Kith writes; started afresh"
    return data, None


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
