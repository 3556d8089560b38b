"""Reminders as the to-dos of a vdir, and to-dos back as what was done to them on the other side.

A to-do is the export's (journal/formats/ical.py): the reminder's text, DUE on its day, a VALARM, and the
stable UID `<kind>-<uid>@kith` made from the reminder's key. One that closed in Kith is written again as
COMPLETED or CANCELLED rather than removed, so a phone shows it ticked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import orjson

from journal.formats import ical
from journal.journal import Journal
from journal.reminders import KINDS, Reminder

SUFFIX = ".ics"
SKIPPED = ("introduce",)  # suggestions of the day, not owed on a date: not to-dos
_PRODID = "-//Kith//Kith relationship journal//EN"


class TaskUnreadable(Exception):
    """A file that holds no to-do Kith can read; the message says why, in one line."""


@dataclass(frozen=True)
class Task:
    """What a to-do in the folder says: whose reminder it is, whether it is open, done or dropped, and when due."""

    uid: str
    key: str | None  # the reminder key, for Kith's own to-dos
    status: str  # open, done or dropped
    due: date | None


def key_of(uid: str) -> str | None:
    """The reminder key a to-do's UID stands for (`promise-3fa2…@kith` → `promise:3fa2…`), or None."""
    if not uid.endswith("@kith"):
        return None
    for kind in sorted(KINDS, key=len, reverse=True):
        if uid.startswith(kind + "-") and len(uid) > len(kind) + 6:
            return f"{kind}:{uid[len(kind) + 1 : -5]}"
    return None


def file_stem(key: str) -> str:
    """The file name of a reminder's to-do, without the suffix: `promise-3fa2…`."""
    return ical.todo_uid(key).removesuffix("@kith")


def due(journal: Journal, reminder: Reminder) -> date:
    """When a to-do is due: the export's day, except that an overdue one stays on its day (the export moves
    it to today; a vdir's to-do would then be written again every day, and a phone shows it overdue anyway)."""
    return ical.due_day(journal, reminder, date.min)


def source(journal: Journal, reminder: Reminder) -> str:
    """A digest of everything a reminder's to-do is made from: unchanged, it need not be made again."""
    made_of = [reminder.key, reminder.text, reminder.person, reminder.since.isoformat(), due(journal, reminder)]
    return hashlib.sha256(orjson.dumps(made_of + [1])).hexdigest()  # 1: the layout; raise it when render changes


def render(journal: Journal, reminder: Reminder) -> bytes:
    """A reminder as a calendar holding one to-do, the same bytes while the reminder is unchanged."""
    import icalendar

    stamp = datetime.combine(reminder.since, time(), tzinfo=UTC)  # stable: a new stamp each day would rewrite all
    calendar = icalendar.Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(ical.todo(journal, reminder, date.min, stamp))  # date.min: see `due`
    return bytes(calendar.to_ical())


def closed(data: bytes, status: str, on: date) -> bytes | None:
    """A to-do file written again as COMPLETED (`done`) or CANCELLED (`dropped`) on a day; None if the file
    cannot be read."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data.decode("utf-8"))
        todos = [c for c in calendar.walk("VTODO")]
        if len(todos) != 1:
            return None
        todo = todos[0]
        for name in ("STATUS", "COMPLETED", "PERCENT-COMPLETE"):
            todo.pop(name, None)
        if status == "done":
            todo.add("status", "COMPLETED")
            todo.add("completed", datetime.combine(on, time(), tzinfo=UTC))
            todo.add("percent-complete", 100)
        else:
            todo.add("status", "CANCELLED")
        return bytes(calendar.to_ical())
    except Exception:  # noqa: BLE001 - whatever the file holds, it is only not closed
        return None


def read(data: bytes) -> Task:
    """The to-do one file holds; TaskUnreadable, saying why in one line, when there is none to read."""
    import icalendar

    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise TaskUnreadable("it is not UTF-8 text") from None
    try:
        calendar = icalendar.Calendar.from_ical(text)
        todos = list(calendar.walk("VTODO"))
    except Exception as exc:  # noqa: BLE001 - a hostile file raises anything; it is named and skipped
        raise TaskUnreadable(f"it is not iCalendar ({_first_line(exc)})") from None
    if len(todos) != 1:
        raise TaskUnreadable(f"it holds {len(todos)} to-dos; a vdir holds one per file")
    todo = todos[0]
    uid = str(todo.get("UID", "")).strip()
    if not uid:
        raise TaskUnreadable("its to-do has no UID")
    return Task(uid, key_of(uid), _status(todo), _due(todo.get("DUE")))


def _status(todo: Any) -> str:
    """Open, done or dropped, as the other side marked it: STATUS, COMPLETED, or PERCENT-COMPLETE:100."""
    status = str(todo.get("STATUS", "")).strip().upper()
    if status == "CANCELLED":
        return "dropped"
    percent = str(todo.get("PERCENT-COMPLETE", "")).strip()
    if status == "COMPLETED" or todo.get("COMPLETED") is not None or percent == "100":
        return "done"
    return "open"


def _due(value: Any) -> date | None:
    """A DUE as a day: a date, or a time's day where it is (in local time when it has a zone)."""
    when = getattr(value, "dt", None)
    if isinstance(when, datetime):
        return (when.astimezone() if when.tzinfo else when).date()
    return when if isinstance(when, date) else None


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]
