"""Birthdays and anniversaries of meeting: the right mornings, across leap years and year ends."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Kith, hand_edit

from journal import occasions, reminders
from journal.config import Config
from journal.journal import Journal
from journal.model import Person


def person(**fields: object) -> Person:
    return Person(name="Ana López", **fields)  # type: ignore[arg-type]


def shown(journal: Journal, day: date, kind: str) -> list[str]:
    return [r.text for r in reminders.reminders(journal, day) if r.kind == kind]


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2027, date(2027, 2, 28)), (2028, date(2028, 2, 29)), (2100, date(2100, 2, 28)), (2000, date(2000, 2, 29))],
)
def test_a_29_february_birthday_is_kept_on_28_february_without_a_leap_day(year: int, expected: date) -> None:
    found = occasions.next_birthday(person(birthday="1988-02-29"), date(year, 1, 1))
    assert found is not None and found.on == expected and found.years == year - 1988


def test_a_january_birthday_is_seen_from_december_and_a_december_one_from_the_day(journal: Journal) -> None:
    journal.add_records([person(birthday="--01-02")])
    assert shown(journal, date(2026, 12, 29), "birthday") == []  # four days before: not yet
    assert shown(journal, date(2026, 12, 30), "birthday") == ["Ana López's birthday is on Saturday"]
    assert shown(journal, date(2027, 1, 2), "birthday") == ["Ana López's birthday is today"]
    assert shown(journal, date(2027, 1, 3), "birthday") == []


def test_the_age_is_said_when_the_year_is_known(journal: Journal) -> None:
    journal.add_records([person(birthday="1986-12-04")])
    assert shown(journal, date(2026, 12, 1), "birthday") == ["Ana López turns 40 on Friday"]
    assert shown(journal, date(2026, 12, 3), "birthday") == ["Ana López turns 40 tomorrow"]
    assert shown(journal, date(2026, 12, 4), "birthday") == ["Ana López turns 40 today"]


def test_how_many_days_before_is_configurable(db: object) -> None:
    journal = Journal.open(db, clock=lambda: date(2026, 11, 24), config=Config(birthday_lead_days=10))  # type: ignore[arg-type]
    journal.add_records([person(birthday="1986-12-04")])
    assert shown(journal, date(2026, 11, 24), "birthday") == ["Ana López turns 40 on Fri 04 Dec"]


def test_anniversaries_of_meeting_at_one_two_five_and_ten_years_only(journal: Journal) -> None:
    journal.add_records([person(met_on="2016-03-10", met_place="PyData Berlin")])
    for years in (1, 2, 5, 10):
        day = date(2016 + years, 3, 10)
        ago = "A year ago" if years == 1 else f"{years} years ago"
        assert shown(journal, day, "anniversary") == [f"{ago} you met Ana López at PyData Berlin"]
    for years in (3, 4, 6, 11):
        assert shown(journal, date(2016 + years, 3, 10), "anniversary") == []


def test_a_december_anniversary_is_still_seen_in_january(journal: Journal) -> None:
    journal.add_records([person(met_on="2025-12-29")])
    assert shown(journal, date(2026, 12, 28), "anniversary") == []
    assert shown(journal, date(2027, 1, 2), "anniversary") == ["A year ago you met Ana López"]
    assert shown(journal, date(2027, 1, 6), "anniversary") == []  # a week after the day


def test_a_meeting_on_29_february_has_its_anniversary_on_28_february(journal: Journal) -> None:
    journal.add_records([person(met_on="2024-02-29")])
    assert shown(journal, date(2025, 2, 28), "anniversary") == ["A year ago you met Ana López"]
    assert shown(journal, date(2025, 2, 27), "anniversary") == []


def test_a_done_birthday_stays_done_for_that_year_only(kith: Kith) -> None:
    assert kith("add", "Ana López", "--birthday", "1986-11-25").code == 0
    (due,) = [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "birthday"]
    assert due["age"] == 40 and due["on"] == "2026-11-25" and due["key"].endswith("-2026")
    assert kith("done", due["key"]).code == 0
    assert not [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "birthday"]
    assert "Wished a happy birthday" in kith("show", "ana").out
    next_year = json.loads(kith("due", "--json", "--on", "2027-11-25").out)
    assert [r["age"] for r in next_year if r["kind"] == "birthday"] == [41]


def test_birthdays_are_dropped_and_snoozed_like_the_others(kith: Kith) -> None:
    kith("add", "Ana López", "--birthday", "11-26")
    kith("add", "Tom Baker", "--birthday", "11-27")
    ana, tom = sorted(
        (r for r in json.loads(kith("due", "--json").out) if r["kind"] == "birthday"), key=lambda r: r["person"]
    )
    assert kith("drop", ana["key"]).code == 0
    assert kith("snooze", tom["key"], "2026-11-27").code == 0
    assert not [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "birthday"]
    woke = json.loads(kith("due", "--json", "--on", "2026-11-27").out)
    assert [r["person"] for r in woke if r["kind"] == "birthday"] == ["Tom Baker"]


def test_a_bad_birthday_is_one_line_and_exit_2(kith: Kith) -> None:
    for bad in ("1986-02-30", "13-01", "tomorrow", "1986-1-1"):
        result = kith("add", "Ana López", "--birthday", bad)
        assert result.code == 2 and result.err.count("\n") == 1 and "birthday" in result.err, (bad, result.err)
    assert kith("people", "--json").out.strip() == "[]"


def test_the_calendar_export_has_birthdays_yearly_and_the_next_anniversary(kith: Kith, tmp_path: object) -> None:
    import icalendar

    kith("add", "Ana López", "--birthday", "1988-02-29", "--met", "2026-03-01", "--at", "PyData Berlin")
    kith("add", "Tom Baker", "--birthday", "12-04")
    calendar = icalendar.Calendar.from_ical(kith("export", "ics").out)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    ana_uid = json.loads(kith("show", "ana", "--json").out)["uid"]
    leap = events[f"birthday-{ana_uid}@kith"]
    assert leap.decoded("dtstart") == date(1988, 2, 29)
    assert dict(leap["rrule"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    from dateutil.rrule import rrulestr

    start = datetime.combine(leap.decoded("dtstart"), datetime.min.time())
    rule = rrulestr(leap["rrule"].to_ical().decode(), dtstart=start)
    found = rule.between(datetime(2027, 1, 1), datetime(2029, 1, 1))
    assert [d.date() for d in found] == [date(2027, 2, 28), date(2028, 2, 29)]
    tom = next(e for u, e in events.items() if u.startswith("birthday-") and e.decoded("dtstart").month == 12)
    assert tom.decoded("dtstart") == date(2026, 12, 4) and dict(tom["rrule"]) == {"FREQ": ["YEARLY"]}
    anniversary = events[f"anniversary-{ana_uid}-1y@kith"]
    assert str(anniversary["summary"]) == "A year ago you met Ana López at PyData Berlin"
    assert anniversary.decoded("dtstart") == date(2027, 3, 1)
    assert not [t for t in calendar.walk("VTODO") if "birthday" in str(t["uid"])]


def test_a_done_birthday_stays_done_when_its_person_is_merged(kith: Kith) -> None:
    kith("add", "Ana López", "--birthday", "1986-11-25")
    kith("add", "Ana L", "--force")
    (due,) = [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "birthday"]
    assert kith("drop", due["key"]).code == 0
    assert kith("merge", "Ana López", "Ana L").code == 0
    assert json.loads(kith("show", "Ana L", "--json").out)["birthday"] == "1986-11-25"
    assert not [r for r in json.loads(kith("due", "--json").out) if r["kind"] == "birthday"]


def test_dates_at_the_calendar_s_end_never_crash_a_reminder_or_the_export(kith: Kith, db: Path) -> None:
    """A birthday on 9999-12-31 in the file (edited by hand, written by another program) is a date like any
    other: its next day would be past the calendar's last."""
    assert kith("add", "Ana López", "--birthday", "1986-12-31", "--met", "2026-11-20").code == 0
    assert kith("add", "Tom Baker", "--birthday", "12-31", "--met", "2025-12-31").code == 0
    hand_edit(db, lambda data: [doc.update(birthday="9999-12-31") for doc in data["people"].values()])
    for command in (["due"], ["due", "--on", "2026-12-30"], ["export", "ics"], ["show", "ana"], ["stats"]):
        result = kith(*command)
        assert result.code == 0 and "unexpected" not in result.err, (command, result.err)
