"""`kith check`: what is wrong inside a journal that still parses, and the repairs that are safe."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from journal.errors import KithError, RecordDamaged
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Need, NeedOrOffer, Offer, Person, Promise, Record, Snooze
from journal.store import files as disk
from journal.store.index import derived, home_part
from journal.store.jsonfile import SHELF, SHELVES, by_uid

if TYPE_CHECKING:
    from journal.store.changes import Change

KINDS: tuple[type[Record], ...] = (Person, Event, Promise, Favor, Snooze, Need, Offer)
EVERY: tuple[type[Record], ...] = (*KINDS, Interaction)
CLASSES: dict[str, type[Record]] = {cls.table: cls for cls in EVERY}  # each kind by its table
LABELS = {"people": "part", "interactions": "bucket"}  # how a problem names a file of each shelf
SET_ASIDE = "set it aside in the quarantine file"


class Problem(NamedTuple):
    """One thing wrong, where it is, and whether `--fix` can repair it without losing anything. (A named tuple,
    as `Ledger` is: every command imports this module to read the damage count, and a frozen dataclass cost
    it half a millisecond.)"""

    where: str
    uid: str  # the record's uid, or its place (`#12`, `bucket 3f #12`) when it has no usable uid
    what: str
    fix: str | None = None

    def __str__(self) -> str:
        repair = f" (--fix: {self.fix})" if self.fix else ""
        shown = self.uid[:8] if len(self.uid) == 32 else self.uid
        return f"{self.where} {shown or '?'}: {self.what}{repair}"


def check(journal: Journal) -> list[Problem]:
    """Every problem in the journal: records that do not fit the model, duplicate uids, dangling references."""
    problems: list[Problem] = []
    main = journal.files.main.file.read() or {}
    people = set(journal.stored(Person))
    events = set(by_uid(main.get("events", {})))
    for cls in KINDS:
        found = main.get(cls.table, {})
        problems += _check_table(cls, [(f"#{k}", doc) for k, doc in found.items()], people, events)
        if SHELF.get(cls.table) == "people":  # kept in the main file by hand: no one looks for it there
            problems += [_misplaced_problem(cls.table, f"#{k}") for k in found]
    for shelf, (_, _, held) in SHELVES.items():
        names = journal.files.part_names(shelf)
        for table in held:
            docs: list[tuple[str, Any]] = []
            for name in names:
                found = (journal.files.part(shelf, name).file.read() or {}).get(table, {})
                docs += [(f"{LABELS[shelf]} {name} #{k}", doc) for k, doc in found.items()]
                if shelf == "people":
                    problems += [_misplaced_problem(table, f"part {name} #{k}") for k in _misplaced(table, name, found)]
            problems += _check_table(CLASSES[table], docs, people, events)
    return problems


MISPLACED = {  # a record kept where it is not looked for, moved there by hand
    "people": ("is kept in the part of other uids, so it is not found by its own (moved there by hand?)",
               "move it to the part of its uid"),
    "other": ("is kept outside the part of its person, so their card and reminders miss it (moved there by hand?)",
              "move it to the part of its person"),
}  # fmt: skip


def _misplaced(table: str, name: str | None, docs: dict[str, Any]) -> list[str]:
    """The places in people part `name` (None: the main file) of the records of `table` that belong in another
    part: a person's is the part of their uid; a promise's or favor's, that of its person."""
    return [doc_id for doc_id, doc in docs.items() if home_part(table, doc) != name]


