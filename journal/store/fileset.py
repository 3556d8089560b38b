"""The files of one journal and the commit that changes them all at once or not at all.

Layout (for `--db journal.json`)::

    journal.json                      events, needs, offers, snoozes, and in `_meta` the commit: its token and
                                      sequence, and the names of every other file it stands on
    journal.json.d/people/            people in 64 parts by their uid, `XX.<seq>.json` (the bucket of their uid),
                                      each part with the promises and favors of its people
    journal.json.d/interactions/      interactions in 64 buckets by their first person's uid, `XX.<seq>.json`
    journal.json.d/index.XX.<seq>.json  derived contact facts of the people of bucket XX (the main file names
                                      the parts and the bucket files they were built from)
    journal.json.d/changes/<seq>.json the change log: one file per change, what was before and after
    journal.json.d/search.json        derived caches keyed by the commit they were computed from
    journal.json.d/backups/           complete copies of earlier commits
    journal.json.d/NAME.<seq>.side.json  side files a commit carries with its records (sync's merge state)
    journal.json.d/lock               held across every read-modify-write

A commit never changes a file in place. It writes the people's parts, the interaction buckets and the index it
changed under
new names, then the change file, fsyncs them, and publishes all of it with one atomic rename of the main
file, which names them. Killed before that rename, the journal is exactly as before (the new files are
named by nothing and removed by the next writer); after it, exactly as after. Files a commit superseded are
kept for a while (a reader that opened the previous commit can finish) and then removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.errors import JournalLocked, JournalUnreadable, WriteFailed
from journal.store import files as disk
from journal.store import jsonfile
from journal.store.files import check_folder, fsync_dir, make_private_folder, remove_stray_temporaries
from journal.store.index import ContactIndex, Sources, part_of, signed
from journal.store.jsonfile import SHELF, SHELVES, JsonStorage, KithDB, Tables, dumps, same_objects

if TYPE_CHECKING:
    from journal.store.changes import Change, ChangeLog, Op
    from journal.store.lock import Lock

LOCK_TIMEOUT = 15.0
RETAIN_SECONDS = 600.0  # how long a superseded file stays for readers of the commit before
# Patterns, compiled (and cached by `re`) when first matched: only writes, their clean-up and old journals need
# them, and compiling all three cost every command half a millisecond.
_V1_BUCKET = r"^[0-9a-f]{2}\.json$"
_INDEX = r"^index(\.[0-9a-f]{2})?(\.\d+)?\.json$"  # a part of the contact index (or the whole, before)
_SIDE = r"^([a-z0-9-]{1,40})\.\d+\.side\.json$"


class JournalFiles:
    """The set of files one journal is made of, read lazily and changed by one commit at a time."""

    def __init__(self, path: Path) -> None:
        if path.is_symlink():  # the link stays; its target is what gets replaced
            path = Path(os.path.realpath(path))
        self.path = path
        self.folder = path.with_name(path.name + ".d")
        self.interactions_dir = self.folder / "interactions"
        self.people_dir = self.folder / "people"
        self.changes_dir = self.folder / "changes"
        self.backups_dir = self.folder / "backups"
        self.lock_path = self.folder / "lock"
        self.main = KithDB(JsonStorage(path, "kith-journal", newest_backup=self.newest_backup))
        self._shelves: dict[str, dict[str, KithDB]] = {shelf: {} for shelf in SHELVES}  # open files by shelf, name
        self.index = ContactIndex(self)
        self.writing = False
        self.label: str | None = None
        self.kind = "change"
        self.target: str | None = None
        self.summary: str | None = None
        self.last_change: Change | None = None
        self._filelock: Lock | None = None
        self.read_only = False  # a reader that leaves every file as it is (shell completion): keeps no cache
        self._deferred_lock = False  # in a transaction on an unborn journal, not holding the lock yet
        self._late_lock: Lock | None = None
        self._sides: dict[str, bytes] = {}  # side files the open transaction writes, by name
        self._after: list[Callable[[], None]] = []  # what to do once the open transaction committed
        self._stored: dict[str, tuple[list[Any], dict[str, dict[str, Any]]]] = {}  # see `stored`
        self._part_sources: dict[str, tuple[object, Sources]] = {}  # see `part_sources`
        self._paths: dict[str, tuple[object, dict[str, Path]]] = {}  # see `part_paths`
        self._tables: dict[str, tuple[tuple[Any, ...], list[dict[str, Any]]]] = {}  # see `tables`

    # reading

    def manifest(self) -> dict[str, Any]:
        """The main file's `_meta`: schema, commit token and sequence, the files it names."""
        data = self.main.file.read() or {}
        meta = data.get("_meta", {}).get("1", {})
        return meta if isinstance(meta, dict) else {}

    def stored(self, table: str) -> dict[str, dict[str, Any]]:
        """The records of `table` by uid, as read (or as the open transaction left them), from the main file or
        from every part of its shelf; not to be changed. Kept for the tables they were found in: a write
        makes a new table (jsonfile.FreshTable), so the same tables are unchanged, and a commit that left a
        table as it was keeps it."""
        return self._by_uid(table, self.tables(table))

    def tables(self, table: str) -> list[dict[str, Any]]:
        """The stored tables of `table` as read (or as the open transaction left them): the main file's, or
        one for each part of its shelf; not to be changed."""
        shelf = SHELF.get(table)
        if shelf is None:
            return [(self.main.file.read() or {}).get(table) or {}]
        self.manifest()  # the main file as it is now: it names the parts
        kept = self._tables.get(table)
        if kept is not None and kept[0] == self._tables_version(shelf):  # no part read or written again since
            return kept[1]
        found = [self._table_of(table, name) for name in self.part_names(shelf)]
        self._tables[table] = (self._tables_version(shelf), found)
        return found

    def _tables_version(self, shelf: str) -> tuple[Any, ...]:
        """What changes when a part of a shelf may have: the main file read again or written, a part read
        again or written (a part is never changed in place: a commit names a new one)."""
        opened = self._shelves[shelf]
        return (self.main.file.generation, self.writing, [(db.file, db.file.generation) for db in opened.values()])

    def stored_one(self, table: str, uid: str) -> dict[str, Any] | None:
        """The stored form of one record by uid, reading only the part that holds it for a shelved table."""
        return self.stored_near(table, uid).get(uid)

    def stored_near(self, table: str, uid: str) -> dict[str, dict[str, Any]]:
        """The records by uid of the part that holds person `uid` (and every uid of its first two digits), for
        people; every record of any other table."""
        if table != "people":
            return self.stored(table)
        return self.stored_of(table, uid)

    def stored_of(self, table: str, person_uid: str) -> dict[str, dict[str, Any]]:
        """The records by uid of `table` in the part of the people that holds person `person_uid`: that person
        and the promises and favors that are theirs (with those of the other people of the part); every
        record of a table kept in the main file."""
        if SHELF.get(table) != "people":
            return self.stored(table)
        name = part_of(person_uid)
        if name not in self.part_paths("people") and not (self.writing and name in self._shelves["people"]):
            return {}
        return self._by_uid(f"{table}/{name}", [self._table_of(table, name)])

    def _table_of(self, table: str, name: str) -> dict[str, Any]:
        return (self.part(SHELF[table], name).file.read() or {}).get(table) or {}

    def _by_uid(self, key: str, tables: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        kept = self._stored.get(key)
        if kept is not None and same_objects(kept[0], tables):
            return kept[1]
        found = jsonfile.by_uid(tables[0]) if len(tables) == 1 else {}
        for records in tables if len(tables) > 1 else ():
            found.update(jsonfile.by_uid(records))
        self._stored[key] = (tables, found)
        return found

    def head(self) -> int:
        """The sequence number of the last commit (0 for a journal never committed in this layout)."""
        seq = self.manifest().get("seq", 0)
        return seq if isinstance(seq, int) else 0

    def token(self) -> str | None:
        """The last commit's token, unique to it."""
        token = self.manifest().get("commit")
        return token if isinstance(token, str) else None

    def on_disk_token(self) -> bytes | None:
        """The commit token of the main file on disk now, read without parsing it (cheap; for polling)."""
        from journal.store.jsonfile import read_token

        return read_token(self.path)

    def version_key(self) -> list[Any]:
        """What identifies the version of the journal this process has read: for keying derived caches
        (the commit token, and the signatures, since a hand edit keeps the token): the token, the main file's
        signature, the interaction buckets' and the people's parts'."""
        self.manifest()  # reads the main file if this process has not yet
        sources = self.index.loaded_sources() if self.index.loaded_sources() is not None else self.index.sources()
        return [self.token(), list(self.main.file.loaded_signature() or ()), sources, self.part_sources("people")]

    def part_sources(self, shelf: str) -> Sources:
        """The files of a shelf the main file names, with their signatures (looked up once for each version
        of the main file read: a commit never changes a part, it names a new one)."""
        version = (self.main.file.generation, self.writing, self.token())
        kept = self._part_sources.get(shelf)
        if kept is not None and kept[0] == version:
            return kept[1]
        found = signed(self.part_paths(shelf))
        self._part_sources[shelf] = (version, found)
        return found

    def part_paths(self, shelf: str) -> dict[str, Path]:
        """The files of a shelf the main file names, by part."""
        meta = self.manifest()
        named = meta.get(SHELVES[shelf][0])
        folder = self.folder / shelf
        if isinstance(named, dict):
            kept = self._paths.get(shelf)
            if kept is not None and kept[0] is named:  # a commit or a new read makes a new `_meta`
                return kept[1]
            paths = {str(k): folder / str(v) for k, v in named.items() if _plain_name(v)}
            self._paths[shelf] = (named, paths)
            return paths
        if shelf != "interactions" or meta.get("schema_version", jsonfile.SCHEMA_VERSION) >= 2:
            return {}
        if not folder.is_dir():
            return {}
        return {  # schema 1: every bucket file there is
            e.name[:2]: Path(e.path) for e in os.scandir(folder) if re.match(_V1_BUCKET, e.name)
        }

    def bucket_paths(self) -> dict[str, Path]:
        """The interaction files the main file names, by bucket."""
        return self.part_paths("interactions")

    def index_parts(self) -> tuple[object, object, dict[str, tuple[Path, list[Any]]]] | None:
        """The contact index the main file names: the sources it was built from, the count of interactions it
        skipped, and its part files by bucket with the signature each was written with; None if it names none
        (or an earlier Kith's single file)."""
        index = self.manifest().get("index")
        if not isinstance(index, dict) or not isinstance(index.get("parts"), dict):
            return None
        if len(parts := _index_parts(index)) != len(index["parts"]):
            return None
        found = {part: (self.folder / entry[0], entry[1:]) for part, entry in parts.items()}
        return index.get("sources"), index.get("damaged", 0), found

    def newest_backup(self) -> Path | None:
        """The most recent backup of this journal, for messages."""
        from journal.store import backups

        found = backups.list_backups(self)
        return found[-1].path if found else None

    def part(self, shelf: str, name: str) -> KithDB:
        """The file `name` of a shelf as the main file names it (a new, empty one if it names none)."""
        path = self.part_paths(shelf).get(name)
        db = self._shelves[shelf].get(name)
        if db is not None and (db.file.dirty or db.file.path == (path or self.folder / shelf / f"{name}.new.json")):
            return db
        if path is not None and not path.exists() and not self.writing:
            self.main.file.on_disk()  # another commit may have superseded the one this process read
            path = self.part_paths(shelf).get(name)
        if path is not None and not path.exists():
            raise JournalUnreadable(path, "the main file names it, but it is missing", self.newest_backup())
        path = path or self.folder / shelf / f"{name}.new.json"
        storage = JsonStorage(path, SHELVES[shelf][1], newest_backup=self.newest_backup)
        storage.held = self.writing
        db = self._shelves[shelf][name] = KithDB(storage)
        return db

    def part_names(self, shelf: str) -> list[str]:
        """The files of a shelf the main file names (and any created in the open transaction)."""
        names = set(self.part_paths(shelf))
        if self.writing:
            names.update(self._shelves[shelf])
        return sorted(names)

    def bucket(self, name: str) -> KithDB:
        """The interaction bucket `name` as the main file names it (a new, empty one if it names none)."""
        return self.part("interactions", name)

    def bucket_names(self) -> list[str]:
        """The buckets the main file names (and any created in the open transaction)."""
        return self.part_names("interactions")

    def people_part(self, uid: str) -> KithDB:
        """The file that holds (or will hold) the person `uid`."""
        return self.part("people", part_of(uid))

    def side(self, name: str) -> bytes | None:
        """The side file `name` of the commit read (or as the open transaction set it); None if there is none."""
        if self.writing and name in self._sides:
            return self._sides[name]
        filename = (self.manifest().get("sides") or {}).get(name)
        if not _plain_name(filename):
            return None
        try:
            return (self.folder / str(filename)).read_bytes()
        except FileNotFoundError:
            if self.writing:
                missing = "the main file names it, but it is missing"
                raise JournalUnreadable(self.folder / str(filename), missing, self.newest_backup()) from None
            self.main.file.on_disk()  # another commit may have superseded the one this process read
            return self.side(name) if (self.manifest().get("sides") or {}).get(name) != filename else None
        except OSError as exc:
            raise JournalUnreadable(self.folder / str(filename), disk.reason(exc), self.newest_backup()) from None

    def set_side(self, name: str, payload: bytes) -> None:
        """Inside a transaction: the side file `name` becomes `payload` in the same commit as the records; a side
        file is state that must move with them (what sync has merged), never a record of the change log."""
        if not self.writing or not re.match(_SIDE, f"{name}.0.side.json"):
            raise RuntimeError(f"side file {name!r} is written only inside a transaction, under a plain name")
        self._sides[name] = payload

    def when_committed(self, action: Callable[[], None]) -> None:
        """Do `action` once the open transaction has committed (or now, outside one); a write that fails or is
        refused drops it. For derived files computed inside a write, which a refused command must not leave."""
        if self.writing:
            self._after.append(action)
        else:
            action()

    def backup_sources(self, *, raw: bool = False) -> list[tuple[Path, str]]:
        """The files a backup copies, with their names inside it: the main file and what it names.
        `raw`: every file there is, read or not (for a journal that cannot be read)."""
        if not self.path.exists():
            return []
        found = [(self.path, self.path.name)]
        for shelf in SHELVES:
            folder = self.folder / shelf
            try:
                paths = list(self.part_paths(shelf).values())
            except JournalUnreadable:
                if not raw:
                    raise
                paths = [Path(e.path) for e in os.scandir(folder)] if folder.is_dir() else []
            found += [(p, f"{shelf}/{p.name}") for p in paths if p.is_file()]
        return found

    # writing

    def _lock(self) -> Lock:
        """The cross-process lock (imported here, with fcntl: a command that only reads never takes it)."""
        from journal.store.lock import Lock

        if self._filelock is None:
            self._filelock = Lock(str(self.lock_path))
        return self._filelock

    def unborn(self) -> bool:
        """Whether the journal was never committed: neither its main file nor its folder exists. Reads, dry
        runs and refused commands on such a journal leave the disk as they found it; the first commit makes
        the folders."""
        return not os.path.lexists(self.path) and not os.path.lexists(self.folder)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal's lock (and tidy what a crashed commit left)."""
        lock = self._acquire()
        try:
            yield
        finally:
            lock.release()

    def _acquire(self) -> Lock:
        """Make the journal's folders and take its lock; the lock, to release."""
        from journal.store.lock import Busy

        self._make_folders()
        lock = self._lock()
        try:
            lock.acquire(timeout=LOCK_TIMEOUT)
        except Busy:
            raise JournalLocked(
                f"the journal {self.path} is busy: another Kith process held it for {LOCK_TIMEOUT:.0f} s; try again"
            ) from None
        except OSError as exc:
            raise WriteFailed(f"could not lock {self.lock_path}: {disk.reason(exc)}; nothing was changed") from None
        return lock

    @contextlib.contextmanager
    def transaction(self, label: str | None = None) -> Iterator[None]:
        """Hold the lock and collect every change made inside; at the end commit them all at once, or, if
        anything inside fails, write nothing. Reads inside see the journal as it is now on disk."""
        if self.writing:
            if label and not self.label:
                self.label = label
            yield
            return
        if self.unborn():  # nothing to lock yet: `_commit` takes the lock, if there is anything to commit
            self._deferred_lock = True
            try:
                with self._committing(label):
                    yield
            finally:
                self._deferred_lock = False
                if self._late_lock is not None:
                    self._late_lock.release()
                    self._late_lock = None
            return
        with self.locked():
            self._tidy()
            self._upgrade()
            with self._committing(label):
                yield

    def _lock_late(self) -> None:
        """The first commit of a new journal: make its folders and take the lock now, and refuse if another
        process made the journal since this one read it as empty."""
        self._late_lock = self._acquire()
        if os.path.lexists(self.path):
            raise JournalLocked(
                f"another Kith process started the journal {self.path} at the same moment; nothing was changed; "
                "try again"
            )
        self._tidy()

    @contextlib.contextmanager
    def _committing(self, label: str | None) -> Iterator[None]:
        """Open working copies; commit what changed inside, or drop all of it if anything failed."""
        self._open(label)
        try:
            yield
            self.last_change = self._commit()
        except BaseException:
            for db in self._all_dbs():
                db.file.abort()
            self.index.forget()
            raise
        else:  # committed: nothing after this may undo it
            for action in self._after:
                action()
        finally:
            self._close()

    def _open(self, label: str | None) -> None:
        self.writing = True
        self.label = label
        self.kind, self.target, self.summary = "change", None, None
        for db in self._all_dbs():
            db.file.held = True

    def _close(self) -> None:
        self.writing = False
        self._sides = {}
        self._after = []
        self.label = None
        for db in self._all_dbs():
            db.file.held = False
            db.file.release()

    def changed(self) -> bool:
        """Whether the open transaction changed anything yet."""
        return bool(self._sides) or any(db.file.dirty for db in self._all_dbs())

    @cached_property
    def log(self) -> ChangeLog:
        """The change log (imported when first read, with its dataclasses: `kith due` answering from what it
        kept never reads it)."""
        from journal.store.changes import ChangeLog

        return ChangeLog(self.changes_dir)

    def _all_dbs(self) -> list[KithDB]:
        return [db for opened in self._shelves.values() for db in opened.values()] + [self.main]

    def _commit(self) -> Change | None:
        """Write what changed under new names, then publish it with one rename of the main file."""
        from journal.store.changes import Change, bump_revisions, describe, diff

        ops: list[Op] = []
        for name, db in self._shelves["people"].items():
            if db.file.dirty:
                ops += diff(f"people/{name}", db.file.pristine(), db.file.read())
        ops.sort(key=lambda op: op.table != "people")  # people first: "added person Ana; added promise…"
        if self.main.file.dirty:
            ops += diff("main", self.main.file.pristine(), self.main.file.read())
        for name, db in self._shelves["interactions"].items():
            if db.file.dirty:
                ops += diff(name, db.file.pristine(), db.file.read())
        ops = _moves_folded(ops)
        if not ops and not self.index.dirty and not self.main.file.dirty and not self._sides:
            for db in self._all_dbs():
                db.file.abort() if db.file.dirty else db.file.release()
            return None
        if self._deferred_lock and self._late_lock is None:
            self._lock_late()
        if any(op.table == "interactions" and not self.index.knows(op) for op in ops):
            self.index.invalidate()  # an interaction changed or went away: the facts are rebuilt, never guessed
        bump_revisions(ops)
        now = datetime.now().astimezone()
        if ops:
            from journal.store import backups  # here: its dataclasses cost every read-only command 1.5 ms

            backups.daily(self, now.replace(tzinfo=None))
        meta = dict(self.manifest())
        seq = self.head() + 1
        import uuid  # here: it imports `platform`, a cost every read-only command would pay

        token = uuid.uuid4().hex
        retired: dict[str, float] = dict(meta.get("retired") or {})
        written: dict[str, dict[str, Path]] = {}
        shelves: dict[str, dict[str, str]] = {}
        for shelf in SHELVES:
            shelves[shelf], written[shelf] = self._write_parts(shelf, meta, seq, retired)
        named = shelves["interactions"]
        sources = signed({name: self.interactions_dir / filename for name, filename in named.items()})
        index = meta.get("index")
        looked = self.index.loaded_sources()  # None: this write never read the index, so it leaves it as it is
        if self.index.dirty or written["interactions"] or (index and looked is not None and sources != looked):
            parts = _index_parts(index)
            part_file = f"index.{{}}.{seq}.json".format
            payloads, whole = self.index.payloads(part_file) if sources else ({}, True)
            if _plain_name(index):  # the single index file of an earlier Kith
                retired[str(index)] = time.time()
            for part in list(parts) if whole else [p for p in payloads if p in parts]:
                retired[parts.pop(part)[0]] = time.time()
            for part, payload in payloads.items():  # derived: a crash that loses one means a rebuild, not a loss
                path = self.folder / part_file(part)
                disk.write_new(path, payload, durable=False)
                parts[part] = [path.name, *(disk.signature(path) or ())]  # a part cut short or edited is not it
            index = {"sources": sources, "damaged": self.index.damaged, "parts": parts} if sources else None
        sides: dict[str, str] = dict(meta.get("sides") or {})
        for name, payload in sorted(self._sides.items()):
            if _plain_name(sides.get(name)):
                retired[sides[name]] = time.time()
            sides[name] = f"{name}.{seq}.side.json"
            disk.write_new(self.folder / sides[name], payload)
        if self._sides:
            fsync_dir(self.folder)
        change = None
        if ops:
            change = Change(
                id=token,
                seq=seq,
                at=now.isoformat(timespec="seconds"),
                command=self.label or "kith",
                summary=self.summary or describe(ops, self._namer()),
                device=self._device(),
                kind=self.kind,
                target=self.target,
                ops=ops,
            )
            import orjson

            disk.write_new(self.log.path(seq), orjson.dumps(change.to_doc()))
            fsync_dir(self.changes_dir)
        meta.update(
            kind="kith-journal",
            schema_version=jsonfile.SCHEMA_VERSION,
            commit=token,
            seq=seq,
            buckets=named,
            people=shelves["people"],
            index=index,
            retired=retired,
        )
        if sides:
            meta["sides"] = sides
        data = dict(self.main.file.read() or {})
        data["_meta"] = {"1": meta}
        disk.write_atomic(self.path, dumps(data))  # the commit: before this rename nothing happened, after it all did
        self.main.file._working = data
        self.main.file.committed(self.path)
        for shelf, opened in self._shelves.items():
            for name, db in list(opened.items()):
                if name in written[shelf]:
                    db.file.committed(written[shelf][name])
                elif db.file.dirty:  # emptied: the file is gone
                    del opened[name]
                else:
                    db.file.release()
        self.index.committed(sources)
        self._collect(meta)
        return change

    def _write_parts(
        self, shelf: str, meta: dict[str, Any], seq: int, retired: dict[str, float]
    ) -> tuple[dict[str, str], dict[str, Path]]:
        """Write the files of a shelf the open transaction changed under new names (fsynced, with their
        folder); the files the main file will name, by part, and those written."""
        key, kind, held = SHELVES[shelf]
        folder = self.folder / shelf
        named: dict[str, str] = dict(meta.get(key) or {n: p.name for n, p in self.part_paths(shelf).items()})
        written: dict[str, Path] = {}
        for name, db in self._shelves[shelf].items():
            if not db.file.dirty:
                continue
            tables = db.file.read() or {}
            if name in named:
                retired[f"{shelf}/{named.pop(name)}"] = time.time()
            if any(tables.get(table) for table in held):
                filename = f"{name}.{seq}.json"
                tables = {"_meta": {"1": {"kind": kind, "schema_version": jsonfile.SCHEMA_VERSION}}, **tables}
                disk.write_new(folder / filename, dumps(tables))
                named[name] = filename
                written[name] = folder / filename
        if named != (meta.get(key) or {}):
            fsync_dir(folder)
        return named, written

    def _namer(self) -> Callable[[str], str | None]:
        """A person's name by uid for a change's summary, from the people as the commit leaves them."""

        def name_of(person_uid: str) -> str | None:
            doc = self.stored_one("people", person_uid)
            return str(doc.get("name")) if doc is not None else None

        return name_of

    def _device(self) -> str:
        """This copy of the journal's device id, made on first use."""
        path = self.folder / "device"
        with contextlib.suppress(OSError):
            return path.read_text().strip()[:32]
        import uuid

        device = uuid.uuid4().hex[:12]
        with contextlib.suppress(WriteFailed):
            disk.write_atomic(path, device.encode())
        return device

    def _collect(self, meta: dict[str, Any]) -> None:
        """Remove superseded files past their time, files no commit names, and old changes."""
        now = time.time()
        retired: dict[str, float] = meta.get("retired") or {}
        for name, when in list(retired.items()):
            if not isinstance(when, (int, float)) or now - when > RETAIN_SECONDS or now < when:
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / name)
                del retired[name]
        keep = set(retired)
        for shelf, (key, _, _) in SHELVES.items():
            keep.update(f"{shelf}/{n}" for n in (meta.get(key) or {}).values())
        keep.update(entry[0] for entry in _index_parts(meta.get("index")).values())
        keep.update(str(n) for n in (meta.get("sides") or {}).values())
        for shelf in SHELVES:
            with contextlib.suppress(OSError):
                for entry in os.scandir(self.folder / shelf):
                    if entry.name.endswith(".json") and f"{shelf}/{entry.name}" not in keep:
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                stale = re.match(_INDEX, entry.name) or re.match(_SIDE, entry.name)
                if stale and entry.name not in keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        self.log.compact(int(meta.get("seq") or 0))

    def clean_up(self) -> None:
        """On open: remove what a crashed commit left, if no other process is writing now (never waits)."""
        if not any(_has_temporaries(f) for f in self._own_folders()) or not self.folder.is_dir():
            return
        from journal.store.lock import Busy

        try:
            with self._lock().held(timeout=0):
                self._tidy()
        except (Busy, OSError, JournalUnreadable):
            pass

    def _tidy(self) -> None:
        """Under the lock: remove what a commit that died left behind."""
        for folder in self._own_folders():
            remove_stray_temporaries(folder)
        data = None
        with contextlib.suppress(JournalUnreadable):
            data = self.main.file.on_disk()
        if data is not None and self.main.file.schema_version() >= 2:
            self._collect(dict(self.manifest()))

    def _upgrade(self) -> None:
        """Bring a journal of an older schema forward, after a safety backup, as one commit."""
        if not self.path.exists() or self.main.file.schema_version() >= jsonfile.SCHEMA_VERSION:
            return
        from journal.store import backups
        from journal.store.migrations import migrate, split_shelved

        version = self.main.file.schema_version()
        backups.take(self, datetime.now(), "safety")
        with self._committing("kith (migration to the current schema)"):
            for shelf, (_, kind, _) in SHELVES.items():
                for name in list(self.part_paths(shelf)):
                    db = self.part(shelf, name)
                    db.file.write(migrate(dict(db.file.read() or {}), kind, version))
            main = migrate(dict(self.main.file.read() or {}), "kith-journal", version)
            for name, tables in split_shelved(main).items():  # people (schema 3) and what is theirs (4) leave it
                db = self.part("people", name)
                db.file.write({**(db.file.read() or {}), **tables})
            self.main.file.write(main)
            self.index.invalidate()
            self.kind = "migration"

    def _own_folders(self) -> tuple[Path, ...]:
        """The folders a commit writes in (where a commit that died may leave temporaries)."""
        return (self.path.parent, self.folder, self.people_dir, self.interactions_dir, self.changes_dir)

    def _make_folders(self) -> None:
        for folder in self._own_folders():
            make_private_folder(folder)

    def check_folders(self) -> None:
        """Refuse a journal whose folders are files or links (one line, exit 1)."""
        for folder in (*self._own_folders()[1:], self.backups_dir):
            check_folder(folder, self.path)


