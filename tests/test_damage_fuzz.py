"""Damaged journals degrade, they do not crash: one field of one record of any table replaced by any JSON
value (or deleted), then every read command and a write; none may end in "unexpected error".

KITH_FUZZ_EXAMPLES raises the number of examples for a longer hunt (the suite keeps it to a few seconds).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Kith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Need, Offer, Person, Promise, Record, Snooze
from journal.store.jsonfile import SHELF

DELETE = object()
VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2.5,
    10**40,
    "",
    "x",
    "Mallory",
    "2026-02-30",
    "9999-12-31",
    "0000-01-01",
    "a" * 32,
    [],
    ["x"],
    [None],
    {},
    {"x": 1},
    DELETE,
]
KINDS: list[type[Record]] = [Person, Event, Interaction, Promise, Favor, Snooze, Need, Offer]
COMMANDS: list[tuple[str, ...]] = [
    ("due",),
    ("due", "--json"),
    ("people",),
    ("people", "Ana"),
    ("people", "--json"),
    ("show", "Ana"),
    ("show", "Ana", "--json"),
    ("events",),
    ("export", "csv"),
    ("export", "vcf"),
    ("export", "ics"),
    ("check",),
    ("needs",),
    ("needs", "--json"),
    ("log", "Tom", "-m", "still here"),
    ("need", "Tom", "a designer"),
]


def build(db: Path) -> None:
    """A small journal with one record of every kind, each pointing at the others."""
    if db.parent.exists():
        shutil.rmtree(db.parent)
    journal = Journal.open(db, clock=lambda: TODAY)
    event = Event(name="PyData", on="2026-11-01", place="Berlin")
    ana = Person(name="Ana", company="Acme", met_on="2026-11-01", met_event=event.uid, every=30, tags=["ml"])
    tom = Person(name="Tom", introduced_by=ana.uid, handles={"email": "tom@example.com"})
    talk = Interaction(people=[ana.uid, tom.uid], on="2026-11-10", direction="in", reply_needed=True, summary="hi")
    promise = Promise(person=ana.uid, what="slides", made="2026-11-02", due="2026-11-20")
    introduction = Favor(person=ana.uid, what="introduced to Tom", on="2026-11-02", introduced=tom.uid)
    favor = Favor(person=ana.uid, what="intro", on="2026-11-03", given=False)
    snooze = Snooze(key=f"promise:{promise.uid}", until="2026-11-30")
    need = Need(person=ana.uid, what="a designer", added="2026-11-01")
    offer = Offer(person=tom.uid, what="brand design", added="2026-11-01", closed="2026-11-05", reason="busy")
    journal.add_records([event, ana, tom, talk, promise, introduction, favor, snooze, need, offer])


def damage(db: Path, kind: type[Record], field: str, value: Any) -> None:
    """Replace (or delete) one field of the first stored record of one kind, straight in the file."""
    files = [db] if kind is not Interaction else sorted((db.parent / "journal.json.d" / "interactions").iterdir())
    for path in files:
        data = json.loads(path.read_text())
        table = data.get(kind.table) or {}
        if not table:
            continue
        doc = table[min(table, key=int)]
        if value is DELETE:
            doc.pop(field, None)
        else:
            doc[field] = value
        path.write_text(json.dumps(data))
        return


def every_field() -> st.SearchStrategy[tuple[type[Record], str]]:
    return st.sampled_from([(kind, f.name) for kind in KINDS for f in fields(kind)])  # type: ignore[arg-type]


@settings(
    max_examples=int(os.environ.get("KITH_FUZZ_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=every_field(), value=st.sampled_from(VALUES))
def test_one_damaged_field_anywhere_never_crashes_a_command(
    kith: Kith, db: Path, target: tuple[type[Record], str], value: Any
) -> None:
    kind, field = target
    build(db)
    damage(db, kind, field, value)
    for args in COMMANDS:
        result = kith(*args)
        assert "unexpected error" not in result.err, (kind.__name__, field, value, args, result.err)
        assert result.code in (0, 1, 2), (kind.__name__, field, value, args, result.err)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_a_record_with_nothing_usable_is_skipped_and_named(kith: Kith, db: Path, kind: type[Record]) -> None:
    build(db)
    shelf = SHELF.get(kind.table)
    files = list((db.parent / "journal.json.d" / shelf).iterdir()) if shelf else [db]
    for path in files:
        data = json.loads(path.read_text())
        if data.get(kind.table):
            data[kind.table]["777"] = {"uid": 5}
            path.write_text(json.dumps(data))
            break
    for args in COMMANDS:
        result = kith(*args)
        assert "unexpected error" not in result.err and result.code in (0, 1, 2), (args, result.err)
    assert "#777: cannot be read" in kith("check").out
