"""What one change did to the journal and the change log that keeps it.

A change is a list of operations, each naming a record by its file, table and uid with the document before
(None: it was added) and after (None: it was removed). The log holds one file per change,
`journal.json.d/changes/<seq>.json`, written before the commit that publishes it; a change file whose
sequence is past the main file's head belongs to a commit that never happened and is ignored.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import compress
from operator import is_not
from pathlib import Path
from typing import Any

import orjson

from journal.store.jsonfile import Tables

KEEP = 1000  # changes kept in the log; older ones are compacted away (records are never touched)
# How `Change.to_doc` starts; compiled on first use (`re` caches it), since most commands read no header.
_HEADER = rb'^\{"id":"([0-9a-f]{1,64})","seq":([0-9]{1,12})[,}]'
_SINGULAR = {"people": "person", "events": "event", "promises": "promise", "favors": "favor", "snoozes": "snooze"}


@dataclass
class Op:
    """One record added, changed or removed."""

    file: str
    table: str
    uid: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_doc(self) -> dict[str, Any]:
        """The stored form."""
        return {"file": self.file, "table": self.table, "uid": self.uid, "before": self.before, "after": self.after}

    def people(self) -> set[str]:
        """The people this operation concerns."""
        found: set[str] = set()
        for doc in (self.before, self.after):
            if not doc:
                continue
            if self.table == "people":
                found.add(str(doc.get("uid")))
            for key in ("person", "introduced_by"):
                if isinstance(doc.get(key), str):
                    found.add(doc[key])
            if isinstance(doc.get("people"), list):
                found.update(p for p in doc["people"] if isinstance(p, str))
        return found


@dataclass
class Change:
    """One change of the journal: when, by which command, what it did, and how to reverse it."""

    id: str
    seq: int
    at: str
    command: str
    summary: str
    device: str
    kind: str = "change"  # change, undo or redo
    target: str | None = None  # the change an undo reverses or a redo re-applies
    ops: list[Op] = field(default_factory=list)

    def to_doc(self) -> dict[str, Any]:
        """The stored form."""
        doc = {k: v for k, v in self.__dict__.items() if k != "ops"}
        doc["ops"] = [op.to_doc() for op in self.ops]
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Change:
        """A change from its stored form."""
        ops = [Op(**op) for op in doc.get("ops", [])]
        return cls(**{**{k: v for k, v in doc.items() if k in cls.__dataclass_fields__}, "ops": ops})

    def touches(self, person_uid: str) -> bool:
        """Whether the change concerns this person."""
        return any(person_uid in op.people() for op in self.ops)

    def records(self) -> int:
        """How many records it touched."""
        return len({(op.table, op.uid) for op in self.ops})


def diff(file: str, before: Tables | None, after: Tables | None) -> list[Op]:
    """The records that differ between two versions of one file (documents compared by identity first)."""
    before, after = before or {}, after or {}
    ops: list[Op] = []
    for name in sorted((before.keys() | after.keys()) - {"_meta"}):
        old_table, new_table = before.get(name) or {}, after.get(name) or {}
        if old_table is new_table:
            continue
        # a write never changes a stored document in place (jsonfile.FreshTable), so a document still at its
        # place is unchanged: only the others are compared by uid (found in C-level passes: 30k in a few ms)
        old_table, new_table = _moved(old_table, new_table), _moved(new_table, old_table)
        old_by_uid = {_key(doc_id, doc): doc for doc_id, doc in old_table.items()}
        new_by_uid = {_key(doc_id, doc): doc for doc_id, doc in new_table.items()}
        for uid, doc in new_by_uid.items():
            old = old_by_uid.get(uid)
            if old is not doc and old != doc:
                ops.append(Op(file, name, str(uid), old, doc))
        for uid in old_by_uid.keys() - new_by_uid.keys():
            ops.append(Op(file, name, str(uid), old_by_uid[uid], None))
    return ops


def _moved(table: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """The documents of `table` that `other` does not hold as the same object at the same place."""
    ids = list(table)
    changed = list(map(is_not, map(other.get, ids), table.values()))
    return {doc_id: table[doc_id] for doc_id in compress(ids, changed)}


def _key(doc_id: str, doc: dict[str, Any]) -> str:
    """What names a record in a change: its uid, or its place for a damaged record without a usable one."""
    uid = doc.get("uid")
    return uid if isinstance(uid, str) else f"#{doc_id}"


def bump_revisions(ops: list[Op]) -> None:
    """Give every record a change writes the next revision, so a stale save can be recognised."""
    for op in ops:
        if op.after is not None:
            previous = op.before.get("rev", 0) if isinstance(op.before, dict) else 0
            op.after["rev"] = (previous if isinstance(previous, int) else 0) + 1


def describe(ops: list[Op], name_of: Callable[[str], str | None]) -> str:
    """A one-line summary of what the operations did, in the user's words."""
    if not ops:
        return "nothing"
    if len(ops) <= 3:
        return "; ".join(_phrase(op, name_of) for op in ops)
    counts = Counter((_verb(op), op.table) for op in ops)
    return ", ".join(
        f"{verb} {n} {table if n != 1 else _SINGULAR.get(table, table[:-1])}" for (verb, table), n in counts.items()
    )


