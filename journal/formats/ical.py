"""iCalendar: every reminder `kith due` will show as a to-do, each with a stable UID and an alarm on the day
Today first shows it (read off journal/reminders.py's `upcoming`, never recomputed); and occasions as events:
a birthday yearly (RRULE; 29 February falls on the last day of February, as on Today), and the next
anniversary of meeting still ahead (1, 2, 5 or 10 years) on its day."""

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
    due = [r for r in upcoming(journal, today) if r.person_uid in wanted and r.kind not in OCCASIONS]
    for n, reminder in enumerate(due, start=1):
        calendar.add_component(todo(journal, reminder, today, stamp))
        if progress:
            progress(n, len(due))
    lead = journal.config.birthday_lead_days
    for person in sorted((p for p in people if p.birthday or p.met_on), key=lambda p: p.name.casefold()):
        for event in _occasions(journal, person, today, stamp, lead):
            calendar.add_component(event)
    return calendar.to_ical().decode()


OCCASIONS = ("birthday", "anniversary")  # written as events of their own, not as to-dos


def _occasions(journal: Journal, person: Person, today: date, stamp: datetime, lead: int) -> list[icalendar.Event]:
    """A person's birthday as a yearly event, and the anniversaries of meeting still ahead."""
    from journal import occasions

    found = []
    parts = occasions.birthday_parts(person.birthday)
    if parts is not None:
        born, month, day = parts
        start = occasions.on_year(month, day, born) if born else occasions.next_birthday(person, today)
        if isinstance(start, occasions.Occasion):
            start = start.on
        if start is not None:
            rule: dict[str, object] = {"freq": "yearly"}
            if (month, day) == (2, 29):  # the last day of February: the 29th in a leap year, else the 28th
                rule.update(bymonth=2, bymonthday=-1)
            event = _event(f"birthday-{person.uid}@kith", f"{person.name}'s birthday", start, stamp, "birthday")
            event.add("rrule", rule)
            event.add_component(_alarm(f"{person.name}'s birthday", -timedelta(days=lead) + ALARM_HOUR))
            found.append(event)
    if person.met_on:
        where = journal.met_where(person)
        met = date.fromisoformat(person.met_on)
        for years in occasions.MILESTONES:
            on = occasions.on_year(met.month, met.day, met.year + years)
            if on < today:
                continue
            ago = "A year ago" if years == 1 else f"{years} years ago"
            text = f"{ago} you met {person.name}" + (f" {where}" if where else "")
            event = _event(f"anniversary-{person.uid}-{years}y@kith", text, on, stamp, "anniversary")
            event.add_component(_alarm(text, ALARM_HOUR))
            found.append(event)
            break  # the next one: the export written next year carries the one after
    return found


def _event(uid: str, summary: str, on: date, stamp: datetime, kind: str) -> icalendar.Event:
    """An all-day event that does not make you look busy."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", on)
    event.add("dtend", on + timedelta(days=1) if on < date.max else on)  # a date typed wrong: the calendar's end
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Kith", kind])
    return event


def _alarm(text: str, trigger: timedelta) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger, parameters={"RELATED": "START"})
    return alarm


def todo(journal: Journal, reminder: Reminder, today: date, stamp: datetime) -> icalendar.Todo:
    """A reminder as a to-do due on its day, with an alarm (the export's, and one file of a vdir's)."""
    todo = icalendar.Todo()
    todo.add("uid", todo_uid(reminder.key))
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


def todo_uid(key: str) -> str:
    """The stable UID of a reminder's to-do: `promise-3fa2…@kith` for the key `promise:3fa2…`."""
    kind, _, uid = key.partition(":")
    return f"{kind}-{uid}@kith"


def due_day(journal: Journal, reminder: Reminder, today: date) -> date:
    """When a to-do is due: my promise on its own date; a follow-up by the end of its window; anything
    else on the day it shows (today, if that is already past)."""
    if reminder.kind == "promise" and (promise := journal.promise(reminder.uid)) and promise.due:
        return max(date.fromisoformat(promise.due), reminder.since)
    if reminder.kind == "follow-up" and reminder.ends:
        return reminder.ends
    return max(reminder.since, today)
