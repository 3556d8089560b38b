"""The matcher's kept inputs (give.N.inputs.json), brought up to date from the change log, are exactly what
reading the journal again gives, and so are the introductions matched from them."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import editing, giving, introductions
from journal.errors import KithError
from journal.journal import Journal
from journal.model import Need, Offer, Person

COMPANIES = [None, "Acme", "Acme Design", "Globex"]
ROLES = [None, "Designer", "Engineer", "Data engineer", "CTO"]
TAGS = ["design", "designers", "python", "ml", "friend"]
NEEDS = ["a designer", "a python engineer", "a data engineer", "help with ml design", "a CTO", "a lawyer"]
OFFERS = ["brand design", "python contracting", "ml mentoring", "design reviews", "engineering"]

texts = st.tuples(st.sampled_from(COMPANIES), st.sampled_from(ROLES), st.lists(st.sampled_from(TAGS), max_size=3))
someone = st.integers(0, 40)
steps = st.one_of(
    st.tuples(st.just("add"), texts),
    st.tuples(st.just("edit"), someone, texts),
    st.tuples(st.just("archive"), someone, st.booleans()),
    st.tuples(st.just("need"), someone, st.sampled_from(NEEDS)),
    st.tuples(st.just("offer"), someone, st.sampled_from(OFFERS)),
    st.tuples(st.just("close"), st.sampled_from([Need, Offer]), someone),
    st.tuples(st.just("intro"), someone, someone),
    st.tuples(st.just("dismiss"), someone, someone),
    st.tuples(st.just("merge"), someone, someone),
    st.tuples(st.just("forget"), someone),
    st.tuples(st.just("log"), someone),
    st.tuples(st.just("undo")),
)


def apply(journal: Journal, step: tuple[Any, ...]) -> None:
    """One change made as the commands make it; one the journal refuses changes nothing."""
    everyone = sorted(journal.people(archived=True), key=lambda p: p.uid)
    pick = (lambda n: everyone[n % len(everyone)]) if everyone else None
    kind, *args = step
    if kind == "add":
        (company, role, tags) = args[0]
        journal.add_records([Person(name="P", company=company, role=role, tags=tags)])
        return
    if kind == "undo":
        journal.undo()
        return
    if pick is None:
        return
    if kind == "edit":
        (company, role, tags) = args[1]
        journal.save_person(replace(pick(args[0]), company=company, role=role, tags=tags))
    elif kind == "archive":
        journal.save_person(replace(pick(args[0]), archived=args[1]))
    elif kind in ("need", "offer"):
        giving.add(journal, kind, pick(args[0]), args[1], TODAY)
    elif kind == "close":
        open_ones = sorted((r for r in journal.records(args[0]) if r.closed is None), key=lambda r: r.uid)
        if open_ones:
            giving.close(journal, open_ones[args[1] % len(open_ones)], TODAY)
    elif kind == "intro":
        introductions.introduce(journal, pick(args[0]), pick(args[1]), TODAY)
    elif kind == "dismiss":
        journal.snooze(f"introduce:{introductions.pair_uid(pick(args[0]).uid, pick(args[1]).uid)}", None)
    elif kind == "merge":
        editing.merge_people(journal, pick(args[0]), pick(args[1]))
    elif kind == "forget":
        editing.forget_person(journal, pick(args[0]))
    elif kind == "log":
        journal.save_person(replace(pick(args[0]), notes="met again"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.lists(st.tuples(st.just("add"), texts), min_size=3, max_size=8),
    changes=st.lists(steps, max_size=12),
    digits=st.sampled_from([1, 3]),
)
def test_kept_inputs_and_introductions_follow_any_change_as_a_fresh_reading_finds_them(
    start: list[tuple[Any, ...]], changes: list[tuple[Any, ...]], digits: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        # a word three people hold is a crowd's: its strongest holders are read
        patch.setattr(introductions, "CROWD", 2)
        # one digit: among a few people the count holding words mostly stays the same, and the kept rankings of
        # the needs' words no change moved are used (at three, as Kith counts, they are used at hundreds)
        patch.setattr(introductions, "DOCUMENTS_DIGITS", digits)
        db = Path(folder) / "journal.json"
        read: list[int] = []
        real_read = introductions._inputs
        patch.setattr(introductions, "_inputs", lambda journal: read.append(1) or real_read(journal))

        def opened() -> Journal:
            return Journal.open(db, clock=lambda: TODAY)

        journal = opened()
        for step in start:
            apply(journal, step)
        giving.add(journal, "need", journal.people()[0], NEEDS[0], TODAY)
        introductions._kept_inputs(opened())
        assert read == [1]
        for step in changes:
            try:
                apply(opened(), step)
            except KithError:
                continue  # refused: nothing written
            found = introductions.suggestions(opened())  # from the kept introductions, or matched from the kept inputs
            kept = introductions._kept_inputs(opened())
            fresh = opened()
            assert kept == real_read(fresh), step
            assert found == introductions._matched(real_read(fresh)), step
        assert read == [1]  # never read from the journal again: each change was applied to the kept inputs


def test_kept_inputs_follow_people_added_with_a_role_as_a_fresh_reading_finds_them(tmp_path: Path) -> None:
    """The benchmark's case: a person with a company and a role added among many; the first `due` after it
    numbers everyone again and matches from the kept inputs, as reading everyone again would."""
    db = tmp_path / "journal.json"
    journal = Journal.open(db, clock=lambda: TODAY)
    roles = ["Designer", "Engineer", "CTO", None]
    many = [
        Person(name=f"P{n}", company=["Acme", None][n % 2], role=roles[n % 4], tags=["ml"][: n % 3]) for n in range(60)
    ]
    journal.add_records(many)
    ana = journal.people()[0]
    giving.add(journal, "need", ana, "a designer for ml", TODAY)
    giving.add(journal, "offer", journal.people()[1], "ml design", TODAY)
    before = introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
    Journal.open(db, clock=lambda: TODAY).add_records([Person(name="Visitor", company="Acme", role="CTO")])
    Journal.open(db, clock=lambda: TODAY).add_records([Person(name="Designer", role="Designer", tags=["ml"])])
    after = introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
    fresh = Journal.open(db, clock=lambda: TODAY)
    assert introductions._kept_inputs(Journal.open(db, clock=lambda: TODAY)) == introductions._inputs(fresh)
    assert after == introductions._suggest(fresh) and after != before


def test_a_person_added_holding_no_word_a_need_asks_for_leaves_its_answers_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's case again: a CTO at Acme added moves no word of a need for a designer, so who answers it
    best is not ranked again; a designer added is. Both times the introductions are those a fresh match finds."""
    monkeypatch.setattr(introductions, "DOCUMENTS_DIGITS", 1)  # 60 people count as 60 until 65 hold words
    db = tmp_path / "journal.json"
    roles = ["Designer", "Engineer", "CTO", None]
    many = [
        Person(name=f"P{n}", company=["Acme", None][n % 2], role=roles[n % 4], tags=["ml"][: n % 3]) for n in range(60)
    ]
    Journal.open(db, clock=lambda: TODAY).add_records(many)
    journal = Journal.open(db, clock=lambda: TODAY)
    giving.add(journal, "need", journal.people()[0], "a designer for ml", TODAY)
    giving.add(journal, "need", journal.people()[5], "a CTO", TODAY)
    giving.add(journal, "offer", journal.people()[1], "ml design", TODAY)
    assert introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
    ranked: list[str] = []
    read: list[int] = []
    real, real_read = introductions._ranking, introductions._kept_inputs
    monkeypatch.setattr(introductions, "_ranking", lambda key, *rest: ranked.append(key) or real(key, *rest))
    monkeypatch.setattr(introductions, "_kept_inputs", lambda journal: read.append(1) or real_read(journal))
    for person, words in ((Person(name="Visitor", company="Acme", role="CTO"), ["cto"]),
                          (Person(name="Dee", role="Designer", tags=["ml"]), ["design ml"]),
                          (Person(name="Gil", company="Acme", role="Engineer"), []),
                          (Person(name="Ines", company="Initech"), [])):  # fmt: skip
        ranked.clear()
        read.clear()
        Journal.open(db, clock=lambda: TODAY).add_records([person])
        found = introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
        assert ranked == words, person.name
        # at an Acme engineer (places with no word a need asks for) not even the matcher's inputs are read; a
        # company never seen before is not known to be clear of the needs' words: matched from the inputs
        assert read == ([] if person.name == "Gil" else [1]), person.name
        assert found == introductions._suggest(Journal.open(db, clock=lambda: TODAY)), person.name


