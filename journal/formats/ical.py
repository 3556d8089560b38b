"""iCalendar to-dos: open promises both ways and keep-in-touch dates, each with a stable UID and an alarm."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from journal.formats import Progress
from journal.journal import Journal
from journal.model import Person
from journal.reminders import Reminder, upcoming

KINDS = ("promise", "nudge", "keep-in-touch")
ALARM_HOUR = timedelta(hours=9)  # the alarm rings at 09:00 on the day a to-do is due


def write(journal: Journal, people: list[Person], progress: Progress | None = None) -> str:
    """A calendar of to-dos for these people: what I promised, what they promised, whom to catch up with."""
    today = journal.today()
    wanted = {p.uid for p in people}
    stamp = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Kith//Kith relationship journal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Kith")
    due = [r for r in upcoming(journal, today) if r.kind in KINDS and r.person_uid in wanted]
    for n, reminder in enumerate(due, start=1):
        calendar.add_component(_todo(journal, reminder, today, stamp))
        if progress:
            progress(n, len(due))
    return calendar.to_ical().decode()


def _todo(journal: Journal, reminder: Reminder, today: date, stamp: datetime) -> icalendar.Todo:
    todo = icalendar.Todo()
    todo.add("uid", f"{reminder.kind}-{reminder.uid}@kith")
    todo.add("dtstamp", stamp)
    todo.add("summary", reminder.text)
    todo.add("due", _due(journal, reminder, today))
    todo.add("status", "NEEDS-ACTION")
    todo.add("categories", ["Kith", reminder.kind])
    todo.add("description", f"Kith reminder {reminder.key}\nPerson: {reminder.person}")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder.text)
    alarm.add("trigger", ALARM_HOUR, parameters={"RELATED": "END"})
    todo.add_component(alarm)
    return todo


def _due(journal: Journal, reminder: Reminder, today: date) -> date:
    """A promise's due date, else the day its reminder shows; a keep-in-touch date, today if already past."""
    if reminder.kind in ("promise", "nudge"):
        promise = journal.promise(reminder.uid)
        if promise and promise.due:
            return date.fromisoformat(promise.due)
        return reminder.since
    return max(reminder.since, today)
