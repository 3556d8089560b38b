"""Occasions: birthdays and anniversaries of meeting, the days in a year they fall on, and how to say them.

A birthday on 29 February is celebrated on 28 February in a year without one (the day that still belongs
to February, as most people born then do, and as the calendar export's `BYMONTHDAY=-1` rule gives). An
anniversary of meeting on 29 February falls the same way. An occasion is looked for in this year and the
next, so a birthday on 2 January shows on 30 December, and one in late December is not lost in January.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from journal.model import Person

MILESTONES = (1, 2, 5, 10)  # the anniversaries of meeting worth a word: a year, two, five, ten


def on_year(month: int, day: int, year: int) -> date:
    """The day of `month`/`day` in `year`: 29 February is 28 February in a year without it."""
    if month == 2 and day == 29 and not _leap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def birthday_parts(birthday: str | None) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a stored birthday (`1986-12-04` or `--12-04`), None if there is none."""
    if not birthday:
        return None
    try:
        if birthday.startswith("--"):
            month, day = int(birthday[2:4]), int(birthday[5:7])
            year = None
        else:
            year, month, day = int(birthday[:4]), int(birthday[5:7]), int(birthday[8:10])
        on_year(month, day, 2000)  # a leap year: only impossible days fail
    except (ValueError, TypeError, IndexError):
        return None  # `kith check` names a damaged one
    return year, month, day


class Occasion(NamedTuple):
    """One birthday or anniversary of meeting, on the day it next falls. (A named tuple: as immutable as a
    frozen dataclass, and a fifth of its cost at import, which every `kith due` pays.)"""

    kind: str  # birthday or anniversary
    person: Person
    on: date
    years: int | None  # the age turned, or the years since meeting; None for a birthday without its year

    @property
    def uid(self) -> str:
        """The reminder's uid: the person's and the year's, so a birthday done stays done for that year only."""
        return f"{self.person.uid}-{self.on.year}"


def next_birthday(person: Person, day: date) -> Occasion | None:
    """The birthday falling on `day` or next after it."""
    parts = birthday_parts(person.birthday)
    if parts is None:
        return None
    born, month, dom = parts
    for year in (day.year, day.year + 1):
        on = on_year(month, dom, year)
        if on >= day:
            age = on.year - born if born else None
            if age is not None and age <= 0:
                return None  # not born yet on that day: a date typed wrong, or a birthday not to wish
            return Occasion("birthday", person, on, age)
    return None  # pragma: no cover - next year's is always after day


def next_anniversary(person: Person, day: date, within: int) -> Occasion | None:
    """The anniversary of meeting (1, 2, 5 or 10 years) whose days to show (from it, `within` days) are not
    yet over on `day`."""
    if not person.met_on:
        return None
    try:
        met = date.fromisoformat(person.met_on)
    except ValueError:
        return None
    for years in MILESTONES:
        if met.year + years > date.max.year:
            return None
        on = on_year(met.month, met.day, met.year + years)
        if on + timedelta(within) >= day:
            return Occasion("anniversary", person, on, years)
    return None


def when(on: date, day: date) -> str:
    """`today`, `tomorrow`, `on Friday` within a week, else `on Fri 12 Dec`; `2 days ago` once past."""
    gap = (on - day).days
    if gap == 0:
        return "today"
    if gap == 1:
        return "tomorrow"
    if gap == -1:
        return "yesterday"
    if gap < 0:
        return f"{-gap} days ago"
    return f"on {on:%A}" if gap < 7 else f"on {on:%a %d %b}"


def birthday_text(occasion: Occasion, day: date) -> str:
    """`Ana López turns 40 on Friday`, or `It is Ana López's birthday today` when the year is unknown."""
    name = occasion.person.name
    if occasion.years:
        verb = "turns" if occasion.on >= day else "turned"
        return f"{name} {verb} {occasion.years} {when(occasion.on, day)}"
    return f"{name}'s birthday is {when(occasion.on, day)}".replace("is yesterday", "was yesterday")


def anniversary_text(occasion: Occasion, where: str) -> str:
    """`A year ago you met Tom Baker at PyData Berlin`, `5 years ago you met …`."""
    ago = "A year ago" if occasion.years == 1 else f"{occasion.years} years ago"
    return f"{ago} you met {occasion.person.name}" + (f" {where}" if where else "")
