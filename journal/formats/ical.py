"""iCalendar to-dos: every reminder `kith due` will show, each with a stable UID and an alarm on the day
Today first shows it. Everything here is read off journal/reminders.py (`upcoming`), never recomputed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from journal.formats import Progress
from journal.journal import Journal
from journal.model import Person
from journal.reminders import Reminder, upcoming

ALARM_HOUR = timedelta(hours=9)  # the alarm rings at 09:00 on the day Today first shows the to-do


def write(journal: Journal, people: list[Person], progress: Progress | None = None) -> str:
    """A calendar of to-dos for these people: every reminder open today or later, on its day."""
    today = journal.today()
    wanted = {p.uid for p in people}
    stamp = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Kith//Kith relationship journal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Kith")
    due = [r for r in upcoming(journal, today) if r.person_uid in wanted]
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
    todo.add("dtstart", reminder.since)  # the day `kith due` first shows it
    todo.add("due", due_day(journal, reminder, today))
    todo.add("status", "NEEDS-ACTION")
    todo.add("categories", ["Kith", reminder.kind])
    todo.add("description", f"Kith reminder {reminder.key}\nPerson: {reminder.person}")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder.text)
    alarm.add("trigger", ALARM_HOUR, parameters={"RELATED": "START"})
    todo.add_component(alarm)
    return todo


def due_day(journal: Journal, reminder: Reminder, today: date) -> date:
    """When a to-do is due: my promise on its own date; a follow-up by the end of its window; anything
    else on the day it shows (today, if that is already past)."""
    if reminder.kind == "promise" and (promise := journal.promise(reminder.uid)) and promise.due:
        return max(date.fromisoformat(promise.due), reminder.since)
    if reminder.kind == "follow-up" and reminder.ends:
        return reminder.ends
    return max(reminder.since, today)
