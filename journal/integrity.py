"""`kith check`: what is wrong inside a journal that still parses, and the repairs that are safe."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from journal.errors import KithError
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person, Promise, Record, Snooze, required_fields
from journal.store.index import derived

KINDS: tuple[type[Record], ...] = (Person, Event, Promise, Favor, Snooze)
DATE_FIELDS = ("met_on", "on", "made", "due", "closed", "thanked", "until")


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is, and whether `--fix` can repair it without losing anything."""

    where: str
    uid: str
    what: str
    fix: str | None = None

    def __str__(self) -> str:
        repair = f" (--fix: {self.fix})" if self.fix else ""
        return f"{self.where} {self.uid[:8] or '?'}: {self.what}{repair}"


def check(journal: Journal) -> list[Problem]:
    """Every problem in the journal: bad records, duplicate uids, dangling references, unreadable dates."""
    problems: list[Problem] = []
    main = journal.files.main.file.read() or {}
    people = {doc.get("uid") for doc in main.get("people", {}).values()}
    events = {doc.get("uid") for doc in main.get("events", {}).values()}
    for cls in KINDS:
        problems += _check_table(cls, list(main.get(cls.table, {}).values()), people, events)
    interactions: list[dict[str, Any]] = []
    for name in journal.files.bucket_names():
        interactions += (journal.files.bucket(name).file.read() or {}).get("interactions", {}).values()
    problems += _check_table(Interaction, interactions, people, events)
    return problems


def _check_table(cls: type[Record], docs: list[dict[str, Any]], people: set[Any], events: set[Any]) -> list[Problem]:
    where = cls.table.rstrip("s")
    problems = []
    counts = Counter(doc.get("uid") for doc in docs)
    for uid, n in counts.items():
        if n > 1:
            problems.append(
                Problem(where, str(uid), f"{n} records share this uid", "keep one copy if they are identical")
            )
    for doc in docs:
        uid = str(doc.get("uid", ""))
        for name in DATE_FIELDS:
            value = doc.get(name)
            if value is not None and not _is_date(value):
                problems.append(Problem(where, uid, f"{name} {value!r} is not a date like 2026-12-05"))
        if doc.get("introduced_by") and doc["introduced_by"] not in people:
            problems.append(Problem(where, uid, "introduced by a person who is not in the journal", "a placeholder"))
        if doc.get("met_event") and doc["met_event"] not in events:
            problems.append(Problem(where, uid, "met at an event that is not in the journal", "a placeholder"))
        if cls in (Promise, Favor) and doc.get("person") not in people:
            problems.append(Problem(where, uid, "belongs to a person who is not in the journal", "a placeholder"))
        if cls is Interaction:
            missing = [p for p in doc.get("people", []) if p not in people]
            if missing and len(missing) < len(doc.get("people", [])):
                problems.append(Problem(where, uid, "lists a person who is not in the journal", "a placeholder"))
            elif missing:
                problems.append(Problem(where, uid, "is with nobody who is in the journal", "a placeholder"))
        try:
            cls.from_doc(doc).validated()
        except (KithError, TypeError, ValueError, AttributeError) as exc:
            problems.append(Problem(where, uid, f"cannot be read: {exc}"))
    return problems


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


PLACEHOLDER_PERSON = "Unknown (restored by kith check)"
PLACEHOLDER_EVENT = "Unknown event (restored by kith check)"