def _verb(op: Op) -> str:
    return "added" if op.before is None else "removed" if op.after is None else "changed"


def _phrase(op: Op, name_of: Callable[[str], str | None]) -> str:
    doc = op.after or op.before or {}
    what = _SINGULAR.get(op.table, op.table.rstrip("s"))
    if op.table == "people" or op.table == "events":
        label = str(doc.get("name", "?"))
    elif op.table == "interactions":
        names = [name_of(p) or "?" for p in doc.get("people", []) if isinstance(p, str)]
        label = f"{doc.get('kind', 'message')} with {', '.join(names)} on {doc.get('on', '?')}"
    elif op.table == "snoozes":
        label = str(doc.get("key", "?"))
    else:
        who = name_of(str(doc.get("person"))) or "?"
        label = f"{doc.get('what', '?')!s} ({who})"
    verb = _verb(op)
    if verb == "changed" and op.before and op.after:
        fields = sorted(
            k for k in op.before.keys() | op.after.keys() if k != "rev" and op.before.get(k) != op.after.get(k)
        )
        if fields:
            label += f" ({', '.join(fields)})"
    return f"{verb} {what} {label}"


def people_touched(changes: list[Change]) -> set[str] | None:
    """The uids of everyone whose records these changes touched: a person, and whoever a record names as its
    `person` or among its `people`, before or after; snoozes and new events belong to no one (whoever was met
    at a new event was added or changed by the same change). None if a change touched a record that reaches
    further (an event renamed or removed: everyone met there)."""
    touched: set[str] = set()
    for op in (op for change in changes for op in change.ops):
        if op.table == "people":
            touched.add(op.uid)
            continue
        if op.table == "snoozes" or (op.table == "events" and op.before is None):
            continue
        docs = [doc for doc in (op.before, op.after) if isinstance(doc, dict)]
        if not docs or not all("person" in doc or "people" in doc for doc in docs):
            return None
        for doc in docs:
            named = [doc["person"]] if "person" in doc else doc["people"]
            touched.update(str(uid) for uid in named if isinstance(named, list))
    return touched


class ChangeLog:
    """The change files of one journal."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, seq: int) -> Path:
        """Where change number `seq` lives."""
        return self.folder / f"{seq:09d}.json"

    def read(self, seq: int) -> Change | None:
        """Change number `seq`, if it is there and whole."""
        try:
            return Change.from_doc(orjson.loads(self.path(seq).read_bytes()))
        except (OSError, orjson.JSONDecodeError, TypeError, KeyError):
            return None

    def header(self, seq: int) -> tuple[str, int] | None:
        """The id and sequence number of change `seq`, read from the start of its file (an import's change can
        be a hundred megabytes; its id is in the first bytes)."""
        try:
            with open(self.path(seq), "rb") as f:
                start = f.read(256)
        except OSError:
            return None
        found = re.match(_HEADER, start)
        return (found[1].decode(), int(found[2])) if found else None

    def since(self, token: str, seq: int, head: int) -> list[Change] | None:
        """Every change after commit `seq`, oldest first, if `token` was that commit's and the log holds each
        one whole up to the head; None otherwise (a commit without a change, a compacted or damaged file)."""
        if not 0 < seq <= head or head - seq > KEEP:
            return None
        if self.header(seq) != (token, seq):
            return None
        found = []
        for n in range(seq + 1, head + 1):
            change = self.read(n)
            if change is None or change.seq != n:
                return None
            found.append(change)
        return found

    def sequences(self, head: int) -> list[int]:
        """The sequence numbers of the changes kept, oldest first (none past the head)."""
        found = []
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                stem = entry.name[:-5]
                if entry.name.endswith(".json") and stem.isdigit() and int(stem) <= head:
                    found.append(int(stem))
        return sorted(found)

    def newest_first(self, head: int) -> Iterator[Change]:
        """The changes kept, newest first."""
        for seq in reversed(self.sequences(head)):
            change = self.read(seq)
            if change is not None:
                yield change

    def compact(self, head: int, keep: int | None = None) -> None:
        """Remove change files beyond the newest `keep`, and any past the head (from commits that failed)."""
        keep = KEEP if keep is None else keep
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                stem = entry.name[:-5]
                if entry.name.endswith(".json") and stem.isdigit() and not head - keep < int(stem) <= head:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
