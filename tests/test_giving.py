"""Needs and offers, the introductions Kith suggests from them, and `kith intro`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TODAY, Kith

from journal import giving, introductions, reminders
from journal.capture import parse_line
from journal.journal import Journal
from journal.model import Favor, Need, Offer, Person


def people(journal: Journal, *specs: dict[str, object]) -> list[Person]:
    """Add people (no meeting date: no follow-ups to get in the way)."""
    found = [Person(**spec) for spec in specs]  # type: ignore[arg-type]
    journal.add_records(found)
    return found


def suggested(journal: Journal) -> list[tuple[str, str, str]]:
    """(who needs, who could give, where the words were found), best first."""
    names = {p.uid: p.name for p in journal.people(archived=True)}
    return [(names[s.person], names[s.other], s.source) for s in introductions.suggestions(journal)]


def test_words_ignore_case_accents_stop_words_and_endings() -> None:
    assert introductions.words("Looking for a freelance DESIGNER") == introductions.words("freelance designers")
    assert introductions.words("Diseño") == introductions.words("diseno")
    assert "design" in introductions.words("brand design") and "design" in introductions.words("a designer")
    assert introductions.words("someone who can help with the") == []


def test_a_need_meets_the_offer_that_answers_it(journal: Journal) -> None:
    ana, tom, lin = people(
        journal, {"name": "Ana López", "role": "Head of Data"}, {"name": "Tom Baker"}, {"name": "Lin Wei"}
    )
    giving.add(journal, "need", ana, "a freelance designer", TODAY)
    giving.add(journal, "offer", tom, "brand design", TODAY)
    giving.add(journal, "offer", lin, "tax advice", TODAY)
    assert suggested(journal) == [("Ana López", "Tom Baker", "offer")]
    due = [r for r in reminders.reminders(journal, TODAY) if r.kind == "introduce"]
    assert [r.text for r in due] == ["Introduce Tom Baker (brand design) to Ana López (needs a freelance designer)"]


def test_roles_and_tags_answer_needs_too_and_better_matches_come_first(journal: Journal) -> None:
    tom, lin, ada, kofi = people(
        journal,
        {"name": "Tom", "tags": ["startup"]},
        {"name": "Lin", "role": "Data Engineer"},
        {"name": "Ada", "tags": ["data"]},
        {"name": "Kofi", "role": "Pastry chef"},
    )
    giving.add(journal, "need", tom, "hiring a data engineer", TODAY)
    # Ada has one of the two words, as a tag: a suggestion, after Lin, who has both; Kofi has neither
    assert suggested(journal) == [("Tom", "Lin", "role"), ("Tom", "Ada", "tag")]


def test_a_weak_match_is_not_suggested(journal: Journal) -> None:
    ana, acme, chef = people(
        journal,
        {"name": "Ana"},
        {"name": "Sam", "company": "Design Factory"},  # the word only in a company name
        {"name": "Kai", "tags": ["climate"]},  # one word of four
    )
    giving.add(journal, "need", ana, "a designer", TODAY)
    giving.add(journal, "need", ana, "a data engineer for our climate startup", TODAY)
    assert suggested(journal) == []


def test_nobody_is_introduced_to_themselves(journal: Journal) -> None:
    (ana,) = people(journal, {"name": "Ana", "role": "Designer"})
    giving.add(journal, "need", ana, "a designer", TODAY)
    giving.add(journal, "offer", ana, "design", TODAY)
    assert suggested(journal) == []


def test_a_dismissed_pair_never_comes_back(journal: Journal) -> None:
    ana, tom = people(journal, {"name": "Ana"}, {"name": "Tom"})
    giving.add(journal, "need", ana, "a designer", TODAY)
    giving.add(journal, "offer", tom, "brand design", TODAY)
    (intro,) = [r for r in reminders.reminders(journal, TODAY) if r.kind == "introduce"]
    reminders.drop(journal, intro.key, TODAY)
    giving.add(journal, "offer", tom, "logo design", TODAY)  # new words, same pair
    giving.add(journal, "need", ana, "a logo designer", TODAY)
    assert suggested(journal) == []
    assert not [r for r in reminders.reminders(journal, TODAY, include_snoozed=True) if r.kind == "introduce"]


def test_an_introduced_pair_never_comes_back(journal: Journal) -> None:
    ana, tom = people(journal, {"name": "Ana"}, {"name": "Tom"})
    giving.add(journal, "need", ana, "a designer", TODAY)
    giving.add(journal, "offer", tom, "brand design", TODAY)
    (intro,) = [r for r in reminders.reminders(journal, TODAY) if r.kind == "introduce"]
    reminders.done(journal, intro.key, TODAY)
    assert [n.closed for n in journal.records(Need)] == [TODAY.isoformat()]
    giving.add(journal, "need", ana, "another designer", TODAY)
    assert suggested(journal) == []


def test_archived_people_are_not_suggested(journal: Journal) -> None:
    ana, tom = people(journal, {"name": "Ana"}, {"name": "Tom", "archived": True})
    giving.add(journal, "need", ana, "a designer", TODAY)
    journal.add_record(Offer(person=tom.uid, what="brand design", added=TODAY.isoformat()))
    assert suggested(journal) == []


def test_suggestions_are_kept_for_the_version_they_came_from(journal: Journal, db: Path) -> None:
    ana, tom = people(journal, {"name": "Ana"}, {"name": "Tom"})
    giving.add(journal, "need", ana, "a designer", TODAY)
    giving.add(journal, "offer", tom, "brand design", TODAY)
    assert suggested(journal) == [("Ana", "Tom", "offer")]
    assert (db.parent / "journal.json.d" / f"give.{introductions.MATCHER}.json").is_file()
    again = Journal.open(db, clock=lambda: TODAY)
    assert suggested(again) == [("Ana", "Tom", "offer")]
    giving.close(again, again.records(Need)[0], TODAY, "found one")
    assert suggested(Journal.open(db, clock=lambda: TODAY)) == []


# the command line


def setup(kith: Kith) -> None:
    for name in ("Ana López", "Tom Baker", "Lin Wei"):
        assert kith("add", name).code == 0


def test_need_offer_and_needs_oldest_first(kith: Kith) -> None:
    setup(kith)
    assert kith("need", "tom", "a python developer", "--on", "2026-11-20").code == 0
    said = kith("need", "ana", "a freelance designer")
    assert said.code == 0 and "Ana López needs: a freelance designer [need:" in said.out
    assert kith("offer", "tom", "brand design").code == 0
    listed = json.loads(kith("needs", "--json").out)
    assert [(n["person"], n["what"]) for n in listed] == [
        ("Tom Baker", "a python developer"),
        ("Ana López", "a freelance designer"),
    ]
    assert listed[0]["key"].startswith("need:") and listed[0]["added"] == "2026-11-20"
    assert [o["what"] for o in json.loads(kith("needs", "--offers", "--json").out)] == ["brand design"]
    assert "a freelance designer" in kith("show", "ana").out


def test_closing_a_need_by_number_words_or_alone(kith: Kith) -> None:
    setup(kith)
    kith("need", "ana", "a designer")
    kith("need", "ana", "a lawyer")
    assert kith("need", "ana", "--close").code == 2  # which one?
    closed = kith("need", "ana", "lawyer", "--close", "--reason", "found one")
    assert closed.code == 0 and "Closed Ana López's need: a lawyer (found one)" in closed.out
    assert kith("need", "ana", "--close").code == 0  # the only one left
    assert json.loads(kith("needs", "--json").out) == []
    needs = json.loads(kith("show", "ana", "--json").out)["needs"]
    assert [(n["what"], n.get("reason")) for n in needs] == [("a designer", None), ("a lawyer", "found one")]


def test_bad_need_input_is_one_line_exit_2_and_writes_nothing(kith: Kith, db: Path) -> None:
    setup(kith)
    before = kith("history", "--json").out
    for args in (
        ("need", "ana"),
        ("need", "ana", "x", "--reason", "why"),
        ("need", "nobody", "a designer"),
        ("need", "ana", "\x1b[31mred"),
        ("offer", "ana", "--close"),
        ("intro", "ana", "ana"),
        ("intro", "ana", "tom", "--need", "designer"),
        ("intro", "ana", "tom", "--on", "someday"),
    ):
        result = kith(*args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1 and result.err.startswith("kith: "), (args, result.err)
        assert "Traceback" not in result.err
    assert kith("history", "--json").out == before


def cards(kith: Kith) -> list[object]:
    """Ana's and Tom's cards, without revisions (an undo is a change of its own: revisions go on counting)."""

    def bare(value: object) -> object:
        if isinstance(value, dict):
            return {k: bare(v) for k, v in value.items() if k != "rev"}
        return [bare(v) for v in value] if isinstance(value, list) else value

    return [bare(json.loads(kith("show", name, "--json").out)) for name in ("ana", "tom")]


def test_intro_is_one_change_that_undo_reverts_completely(kith: Kith) -> None:
    setup(kith)
    kith("need", "ana", "a freelance designer")
    kith("offer", "tom", "brand design")
    before = cards(kith)
    said = kith("intro", "tom", "ana", "-m", "you two should talk", "--on", "2026-11-23")
    assert said.code == 0 and "closed 'a freelance designer'" in said.out
    ana = json.loads(kith("show", "ana", "--json").out)
    tom = json.loads(kith("show", "tom", "--json").out)
    assert [i["summary"] for i in ana["interactions"] if i["kind"] == "message"] == [
        "Introduced Tom Baker and Ana López: you two should talk"
    ]
    assert [(f["what"], f["given"], f["on"]) for f in ana["favors"]] == [
        ("introduced to Tom Baker", True, "2026-11-23")
    ]
    assert ana["introductions_made"][0]["to"] == tom["uid"] and tom["introductions_made"][0]["to"] == ana["uid"]
    assert ana["needs"][0]["closed"] == "2026-11-23" and ana["needs"][0]["reason"] == "introduced to Tom Baker"
    assert "Introductions you made (1)" in kith("show", "ana").out
    assert not [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "introduce"]
    assert kith("intro", "ana", "tom").code == 2  # the same pair twice
    assert kith("undo").code == 0
    assert cards(kith) == before


def test_due_json_lists_introductions_with_both_people_and_what_matched(kith: Kith) -> None:
    setup(kith)
    kith("need", "ana", "a freelance designer")
    kith("offer", "tom", "brand design")
    (intro,) = [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "introduce"]
    assert [p["name"] for p in intro["people"]] == ["Ana López", "Tom Baker"]
    assert intro["need"]["what"] == "a freelance designer"
    assert intro["match"]["source"] == "offer" and intro["match"]["what"] == "brand design"
    assert "Give (1)" in kith("due").out
    assert kith("done", intro["key"][:18]).code == 0
    assert json.loads(kith("needs", "--json").out) == []


def test_intro_by_a_dismissed_key_through_drop(kith: Kith) -> None:
    setup(kith)
    kith("need", "ana", "a freelance designer")
    kith("offer", "tom", "brand design")
    (intro,) = [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "introduce"]
    assert kith("drop", intro["key"]).code == 0
    assert not [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "introduce"]


def test_the_line_grammar_takes_needs_and_offers(kith: Kith) -> None:
    line = parse_line("Ana López; needs: a designer; offers: intros to VCs", TODAY)
    assert line.needs == ["a designer"] and line.offers == ["intros to VCs"]
    assert kith("jot", "Ana López (Acme, CTO); needs: a designer", "Tom Baker; offers: brand design").code == 0
    assert kith("jot", "Tom Baker; offers: brand design").code == 0  # open already: not twice
    assert [o["what"] for o in json.loads(kith("needs", "--offers", "--json").out)] == ["brand design"]
    assert [n["person"] for n in json.loads(kith("needs", "--json").out)] == ["Ana López"]
    bad = kith("jot", "Ana López; needs:")
    assert bad.code == 2 and "needs what" in bad.err


def test_merging_and_forgetting_people_carry_needs_offers_and_introductions(journal: Journal) -> None:
    from journal import editing

    ana, tom, ana2 = people(journal, {"name": "Ana"}, {"name": "Tom"}, {"name": "Ana L"})
    giving.add(journal, "need", ana2, "a designer", TODAY)
    introductions.introduce(journal, tom, ana2, TODAY)
    editing.merge_people(journal, ana2, ana)
    assert [n.person for n in journal.records(Need)] == [ana.uid]
    assert {(f.person, f.introduced) for f in journal.records(Favor)} == {(tom.uid, ana.uid), (ana.uid, tom.uid)}
    editing.forget_person(journal, ana)
    assert journal.records(Need) == []
    assert [(f.person, f.introduced) for f in journal.records(Favor)] == [(tom.uid, None)]
    from journal.integrity import check

    assert check(journal) == []


def test_each_need_gets_its_best_answer_before_any_need_its_second(journal: Journal) -> None:
    ana, tom, *designers = people(
        journal,
        {"name": "Ana"},
        {"name": "Tom"},
        {"name": "Zoë", "role": "Designer"},
        {"name": "Lena", "role": "Designer"},
        {"name": "Mei", "role": "Designer"},
        {"name": "Hannah", "role": "Tax advisor"},
    )
    giving.add(journal, "need", ana, "a designer", TODAY)
    giving.add(journal, "need", tom, "a tax advisor", TODAY)
    first_two = [s.person for s in introductions.suggestions(journal)[:2]]
    assert sorted(first_two) == sorted([ana.uid, tom.uid])


def test_a_need_is_edited_and_forgotten_by_its_key(kith: Kith) -> None:
    setup(kith)
    kith("need", "ana", "a designr")
    (need,) = json.loads(kith("needs", "--json").out)
    assert kith("edit", need["key"], "a designer", "--on", "2026-11-20").code == 0
    assert [(n["what"], n["added"]) for n in json.loads(kith("needs", "--json").out)] == [("a designer", "2026-11-20")]
    assert kith("forget", need["key"]).code == 0
    assert json.loads(kith("needs", "--json").out) == []
    assert kith("undo").code == 0 and len(json.loads(kith("needs", "--json").out)) == 1


def test_an_intro_closes_the_need_the_other_answers_even_when_others_answer_it_better(journal: Journal) -> None:
    ana, tom, *others = people(
        journal, {"name": "Ana"}, {"name": "Tom", "role": "Designer"}, *({"name": f"D{n}"} for n in range(6))
    )
    for other in others:
        giving.add(journal, "offer", other, "design", TODAY)
    giving.add(journal, "need", ana, "a designer", TODAY)
    giving.add(journal, "need", ana, "a lawyer", TODAY)
    assert tom.uid not in {s.other for s in introductions.suggestions(journal)}  # five better answers
    made = introductions.introduce(journal, ana, tom, TODAY)
    assert made.closed is not None and made.closed.what == "a designer"
    assert [n.what for n in giving.open_ones(journal, "need", ana.uid)] == ["a lawyer"]


def test_an_intro_between_people_the_matcher_does_not_pair_closes_nothing(journal: Journal) -> None:
    ana, tom = people(journal, {"name": "Ana"}, {"name": "Tom", "role": "Baker"})
    giving.add(journal, "need", ana, "a designer", TODAY)
    assert introductions.introduce(journal, ana, tom, TODAY).closed is None
    assert [n.what for n in giving.open_ones(journal, "need", ana.uid)] == ["a designer"]


def test_an_introduction_is_made_again_only_when_a_change_touched_its_people(
    kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bringing the agenda up to date after a log keeps the introduction reminders of people it did not touch as
    they were (making one looks up both people and the need: three parts of the journal at 30k); a change to
    one of the pair makes it again, in their new words."""
    setup(kith)
    kith("need", "ana", "a freelance designer")
    kith("offer", "tom", "brand design")
    assert kith("due").code == 0
    described: list[str] = []
    real = introductions.describe
    monkeypatch.setattr(introductions, "describe", lambda j, s: described.append(s.uid) or real(j, s))
    assert kith("log", "lin", "-m", "coffee").code == 0 and kith("add", "Kai Berg").code == 0
    assert "Introduce Tom Baker (brand design)" in kith("due").out and described == []
    assert kith("edit", "tom", "--name", "Tom Baxter").code == 0
    assert "Introduce Tom Baxter (brand design)" in kith("due").out and len(described) == 1


