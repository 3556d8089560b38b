"""The files of one journal: the main file, its interaction buckets, the lock, and writing them together.

Layout (for `--db journal.json`)::

    journal.json                    people, events, promises, favors, snoozes, _meta
    journal.json.d/interactions/    interactions in 64 buckets by their first person's uid
    journal.json.d/index.json       derived per-person contact summary, rebuilt when stale
    journal.json.d/search.json      derived searchable text per person, rebuilt when the main file changes
    journal.json.d/check.json       derived count of damaged records, for the warning every command gives
    journal.json.d/backups/         rolling copies of the files above
    journal.json.d/lock             held across every read-modify-write

Everyday commands read the main file and the index; a write touches the main file or one bucket,
never years of history.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from journal import backups, migrations
from journal.errors import JournalLocked, WriteFailed
from journal.index import ContactIndex
from journal.storage import JsonStorage, KithDB, has_stray_temporaries, remove_stray_temporaries

BUCKETS = 64
LOCK_TIMEOUT = 15.0


def bucket_name(person_uid: str) -> str:
    """The bucket that holds interactions whose first person is `person_uid`."""
    return f"{int(person_uid[:2], 16) % BUCKETS:02x}"


class JournalFiles:
    """The set of files one journal is made of, opened lazily and written under one lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = path.with_name(path.name + ".d")
        self.interactions_dir = self.folder / "interactions"
        self.backups_dir = self.folder / "backups"
        self.lock_path = self.folder / "lock"
        self.main = KithDB(JsonStorage(path, "kith-journal", newest_backup=self.newest_backup))
        self.index_file = JsonStorage(self.folder / "index.json", "kith-index")
        self.search_file = JsonStorage(self.folder / "search.json", "kith-search")
        self.check_file = JsonStorage(self.folder / "check.json", "kith-check")
        self._buckets: dict[str, KithDB] = {}
        self.index = ContactIndex(self)
        self.writing = False
        self._filelock: Any = None
        self._cleaned = False

    def _lock(self) -> Any:
        """The cross-process lock; filelock is imported only by commands that write."""
        if self._filelock is None:
            from filelock import FileLock

            self._filelock = FileLock(str(self.lock_path), mode=0o600, thread_local=False)
        return self._filelock

    def newest_backup(self) -> Path | None:
        """The most recent backup of this journal, for messages."""
        found = backups.list_backups(self)
        return found[-1].path if found else None

    def bucket(self, name: str) -> KithDB:
        """The interaction bucket `name`, opened on first use."""
        if name not in self._buckets:
            storage = JsonStorage(
                self.interactions_dir / f"{name}.json", "kith-interactions", newest_backup=self.newest_backup
            )
            storage.held = self.writing
            self._buckets[name] = KithDB(storage)
        return self._buckets[name]

    def bucket_names(self) -> list[str]:
        """The buckets that exist on disk (or were created in this process)."""
        names = set(self._buckets)
        with contextlib.suppress(FileNotFoundError):
            names.update(e.name[:-5] for e in os.scandir(self.interactions_dir) if e.name.endswith(".json"))
        return sorted(names)

    def data_files(self) -> list[Path]:
        """The files that hold records (not the derived index): what a backup copies."""
        files = [self.path] if self.path.exists() else []
        with contextlib.suppress(FileNotFoundError):
            files += sorted(Path(e.path) for e in os.scandir(self.interactions_dir) if e.name.endswith(".json"))
        return files

    def storages(self) -> list[JsonStorage]:
        """Every open data storage, buckets first, so the main file is written after what it points to."""
        return [db.file for db in self._buckets.values()] + [self.main.file]

    def clean_up(self) -> None:
        """Remove temporary files of a crashed write, if no other process is writing now."""
        if self._cleaned or not any(has_stray_temporaries(f) for f in self._temp_folders()):
            return
        self._cleaned = True
        from filelock import Timeout

        try:
            with self._lock().acquire(timeout=0):
                self._remove_strays()
        except (Timeout, OSError):
            pass

    def _temp_folders(self) -> tuple[Path, ...]:
        return (self.path.parent, self.folder, self.interactions_dir)

    def _remove_strays(self) -> None:
        for folder in self._temp_folders():
            remove_stray_temporaries(folder)

    @contextlib.contextmanager
    def transaction(self, today: date) -> Iterator[None]:
        """Hold the lock, migrate, and write everything changed inside at the end, after the day's backup.

        Reads inside see the files as they are now (another process may have written since we
        last looked); if anything inside fails, nothing of it is written.
        """
        if self.writing:
            yield
            return
        self._make_folders()
        from filelock import Timeout

        lock = self._lock()
        try:
            lock.acquire(timeout=LOCK_TIMEOUT)
        except Timeout:
            raise JournalLocked(
                f"the journal {self.path} is busy: another Kith process held it for {LOCK_TIMEOUT:.0f} s; try again"
            ) from None
        except OSError as exc:
            raise WriteFailed(f"could not lock {self.lock_path}: {exc.strerror}; nothing was changed") from None
        try:
            self._remove_strays()
            migrations.upgrade(self, datetime.now())
            self.writing = True
            for storage in self.storages():
                storage.held = True
            try:
                yield
                if any(storage.dirty for storage in self.storages()):
                    backups.daily(self, today, datetime.now())
                for storage in self.storages():
                    storage.flush()
                self.index.flush()
            except BaseException:
                for storage in self.storages():
                    storage.forget()
                self.index.forget()
                raise
            finally:
                self.writing = False
                for storage in self.storages():
                    storage.held = False
        finally:
            lock.release()

    def _make_folders(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            for folder in (self.folder, self.interactions_dir):
                folder.mkdir(mode=0o700, exist_ok=True)
                os.chmod(folder, 0o700)
        except OSError as exc:
            raise WriteFailed(f"could not create {self.folder}: {exc.strerror}; nothing was changed") from None
