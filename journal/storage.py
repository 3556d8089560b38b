"""One Kith JSON file behind TinyDB: parsed once while unchanged, replaced atomically, kept private."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from journal.errors import JournalUnreadable, WriteFailed

Tables = dict[str, dict[str, Any]]
Signature = tuple[int, int, int]
TEMP_SUFFIX = ".kith-tmp"


def signature(path: Path) -> Signature | None:
    """What identifies one version of a file without reading it: inode, size, mtime."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def write_atomic(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old file or the new one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteFailed(_write_failure(path, exc)) from None
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_failure(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "the folder is not writable"
    else:
        why = exc.strerror or str(exc)
    return f"could not save {path}: {why}; nothing was changed"


def has_stray_temporaries(folder: Path) -> bool:
    """Whether a crashed write left a temporary file in `folder`."""
    try:
        return any(entry.name.endswith(TEMP_SUFFIX) for entry in os.scandir(folder))
    except OSError:
        return False


def remove_stray_temporaries(folder: Path) -> int:
    """Delete temporary files a crashed write left in `folder`; the caller holds the lock."""
    removed = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.endswith(TEMP_SUFFIX) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


class JsonStorage(Storage):
    """A TinyDB storage for one file of a Kith journal.

    The parsed data is kept while the file's signature is unchanged, so a process parses each
    file at most once, yet sees another process's write. A file that cannot be read is never
    written over. While `held`, writes stay in memory until `flush()`.
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

    def read(self) -> Tables | None:
        """The file's tables, parsed again only when the file changed on disk."""
        if self.dirty:
            return self._data
        current = signature(self.path)
        if self._data is not None and current == self._signature:
            return self._data
        self._data = self._load(current) if current else None
        self._signature = current
        self.generation += 1
        return self._data

    def write(self, data: Tables) -> None:
        """Keep `data`; write it out now unless a batch holds writes back."""
        self._data = data
        self.dirty = True
        self.generation += 1
        if not self.held:
            self.flush()

    def flush(self) -> None:
        """Write pending data to disk atomically."""
        if not self.dirty or self._data is None:
            return
        self._data.setdefault("_meta", {"1": self.meta()})
        try:
            write_atomic(self.path, orjson.dumps(self._data))
        except WriteFailed:
            self.forget()
            raise
        self.dirty = False
        self._signature = signature(self.path)

    def forget(self) -> None:
        """Drop what is in memory, so the next read comes from disk."""
        self._data = None
        self._signature = None
        self.dirty = False
        self.generation += 1

    def meta(self) -> dict[str, Any]:
        """The `_meta` record every Kith file carries."""
        return {"kind": self.kind, "schema_version": SCHEMA_VERSION}

    def schema_version(self) -> int:
        """The schema version the file was written with (the current one for a new file)."""
        data = self.read()
        return int(data["_meta"]["1"]["schema_version"]) if data else SCHEMA_VERSION

    def _load(self, current: Signature) -> Tables:
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            self._refuse(f"it cannot be read ({exc.strerror})")
        if not raw.strip():
            self._refuse("it is empty (a Kith journal is never empty)")
        gc.disable()  # parsing makes many objects and no cycles; the collector would only slow it down
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            self._refuse(f"it is not valid JSON (truncated or damaged near byte {exc.pos})")
        finally:
            gc.enable()
        self._check_shape(data)
        return data

    def _check_shape(self, data: Any) -> None:
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            self._refuse("it is JSON, but not a Kith journal")
        meta = data.get("_meta", {}).get("1")
        if not isinstance(meta, dict) or meta.get("kind") != self.kind:
            self._refuse(f"it is JSON, but not a Kith file of kind {self.kind!r}")
        version = meta.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self._refuse(f"its schema_version {version!r} is not a version Kith wrote")
        if version > SCHEMA_VERSION:
            self._refuse(
                f"it was written by a newer Kith (schema {version}; this one reads up to {SCHEMA_VERSION})"
                "; upgrade Kith to open it"
            )
        for name, table in data.items():
            if not all(isinstance(doc, dict) for doc in table.values()):
                self._refuse(f"its table {name!r} holds something that is not a record")

    def _refuse(self, reason: str) -> Any:
        raise JournalUnreadable(self.path, reason, self.newest_backup())


SCHEMA_VERSION = 1


class FreshTable(Table):
    """A TinyDB table that never trusts a cached next id, since another process may have inserted."""

    def insert(self, document: Mapping[str, Any]) -> int:
        """Insert one document with an id fresh from the file as it is now."""
        self._next_id = None
        return super().insert(document)

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        """Insert documents with ids fresh from the file as it is now."""
        self._next_id = None
        return super().insert_multiple(documents)


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