def _astray(label: str, data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The records of people's parts that a file (labelled as `fix` labels them) holds but that belong in another
    part (or that the main file holds): table, place, record."""
    if label != "journal" and not label.startswith("people "):
        return []
    part = label.split()[1] if label != "journal" else None
    return [(t, k, data[t][k]) for t in SHELVES["people"][2] for k in _misplaced(t, part, data.get(t, {}))]


def _misplaced_problem(table: str, place: str) -> Problem:
    what, fix = MISPLACED["people" if table == "people" else "other"]
    return Problem(_where(table), place, what, fix)


def _where(table: str) -> str:
    return table.rstrip("s")


def _check_table(cls: type[Record], docs: list[tuple[str, Any]], people: set[str], events: set[str]) -> list[Problem]:
    where = _where(cls.table)
    problems = []
    counts = Counter(uid for _, doc in docs if isinstance(uid := doc.get("uid"), str))
    for uid, n in counts.items():
        if n > 1:
            problems.append(Problem(where, uid, f"{n} records share this uid", "keep one copy if they are identical"))
    for place, doc in docs:
        uid = doc.get("uid")
        label = uid if isinstance(uid, str) and len(uid) == 32 else place
        try:
            record = cls.load(doc)
        except RecordDamaged as exc:
            problems.append(Problem(where, label, f"cannot be read: {exc}", SET_ASIDE))
            continue
        problems += [Problem(where, label, what, repair) for what, repair in _dangling(record, people, events)]
        try:
            cls.load(doc).validated()
        except (KithError, TypeError, ValueError, AttributeError) as exc:
            problems.append(Problem(where, label, f"does not pass validation: {exc}"))
    return problems


def _dangling(record: Record, people: Container[str], events: Container[str]) -> list[tuple[str, str | None]]:
    """What a readable record points at that is not in the journal, with the safe repair if there is one."""
    found: list[tuple[str, str | None]] = []
    if isinstance(record, Person):
        if record.introduced_by and record.introduced_by not in people:
            found.append(("introduced by a person who is not in the journal", "a placeholder"))
        if record.met_event and record.met_event not in events:
            found.append(("met at an event that is not in the journal", "a placeholder"))
    if isinstance(record, Promise | Favor | NeedOrOffer) and record.person not in people:
        found.append(("belongs to a person who is not in the journal", "a placeholder"))
    if isinstance(record, Favor) and record.introduced and record.introduced not in people:
        found.append(("introduced them to a person who is not in the journal", "a placeholder"))
    if isinstance(record, Interaction):
        missing = [p for p in record.people if p not in people]
        if missing and len(missing) < len(record.people):
            found.append(("lists a person who is not in the journal", "a placeholder"))
        elif missing:
            found.append(("is with nobody who is in the journal", "a placeholder"))
    return found


PLACEHOLDER_PERSON = "Unknown (restored by kith check)"
PLACEHOLDER_EVENT = "Unknown event (restored by kith check)"


def fix(journal: Journal) -> list[str]:
    """Back up, then repair what is safe, losing nothing, as one change: records that do not fit the model
    are set aside in the quarantine file, an identical duplicate is dropped, and a record that points at a
    person or event that is gone points at an archived placeholder instead, so it stays visible and the
    journal checks clean. Returns what was done, one line each."""
    journal.backup("safety")
    with journal.writing():
        storages, labels = [journal.files.main.file], ["journal"]
        for shelf, label in (("people", "people"), ("interactions", "bucket")):
            for name in journal.files.part_names(shelf):
                storages.append(journal.files.part(shelf, name).file)
                labels.append(f"{label} {name}")
        tables = [_copy(storage.read()) for storage in storages]  # the versions read stay as they were
        done = _set_aside(journal, labels, tables)
        astray = {id(doc) for label, data in zip(labels, tables, strict=True) for _, _, doc in _astray(label, data)}
        main = tables[0]
        people = {uid for data in tables for uid in by_uid(data.get("people", {}))}
        events = set(by_uid(main.get("events", {})))
        placeholders = _Placeholders(tables, people, events)
        for data in tables:
            for table_name, table in data.items():
                if table_name == "_meta":
                    continue
                seen: dict[str, dict[str, Any]] = {}
                for doc_id, doc in list(table.items()):
                    uid = doc.get("uid")
                    if isinstance(uid, str) and uid in seen and seen[uid] == doc:
                        del table[doc_id]
                        done.append(f"{table_name.rstrip('s')} {uid[:8]}: removed an identical copy")
                        continue
                    if isinstance(uid, str):
                        seen[uid] = doc
                    for what in _repair(doc, people, events, placeholders):
                        done.append(f"{table_name.rstrip('s')} {str(uid)[:8]}: {what}")
        moving = []  # a record kept where it is not looked for (or re-pointed above) goes to the part of its person
        for label, data in zip(labels, tables, strict=True):
            for table, doc_id, doc in _astray(label, data):
                moving.append((table, data[table].pop(doc_id)))
                if id(doc) in astray:  # moved by hand; one re-pointed at the placeholder just follows it
                    what, whose = ("person", "its uid") if table == "people" else (_where(table), "its person")
                    done.append(f"{what} {str(doc.get('uid'))[:8]}: moved to the part of {whose}")
        if done:
            for storage, data in zip(storages, tables, strict=True):
                storage.write(data)
            for table, doc in moving:
                journal.files.part("people", home_part(table, doc) or "00").records(table).insert(doc)
            placeholders.add_to(journal)
            journal.files.index.rebuild()  # interactions may now belong to the placeholder, or be set aside
    return done


def _copy(tables: dict[str, Any] | None) -> dict[str, Any]:
    """A copy to repair: the version read stays as it was, so the change records what the repair did."""
    return orjson.loads(orjson.dumps(tables or {}))  # type: ignore[no-any-return]


QUARANTINE = "quarantine.json"


def quarantine_path(journal: Journal) -> Path:
    """Where `kith check --fix` keeps records that do not fit the model: beside the journal, never deleted."""
    return journal.files.folder / QUARANTINE


def quarantined(journal: Journal) -> int:
    """How many records have been set aside in the quarantine file."""
    return len(_kept(journal).get("records", {}))


def _kept(journal: Journal) -> dict[str, Any]:
    try:
        kept = orjson.loads(quarantine_path(journal).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return kept if isinstance(kept, dict) and isinstance(kept.get("records", {}), dict) else {}


def _set_aside(journal: Journal, labels: list[str], tables: list[dict[str, Any]]) -> list[str]:
    """Move every record that does not fit the model out of `tables` into the quarantine file.

    The quarantine file is written before the commit drops the records, so a failure in between leaves a
    record in both places, never in neither."""
    moving: list[tuple[dict[str, Any], str, str, dict[str, Any]]] = []
    for label, data in zip(labels, tables, strict=True):
        shelved: dict[str, tuple[type[Record], ...]] = {
            "journal": KINDS,
            "people": tuple(CLASSES[table] for table in SHELVES["people"][2]),
        }
        kinds = shelved.get(label.split()[0], (Interaction,))
        for cls in kinds:
            table = data.get(cls.table, {})
            for doc_id, doc in table.items():
                try:
                    cls.load(doc)
                except RecordDamaged as exc:
                    moving.append((table, doc_id, f"{label} {cls.table} #{doc_id}: {exc}", doc))
    if not moving:
        return []
    kept = _kept(journal)
    records = kept.setdefault("records", {})
    already = [entry.get("doc") for entry in records.values() if isinstance(entry, dict)]
    next_id = max((int(k) for k in records if k.isdigit()), default=0) + 1
    for _, _, why, doc in moving:
        if doc not in already:
            records[str(next_id)] = {"from": why, "on": journal.today().isoformat(), "doc": doc}
            next_id += 1
    disk.write_atomic(quarantine_path(journal), orjson.dumps({"_meta": {"1": {"kind": "kith-quarantine"}}, **kept}))
    for table, doc_id, _, _ in moving:
        del table[doc_id]
    return [f"{why.split(':')[0]}: set aside in {QUARANTINE} ({why.split(': ', 1)[1]})" for _, _, why, _ in moving]


class _Placeholders:
    """The archived person and the event that records pointing at nobody are re-attached to, made on first use."""

    def __init__(self, tables: list[dict[str, Any]], people: set[Any], events: set[Any]) -> None:
        self.person_uid = next(
            (d["uid"] for t in tables for d in t.get("people", {}).values() if d.get("name") == PLACEHOLDER_PERSON),
            None,
        )
        self.event_uid = next(
            (d["uid"] for d in tables[0].get("events", {}).values() if d.get("name") == PLACEHOLDER_EVENT), None
        )
        self.people, self.events = people, events
        self.new: list[Person | Event] = []

    def person(self) -> str:
        """The placeholder person's uid."""
        if self.person_uid is None:
            placeholder = Person(name=PLACEHOLDER_PERSON, archived=True, notes="Records whose person was lost.")
            self.person_uid = placeholder.uid
            self.people.add(placeholder.uid)
            self.new.append(placeholder)
        return self.person_uid

    def event(self) -> str:
        """The placeholder event's uid."""
        if self.event_uid is None:
            placeholder = Event(name=PLACEHOLDER_EVENT)
            self.event_uid = placeholder.uid
            self.events.add(placeholder.uid)
            self.new.append(placeholder)
        return self.event_uid

    def add_to(self, journal: Journal) -> None:
        """Store the placeholders that were made."""
        for record in self.new:
            if isinstance(record, Person):
                journal.files.people_part(record.uid).records(Person.table).insert(record.to_doc())
            else:
                journal.files.main.records(record.table).insert(record.to_doc())


def _repair(doc: dict[str, Any], people: set[Any], events: set[Any], placeholders: _Placeholders) -> list[str]:
    done = []
    if doc.get("introduced_by") and doc["introduced_by"] not in people:
        doc["introduced_by"] = placeholders.person()
        done.append(f"introduced by {PLACEHOLDER_PERSON!r}")
    if doc.get("met_event") and doc["met_event"] not in events:
        doc["met_event"] = placeholders.event()
        done.append(f"met at {PLACEHOLDER_EVENT!r}")
    if "person" in doc and doc.get("person") not in people and "what" in doc:
        doc["person"] = placeholders.person()
        done.append(f"now belongs to {PLACEHOLDER_PERSON!r}")
    if doc.get("introduced") and doc["introduced"] not in people and "what" in doc:
        doc["introduced"] = placeholders.person()
        done.append(f"introduced to {PLACEHOLDER_PERSON!r}")
    involved = doc.get("people")
    if isinstance(involved, list) and any(p not in people for p in involved):
        doc["people"] = list(dict.fromkeys(p if p in people else placeholders.person() for p in involved))
        done.append(f"now with {PLACEHOLDER_PERSON!r} instead of the person who is gone")
    return done


def keeps_clean(journal: Journal, change: Change) -> bool:
    """Whether a change leaves a journal that had no damage without any: it removes no person or event, and
    every record it writes fits the model and points only at people and events that are there."""
    people = _Stored(journal, Person)  # looked up one by one, without reading or building everyone
    events = journal.stored(Event).keys()
    for op in change.ops:
        cls = CLASSES.get(op.table)
        if cls is None:
            return False
        if op.after is None:
            if op.table in ("people", "events"):
                return False
            continue
        try:
            record = cls.load(op.after)
        except RecordDamaged:
            return False
        if _dangling(record, people, events):
            return False
    return True


class _Stored:
    """The uids of the stored records of a kind, as a container asked one uid at a time."""

    def __init__(self, journal: Journal, cls: type[Record]) -> None:
        self.journal, self.table = journal, cls.table

    def __contains__(self, uid: object) -> bool:
        return isinstance(uid, str) and self.journal.files.stored_one(self.table, uid) is not None


def dangling(journal: Journal, *, store: bool = True, known: int | None = None) -> int:
    """How many references point at nobody, plus records that cannot be read. The count is kept in check.json
    for the version of the files it was counted from (each write stores it), so the next command reads it
    back instead of walking every record. A read that had to count (files copied or changed by another tool:
    new signatures) keeps its count too: until the next write, every command paid a second at 30k people."""
    counted = (lambda: {"count": known}) if known is not None else (lambda: {"count": _count_dangling(journal)})
    found = derived(journal.files, "check.json", counted, store=store)
    count = found.get("count")
    return count if isinstance(count, int) else _count_dangling(journal)


def damage_said(count: int) -> str:
    """The warning for `count` damaged references or records, as the command line and the TUI give it."""
    what = "1 record points" if count == 1 else f"{count} records point"
    return f"{what} at nothing or cannot be read; see `kith check`"


def _count_dangling(journal: Journal) -> int:
    people = {p.uid for p in journal.records(Person)}
    events = {e.uid for e in journal.records(Event)}
    count = sum(len(_dangling(p, people, events)) for p in journal.records(Person))
    count += sum(1 for r in journal.records(Promise) if r.person not in people)
    count += sum((r.person not in people) + bool(r.introduced and r.introduced not in people)
                 for r in journal.records(Favor))  # fmt: skip
    count += sum(1 for cls in (Need, Offer) for r in journal.records(cls) if r.person not in people)
    count += sum(1 for uid in journal.contacts() if uid not in people)
    stored = {cls: sum(map(len, journal.files.tables(cls.table))) for cls in KINDS}
    count += sum(stored[cls] - len(journal.records(cls)) for cls in KINDS)  # skipped: damaged
    return count + journal.files.index.damaged
