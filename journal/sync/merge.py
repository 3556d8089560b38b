"""The merge state of one record and the rules that join two of them.

An entry knows, for each field of a record, its value and the stamp of the change that set it (`v` and
`s`; `s["*"]` is the stamp of every field without a stamp of its own, since most records are written once);
for each set-like field (a person's tags and aliases), each element with the stamp of its last addition or
removal (`e`); and the stamp of the record's removal, if it was forgotten (`d`). Joining two entries keeps,
field by field and element by element, the value with the later stamp; a record is there when something in
it is later than its removal. Joining is commutative, associative and idempotent, so devices that joined the
same entries hold the same records whatever order they came in, however many times.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from journal.model import Event, Favor, Interaction, Need, Offer, Person, Promise, Record, Snooze
from journal.sync.clock import valid

Entry = dict[str, Any]
KINDS: dict[str, type[Record]] = {
    cls.table: cls for cls in (Person, Event, Interaction, Promise, Favor, Need, Offer, Snooze)
}
SETS: dict[str, tuple[str, ...]] = {"people": ("tags", "aliases")}  # additions on two devices both stay
LOCAL_ONLY = frozenset({"rev"})  # each journal counts its own revisions


def stamp_of(entry: Entry, name: str) -> str:
    """The stamp of a field's value in an entry ("" when the entry never set it)."""
    stamps = entry.get("s") or {}
    found = stamps.get(name)
    if found is not None:
        return str(found)
    return str(stamps.get("*", "")) if name in (entry.get("v") or {}) else ""


def latest(entry: Entry) -> str:
    """The latest stamp of anything set in an entry (its removal aside)."""
    stamps = [str(s) for s in (entry.get("s") or {}).values()]
    for elements in (entry.get("e") or {}).values():
        stamps.extend(str(e[0]) for e in elements.values())
    return max(stamps, default="")


def join(entry: Entry, other: Entry) -> bool:
    """Take into `entry` whatever `other` holds that is later; whether anything changed."""
    changed = False
    if not entry:  # the first news of a record: taken whole
        entry["v"], entry["s"] = dict(other.get("v") or {}), dict(other.get("s") or {})
        if other.get("d"):
            entry["d"] = other["d"]
        if other.get("e"):
            entry["e"] = {name: {k: list(v) for k, v in named.items()} for name, named in other["e"].items()}
        return True
    values, stamps = entry.setdefault("v", {}), entry.setdefault("s", {})
    for name, value in (other.get("v") or {}).items():
        theirs = stamp_of(other, name)
        if theirs > stamp_of(entry, name):
            if stamps.get("*") == theirs:
                stamps.pop(name, None)
            else:
                stamps[name] = theirs
            values[name] = value
            changed = True
    if str(other.get("d") or "") > str(entry.get("d") or ""):
        entry["d"] = other["d"]
        changed = True
    for name, elements in (other.get("e") or {}).items():
        mine = entry.setdefault("e", {}).setdefault(name, {})
        for element, state in elements.items():
            if element not in mine or str(state[0]) > str(mine[element][0]):
                mine[element] = list(state)
                changed = True
    return changed


def alive(entry: Entry) -> bool:
    """Whether the record is there: never removed, or set again after its removal."""
    removed = entry.get("d")
    return not removed or latest(entry) > str(removed)


def fields(table: str, entry: Entry) -> dict[str, Any]:
    """The record's fields as the entry holds them, whether or not it is there (unset fields left out)."""
    doc = {k: v for k, v in (entry.get("v") or {}).items() if v is not None}
    for name in SETS.get(table, ()):
        present = [
            (str(state[0]), int(state[2]), element)
            for element, state in ((entry.get("e") or {}).get(name) or {}).items()
            if state[1]
        ]
        if present:
            doc[name] = [element for _, _, element in sorted(present)]
        else:
            doc.pop(name, None)
    return doc


def document(table: str, entry: Entry | None) -> dict[str, Any] | None:
    """The record as the journal stores it, or None when it is not there."""
    if entry is None or not alive(entry):
        return None
    return fields(table, entry)


def local_edit(table: str, entry: Entry | None, now: dict[str, Any] | None, stamp: str) -> Entry | None:
    """What a change made on this device did to a record, as an entry stamped `stamp`: from what the merge
    knew of it (`entry`) to what the journal holds now (`now`); None if nothing differs."""
    was_there = entry is not None and alive(entry)
    if now is None:
        return {"v": {}, "s": {}, "d": stamp} if was_there else None
    before = fields(table, entry) if entry is not None else {}
    sets = SETS.get(table, ())
    edit: Entry = {"v": {}, "s": {"*": stamp}}
    for name in (now.keys() | before.keys()) - LOCAL_ONLY - set(sets):
        if not was_there or now.get(name) != before.get(name):
            edit["v"][name] = now.get(name)
    for name in sets:
        wanted = [e for e in now.get(name) or [] if isinstance(e, str)]
        had = set(before.get(name) or [])
        changes = {}
        for position, element in enumerate(wanted):
            if element not in had or not was_there:
                changes[element] = [stamp, 1, position]
        for element in had - set(wanted):
            changes[element] = [stamp, 0, 0]
        if changes:
            edit.setdefault("e", {})[name] = changes
    return edit if edit["v"] or edit.get("e") else None


def unknown_fields(table: str, entry: Entry) -> list[str]:
    """Fields an entry sets that this version of Kith does not know (a newer Kith wrote it)."""
    known = _KNOWN.get(table)
    if known is None:
        return [table]
    names = (entry.get("v") or {}).keys() | (entry.get("e") or {}).keys()
    return sorted(names - known) if not names <= known else []


_KNOWN = {table: frozenset(f.name for f in dataclass_fields(kind)) for table, kind in KINDS.items()}  # type: ignore[arg-type]


def well_formed(entry: Any) -> bool:
    """Whether a value read from a file has the shape of an entry (stamps that are stamps)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("v", {}), dict):
        return False
    stamps = entry.get("s", {})
    if not isinstance(stamps, dict) or not all(valid(s) for s in stamps.values()):
        return False
    if "d" in entry and not valid(entry["d"]):
        return False
    elements = entry.get("e", {})
    if not isinstance(elements, dict):
        return False
    for named in elements.values():
        if not isinstance(named, dict):
            return False
        for state in named.values():
            ok = isinstance(state, list) and len(state) == 3 and valid(state[0]) and isinstance(state[2], int)
            if not ok or state[1] not in (0, 1):
                return False
    return True


def check_all(table: str, docs: list[dict[str, Any]]) -> tuple[list[Any], list[tuple[int, str]]]:
    """The merged records that fit the model's rules for a stored record (types, dates, uids, choices: what
    every reader of the journal checks), and the position and damage of each that does not."""
    loaded, damaged = KINDS[table].load_all(docs)
    return loaded, [(n, str(problem)) for n, problem in damaged]


def check(table: str, doc: dict[str, Any]) -> str | None:
    """What is wrong with a merged record by the model's rules, or None if it fits."""
    from journal.errors import KithError

    kind = KINDS[table]
    try:
        kind.load(doc).validated()
    except (KithError, TypeError, ValueError, AttributeError) as exc:
        return str(exc)
    return None
