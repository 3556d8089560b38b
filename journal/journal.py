"""The Journal API: open a journal, query it, change it. The CLI and the screens come in only here."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import replace
from datetime import date
from itertools import compress, repeat
from operator import eq
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import where
from tinydb.table import Table

from journal import contact
from journal.config import Config
from journal.errors import Conflict, EditConflict, InvalidValue, KithError, NotFound, RecordDamaged
from journal.model import Event, Favor, Interaction, NeedOrOffer, Person, Promise, Record, Snooze, normalise
from journal.store import jsonfile
from journal.store.fileset import JournalFiles, restore_tables
from journal.store.index import Contact, bucket_name, home_part, part_of
from journal.store.jsonfile import SHELF, SHELVES, same_objects

if TYPE_CHECKING:
    from journal.store.backups import Backup
    from journal.store.changes import Change

R = TypeVar("R", bound=Record)


def default_path() -> Path:
    """The journal used when no --db is given: $KITH_DB, or the platform's user data folder."""
    if env := os.environ.get("KITH_DB"):
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("kith") / "journal.json"


class Journal:
    """One journal on disk, seen from a given day."""

    def __init__(self, path: Path, *, clock: Callable[[], date] = date.today, config: Config | None = None):
        self.path = Path(path)
        self.files = JournalFiles(self.path)
        self.clock = clock
        self.config = config or Config()
        self._cache: dict[type, tuple[list[Any], list[Any]]] = {}  # by the stored tables they were built from
        self._by_uid_cache: dict[type, tuple[list[Any], dict[str, Any]]] = {}
        self._directory_cache: tuple[list[Person], int, list[tuple[Person, str]]] | None = None
        self.command: str | None = None  # what the change log says made a change: `kith log ana …`
        self._clean: tuple[int, bool] | None = None  # (main file generation, found clean by the last count)
        self.resolve: str | None = None  # "mine" or "theirs": how a save settles fields changed on both sides

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        clock: Callable[[], date] = date.today,
        config: Config | None = None,
        read: bool = True,
    ) -> Journal:
        """Open a journal, refusing one that cannot be read (unless not `read`: the commands that are the
        way out of damage, backups, restore and check, open it without reading) and bringing an older one
        up to date."""
        journal = cls(path, clock=clock, config=config)
        journal.files.check_folders()
        journal.files.clean_up()
        current = jsonfile.read_schema(journal.files.path) == jsonfile.SCHEMA_VERSION  # read without parsing
        if read and not current and journal.files.main.file.schema_version() < jsonfile.SCHEMA_VERSION:
            with journal.writing():
                pass
        return journal

    def today(self) -> date:
        """The day the journal is seen from."""
        return self.clock()

    @contextlib.contextmanager
    def writing(self, label: str | None = None) -> Iterator[None]:
        """A read-modify-write under the journal's lock: everything inside is one change, saved together or
        not at all, and recorded in the change log under `label` (or the command that runs)."""
        outermost = not self.files.writing
        clean_before = False
        before: list[Any] = []
        with self.files.transaction(label or self.command):
            if outermost:
                clean_before = self._found_clean()
                before = self.files.version_key()
            yield
        if outermost:  # the outermost write is done: count damage now, not in the next command
            from journal import views
            from journal.integrity import dangling, keeps_clean

            with contextlib.suppress(KithError):
                change = self.files.last_change
                if clean_before and change is not None and keeps_clean(self, change):
                    dangling(self, store=True, known=0)  # a clean journal plus records that fit is clean
                else:
                    dangling(self, store=True)
                if change is not None:
                    views.follow(self, change, before)

    # reading

    def records(self, cls: type[R]) -> list[R]:
        """Every record of one kind, built once while its stored form is unchanged."""
        tables = self.files.tables(cls.table)
        cached = self._cache.get(cls)
        if cached and same_objects(cached[0], tables):
            return cached[1]
        docs = [doc for table in tables for doc in table.values()]
        if self._found_clean():  # every record was checked when this version was counted: build them directly
            records = [cls.from_doc(doc) for doc in docs]
        else:  # a record that does not fit the model is skipped here, counted in the warning, named by `kith check`
            records, _ = cls.load_all(docs)
        self._cache[cls] = (tables, records)
        return records

    def _found_clean(self) -> bool:
        """Whether the damage count stored for exactly the version of the journal read is zero (inside a write,
        the version the write started from: whatever the write adds was validated by the model)."""
        generation = self.files.main.file.generation
        if self._clean is None or self._clean[0] != generation:
            from journal.store.index import stored

            found = stored(self.files, "check.json")
            self._clean = (generation, found is not None and found.get("count") == 0)
        return self._clean[1]

    def people(self, *, archived: bool = False) -> list[Person]:
        """People in the journal; archived ones only when asked."""
        return [p for p in self.records(Person) if archived or not p.archived]

    def person(self, uid: str) -> Person | None:
        """The person with this uid, if any (one lookup builds only that person, unless all are built)."""
        return self._one(Person, uid)

    def stored(self, cls: type[Record]) -> dict[str, dict[str, Any]]:
        """The stored form of every record of a kind by uid, for the version read (or the working copy),
        without building any; not to be changed."""
        return self.files.stored(cls.table)

    def _one(self, cls: type[R], uid: str, person: str | None = None) -> R | None:
        """The record of a kind with this uid, built alone unless all of its kind are built already (`person`:
        whose it is, if known: their part is read first)."""
        if cls in self._cache:
            return self._by_uid(cls).get(uid)
        doc = self.files.stored_of(cls.table, person).get(uid) if person else None
        doc = doc or self.files.stored_one(cls.table, uid)
        with contextlib.suppress(RecordDamaged):  # skipped, as in `records`
            return cls.load(doc) if doc is not None else None
        return None

    def stored_uids(self, **fields: object) -> list[str]:
        """The uids of the people whose stored form has these values (`introduced_by=uid`), found without
        building everyone."""
        if Person in self._cache:
            return [p.uid for p in self.records(Person) if all(getattr(p, k, None) == v for k, v in fields.items())]
        stored = self.stored(Person)
        uids, docs = list(stored), list(stored.values())
        for key, value in fields.items():  # one C-level pass a field: no Python call per person
            keep = list(map(eq, map(dict.get, docs, repeat(key)), repeat(value)))
            uids, docs = list(compress(uids, keep)), list(compress(docs, keep))
        return [uid for uid in uids if uid]

    def find_person(self, query: str) -> Person:
        """The person a user means by a uid, name, alias or the start of a name."""
        from journal import views

        return views.find(self, query)

    def search_people(self, query: str = "", *, tag: str | None = None, archived: bool = False) -> list[Person]:
        """People matching every word of `query` (and `tag`), most recently contacted first."""
        entries = self.directory()
        for word in normalise(query).split():  # one pass a word: 10k people filter in a few ms
            entries = [e for e in entries if word in e[1]]
        found = [p for p, _ in entries if archived or not p.archived]
        if tag:
            wanted = normalise(tag.lstrip("#"))
            found = [p for p in found if any(normalise(t) == wanted for t in p.tags)]
        return found

    def directory(self) -> list[tuple[Person, str]]:
        """Everyone with their searchable text, most recently contacted first; kept while nothing changes,
        so filtering as you type only compares strings."""
        from journal import matching, search  # here: most commands never build the directory

        people, contacts = self.records(Person), self.files.index.all()
        generation = self.files.index.generation  # a log in this process changes `contacts` in place
        cached = self._directory_cache
        if cached and cached[0] is people and cached[1] == generation:
            return cached[2]
        last = {p.uid: contact.last_contact(p, contacts.get(p.uid)) or "" for p in people}
        ordered = sorted(people, key=lambda p: (p.name.casefold(), p.uid))
        ordered.sort(key=lambda p: last.get(p.uid, ""), reverse=True)
        texts = search.texts(self, people)  # who they are, where you met, who introduced you, what you said
        entries = [(p, texts.get(p.uid) or matching.haystack(p)) for p in ordered]
        self._directory_cache = (people, generation, entries)
        return entries

    def contact(self, person_uid: str) -> Contact:
        """What the interactions say of a person: last contact, replies awaited."""
        return self.files.index.contact(person_uid)

    def contacts(self) -> dict[str, Contact]:
        """Contact facts for everyone, by person uid."""
        return self.files.index.all()

    def interactions_of(self, person_uid: str) -> list[Interaction]:
        """A person's interactions, newest first."""
        found: list[Interaction] = []
        for name in sorted(self.contact(person_uid).buckets):  # one order on every device (sync)
            for doc in (self.files.bucket(name).file.read() or {}).get("interactions", {}).values():
                people = doc.get("people")
                if type(people) is list and person_uid in people:
                    with contextlib.suppress(RecordDamaged):  # skipped, as in `records`
                        found.append(Interaction.load(doc))
        found.reverse()
        found.sort(key=lambda i: i.on, reverse=True)
        return found

    def events(self) -> list[Event]:
        """Events, newest first."""
        return sorted(self.records(Event), key=lambda e: e.on or "", reverse=True)

    def event(self, uid: str) -> Event | None:
        """The event with this uid, if any."""
        return self._one(Event, uid)

    def people_met_at(self, event_uid: str) -> list[Person]:
        """Everyone met at an event (archived people too), by name."""
        met = (p for p in self.people(archived=True) if p.met_event == event_uid)
        return sorted(met, key=lambda p: p.name.casefold())

    def find_event(self, name: str) -> Event | None:
        """The event of this name (case and accents ignored), the newest if several share it."""
        wanted = normalise(name)
        return next((e for e in self.events() if normalise(e.name) == wanted), None)

    def promises(self, person_uid: str | None = None, *, status: str | None = "open") -> list[Promise]:
        """Promises both ways, oldest first; only open ones unless status is None or another."""
        mine = self.records(Promise) if person_uid is None else self._of_person(Promise, person_uid)
        return [p for p in mine if status is None or p.status == status]

    def promise(self, uid: str, person: str | None = None) -> Promise | None:
        """The promise with this uid, if any (`person`: whose it is, if known, so only their part is read)."""
        return self._one(Promise, uid, person)

    def favors(self, person_uid: str | None = None) -> list[Favor]:
        """Favors both ways, oldest first."""
        if person_uid is not None:
            return sorted(self._of_person(Favor, person_uid), key=lambda f: f.on)
        return sorted(self.records(Favor), key=lambda f: f.on)

    def favor(self, uid: str, person: str | None = None) -> Favor | None:
        """The favor with this uid, if any (`person`: whose it is, if known, so only their part is read)."""
        return self._one(Favor, uid, person)

    def records_of(self, cls: type[R], person_uid: str) -> list[R]:
        """The records of one kind that belong to one person (needs, offers), in stored order."""
        return self._of_person(cls, person_uid)

    def record_of(self, cls: type[R], uid: str, person: str | None = None) -> R | None:
        """The record of this kind with this uid, if any (`person`: whose it is, if known, so only their part
        is read)."""
        return self._one(cls, uid, person)

    def snoozes(self) -> dict[str, str | None]:
        """Snoozed reminder keys and the day they wake (None: dismissed for good)."""
        return {s.key: s.until for s in self.records(Snooze)}

    def met_where(self, person: Person) -> str:
        """Where a person was met, as a phrase: `at PyData Berlin (zoom)`, `on linkedin`, or nothing."""
        event = self.event(person.met_event) if person.met_event else None
        place = event.name if event else person.met_place
        if place:
            return f"at {place}" + (f" ({person.met_online})" if person.met_online else "")
        return f"on {person.met_online}" if person.met_online else ""

    def met_at(self, person: Person) -> str | None:
        """Where a person was met, in words: the event, the place, or the platform."""
        event = self.event(person.met_event) if person.met_event else None
        return (event.name if event else None) or person.met_place or person.met_online

    def _of_person(self, cls: type[R], person_uid: str) -> list[R]:
        """The records of one kind that belong to one person, in stored order; built alone while this process
        has not built them all (a card needs a person's few promises, not every one's)."""
        cached = self._cache.get(cls)
        if cached and same_objects(cached[0], self.files.tables(cls.table)):
            return [r for r in cached[1] if getattr(r, "person", None) == person_uid]
        docs = list(self.files.stored_of(cls.table, person_uid).values())  # their part's: dicts, checked on read
        mine = compress(docs, map(eq, map(dict.get, docs, repeat("person")), repeat(person_uid)))  # C-level passes
        return cls.load_all(list(mine))[0]  # one that does not fit is skipped, as in `records`

    def _by_uid(self, cls: type[R]) -> dict[str, R]:
        records = self.records(cls)
        cached = self._by_uid_cache.get(cls)
        if cached and cached[0] is records:
            return cached[1]
        by_uid = {r.uid: r for r in records}
        self._by_uid_cache[cls] = (records, by_uid)
        return by_uid

    # changing

    def add_person(self, person: Person, *, force: bool = False) -> Person:
        """Add a person; one with the same name is refused unless `force`."""
        person.validated()
        with self.writing():
            same = [p for p in self.records(Person) if normalise(p.name) == normalise(person.name)]
            if same and not force:
                raise Conflict(
                    f"{same[0].name} is already in the journal [{same[0].uid[:8]}]; "
                    "use `kith edit` to change them, or --force to add another person of that name"
                )
            self._check_links(person)
            self._people_table(person.uid).insert(person.to_doc())
            if person.met_on:  # meeting someone is contact (journal/contact.py)
                self.log(contact.meeting(person, person.met_on, platform=person.met_online))
        return person

    def save_person(self, person: Person) -> Person:
        """Store the changed fields of an existing person."""
        self.save_people([person])
        return person

    def save_people(self, people: list[Person]) -> None:
        """Store the changed fields of existing people, all in one write (imports change thousands)."""
        for person in people:
            person.validated()
        with self.writing():
            by_part: dict[str, list[Person]] = {}
            for person in people:
                self._check_links(person)
                by_part.setdefault(part_of(person.uid), []).append(person)
            for part, group in sorted(by_part.items()):
                _replace(self.files.part(Person.table, part).records(Person.table), group, self.files, self.resolve)

    def _check_links(self, person: Person) -> None:
        if person.introduced_by and not self.person(person.introduced_by):
            raise InvalidValue("introduced by", person.introduced_by, "is not a person in the journal")
        if person.met_event and not self.event(person.met_event):
            raise InvalidValue("met at", person.met_event, "is not an event in the journal")

    def add_event(self, event: Event) -> Event:
        """Add an event."""
        event.validated()
        with self.writing():
            self._home(event).insert(event.to_doc())
        return event

    def log(self, interaction: Interaction) -> Interaction:
        """Record an interaction with one or more people."""
        interaction.validated()
        with self.writing():
            for uid in interaction.people:
                if not self.person(uid):
                    raise InvalidValue("person", uid, "is not a person in the journal")
            bucket = bucket_name(interaction.people[0])
            self.files.index.record(interaction, bucket)  # first: the index must not see it in the bucket yet
            self.files.bucket(bucket).records("interactions").insert(interaction.to_doc())
        return interaction

    def add_records(self, records: Iterable[Record]) -> int:
        """Add many records in one write, all or nothing (imports, the demo, synthetic journals)."""
        with self.writing():
            homes: dict[tuple[str | None, str, str], list[dict[str, Any]]] = {}  # by shelf, part, table
            known: set[str] = set()  # the people these records add, and those found stored (in their part alone)
            pending: list[Record] = []
            for record in records:
                record.validated()
                if isinstance(record, Person):
                    known.add(record.uid)
                pending.append(record)
            for record in pending:
                for uid in _people_of(record):
                    if uid not in known and self.files.stored_one(Person.table, uid) is None:
                        raise InvalidValue("person", uid, "is not a person in the journal")
                    known.add(uid)
                doc = record.to_doc()
                part = home_part(record.table, doc) or ""
                if isinstance(record, Interaction):
                    self.files.index.record(record, part)
                homes.setdefault((SHELF.get(record.table), part, record.table), []).append(doc)
            for (shelf, part, table), docs in homes.items():
                home = self.files.main if shelf is None else self.files.part(shelf, part)
                home.records(table).insert_multiple(docs)
        return len(pending)

    def add_record(self, record: R) -> R:
        """Record a need, an offer or another record of one person (checked, and the person must exist)."""
        return self._add(record)

    def add_promise(self, promise: Promise) -> Promise:
        """Record a promise, mine or theirs."""
        return self._add(promise)

    def add_favor(self, favor: Favor) -> Favor:
        """Record a favor given or received; one given is contact, and logged as such."""
        with self.writing():
            self._add(favor)
            if favor.given:
                self.log(contact.favor_given(favor))
        return favor

    def save(self, record: Promise | Favor | Event | NeedOrOffer) -> None:
        """Store the changed fields of an existing promise, favor, event, need or offer (one now of another
        person, after a merge, moves to their part)."""
        record.validated()
        with self.writing():
            home = self._home(record)
            if record.table in SHELF and not any(d.get("uid") == record.uid for d in home._read_table().values()):
                from journal.store import undo as undoing

                found = undoing.locate(self.files, record.table, record.uid)
                if found is not None:  # stored in the part of the person it was of
                    _replace(found, [record], self.files, self.resolve)
                    doc = next(d for d in found._read_table().values() if d.get("uid") == record.uid)
                    found.remove(lambda d: d.get("uid") == record.uid)
                    home.insert(dict(doc))
                    return
            _replace(home, [record], self.files, self.resolve)

    def remove(self, record: Promise | Favor | Event | NeedOrOffer) -> None:
        """Remove a promise, favor, event, need or offer from where it is kept."""
        with self.writing():
            self._home(record).remove(lambda doc: doc.get("uid") == record.uid)

    def thank_favor(self, uid: str, day: date, summary: str | None = None, *, person: str | None = None) -> Favor:
        """Mark a favor received as thanked on `day` and log the thank-you (`person`: whose, if known)."""
        with self.writing():
            favor = self.favor(uid, person)
            if favor is None or favor.given:
                raise NotFound(f"no favor received with uid {uid}")
            if favor.thanked:
                raise Conflict(f"{favor.what!r} was already thanked on {favor.thanked}")
            thanked = replace(favor, thanked=day.isoformat())
            self.save(thanked)
            self.log(contact.thank_you(favor, day, summary))
        return thanked

    def thank(self, person: Person, what: str | None, day: date) -> Favor:
        """Thank a person for the oldest unthanked favor they did (matching `what`, if given)."""
        with self.writing():
            owed = [f for f in self.favors(person.uid) if not f.given and not f.thanked]
            if what:
                owed = [f for f in owed if normalise(what) in normalise(f.what)]
            if not owed:
                about = f" matching {what!r}" if what else ""
                raise Conflict(f"nothing to thank {person.name} for: no unthanked favor received{about}")
            owed.sort(key=lambda f: f.on)
            return self.thank_favor(owed[0].uid, day, person=person.uid)

    def snooze(self, key: str, until: date | None) -> None:
        """Keep a reminder quiet until a day; None keeps it quiet for good."""
        snooze = Snooze(key=key, until=until.isoformat() if until else None).validated()
        with self.writing():
            table = self._home(snooze)
            table.remove(where("key") == key)
            table.insert(snooze.to_doc())

    def _add(self, record: R) -> R:
        record.validated()
        with self.writing():
            person_uid = getattr(record, "person", None)
            if person_uid and not self.person(person_uid):
                raise InvalidValue("person", person_uid, "is not a person in the journal")
            self._home(record).insert(record.to_doc())
        return record

    def _home(self, record: Record) -> Any:
        """The table that holds (or will hold) a record: its person's part's, for a promise or a favor; the main
        file's, for events, needs, offers and snoozes."""
        return self.table_of(type(record), str(getattr(record, "person", "")))

    def table_of(self, cls: type[Record], person_uid: str) -> Any:
        """The table that holds the records of a kind that are one person's: their part's, for promises and
        favors; the main file's, for needs and offers."""
        shelf = SHELF.get(cls.table)
        return (self.files.main if shelf is None else self.files.part(shelf, part_of(person_uid))).records(cls.table)

    def _people_table(self, uid: str) -> Any:
        """The table that holds (or will hold) the person `uid`."""
        return self.files.people_part(uid).records(Person.table)

    # history, undo, backups

    def history(self, person_uid: str | None = None, limit: int | None = 20) -> list[Change]:
        """Changes to the journal, newest first (only those concerning a person, when one is given)."""
        from journal.store import undo as undoing

        return undoing.history(self.files, person_uid, limit)

    def last_change(self) -> Change | None:
        """The change this process's last write made (None if it changed nothing)."""
        return self.files.last_change

    def undo(self, change_id: str | None = None, label: str | None = None) -> Change:
        """Reverse a change (the newest not yet undone by default) as a new change; returns the one reversed."""
        from journal.store import undo as undoing

        with self.writing(label):
            target = undoing.undo_target(self.files, change_id)
            undoing.apply(self.files, target, backwards=True)
            self.files.kind, self.files.target = "undo", target.id
            self.files.summary = f"undid {target.id[:8]}: {target.summary}"
        return target

    def redo(self, label: str | None = None) -> Change:
        """Re-apply what the last undo reversed, as a new change; returns the change re-applied."""
        from journal.store import undo as undoing

        with self.writing(label):
            undo_change = undoing.redo_target(self.files)
            target = undoing.find(self.files, undo_change.target or "")
            undoing.apply(self.files, target, backwards=False)
            self.files.kind, self.files.target = "redo", target.id
            self.files.summary = f"redid {target.id[:8]}: {target.summary}"
        return target

    def version_on_disk(self) -> object:
        """What identifies the journal's current commit on disk, read cheaply (the TUI polls it): the commit
        token, which changes with every commit whatever the file system's timestamps, and the signature."""
        from journal.store.files import signature

        return self.files.on_disk_token(), signature(self.files.path)

    def refresh(self) -> None:
        """Read the journal again as it is on disk now (the TUI calls this when it changed)."""
        self.files.main.file.on_disk()
        self._cache.clear()
        self._by_uid_cache.clear()
        self._directory_cache = None

    def backup(self, kind: str = "manual") -> Backup | None:
        """Take a backup now: `manual` (`kith backup`) or `safety` (before a repair); neither pushes the
        daily backups out."""
        from datetime import datetime

        from journal.store import backups as rolling_backups

        if self.files.unborn():
            return None
        with self.files.locked():
            return rolling_backups.take(self.files, datetime.now(), kind, raw=True)

    def backups(self) -> list[Backup]:
        """The journal's backups, oldest first."""
        from journal.store import backups as rolling_backups

        return rolling_backups.list_backups(self.files)

    def restore(self, name_or_path: str | None) -> Backup:
        """Put a backup back (the newest by default) as one change that `undo` reverses, after a safety
        backup of the present; works on a journal that cannot be read, since that is when it is needed."""
        from datetime import datetime

        from journal.store import backups as rolling_backups

        chosen = rolling_backups.find(self.files, name_or_path)
        snapshot = rolling_backups.load(chosen)  # read whole before anything can rotate it away
        with self.files.locked():
            rolling_backups.take(self.files, datetime.now(), "safety", raw=True)
        self.files.main.file.assume_readable()
        for shelf, (key, _, _) in SHELVES.items():  # a file the damaged present names but lost is restored over
            meta, folder = self.files.manifest(), self.files.folder / shelf
            if isinstance(named := meta.get(key), dict):
                meta[key] = {name: file for name, file in named.items() if (folder / str(file)).is_file()}
            for name in self.files.part_names(shelf):
                self.files.part(shelf, name).file.assume_readable()
        with self.writing(f"kith restore {chosen.name}"):
            restore_tables(self.files, snapshot.main, snapshot.shelved)
            self.files.summary = f"restored the backup {chosen.name}"
        self.refresh()
        return chosen