def test_people_added_holding_no_word_a_need_asks_for_match_again_once_the_rounded_count_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every word's rarity reads the count of people holding words (rounded): when people with nothing a need
    asks for take it past its rounding, the scores of every answer change, and the kept ones are not used."""
    monkeypatch.setattr(introductions, "DOCUMENTS_DIGITS", 1)
    db = tmp_path / "journal.json"
    Journal.open(db, clock=lambda: TODAY).add_records([Person(name=f"P{n}", role="Designer") for n in range(12)])
    journal = Journal.open(db, clock=lambda: TODAY)
    giving.add(journal, "need", journal.people()[0], "a designer", TODAY)
    before = introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
    for n in range(5):  # 12 people hold words (10, rounded), then 13, 14, 15 (20), 16, 17
        Journal.open(db, clock=lambda: TODAY).add_records([Person(name=f"G{n}", company="Globex")])
        found = introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
        assert found == introductions._suggest(Journal.open(db, clock=lambda: TODAY)), n
    assert [s.score for s in found] != [s.score for s in before]


def test_kept_suggestions_without_their_rankings_are_matched_afresh_and_kept_whole(tmp_path: Path) -> None:
    """give.N.json as an older Kith kept it (the suggestions alone) or damaged: the next change that reaches
    the suggestions matches them afresh and keeps them with their rankings."""
    db = tmp_path / "journal.json"
    Journal.open(db, clock=lambda: TODAY).add_records([Person(name=f"P{n}", role="Designer") for n in range(5)])
    journal = Journal.open(db, clock=lambda: TODAY)
    giving.add(journal, "need", journal.people()[0], "a designer", TODAY)
    introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
    kept = db.parent / "journal.json.d" / f"give.{introductions.MATCHER}.json"
    doc = json.loads(kept.read_text())
    doc["value"] = {"found": doc["value"]["found"]}
    kept.write_text(json.dumps(doc))
    Journal.open(db, clock=lambda: TODAY).add_records([Person(name="Dee", role="Designer")])
    found = introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
    assert found == introductions._suggest(Journal.open(db, clock=lambda: TODAY))
    assert "ranked" in json.loads(kept.read_text())["value"]


def test_a_person_archived_or_brought_back_takes_their_offers_out_of_the_kept_answers_or_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archiving moves no word of a person's offers in the change (the offer records stay as they were), yet
    their offers no longer answer anyone: needs asking for those words are ranked again."""
    monkeypatch.setattr(introductions, "DOCUMENTS_DIGITS", 1)
    db = tmp_path / "journal.json"
    Journal.open(db, clock=lambda: TODAY).add_records([Person(name=f"P{n}", role="Engineer") for n in range(30)])
    journal = Journal.open(db, clock=lambda: TODAY)
    asker, giver = journal.people()[0], journal.people()[1]
    giving.add(journal, "need", asker, "a letterpress printer", TODAY)
    giving.add(journal, "offer", giver, "letterpress printing", TODAY)
    assert [s.other for s in introductions.suggestions(Journal.open(db, clock=lambda: TODAY))] == [giver.uid]
    for archived in (True, False):
        journal = Journal.open(db, clock=lambda: TODAY)
        journal.save_person(replace(journal.person(giver.uid), archived=archived))
        found = introductions.suggestions(Journal.open(db, clock=lambda: TODAY))
        assert [s.other for s in found] == ([] if archived else [giver.uid])
        assert found == introductions._suggest(Journal.open(db, clock=lambda: TODAY))


@given(
    people=st.lists(st.text("0123456789abcdef", min_size=4, max_size=4), unique=True, max_size=12),
    came=st.lists(st.text("0123456789abcdef", min_size=4, max_size=4), unique=True, max_size=5),
    went=st.lists(st.integers(0, 20), max_size=5),
)
def test_renumbering_keeps_uid_order_as_sorting_everyone_again_would(
    people: list[str], came: list[str], went: list[int]
) -> None:
    people.sort()
    came = [uid for uid in came if uid not in people]
    gone = sorted({people[n % len(people)] for n in went}) if people else []
    renumbered, now = introductions._renumbered(people, came, gone)
    assert now == sorted(set(people) - set(gone) | set(came))
    assert renumbered == [now.index(uid) if uid in now else -1 for uid in people]
