"""Reminders derived from the journal: each kind appears on its day and leaves by its natural action."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import TODAY

from journal import reminders
from journal.config import Config
from journal.errors import Conflict, NotFound, UserError
from journal.journal import Journal
from journal.ledger import ledger
from journal.model import Favor, Interaction, Person, Promise


def on(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def shown(journal: Journal, day: date = TODAY) -> list[tuple[str, str]]:
    return [(r.kind, r.person) for r in reminders.reminders(journal, day)]


@pytest.fixture
def ana(journal: Journal) -> Person:
    return journal.add_person(Person(name="Ana", met_on=on(-100)))


def test_reply_reminder_clears_when_i_write_back(journal: Journal, ana: Person) -> None:
    asked = journal.log(Interaction(people=[ana.uid], on=on(-3), direction="in", reply_needed=True, summary="API?"))
    assert shown(journal) == [("reply", "Ana")]
    [reply] = reminders.reminders(journal, TODAY)
    assert reply.key == f"reply:{asked.uid}" and reply.days == 3 and "API?" in reply.text
    journal.log(Interaction(people=[ana.uid], on=on(-4), direction="out"))  # before her message: no reply
    assert shown(journal) == [("reply", "Ana")]
    journal.log(Interaction(people=[ana.uid], on=on(-3), direction="out"))  # same day counts
    assert shown(journal) == []


def test_an_incoming_message_without_reply_needed_owes_nothing(journal: Journal, ana: Person) -> None:
    journal.log(Interaction(people=[ana.uid], on=on(-3), direction="in"))
    assert shown(journal) == []


def test_a_group_message_is_answered_by_writing_to_any_of_them(journal: Journal, ana: Person) -> None:
    tom = journal.add_person(Person(name="Tom", met_on=on(-100)))
    journal.log(Interaction(people=[ana.uid, tom.uid], on=on(-1), direction="in", reply_needed=True))
    assert shown(journal) == [("reply", "Ana")]
    journal.log(Interaction(people=[tom.uid], on=TODAY.isoformat()))
    assert shown(journal) == []


def test_thanks_shows_from_the_favor_day_until_thanked(journal: Journal, ana: Person) -> None:
    journal.add_favor(Favor(person=ana.uid, what="an intro", on=on(1), given=False))
    journal.add_favor(Favor(person=ana.uid, what="advice", on=on(-1), given=True))
    assert shown(journal) == []
    assert shown(journal, TODAY + timedelta(days=1)) == [("thanks", "Ana")]
    journal.thank(ana, "intro", TODAY + timedelta(days=2))
    assert shown(journal, TODAY + timedelta(days=2)) == []
    assert journal.contact(ana.uid).last == on(2)  # the thank-you was logged
    with pytest.raises(Conflict):
        journal.thank(ana, None, TODAY)


def test_my_promise_shows_a_day_before_due_or_a_week_after_made(journal: Journal, ana: Person) -> None:
    journal.add_promise(Promise(person=ana.uid, what="slides", made=on(-1), due=on(5)))
    journal.add_promise(Promise(person=ana.uid, what="notes", made=on(-1)))
    assert shown(journal, TODAY + timedelta(days=3)) == []
    assert shown(journal, TODAY + timedelta(days=4)) == [("promise", "Ana")]
    assert sorted(r.text for r in reminders.reminders(journal, TODAY + timedelta(days=6))) == [
        "You promised Ana: notes",
        f"You promised Ana: slides (due {on(5)})",
    ]


def test_their_promise_is_nudged_three_days_after_due(journal: Journal, ana: Person) -> None:
    p = journal.add_promise(Promise(person=ana.uid, what="feedback", made=on(-5), due=on(-2), mine=False))
    assert shown(journal) == []
    assert shown(journal, TODAY + timedelta(days=1)) == [("nudge", "Ana")]
    reminders.drop(journal, f"nudge:{p.uid[:6]}", TODAY + timedelta(days=1))
    assert shown(journal, TODAY + timedelta(days=9)) == []
    assert journal.promises(ana.uid, status="dropped")[0].closed == on(1)


def test_follow_up_for_someone_met_recently_until_any_contact(journal: Journal) -> None:
    lin = journal.add_person(Person(name="Lin", met_on=on(-2)))
    journal.add_person(Person(name="Old", met_on=on(-400)))
    assert shown(journal, TODAY - timedelta(days=1)) == []
    assert shown(journal) == [("follow-up", "Lin")]
    journal.log(Interaction(people=[lin.uid], on=on(-2), kind="met"))  # the meeting itself is not a follow-up
    assert shown(journal) == [("follow-up", "Lin")]
    journal.log(Interaction(people=[lin.uid], on=on(0), kind="email"))
    assert shown(journal) == []


def test_keep_in_touch_after_the_cadence_since_the_last_contact(journal: Journal) -> None:
    zoe = journal.add_person(Person(name="Zoë", met_on=on(-400), every=30))
    assert [(r.kind, r.since) for r in reminders.reminders(journal, TODAY)] == [
        ("keep-in-touch", TODAY - timedelta(days=370))
    ]
    journal.log(Interaction(people=[zoe.uid], on=on(-29), direction="in"))
    assert shown(journal) == []
    assert shown(journal, TODAY + timedelta(days=1)) == [("keep-in-touch", "Zoë")]


def test_snooze_hides_until_the_day_and_drop_stops_for_good(journal: Journal, ana: Person) -> None:
    favor = journal.add_favor(Favor(person=ana.uid, what="a ticket", on=on(-1), given=False))
    reminders.snooze(journal, f"thanks:{favor.uid[:8]}", TODAY + timedelta(days=2), TODAY)
    assert shown(journal) == [] and shown(journal, TODAY + timedelta(days=1)) == []
    assert shown(journal, TODAY + timedelta(days=2)) == [("thanks", "Ana")]
    reminders.drop(journal, f"thanks:{favor.uid}", TODAY + timedelta(days=2))
    assert shown(journal, TODAY + timedelta(days=90)) == []
    with pytest.raises(UserError):
        reminders.snooze(journal, f"thanks:{favor.uid}", TODAY, TODAY)


def test_keep_in_touch_cannot_be_dropped_only_snoozed(journal: Journal) -> None:
    zoe = journal.add_person(Person(name="Zoë", met_on=on(-100), every=30))
    with pytest.raises(UserError, match="snooze"):
        reminders.drop(journal, f"keep-in-touch:{zoe.uid}", TODAY)


def test_order_is_most_overdue_first_then_by_kind(journal: Journal, ana: Person) -> None:
    journal.add_favor(Favor(person=ana.uid, what="x", on=on(-5), given=False))
    journal.log(Interaction(people=[ana.uid], on=on(-5), direction="in", reply_needed=True))
    journal.add_promise(Promise(person=ana.uid, what="y", made=on(-20), due=on(-9)))
    assert [r.kind for r in reminders.reminders(journal, TODAY)] == ["promise", "reply", "thanks"]


def test_archived_people_have_no_reminders(journal: Journal, ana: Person) -> None:
    journal.add_favor(Favor(person=ana.uid, what="x", on=on(-5), given=False))
    ana.archived = True
    journal.save_person(ana)
    assert shown(journal) == []


def test_windows_come_from_the_config(db: Path) -> None:
    journal = Journal.open(db, config=Config(nudge_after_days=0, follow_up_after_days=5))
    ana = journal.add_person(Person(name="Ana", met_on=on(-3)))
    journal.add_promise(Promise(person=ana.uid, what="z", made=on(-3), due=on(0), mine=False))
    assert shown(journal) == [("nudge", "Ana")]


def test_an_unknown_or_ambiguous_key_is_a_user_error(journal: Journal, ana: Person) -> None:
    with pytest.raises(NotFound):
        reminders.done(journal, "promise:abcd", TODAY)
    with pytest.raises(UserError):
        reminders.done(journal, "wish:abcd", TODAY)


def test_ledger_warns_when_too_new_or_one_sided(journal: Journal) -> None:
    new = journal.add_person(Person(name="New Person", met_on=on(-3)))
    assert "Too new" in (ledger(journal, new, TODAY).warning or "")
    old = journal.add_person(Person(name="Old Friend", met_on=on(-300)))
    for n in range(4):
        journal.log(Interaction(people=[old.uid], on=on(-n * 10)))
    assert ledger(journal, old, TODAY).warning is None
    for what in ("a", "b"):
        journal.add_favor(Favor(person=old.uid, what=what, on=on(-1), given=False, thanked=on(0)))
    book = ledger(journal, old, TODAY)
    assert book.received == 2 and book.given == 0 and "one-sided" in (book.warning or "")


def test_every_kind_of_contact_counts_everywhere(journal: Journal) -> None:
    from journal import render
    from journal.contact import last_contact

    amelie = journal.add_person(Person(name="Amélie", met_on=on(-5)))
    facts = journal.contact(amelie.uid)
    assert facts.count == 1 and facts.last == on(-5)  # meeting her is contact
    assert shown(journal) == [("follow-up", "Amélie")]  # but not a follow-up
    promise = journal.add_promise(Promise(person=amelie.uid, what="slides", made=on(-5)))
    reminders.done(journal, f"promise:{promise.uid}", TODAY)
    assert shown(journal, TODAY + timedelta(days=1)) == []  # keeping my word followed up
    assert journal.contact(amelie.uid).count == 2
    bob = journal.add_person(Person(name="Bob", met_on=on(-5), every=3))
    journal.add_favor(Favor(person=bob.uid, what="an intro", on=on(-1)))
    assert shown(journal) == []  # a favor given is a follow-up and keeps in touch
    card = render.card_json(journal, bob, TODAY)
    assert card["last_contact"] == on(-1) == last_contact(bob, journal.contact(bob.uid))
    assert [i["kind"] for i in card["interactions"]] == ["other", "met"]


def test_a_thank_you_is_contact(journal: Journal) -> None:
    cy = journal.add_person(Person(name="Cy", met_on=on(-5), every=2))
    favor = journal.add_favor(Favor(person=cy.uid, what="a ticket", on=on(-4), given=False))
    journal.thank_favor(favor.uid, TODAY)
    assert journal.contact(cy.uid).last == on(0)
    assert shown(journal) == []


def test_a_person_met_before_meetings_were_logged_was_last_seen_when_met(journal: Journal) -> None:
    from journal.contact import last_contact

    journal.add_records([Person(name="Old", met_on=on(-40))])  # an import or an older journal: no `met`
    old = journal.find_person("Old")
    assert last_contact(old, journal.contact(old.uid)) == on(-40)


def test_the_timeline_shows_a_message_answered_once_i_write_back(journal: Journal, ana: Person) -> None:
    import json as _json

    from journal import render

    asked = journal.log(
        Interaction(people=[ana.uid], on=on(-3), direction="in", reply_needed=True, platform="linkedin")
    )
    card = render.card_json(journal, ana, TODAY)
    assert [i["awaits_reply"] for i in card["interactions"] if i["uid"] == asked.uid] == [True]
    assert any("(awaits reply)" in line for line in render.card(journal, ana, TODAY))
    journal.log(Interaction(people=[ana.uid], on=on(-1), kind="email"))
    card = _json.loads(_json.dumps(render.card_json(journal, ana, TODAY)))
    assert not any(i["awaits_reply"] for i in card["interactions"])
    assert any(f"(replied {on(-1)})" in line for line in render.card(journal, ana, TODAY))
    assert not any("awaits reply" in line for line in render.card(journal, ana, TODAY))


def test_ask_readiness_names_every_reason_that_holds(journal: Journal) -> None:
    from journal import render

    new = journal.add_person(Person(name="Nia Obi", met_on=on(-3)))
    for what in ("a ticket", "an intro", "a review"):
        journal.add_favor(Favor(person=new.uid, what=what, on=on(-1), given=False))
    book = ledger(journal, new, TODAY)
    assert [r.split(":")[0] for r in book.reasons] == ["Thank Nia first", "Too one-sided to ask", "Too new to ask"]
    lines = render.card(journal, new, TODAY)
    assert sum(line.startswith("  ! ") for line in lines) == 3
    assert render.card_json(journal, new, TODAY)["ledger"]["reasons"] == list(book.reasons)


def test_every_kind_says_what_each_answer_does_and_what_it_does_not_fit() -> None:
    from journal.reminders import EFFECTS, HEADINGS, KINDS, effect

    assert set(EFFECTS) == set(KINDS) == set(HEADINGS)
    for kind in KINDS:
        assert set(EFFECTS[kind]) == {"done", "drop", "reply", "thank"}
        assert all(effect(kind, answer) for answer in EFFECTS[kind])
    assert EFFECTS["thanks"]["thank"] and not EFFECTS["reply"]["thank"]
    assert effect("promise", "reply") == "not for my promises due"
    assert "snooze" in effect("keep-in-touch", "drop")


def test_a_drop_refused_by_effects_is_refused_by_drop(journal: Journal) -> None:
    from journal.reminders import EFFECTS, KINDS

    assert [k for k in KINDS if EFFECTS[k]["drop"] is None] == ["keep-in-touch"]
    ana = journal.add_person(Person(name="Ana", met_on="2026-01-01", every=7))
    journal.log(Interaction(people=[ana.uid], on="2026-11-01", summary="coffee"))
    [cold] = [r for r in reminders.reminders(journal, TODAY) if r.kind == "keep-in-touch"]
    with pytest.raises(UserError):
        reminders.drop(journal, cold.key, TODAY)
