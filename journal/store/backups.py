"""Backups: complete copies of one commit of a journal, kept by sequence, never by a clock's name.

A backup folder holds `backup.json` (its sequence number, when it was taken in real time, why, and the name
of the main file), a copy of the main file and a copy of every file of people and interactions it names. Daily backups
(before the first write of each real day), manual ones (`kith backup`) and safety backups (before a restore, a
repair or a migration) are rotated separately, so trying backups one after another never pushes the others out;
the backup just taken is never the one removed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from journal.errors import JournalUnreadable, NotFound, UserError, WriteFailed
from journal.store.files import fsync_dir, make_private_folder, write_failure
from journal.store.jsonfile import SHELVES, JsonStorage, Tables

if TYPE_CHECKING:
    from journal.store.fileset import JournalFiles

KEEP_DAILY = 14  # before the first write of each real day
KEEP_MANUAL = 14  # `kith backup`
KEEP_SAFETY = 5  # before a restore, a repair or a migration
META = "backup.json"
_STAMP = "%Y-%m-%dT%H%M%S"


@dataclass(frozen=True)
class Backup:
    """One backup folder and what its `backup.json` says."""

    path: Path
    seq: int
    taken: datetime
    kind: str  # daily, manual or safety
    main: str | None  # the main file's name inside; None for backups of Kith before schema 2

    @property
    def name(self) -> str:
        """The name `kith backups` lists and `kith restore` takes."""
        return self.path.name

    @property
    def size(self) -> int:
        """Bytes in the backup."""
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


@dataclass
class Snapshot:
    """The records of one backup, read whole and checked before anything is restored."""

    main: Tables
    shelved: dict[str, dict[str, Tables]]  # the files of each shelf (people, interactions), by part


def list_backups(files: JournalFiles) -> list[Backup]:
    """The journal's backups, oldest first by sequence."""
    try:
        entries = [e for e in os.scandir(files.backups_dir) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    found = [b for b in (_describe(Path(e.path)) for e in entries) if b is not None]
    return sorted(found, key=lambda b: (b.seq, b.taken, b.name))


def _describe(path: Path) -> Backup | None:
    try:
        meta = orjson.loads((path / META).read_bytes())
        return Backup(path, int(meta["seq"]), datetime.fromisoformat(meta["taken"]), str(meta["kind"]), meta["main"])
    except FileNotFoundError:
        pass
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    try:  # a backup of Kith before schema 2: named by its stamp, no backup.json
        return Backup(path, 0, datetime.strptime(path.name[:17], _STAMP), "daily", None)
    except ValueError:
        return None


def daily(files: JournalFiles, now: datetime) -> Backup | None:
    """Back up before the first write of each real day; the caller holds the lock."""
    day = now.date()
    if any(b.taken.date() == day and b.kind == "daily" for b in list_backups(files)):
        return None
    return take(files, now, "daily")


def take(files: JournalFiles, now: datetime, kind: str = "daily", *, raw: bool = False) -> Backup | None:
    """Copy the journal as it is on disk into a new backup, fsynced before it is published, then rotate.
    `raw` copies the files as bytes even when they cannot be read (the present before a restore)."""
    sources = files.backup_sources(raw=raw)
    if not sources:
        return None
    existing = list_backups(files)
    seq = max((b.seq for b in existing), default=0) + 1
    names = {b.name for b in existing}
    name, n = now.strftime(_STAMP), 1
    while name in names or (files.backups_dir / name).exists():
        n += 1
        name = f"{now.strftime(_STAMP)}-{n}"
    target = files.backups_dir / name
    partial = files.backups_dir / f".{name}.partial"
    import shutil  # here, as in _rotate: only a backup needs it, and it imports bz2 and lzma

    try:
        make_private_folder(files.backups_dir)
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(mode=0o700)
        for shelf in SHELVES:
            (partial / shelf).mkdir(mode=0o700)
        for source, relative in sources:
            _copy(source, partial / relative)
        meta = {"seq": seq, "taken": now.isoformat(timespec="seconds"), "kind": kind, "main": files.path.name}
        _write(partial / META, orjson.dumps(meta))
        for shelf in SHELVES:
            fsync_dir(partial / shelf)
        fsync_dir(partial)
        os.replace(partial, target)
        fsync_dir(files.backups_dir)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise WriteFailed(f"could not back up {files.path}: {write_failure(files.backups_dir, exc)}") from None
    _rotate(files, keep=target)
    return _describe(target)


def _copy(source: Path, destination: Path) -> None:
    with open(source, "rb") as src:
        _write(destination, src.read())


def _write(path: Path, payload: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(payload)
        out.flush()
        os.fsync(out.fileno())


def _rotate(files: JournalFiles, keep: Path) -> None:
    import shutil

    found = list_backups(files)
    for kind, limit in (("daily", KEEP_DAILY), ("manual", KEEP_MANUAL), ("safety", KEEP_SAFETY)):
        of_kind = [b for b in found if b.kind == kind]
        for old in of_kind[:-limit]:
            if old.path != keep:
                shutil.rmtree(old.path, ignore_errors=True)
    for entry in files.backups_dir.glob(".*.partial"):
        shutil.rmtree(entry, ignore_errors=True)


def find(files: JournalFiles, name_or_path: str | None) -> Backup:
    """The backup a user named (a name as listed, or the path of a backup folder); the newest when None."""
    found = list_backups(files)
    if name_or_path is None:
        if not found:
            raise NotFound(f"there is no backup of {files.path} yet; `kith backup` takes one")
        return found[-1]
    for backup in found:
        if backup.name == name_or_path:
            return backup
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        described = _describe(path) if (path / META).is_file() else None
        if described is None:
            raise UserError(
                f"{name_or_path} is not a Kith backup (it has no {META}); "
                "`kith backups` lists the backups of this journal"
            )
        return described
    names = ", ".join(b.name for b in found[-3:]) or "none yet"
    raise NotFound(f"no backup named {name_or_path!r}; `kith backups` lists them (newest: {names})")


def load(backup: Backup) -> Snapshot:
    """Every record of a backup, checked whole: anything missing or unreadable refuses it (exit 2)."""
    from journal.store.migrations import migrate, split_shelved  # here: a commit's daily backup never migrates

    main_path = _main_file(backup)
    main = _read(main_path, "kith-journal")
    meta = main.get("_meta", {}).get("1", {})
    version = int(meta.get("schema_version", 1))
    shelved: dict[str, dict[str, Tables]] = {}
    for shelf, (key, kind, _) in SHELVES.items():
        found: dict[str, Tables] = {}
        folder = backup.path / shelf
        if version >= 2 and (shelf == "interactions" or version >= 3):
            named = meta.get(key, {})
            if not isinstance(named, dict):
                _incomplete(backup, f"its main file does not name its files of {shelf}")
            for name, filename in named.items():
                found[str(name)] = _read(folder / str(filename), kind)
        elif shelf == "interactions" and folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                found[path.stem] = _read(path, kind)
        shelved[shelf] = {name: migrate(tables, kind, version) for name, tables in found.items()}
    main = migrate(main, "kith-journal", version)
    for name, tables in split_shelved(main).items():  # what a backup of an earlier schema kept in its main file
        shelved["people"][name] = {**shelved["people"].get(name, {}), **tables}
    return Snapshot(main, shelved)


def _main_file(backup: Backup) -> Path:
    if backup.main and (backup.path / backup.main).is_file():
        return backup.path / backup.main
    candidates = [p for p in backup.path.glob("*.json") if p.name != META]
    if len(candidates) != 1:
        _incomplete(backup, "it does not hold exactly one main journal file")
    return candidates[0]


def _read(path: Path, kind: str) -> Tables:
    if not path.is_file():
        raise UserError(f"the backup is incomplete: {path} is missing; nothing was restored")
    try:
        data = JsonStorage(path, kind).on_disk()
    except JournalUnreadable as exc:
        raise UserError(f"the backup cannot be used: {path}: {exc.reason}; nothing was restored") from None
    return data or {}


def _incomplete(backup: Backup, why: str) -> Any:
    raise UserError(f"{backup.path} is not a complete Kith backup: {why}; nothing was restored")
