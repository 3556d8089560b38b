"""Schema migrations: one step per version, applied to every file of a journal after a backup."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from journal import storage

if TYPE_CHECKING:
    from journal.fileset import JournalFiles

Tables = dict[str, dict[str, Any]]
Step = Callable[[Tables, str], Tables]

# STEPS[n] turns a file of schema n into schema n + 1; it gets the file's tables and its kind.
STEPS: dict[int, Step] = {}


def upgrade(files: JournalFiles, now: datetime) -> bool:
    """Bring an older journal to the current schema; the caller holds the lock. True if it changed."""
    from journal import backups

    version = files.main.file.schema_version()
    if version >= storage.SCHEMA_VERSION:
        return False
    backups.take(files, now)
    dbs = [files.bucket(name) for name in files.bucket_names()] + [files.main]
    for db in dbs:
        tables = db.file.read()
        if tables is None:
            continue
        for step in range(version, storage.SCHEMA_VERSION):
            tables = STEPS[step](tables, db.file.kind)
        tables["_meta"] = {"1": db.file.meta()}
        db.file.write(tables)
        db.file.flush()
    return True
