"""The synthetic journal behind the benchmark: valid, realistic, and the same for the same arguments."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, run_kith

from journal import integrity, reminders, synth
from journal.journal import Journal
from journal.model import Event, Favor, Person, Promise


def test_the_same_seed_and_day_build_the_same_journal() -> None:
    first = [r.to_doc() for r in synth.build(60, 300, seed=7, today=TODAY)]
    again = [r.to_doc() for r in synth.build(60, 300, seed=7, today=TODAY)]
    other = [r.to_doc() for r in synth.build(60, 300, seed=8, today=TODAY)]
    assert first == again
    assert first != other


def test_what_it_writes_opens_passes_check_and_has_every_kind_of_record(tmp_path: Path) -> None:
    db = tmp_path / "synth" / "journal.json"
    assert (
        synth.main(["--people", "300", "--interactions", "3000", "--today", TODAY.isoformat(), "--out", str(db)]) == 0
    )
    journal = Journal.open(db, clock=lambda: TODAY)
    assert integrity.check(journal) == []
    checked = run_kith("check", db=db)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    people = journal.people()
    assert len(people) == 300 and sum(c.count for c in journal.contacts().values()) == 3000
    assert any(not p.name.isascii() for p in people)
    assert any(p.met_event for p in people) and any(p.met_online for p in people)
    assert any(p.introduced_by for p in people) and any(p.every for p in people) and any(p.tags for p in people)
    promises = journal.records(Promise)
    assert {p.mine for p in promises if p.status == "open"} == {True, False}
    assert {f.given for f in journal.records(Favor)} == {True, False}
    assert journal.records(Event)
    due = {r.kind for r in reminders.reminders(journal, TODAY)}
    assert {"promise", "nudge", "follow-up", "keep-in-touch", "thanks"} <= due


def test_it_never_writes_over_an_existing_journal(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "journal.json"
    Journal.open(db, clock=lambda: TODAY).add_person(Person(name="Mine"))
    before = db.read_bytes()
    with pytest.raises(SystemExit) as stopped:
        synth.main(["--people", "5", "--interactions", "5", "--out", str(db)])
    assert stopped.value.code == 2
    assert db.read_bytes() == before
    assert "exists" in capsys.readouterr().err
