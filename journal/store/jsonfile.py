"""One JSON file of a journal behind TinyDB: parsed once per version, refused whole when it cannot be read,
and changed only in a working copy while a transaction is open, so the version on disk stays as it was read
(that is what a change's `before` is taken from)."""

from __future__ import annotations

import gc
import operator
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from itertools import repeat
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from journal.errors import JournalUnreadable
from journal.store.files import Signature, signature, stat_signature

Tables = dict[str, dict[str, Any]]
SCHEMA_VERSION = 4
# the files that keep tables in 64 parts by a person's bucket rather than in the main file: shelf -> (the key of
# the main file's `_meta` that names its files, their kind, the tables they hold); a shelf's files are in the
# folder of its name. People share their part with their promises and favors (a card reads one file, and
# closing a promise writes one); needs and offers stay in the main file, since matching them reads everyone's. An
# interaction is in the bucket of its first person.
SHELVES = {
    "people": ("people", "kith-people", ("people", "promises", "favors")),
    "interactions": ("buckets", "kith-interactions", ("interactions",)),
}
SHELF = {table: shelf for shelf, (_, _, tables) in SHELVES.items() for table in tables}  # a shelved table's shelf
RACY_SECONDS = 2.5  # coarser than any file system's timestamps that Kith meets (FAT has 2 s)
_TOKEN = re.compile(rb'"commit":"([0-9a-f]{32})"')
_SCHEMA = re.compile(rb'^\{"_meta":\{"1":\{[^{}]*?"schema_version":(\d{1,4})[,}]')


def read_token(path: Path) -> bytes | None:
    """The commit token near the start of a main file: it changes with every commit, whatever the clock."""
    found = _TOKEN.search(_head(path))
    return found.group(1) if found else None


def read_schema(path: Path) -> int | None:
    """The schema version near the start of a file Kith wrote (`_meta` comes first), without parsing it."""
    found = _SCHEMA.search(_head(path))
    return int(found.group(1)) if found else None


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(4096)
    except OSError:
        return b""


def _racy(sig: Signature) -> bool:
    """Whether a file of this signature was written so recently that another write within the file system's
    timestamp granularity could keep the same signature (the "racy" case git knows): then the commit token is
    compared too. Older than that, any later write changes the modification time."""
    return time.time() - sig[2] / 1e9 < RACY_SECONDS


