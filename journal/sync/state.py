"""What this journal has merged, kept in side files of the journal's own commits.

The merge state is an entry per record (see `merge`), spread over a few shards by record so a sync rewrites
only those it touched, and a small head: the latest stamp seen (the clock), how far each device's changes
were taken in, how far this journal's own changes were published, and the publication still to be written
to the shared folder. It is written by the same commit as the records it describes (`JournalFiles.set_side`),
so a sync killed at any moment leaves both as before or both as after: nothing is applied twice or lost.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import orjson

from journal.errors import JournalError
from journal.sync.merge import Entry

if TYPE_CHECKING:
    from journal.store.fileset import JournalFiles

FORMAT = 1
SHARDS = 16
HEAD = "sync"
OUTBOX = "sync-out"


class StateUnreadable(JournalError):
    """The journal's sync state cannot be read (damaged by hand); sync refuses rather than guess."""


def shard_of(key: str) -> str:
    """The shard that holds record `key` (`table/uid`)."""
    return f"sync-{zlib.crc32(key.encode()) % SHARDS:02d}"


class MergeState:
    """The merge state of one journal, read from its side files and changed inside a transaction."""

    def __init__(self, files: JournalFiles, *, fresh: bool = False) -> None:
        self.files = files
        self.restarted = fresh  # every shard is written again, empty unless merged into
        head = None if fresh else self._load(HEAD)
        self.head: dict[str, Any] = {
            "format": FORMAT,
            "clock": "",
            "seen": {},
            "local": 0,
            "published": 0,
            "snapshot": 0,
            "since_snapshot": 0,
            "synced": None,
            "folder_devices": {},
        }
        self.head.update(head or {})
        self.fresh = head is None  # this journal never synced
        self._shards: dict[str, dict[str, Entry]] = {}
        self._dirty: set[str] = set()

    def _load(self, name: str) -> dict[str, Any] | None:
        raw = self.files.side(name)
        if raw is None:
            return None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            data = None
        if not isinstance(data, dict):
            raise StateUnreadable(f"the sync state {name} of {self.files.path} cannot be read; restore a backup")
        return data

    def _shard(self, name: str) -> dict[str, Entry]:
        if name not in self._shards:
            self._shards[name] = {} if self.restarted else self._load(name) or {}
            if self.restarted:
                self._dirty.add(name)
        return self._shards[name]

    def entry(self, key: str) -> Entry | None:
        """The merge entry of record `key`, if the merge knows it."""
        return self._shard(shard_of(key)).get(key)

    def joining(self, key: str) -> Entry:
        """The entry of record `key` to change in place (a new, empty one if the merge does not know it);
        it is kept."""
        name = shard_of(key)
        self._dirty.add(name)
        return self._shard(name).setdefault(key, {})

    def items(self) -> Iterator[tuple[str, Entry]]:
        """Every record the merge knows, with its entry."""
        for n in range(SHARDS):
            yield from self._shard(f"sync-{n:02d}").items()

    def observe(self, stamp: str) -> None:
        """Remember a stamp seen, so every later one of this device is later still."""
        if stamp > self.head["clock"]:
            self.head["clock"] = stamp

    def seen(self, device: str) -> int:
        """How far the changes of `device` were taken in."""
        value = self.head["seen"].get(device, 0)
        return value if isinstance(value, int) else 0

    def outbox(self) -> bytes | None:
        """The publication a commit made that the shared folder may not have yet."""
        return None if self.restarted else self.files.side(OUTBOX) or None

    def save(self, outbox: bytes | None = None) -> None:
        """Inside the transaction: write the changed shards and the head with the records."""
        if self.restarted:
            for n in range(SHARDS):
                self._shard(f"sync-{n:02d}")
        for name in sorted(self._dirty):
            self.files.set_side(name, orjson.dumps(self._shards[name]))
        self._dirty.clear()
        self.files.set_side(HEAD, orjson.dumps(self.head))
        if outbox is not None or self.restarted:
            self.files.set_side(OUTBOX, outbox or b"")