def test_the_kept_agenda_follows_every_change_that_moves_an_introduction(kith: Kith, db: Path) -> None:
    setup(kith)
    kith("need", "ana", "a freelance designer")

    def intros() -> list[tuple[str, str]]:
        return sorted((r["key"], r["text"]) for r in json.loads(kith("due", "--json").out) if r["kind"] == "introduce")

    def fresh() -> list[tuple[str, str]]:
        for kept in (db.parent / "journal.json.d").glob("*.json"):
            if kept.name.startswith(("agenda", "give")):
                kept.unlink()
        return intros()

    assert intros() == []
    steps = [
        ("offer", "tom", "brand design"),  # a new answer
        ("log", "tom", "-m", "coffee"),  # a change to Tom alone keeps the intro, once
        ("edit", "lin", "--role", "Designer"),  # a role that answers too
        ("edit", "tom", "--role", "Baker"),
        ("add", "Kai Berg"),  # nothing to give yet: the kept introductions stand
        ("edit", "ana", "--name", "Ana López-Ruiz"),  # names are not matched
        ("archive", "lin"),  # the designer leaves
        ("jot", "--new", "Kai Lund, designer at Acme; I owe: the slides"),  # a newcomer with a role: renumbered
        ("add", "Mia Roth", "--tag", "design", "--tag", "freelance"),  # tags that answer
        ("undo",),  # and gone again
        ("need", "kai lund", "a freelance designer"),  # a need in the same words as Ana's
    ]
    for step in steps:
        assert kith(*step).code == 0
        kept = intros()
        assert len(kept) == len(set(kept)) and kept == fresh(), step
    (first, *_) = intros()
    assert kith("drop", first[0]).code == 0
    assert first not in intros() and intros() == fresh()