def _moves_folded(ops: list[Op]) -> list[Op]:
    """The operations with each record that moved from one file to another (a promise whose person was merged
    into someone kept in another part) as one operation, where it went: a remove and an add of one record would
    read, to whatever follows the log one op at a time, as gone or as there depending on the files' order. A
    record that only moved, unchanged (a migration that takes people out of the main file), is no change."""
    removed = {(op.table, op.uid): op for op in ops if op.after is None}
    added = {key for op in ops if op.before is None and (key := (op.table, op.uid)) in removed}
    if not added:
        return ops
    from journal.store.changes import Op

    folded: list[Op] = []
    for op in ops:
        key = (op.table, op.uid)
        if key not in added:
            folded.append(op)
        elif op.after is not None and removed[key].before != op.after:
            folded.append(Op(op.file, op.table, op.uid, removed[key].before, op.after))
    return folded


def _has_temporaries(folder: Path) -> bool:
    try:
        return any(entry.name.endswith(disk.TEMP_SUFFIX) for entry in os.scandir(folder))
    except OSError:
        return False


def _index_parts(index: object) -> dict[str, list[Any]]:
    """The part files of the contact index a main file's `_meta` names, by bucket: each a file name (one it may
    name) and the signature it was written with."""
    named = index.get("parts") if isinstance(index, dict) else None
    if not isinstance(named, dict):
        return {}
    return {str(k): entry for k, entry in named.items() if type(entry) is list and entry and _plain_name(entry[0])}


def _plain_name(value: object) -> bool:
    """A file name the main file may name: no folders, no way out of the journal's folder."""
    if not isinstance(value, str) or value in ("", ".", ".."):
        return False
    return "/" not in value and "\\" not in value


def restore_tables(files: JournalFiles, main: Tables, shelved: dict[str, dict[str, Tables]]) -> None:
    """Inside a transaction: make the records those of a backup (the change diff records what it replaced):
    the main file's tables and, for each shelf, its files by part."""
    current = dict(files.main.file.read() or {})
    files.main.file.write({"_meta": current.get("_meta", {}), **{k: v for k, v in main.items() if k != "_meta"}})
    for shelf, (_, _, held) in SHELVES.items():
        parts = shelved.get(shelf) or {}
        for name in set(files.part_names(shelf)) | set(parts):
            tables = parts.get(name) or {}
            files.part(shelf, name).file.write({table: dict(tables.get(table) or {}) for table in held})
    files.index.invalidate()
