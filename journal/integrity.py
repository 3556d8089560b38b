"""`kith check`: what is wrong inside a journal that still parses, and the repairs that are safe."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from journal.errors import JournalUnreadable, KithError, RecordDamaged
from journal.index import derived
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person, Promise, Record, Snooze
from journal.storage import JsonStorage

KINDS: tuple[type[Record], ...] = (Person, Event, Promise, Favor, Snooze)
SET_ASIDE = "set it aside in the quarantine file"


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is, and whether `--fix` can repair it without losing anything."""

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
    people = _uids(main.get("people", {}).values())
    events = _uids(main.get("events", {}).values())
    for cls in KINDS:
        problems += _check_table(cls, [(f"#{k}", doc) for k, doc in main.get(cls.table, {}).items()], people, events)
    interactions: list[tuple[str, Any]] = []
    for name in journal.files.bucket_names():
        table = (journal.files.bucket(name).file.read() or {}).get("interactions", {})
        interactions += [(f"bucket {name} #{k}", doc) for k, doc in table.items()]
    problems += _check_table(Interaction, interactions, people, events)
    return problems


def _uids(docs: Any) -> set[str]:
    return {uid for doc in docs if isinstance(uid := doc.get("uid"), str)}


def _check_table(cls: type[Record], docs: list[tuple[str, Any]], people: set[str], events: set[str]) -> list[Problem]:
    where = cls.table.rstrip("s")
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


def _dangling(record: Record, people: set[str], events: set[str]) -> list[tuple[str, str | None]]:
    """What a readable record points at that is not in the journal, with the safe repair if there is one."""
    found: list[tuple[str, str | None]] = []
    if isinstance(record, Person):
        if record.introduced_by and record.introduced_by not in people:
            found.append(("introduced by a person who is not in the journal", "forget who"))
        if record.met_event and record.met_event not in events:
            found.append(("met at an event that is not in the journal", "forget the event"))
    if isinstance(record, Promise | Favor) and record.person not in people:
        found.append(("belongs to a person who is not in the journal", None))
    if isinstance(record, Interaction):
        missing = [p for p in record.people if p not in people]
        if missing and len(missing) < len(record.people):
            found.append(("lists a person who is not in the journal", "drop that person"))
        elif missing:
            found.append(("is with nobody who is in the journal", None))
    return found


def fix(journal: Journal) -> int:
    """Back up, then repair what is safe; returns how many records changed."""
    changed = 0
    journal.backup()
    with journal.writing():
        changed += _set_aside(journal)
        main = journal.files.main.file.read() or {}
        people = {doc.get("uid") for doc in main.get("people", {}).values()}
        events = {doc.get("uid") for doc in main.get("events", {}).values()}
        tables = [main] + [journal.files.bucket(n).file.read() or {} for n in journal.files.bucket_names()]
        for storage, data in zip(
            [journal.files.main.file] + [journal.files.bucket(n).file for n in journal.files.bucket_names()],
            tables,
            strict=True,
        ):
            touched = 0
            for table in data.values():
                seen: dict[str, dict[str, Any]] = {}
                for doc_id, doc in list(table.items()):
                    uid = doc.get("uid")
                    if isinstance(uid, str) and uid in seen and seen[uid] == doc:
                        del table[doc_id]
                        touched += 1
                        continue
                    if isinstance(uid, str):
                        seen[uid] = doc
                    touched += _repair(doc, people, events)
            if touched:
                storage.write(data)
                changed += touched
    return changed


def quarantine_file(journal: Journal) -> JsonStorage:
    """Where `kith check --fix` keeps records that do not fit the model: beside the journal, never deleted."""
    return JsonStorage(journal.files.folder / "quarantine.json", "kith-quarantine")


def quarantined(journal: Journal) -> int:
    """How many records have been set aside in the quarantine file."""
    try:
        return len((quarantine_file(journal).read() or {}).get("records", {}))
    except JournalUnreadable:
        return 0


def _set_aside(journal: Journal) -> int:
    """Move every record that does not fit the model into the quarantine file; inside `journal.writing()`.

    The quarantine file is written before the journal's files drop the records, so a failure in
    between leaves a record in both places, never in neither."""
    files = [("journal", journal.files.main.file, KINDS)]
    files += [(f"bucket {n}", journal.files.bucket(n).file, (Interaction,)) for n in journal.files.bucket_names()]
    moving: list[tuple[JsonStorage, dict[str, Any], str, str, dict[str, Any]]] = []
    for label, storage, kinds in files:
        data = storage.read() or {}
        for cls in kinds:
            table = data.get(cls.table, {})
            for doc_id, doc in table.items():
                try:
                    cls.load(doc)
                except RecordDamaged as exc:
                    moving.append((storage, table, doc_id, f"{label} {cls.table} #{doc_id}: {exc}", doc))
    if not moving:
        return 0
    keeper = quarantine_file(journal)
    kept = keeper.read() or {}
    records = kept.setdefault("records", {})
    already = [entry.get("doc") for entry in records.values()]
    next_id = max((int(k) for k in records if k.isdigit()), default=0) + 1
    for _, _, _, why, doc in moving:
        if doc not in already:
            records[str(next_id)] = {"from": why, "on": journal.today().isoformat(), "doc": doc}
            next_id += 1
    keeper.write(kept)
    touched = {id(storage): storage for storage, *_ in moving}
    for _, table, doc_id, _, _ in moving:
        del table[doc_id]
    for storage in touched.values():
        storage.write(storage.read() or {})
    return len(moving)


def _repair(doc: dict[str, Any], people: set[Any], events: set[Any]) -> int:
    touched = 0
    if doc.get("introduced_by") and doc["introduced_by"] not in people:
        del doc["introduced_by"]
        touched = 1
    if doc.get("met_event") and doc["met_event"] not in events:
        del doc["met_event"]
        touched = 1
    involved = doc.get("people")
    if isinstance(involved, list):
        known = [p for p in involved if p in people]
        if known and len(known) < len(involved):
            doc["people"] = known
            touched = 1
    return touched


def dangling(journal: Journal, *, store: bool = False) -> int:
    """How many references point at nobody, plus records that cannot be read. Every write stores the
    count in check.json with the signatures of the files it was counted from (`store`), so the next
    command reads it back instead of walking every record; a reading command never writes it."""
    journal.contacts()  # brings the index up to date first: the count is keyed by its signature
    found = derived(journal.files, journal.files.check_file, lambda: {"count": _count_dangling(journal)}, store=store)
    return int(found.get("count", 0))


def _count_dangling(journal: Journal) -> int:
    main = journal.files.main.file.read() or {}
    people = {p.uid for p in journal.records(Person)}
    events = {e.uid for e in journal.records(Event)}
    count = sum(len(_dangling(p, people, events)) for p in journal.records(Person))
    count += sum(1 for r in journal.records(Promise) if r.person not in people)
    count += sum(1 for r in journal.records(Favor) if r.person not in people)
    count += sum(1 for uid in journal.contacts() if uid not in people)
    count += sum(len(main.get(cls.table, {})) - len(journal.records(cls)) for cls in KINDS)  # skipped: damaged
    return count + journal.files.index.damaged