def _replace(table: Table, records: list[R], files: JournalFiles, resolve: str | None = None) -> None:
    """Put each record in place of the stored one with its uid, in one pass; NotFound if one is missing.
    A record read before another change to it is merged field by field with that change (EditConflict
    when both changed the same field differently)."""
    docs = {r.uid: r.to_doc() for r in records}
    found: set[str] = set()
    stale: dict[str, dict[str, Any]] = {}

    for doc in table._read_table().values():
        uid = doc.get("uid")
        if uid in docs and doc.get("rev", 0) != docs[uid].get("rev", 0):
            stale[uid] = dict(doc)
    for uid, theirs in stale.items():
        docs[uid] = _merge(files, docs[uid], theirs, resolve)

    def swap(doc: MutableMapping[str, Any]) -> None:
        found.add(doc["uid"])
        new = docs[doc["uid"]]
        rev = doc.get("rev")
        doc.clear()
        doc.update({k: v for k, v in new.items() if k != "rev"})
        if rev is not None:
            doc["rev"] = rev

    table.update(swap, lambda doc: doc.get("uid") in docs)
    if missing := [r for r in records if r.uid not in found]:
        raise NotFound(f"no {type(missing[0]).__name__.lower()} with uid {missing[0].uid}")


def _merge(files: JournalFiles, mine: dict[str, Any], theirs: dict[str, Any], resolve: str | None) -> dict[str, Any]:
    """Three-way merge of a record saved from an older revision: the base is that revision, from the log.
    Fields changed on both sides differently are a conflict, unless `resolve` says whose value wins."""
    base = _revision(files, str(mine.get("uid")), mine.get("rev", 0))
    if base is None and resolve:
        base = {}
    if base is None:
        raise EditConflict(str(mine.get("name") or mine.get("what") or mine.get("uid")), {}, None)
    merged, conflicts = dict(theirs), {}
    for key in (mine.keys() | theirs.keys() | base.keys()) - {"rev"}:
        m, t, b = mine.get(key), theirs.get(key), base.get(key)
        if m in (b, t):
            continue
        if t == b or resolve == "mine":
            merged[key] = m
        elif resolve != "theirs":
            conflicts[key] = (m, t)
    for key in [k for k, v in merged.items() if v is None]:
        del merged[key]
    if conflicts:
        raise EditConflict(str(mine.get("name") or mine.get("what") or mine.get("uid")), conflicts, theirs)
    return merged


def _revision(files: JournalFiles, uid: str, rev: int) -> dict[str, Any] | None:
    """The record `uid` as revision `rev` left it, from the change log."""
    for change in files.log.newest_first(files.head()):
        for op in change.ops:
            if op.uid != uid:
                continue
            if op.before is None and rev == 0 and op.after is not None:
                return op.after  # saved from the object that added it, before it had a revision
            if op.after is not None and op.after.get("rev", 0) == rev:
                return op.after
            if op.before is not None and op.before.get("rev", 0) == rev:
                return op.before
    return None


def _people_of(record: Record) -> list[str]:
    """The person uids a record points at."""
    if isinstance(record, Interaction):
        return record.people
    if isinstance(record, Person):
        return [record.introduced_by] if record.introduced_by else []
    person = getattr(record, "person", None)
    introduced = getattr(record, "introduced", None)  # an introduction I made names the other person too
    return [p for p in (person, introduced) if p]