@pytest.mark.parametrize("kind", ["csv", "vcf"])
def test_open_needs_and_offers_travel_in_kith_csv_and_vcard(kith: Kith, tmp_path: Path, kind: str) -> None:
    setup(kith)
    kith("need", "ana", "a designer; logos, print \\ web")
    kith("need", "ana", "a lawyer")
    kith("need", "ana", "lawyer", "--close")  # closed: stays home
    kith("offer", "tom", 'brand "design"')
    exported = tmp_path / f"people.{kind}"
    assert kith("export", kind, "-o", str(exported)).code == 0
    if kind == "vcf":
        assert "X-KITH-NEED:a designer\\; logos\\, print \\\\ web" in exported.read_text()
    other = tmp_path / "other" / "journal.json"
    from journal.cli import main

    assert main(["--db", str(other), "import", str(exported)]) == 0
    assert main(["--db", str(other), "import", str(exported)]) == 0  # again: nothing doubles
    journal = Journal.open(other, clock=lambda: TODAY)
    assert [(journal.person(n.person).name, n.what) for n in giving.open_ones(journal, "need")] == [  # type: ignore[union-attr]
        ("Ana López", "a designer; logos, print \\ web")
    ]
    assert [o.what for o in giving.open_ones(journal, "offer")] == ['brand "design"']


def test_a_person_added_with_nothing_to_give_keeps_the_introductions_unmatched(
    kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup(kith)
    kith("need", "ana", "a freelance designer")
    kith("offer", "tom", "brand design")
    before = kith("due", "--json").out
    matched: list[str] = []
    read: list[int] = []
    real_rank, real_read = introductions._ranking, introductions._inputs
    monkeypatch.setattr(introductions, "_ranking", lambda key, *rest: matched.append(key) or real_rank(key, *rest))
    monkeypatch.setattr(introductions, "_inputs", lambda journal: read.append(1) or real_read(journal))
    assert kith("add", "Kai Berg").code == 0 and kith("edit", "tom", "--note", "met at a café").code == 0
    assert kith("due", "--json").out == before and matched == []  # nothing to match again: the kept introductions stand
    assert kith("edit", "kai", "--role", "Designer").code == 0
    kith("due")
    assert matched == ["freelanc design"]  # a role with a word the need asks for: matched again…
    assert read == []  # …from the inputs kept and the changes since: everyone's roles are not read again
