"""Rolling backups of a journal's files: one a day before the first write, the last 14 kept."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from journal.errors import NotFound, WriteFailed
from journal.storage import fsync_dir

if TYPE_CHECKING:
    from journal.fileset import JournalFiles

KEEP = 14
_STAMP = "%Y-%m-%dT%H%M%S"


@dataclass(frozen=True)
class Backup:
    """One backup: a folder holding a copy of every data file of the journal."""

    path: Path

    @property
    def name(self) -> str:
        """The name `kith backups` lists and `kith restore` takes."""
        return self.path.name

    @property
    def taken(self) -> datetime:
        """When the backup was taken."""
        return datetime.strptime(self.name[:17], _STAMP)

    @property
    def size(self) -> int:
        """Bytes in the backup."""
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def list_backups(files: JournalFiles) -> list[Backup]:
    """The journal's backups, oldest first."""
    try:
        names = sorted(e.name for e in os.scandir(files.backups_dir) if e.is_dir() and _is_stamp(e.name))
    except OSError:
        return []
    return [Backup(files.backups_dir / n) for n in names]


def _is_stamp(name: str) -> bool:
    try:
        datetime.strptime(name[:17], _STAMP)
    except ValueError:
        return False
    return True


def daily(files: JournalFiles, today: date, now: datetime) -> Backup | None:
    """Back up before the first write of `today`; the caller holds the lock."""
    if any(b.name.startswith(today.isoformat()) for b in list_backups(files)):
        return None
    return take(files, now.replace(year=today.year, month=today.month, day=today.day))


def take(files: JournalFiles, now: datetime) -> Backup | None:
    """Copy every data file into a new backup folder and drop the oldest beyond KEEP."""
    sources = files.data_files()
    if not sources:
        return None
    name = now.strftime(_STAMP)
    existing = {b.name for b in list_backups(files)}
    suffix = 1
    while name in existing:
        suffix += 1
        name = f"{now.strftime(_STAMP)}-{suffix}"
    target = files.backups_dir / name
    partial = files.backups_dir / f".{name}.partial"
    try:
        files.backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(mode=0o700)
        for source in sources:
            relative = source.relative_to(files.folder) if source != files.path else Path(files.path.name)
            destination = partial / relative
            destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            os.chmod(destination, 0o600)
        os.replace(partial, target)
        fsync_dir(files.backups_dir)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise WriteFailed(f"could not back up {files.path} into {files.backups_dir}: {exc.strerror}") from None
    for old in list_backups(files)[:-KEEP]:
        shutil.rmtree(old.path, ignore_errors=True)
    return Backup(target)


def find(files: JournalFiles, name_or_path: str | None) -> Backup:
    """The backup a user named (a name as listed, or a path); the newest when None."""
    found = list_backups(files)
    if name_or_path is None:
        if not found:
            raise NotFound(f"there is no backup of {files.path} yet; `kith backup` takes one")
        return found[-1]
    for backup in found:
        if backup.name == name_or_path:
            return backup
    path = Path(name_or_path).expanduser()
    if path.is_dir() and (path / files.path.name).is_file():
        return Backup(path)
    names = ", ".join(b.name for b in found[-3:]) or "none yet"
    raise NotFound(f"no backup named {name_or_path!r}; `kith backups` lists them (newest: {names})")


def restore(files: JournalFiles, backup: Backup) -> None:
    """Put a backup's files back in place of the journal's; the caller holds the lock and backed up first."""
    from journal.storage import write_atomic

    main = backup.path / files.path.name
    buckets = backup.path / "interactions"
    keep = {p.name for p in buckets.glob("*.json")} if buckets.is_dir() else set()
    for stale in files.interactions_dir.glob("*.json"):
        if stale.name not in keep:
            stale.unlink()
    for name in sorted(keep):
        write_atomic(files.interactions_dir / name, (buckets / name).read_bytes())
    write_atomic(files.path, main.read_bytes())
