"""`kith check`: damage inside a journal that still parses is named, warned about, and safely repaired."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Kith, hand_edit

from journal import integrity


def test_a_healthy_journal_checks_clean(kith: Kith) -> None:
    kith("add", "Ana")
    result = kith("check")
    assert result.code == 0 and "no problems" in result.out


def test_dangling_references_are_named_warned_about_and_fixed(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("add", "Tom", "--introduced-by", "Ana", "--at", "PyCon")
    kith("promise", "Ana", "slides")
    ana = json.loads(kith("show", "Ana", "--json").out)["uid"]

    def remove_ana(data: dict) -> None:
        data["people"] = {k: v for k, v in data["people"].items() if v["uid"] != ana}
        data["events"] = {}

    hand_edit(db, remove_ana)
    other = kith("people", "--json")
    assert other.code == 0 and [p["name"] for p in json.loads(other.out)] == ["Tom"]
    assert "kith check" in other.err and len(other.err.strip().splitlines()) == 1
    found = kith("check")
    assert found.code == 1
    assert "introduced by a person who is not in the journal" in found.out
    assert "met at an event that is not in the journal" in found.out
    assert "belongs to a person who is not in the journal" in found.out
    backups_before = len(kith("backups").out.splitlines())
    fixed = kith("check", "--fix")
    assert fixed.code == 0 and "Backed up, then repaired 4 records:" in fixed.out  # Tom twice, the promise, a meeting
    assert "now belongs to 'Unknown (restored by kith check)'" in fixed.out and "no problems found" in fixed.out
    assert len(kith("backups").out.splitlines()) == backups_before + 1
    assert kith("check").code == 0 and kith("due").err == ""
    unknown = json.loads(kith("show", "Unknown (restored", "--json").out)
    assert unknown["archived"] and [p["what"] for p in unknown["promises"]] == ["slides"]
    assert len(unknown["interactions"]) == 1  # Ana's meeting stays visible
    tom = json.loads(kith("show", "Tom", "--json").out)
    assert tom["introduced_by"] == unknown["uid"] and tom["met_at"] == "Unknown event (restored by kith check)"


def test_unreadable_dates_and_duplicate_uids_are_reported(kith: Kith, db: Path) -> None:
    kith("add", "Ana")

    def break_it(data: dict) -> None:
        doc = next(iter(data["people"].values()))
        doc["met_on"] = "last tuesday"
        data["people"]["99"] = dict(doc)

    hand_edit(db, break_it)
    out = kith("check").out
    assert "met_on 'last tuesday' is not a date" in out and "2 records share this uid" in out


def test_a_record_missing_its_name_does_not_crash_other_commands(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("add", "Tom")

    def nameless(data: dict) -> None:
        del next(iter(data["people"].values()))["name"]

    hand_edit(db, nameless)
    result = kith("people", "--json")
    assert result.code == 0 and len(json.loads(result.out)) == 1 and "kith check" in result.err
    assert "cannot be read" in kith("check").out


def test_the_damage_count_comes_from_the_last_write_and_is_recounted_when_a_file_changes(
    kith: Kith, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kith("add", "Ana")
    kith("promise", "Ana", "slides")
    counted: list[int] = []
    real = integrity._count_dangling
    monkeypatch.setattr(integrity, "_count_dangling", lambda journal: counted.append(1) or real(journal))
    assert kith("due").err == "" and kith("people").err == ""
    assert counted == []  # read back from check.json, which the last write stored
    hand_edit(db, lambda data: data.update(people={}))  # another tool changes the main file
    assert "2 records point at nothing" in kith("due").err  # the promise and Ana's meeting
    assert "2 records point at nothing" in kith("people").err
    assert len(counted) == 1  # the read that counted kept the count for the files as they are
    kith("add", "Tom")  # a write stores the count
    counted.clear()
    assert "2 records point at nothing" in kith("due").err and counted == []


def test_a_person_moved_by_hand_into_another_part_is_named_and_moved_back(kith: Kith, db: Path) -> None:
    """People are kept in parts by uid: one found in another part is listed but not found by their uid, so
    `kith check` names it and `--fix` puts it back where its uid says, as one change."""
    from journal.journal import Journal
    from journal.model import Person
    from journal.store.index import part_of

    ana, tom = Person(name="Ana", uid="0a" + "1" * 30), Person(name="Tom", uid="f1" + "2" * 30)
    Journal.open(db).add_records([ana, tom])
    folder = db.parent / "journal.json.d" / "people"
    named = json.loads(db.read_text())["_meta"]["1"]["people"]
    home, other = folder / named[part_of(ana.uid)], folder / named[part_of(tom.uid)]
    moved, kept = json.loads(home.read_text()), json.loads(other.read_text())
    kept["people"]["2"] = moved["people"].pop("1")
    home.write_text(json.dumps(moved))
    other.write_text(json.dumps(kept))
    assert Journal.open(db).person(ana.uid) is None  # listed, but not where her uid says
    found = kith("check")
    assert found.code == 1 and "is kept in the part of other uids" in found.out, found.out
    fixed = kith("check", "--fix")
    assert fixed.code == 0 and "person 0a111111: moved to the part of its uid" in fixed.out, fixed.out
    journal = Journal.open(db)
    assert (journal.person(ana.uid) or tom).name == "Ana" and sorted(p.name for p in journal.people()) == ["Ana", "Tom"]
    assert kith("check").code == 0


def test_a_promise_kept_outside_the_part_of_its_person_is_named_and_moved_there(kith: Kith, db: Path) -> None:
    """Promises and favors are kept in the part of their person (schema 4): one moved by hand into another part,
    or into the main file, is missing from that person's card and reminders, so `kith check` names it and
    `--fix` puts it in its person's part (a move changes no record, so the history shows none)."""
    from journal.journal import Journal
    from journal.model import Favor, Person, Promise
    from journal.store.index import part_of

    ana, tom = Person(name="Ana", uid="0a" + "1" * 30), Person(name="Tom", uid="f1" + "2" * 30)
    slides = Promise(person=ana.uid, what="send slides", made="2026-11-20")
    intro = Favor(person=ana.uid, what="an intro", on="2026-11-20", given=False)
    Journal.open(db).add_records([ana, tom, slides, intro])
    folder = db.parent / "journal.json.d" / "people"
    named = json.loads(db.read_text())["_meta"]["1"]["people"]
    home, other = folder / named[part_of(ana.uid)], folder / named[part_of(tom.uid)]
    moved, kept, main = json.loads(home.read_text()), json.loads(other.read_text()), json.loads(db.read_text())
    kept["promises"] = {"1": moved["promises"].pop("1")}
    main["favors"] = {"1": moved.pop("favors")["1"]}
    for path, data in ((home, moved), (other, kept), (db, main)):
        path.write_text(json.dumps(data))
    journal = Journal.open(db)
    assert journal.promises(ana.uid) == [] and journal.favors(ana.uid) == []  # not where their person's are
    found = kith("check")
    assert found.code == 1 and found.out.count("is kept outside the part of its person") == 2, found.out
    fixed = kith("check", "--fix")
    assert "promise " + slides.uid[:8] + ": moved to the part of its person" in fixed.out, fixed.out
    assert "favor " + intro.uid[:8] + ": moved to the part of its person" in fixed.out, fixed.out
    journal = Journal.open(db)
    assert [p.what for p in journal.promises(ana.uid)] == ["send slides"]
    assert [f.what for f in journal.favors(ana.uid)] == ["an intro"]
    assert "favors" not in json.loads(db.read_text()) or not json.loads(db.read_text())["favors"]
    assert kith("check").code == 0 and "added 2 people" in kith("history").out.splitlines()[0]
