"""Finding events by a name as it is typed, and the people met at an event."""

from __future__ import annotations

from journal.journal import Journal
from journal.matching import events_matching
from journal.model import Event, Person

EVENTS = [
    Event(name="PyData Berlin", on="2026-11-20"),
    Event(name="Berlin Python Meetup", on="2026-10-01"),
    Event(name="pydata", on="2026-01-01"),
    Event(name="Café Crème", on="2025-12-01"),
]


def test_the_event_of_that_name_comes_first_then_names_starting_with_it_then_words() -> None:
    assert [e.name for e in events_matching(EVENTS, "PYDATA")] == ["pydata", "PyData Berlin"]
    assert [e.name for e in events_matching(EVENTS, "berl")] == ["Berlin Python Meetup", "PyData Berlin"]
    assert [e.name for e in events_matching(EVENTS, "python me")] == ["Berlin Python Meetup"]


def test_accents_are_ignored_nothing_typed_finds_nothing_and_the_list_is_short() -> None:
    assert [e.name for e in events_matching(EVENTS, "cafe creme")] == ["Café Crème"]
    assert events_matching(EVENTS, "  ") == []
    assert events_matching(EVENTS, "zzz") == []
    many = [Event(name=f"Meetup {n}", on="2026-01-01") for n in range(20)]
    assert len(events_matching(many, "meetup")) == 5


def test_people_met_at_an_event_are_listed_by_name_archived_too(journal: Journal) -> None:
    meetup = journal.add_event(Event(name="Meetup", on="2026-11-20"))
    journal.add_person(Person(name="zoe", met_event=meetup.uid, archived=True))
    journal.add_person(Person(name="Ana", met_event=meetup.uid))
    journal.add_person(Person(name="Bo"))
    assert [p.name for p in journal.people_met_at(meetup.uid)] == ["Ana", "zoe"]