def by_uid(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A table's stored records by uid, found in C-level passes (30k in a few ms); a damaged record without a
    usable uid is left out. Every record is a dict: a file's shape is checked when it is read."""
    docs = list(table.values())
    uids: list[Any] = list(map(dict.get, docs, repeat("uid")))
    if set(map(type, uids)) <= {str}:
        return dict(zip(uids, docs, strict=True))
    return {uid: doc for uid, doc in zip(uids, docs, strict=True) if isinstance(uid, str)}


def same_objects(kept: list[Any], now: list[Any]) -> bool:
    """Whether two lists hold the very same objects (a stored table is never changed in place: a write makes
    a new one, so the same tables mean the same records)."""
    return len(kept) == len(now) and all(map(operator.is_, kept, now))


def dumps(data: Tables) -> bytes:
    """A file's bytes, `_meta` first so its commit token can be read without parsing the rest."""
    if "_meta" in data and next(iter(data)) != "_meta":
        data = {"_meta": data["_meta"], **{k: v for k, v in data.items() if k != "_meta"}}
    return orjson.dumps(data)


class JsonStorage(Storage):
    """A TinyDB storage for one file of a Kith journal.

    Outside a transaction `read()` gives the file as it is now, parsed again only when its signature or
    commit token changed. Inside one (`held`), reads and writes go to a working copy; the commit writes it
    and `committed()` makes it the new version on disk, `abort()` drops it.
    """

    def __init__(self, path: Path, kind: str, *, newest_backup: Callable[[], Path | None] = lambda: None):
        self.path = path
        self.kind = kind
        self.newest_backup = newest_backup
        self.held = False
        self.dirty = False
        self.generation = 0
        self._data: Tables | None = None
        self._signature: Signature | None = None
        self._token: bytes | None = None
        self._working: Tables | None = None
        self._working_open = False
        self._racy = True  # the version read is so recent that a rewrite could keep its signature

    def read(self) -> Tables | None:
        """The file's tables: the working copy inside a transaction, else the file as it is now."""
        if self.held:
            if not self._working_open:
                data = self.on_disk()
                self._working = dict(data) if data is not None else None
                self._working_open = True
            return self._working
        return self.on_disk()

    def write(self, data: Tables) -> None:
        """Keep `data` as the working copy; only a commit writes it."""
        if not self.held:
            raise RuntimeError(f"{self.path} is written only inside a transaction")
        self._working = data
        self._working_open = True
        self.dirty = True
        self.generation += 1

    def on_disk(self) -> Tables | None:
        """The file's version on disk, parsed again only when it changed."""
        if self.unchanged():
            return self._data
        current = signature(self.path)
        if current is None:
            self._data, self._signature, self._token = None, None, None
        else:  # signature and token from the very bytes parsed, whatever replaces the file meanwhile
            self._data, self._signature, self._token = self._load()
            self._racy = _racy(self._signature)
        self.generation += 1
        return self._data

    def unchanged(self) -> bool:
        """Whether the version read is still the file on disk (judged without parsing it)."""
        current = signature(self.path)
        return self._data is not None and current == self._signature and (not self._racy or self._same_token())

    def assume_readable(self) -> None:
        """Before a restore over a file that cannot be read: take it as empty (its bytes are in a safety
        backup), so the restore can write over it."""
        try:
            self.on_disk()
        except JournalUnreadable:
            self._data = {"_meta": {"1": {"kind": self.kind, "schema_version": _current_schema()}}}
            self._signature = signature(self.path)
            self._token = None

    def loaded_signature(self) -> Signature | None:
        """The signature of the version read."""
        return self._signature

    def pristine(self) -> Tables | None:
        """The version the working copy started from."""
        return self._data

    def committed(self, path: Path) -> None:
        """The working copy is now on disk at `path`: make it the version read."""
        self.path = path
        self._data = self._working
        self._signature = signature(path)
        self._token = read_token(path)
        self._racy = True
        self._end()

    def abort(self) -> None:
        """Drop the working copy (the transaction failed), so the next read comes from disk."""
        self._end()
        self._data = None
        self._signature = None
        self.generation += 1

    def release(self) -> None:
        """The transaction ended: the next read comes from disk (the working copy was committed or unused)."""
        self._end()

    def _end(self) -> None:
        self._working = None
        self._working_open = False
        self.dirty = False

    def _same_token(self) -> bool:
        """Whether the file still holds the commit read, by its token (for a version so recent that its
        signature alone cannot tell). Read on every look: a look that trusted an earlier one, even for
        milliseconds, let a write start from a version another process had just replaced, and lose its
        change (about 25 µs a look; a `due` just after a write looks about a hundred times)."""
        if self._token is not None and read_token(self.path) != self._token:
            return False
        self._racy = self._signature is None or _racy(self._signature)
        return True

    def schema_version(self) -> int:
        """The schema version the file was written with (the current one for a new file)."""
        data = self.on_disk()
        return int(data["_meta"]["1"]["schema_version"]) if data else _current_schema()

    def _load(self) -> tuple[Tables, Signature, bytes | None]:
        try:
            with open(self.path, "rb") as f:
                sig = stat_signature(os.fstat(f.fileno()))
                raw = f.read()
        except FileNotFoundError:  # replaced between the look and the read: read what is there now
            return self._load_again()
        except OSError as exc:
            self._refuse(f"it cannot be read ({exc.strerror})")
        if not raw or raw.isspace():
            self._refuse("it is empty (a Kith journal is never empty)")
        collecting = gc.isenabled()  # a command runs without the collector (cli.run); the TUI with it
        gc.disable()  # parsing makes many objects and no cycles; the collector would only slow it down
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            self._refuse(f"it is not valid JSON (truncated or damaged near byte {exc.pos})")
        finally:
            if collecting:
                gc.enable()
        self._check_shape(data)
        token = _TOKEN.search(raw[:4096])
        return data, sig, token.group(1) if token else None

    def _load_again(self) -> tuple[Tables, Signature, bytes | None]:
        if not self.path.exists():
            self._refuse("it disappeared while it was being read")
        return self._load()

    def _check_shape(self, data: Any) -> None:
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            self._refuse("it is JSON, but not a Kith journal")
        meta = data.get("_meta", {}).get("1")
        if not isinstance(meta, dict) or meta.get("kind") != self.kind:
            self._refuse(f"it is JSON, but not a Kith file of kind {self.kind!r}")
        version = meta.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self._refuse(f"its schema_version {version!r} is not a version Kith wrote")
        newest = _current_schema()
        if version > newest:
            self._refuse(
                f"it was written by a newer Kith (schema {version}; this one reads up to {newest})"
                "; upgrade Kith to open it"
            )
        for name, table in data.items():
            if not set(map(type, table.values())) <= {dict}:  # one C-level pass: 30k records in a millisecond
                self._refuse(f"its table {name!r} holds something that is not a record")

    def _refuse(self, reason: str) -> Any:
        raise JournalUnreadable(self.path, reason, self.newest_backup())


def _current_schema() -> int:
    """The schema this Kith writes (looked up when used, so a test can pretend to be a newer Kith)."""
    return SCHEMA_VERSION


class FreshTable(Table):
    """A TinyDB table that never trusts a cached next id (another process may have inserted) and never
    changes a stored document in place: an update replaces it with a changed copy, so the version read
    from disk stays what it was."""

    def insert(self, document: Mapping[str, Any]) -> int:
        """Insert one document with an id fresh from the file as it is now."""
        self._next_id = None
        return super().insert(document)

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        """Insert documents with ids fresh from the file as it is now."""
        self._next_id = None
        return super().insert_multiple(documents)

    def update(  # type: ignore[override]
        self,
        fields: Mapping[str, Any] | Callable[[MutableMapping[str, Any]], None],
        cond: Callable[[Mapping[str, Any]], bool] | None = None,
        doc_ids: Iterable[int] | None = None,
    ) -> list[int]:
        """Update matching documents by replacing each with a changed copy."""
        wanted = set(doc_ids) if doc_ids is not None else None
        updated: list[int] = []

        def updater(table: dict[int, Any]) -> None:
            for doc_id in list(table):
                doc = table[doc_id]
                if (wanted is not None and doc_id not in wanted) or (wanted is None and cond and not cond(doc)):
                    continue
                new = orjson.loads(orjson.dumps(doc))
                if callable(fields):
                    fields(new)
                else:
                    new.update(fields)
                table[doc_id] = new
                updated.append(doc_id)

        self._update_table(updater)
        return updated

    def update_multiple(self, *args: Any, **kwargs: Any) -> list[int]:  # pragma: no cover - a guard
        """Not used by Kith: it would change documents in place."""
        raise NotImplementedError("use update()")


class KithDB(TinyDB):
    """TinyDB over a JsonStorage, with tables that stay correct when the file changes under us."""

    table_class = FreshTable
    default_table_name = "_unused"

    def __init__(self, storage: JsonStorage) -> None:
        super().__init__(storage=_Given(storage))
        self.file = storage

    def records(self, name: str) -> Table:
        """A table without a query cache (another process may change the file)."""
        return self.table(name, cache_size=0)


class _Given:
    """TinyDB builds its storage from a class; this hands it one already built."""

    def __init__(self, storage: JsonStorage) -> None:
        self.storage = storage

    def __call__(self) -> JsonStorage:
        return self.storage