def fix(journal: Journal) -> list[str]:
    """Back up, then repair what is safe, losing nothing: an identical duplicate is dropped, and a record
    that points at a person or event that is gone points at an archived placeholder instead, so it stays
    visible and the journal checks clean. Returns what was done, one line each."""
    journal.backup("safety")
    done: list[str] = []
    with journal.writing():
        main = _copy(journal.files.main.file.read())
        people = {doc.get("uid") for doc in main.get("people", {}).values()}
        events = {doc.get("uid") for doc in main.get("events", {}).values()}
        names = list(journal.files.bucket_names())
        storages = [journal.files.main.file] + [journal.files.bucket(n).file for n in names]
        tables = [main] + [_copy(journal.files.bucket(n).file.read()) for n in names]
        placeholders = _Placeholders(main, people, events)
        for storage, data in zip(storages, tables, strict=True):
            touched = 0
            for table_name, table in data.items():
                seen: dict[str, dict[str, Any]] = {}
                for doc_id, doc in list(table.items()):
                    uid = doc.get("uid")
                    if isinstance(uid, str) and uid in seen and seen[uid] == doc:
                        del table[doc_id]
                        touched += 1
                        done.append(f"{table_name.rstrip('s')} {uid[:8]}: removed an identical copy")
                        continue
                    if isinstance(uid, str):
                        seen[uid] = doc
                    for what in _repair(doc, people, events, placeholders):
                        touched += 1
                        done.append(f"{table_name.rstrip('s')} {str(uid)[:8]}: {what}")
            if touched and storage is not journal.files.main.file:
                storage.write(data)
        placeholders.add_to(main)
        if done:
            journal.files.main.file.write(main)
            journal.files.index.rebuild()  # interactions may now belong to the placeholder
    return done


def _copy(tables: dict[str, Any] | None) -> dict[str, Any]:
    """A copy to repair: the version read stays as it was, so the change records what the repair did."""
    import orjson

    return orjson.loads(orjson.dumps(tables or {}))  # type: ignore[no-any-return]


class _Placeholders:
    """The archived person and the event that records pointing at nobody are re-attached to, made on first use."""

    def __init__(self, main: dict[str, Any], people: set[Any], events: set[Any]) -> None:
        self.person_uid = next(
            (d["uid"] for d in main.get("people", {}).values() if d.get("name") == PLACEHOLDER_PERSON), None
        )
        self.event_uid = next(
            (d["uid"] for d in main.get("events", {}).values() if d.get("name") == PLACEHOLDER_EVENT), None
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

    def add_to(self, main: dict[str, Any]) -> None:
        """Store the placeholders that were made."""
        for record in self.new:
            table = main.setdefault(record.table, {})
            table[str(max((int(k) for k in table), default=0) + 1)] = record.to_doc()


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
    involved = doc.get("people")
    if isinstance(involved, list) and any(p not in people for p in involved):
        doc["people"] = list(dict.fromkeys(p if p in people else placeholders.person() for p in involved))
        done.append(f"now with {PLACEHOLDER_PERSON!r} instead of the person who is gone")
    return done


def dangling(journal: Journal, *, store: bool = False) -> int:
    """How many references point at nobody, plus records that cannot be read. Every write stores the
    count in check.json with the signatures of the files it was counted from (`store`), so the next
    command reads it back instead of walking every record; a reading command never writes it."""
    journal.contacts()  # brings the index up to date first: the count is keyed by its signature
    found = derived(journal.files, "check.json", lambda: {"count": _count_dangling(journal)}, store=store)
    return int(found.get("count", 0))


def _count_dangling(journal: Journal) -> int:
    main = journal.files.main.file.read() or {}
    people_docs = main.get("people", {}).values()
    people = {doc.get("uid") for doc in people_docs}
    events = {doc.get("uid") for doc in main.get("events", {}).values()}
    count = 0
    for doc in people_docs:
        if doc.get("introduced_by") and doc["introduced_by"] not in people:
            count += 1
        if doc.get("met_event") and doc["met_event"] not in events:
            count += 1
    for table in ("promises", "favors"):
        count += sum(1 for doc in main.get(table, {}).values() if doc.get("person") not in people)
    count += sum(1 for uid in journal.contacts() if uid not in people)
    for cls in KINDS:
        required = required_fields(cls)
        count += sum(1 for doc in main.get(cls.table, {}).values() if not required <= doc.keys())
    return count
