"""Dates as people type them (`fri`, `in 3 days`, `+2w`, `Dec 5`) turned into dates, relative to today."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

from journal.errors import DateNotUnderstood, InvalidValue
from journal.model import MAX_YEAR, MIN_YEAR

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
# In English, as `calendar` names them in the C locale Python runs in; written out so that a command that
# reads no date does not import it (with `locale`).
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")  # fmt: skip
MONTHS = (
    {name[:3]: n for n, name in enumerate(_MONTH_NAMES, 1)}
    | {name: n for n, name in enumerate(_MONTH_NAMES, 1)}
    | {"sept": 9}
)
UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "mo": "months", "mos": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
}  # fmt: skip
WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tmr": 1, "tmrw": 1}
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"([a-z]{3,9})\.?"
_YEAR = r"(?:,? (\d{4}))?"
Reader = Callable[[re.Match[str], date, bool], date | None]


@cache
def _forms() -> tuple[list[tuple[re.Pattern[str], Reader]], re.Pattern[str], re.Pattern[str], list[re.Pattern[str]]]:
    """The patterns of the forms a date is typed in: the relative ones with their readers, then the ISO,
    numeric and named ones. Compiled on the first date read, not at import: most commands read none."""
    relative: list[tuple[re.Pattern[str], Reader]] = [
        (re.compile(rf"([+-]) ?(\d{{1,6}}) ?({_UNIT})?", re.ASCII), _offset),
        (re.compile(rf"in (\d{{1,6}}|an?) ({_UNIT})", re.ASCII), _in),
        (re.compile(rf"(\d{{1,6}}|an?) ({_UNIT}) ago", re.ASCII), _ago),
        (re.compile(r"(next|last) (week|month|year)"), _next_last),
        (re.compile(r"end of (?:the )?(next )?(week|month|year)|(eow|eom|eoy)"), _end),
        (re.compile(r"(?:(next|last|this) )?([a-z]+)"), _weekday),
    ]
    iso = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})", re.ASCII)
    numeric = re.compile(r"(\d{1,2})([./-])(\d{1,2})(?:\2(\d{2}|\d{4}))?\.?", re.ASCII)
    named = [re.compile(rf"{_MONTH} {_DAY}{_YEAR}", re.ASCII), re.compile(rf"{_DAY} {_MONTH}{_YEAR}", re.ASCII)]
    return relative, iso, numeric, named


def parse_date(text: str, today: date, *, ahead: bool = True, order: str | None = None) -> date:
    """Read a date as a person types it, relative to `today`."""
    said = " ".join(text.lower().replace(",", ", ").split()).replace(" ,", ",")
    try:
        found = _read(said, text, today, ahead, order)
    except (OverflowError, ValueError):
        raise DateNotUnderstood(text) from None
    if found is None:
        raise DateNotUnderstood(text)
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        raise DateNotUnderstood(text, f"the date {text.strip()!r} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return found


def _read(said: str, text: str, today: date, ahead: bool, order: str | None) -> date | None:
    """The date `said` names, None if it is no form Kith knows."""
    if len(said) == 10 and said[4] == "-":
        try:
            return date.fromisoformat(said)
        except ValueError:
            pass
    if said in WORDS:
        return today + timedelta(days=WORDS[said])
    relative, iso, numeric, named = _forms()
    for pattern, reader in relative:
        match = pattern.fullmatch(said)
        if match:
            return reader(match, today, ahead)
    if match := iso.fullmatch(said):
        return _exact(text, int(match[1]), int(match[3]), int(match[4]))
    if match := numeric.fullmatch(said):
        return _numeric(match, text, today, ahead, order)
    for pattern in named:
        match = pattern.fullmatch(said)
        if match:
            return _named(match, text, today, ahead, pattern is named[1])
    return None


def _shift(today: date, unit: str, amount: int) -> date:
    """`today` moved by whole days, weeks, months or years (months keep the day where they can)."""
    from dateutil.relativedelta import relativedelta  # here: it imports calendar and locale

    return today + relativedelta(**{unit: amount})  # type: ignore[arg-type]


def _offset(match: re.Match[str], today: date, ahead: bool) -> date:
    return _shift(today, UNITS[match[3] or "d"], int(match[2]) * (-1 if match[1] == "-" else 1))


def _count(word: str) -> int:
    return 1 if word in ("a", "an") else int(word)


def _in(match: re.Match[str], today: date, ahead: bool) -> date:
    return _shift(today, UNITS[match[2]], _count(match[1]))


def _ago(match: re.Match[str], today: date, ahead: bool) -> date:
    return _shift(today, UNITS[match[2]], -_count(match[1]))


def _next_last(match: re.Match[str], today: date, ahead: bool) -> date:
    return _shift(today, UNITS[match[2]], 1 if match[1] == "next" else -1)


def _end(match: re.Match[str], today: date, ahead: bool) -> date:
    import calendar

    from dateutil.relativedelta import relativedelta

    unit = match[2] or {"eow": "week", "eom": "month", "eoy": "year"}[match[3]]
    if unit == "week":
        end = today + timedelta(days=6 - today.weekday())
        return end + timedelta(days=7) if match[1] else end
    if unit == "year":
        return date(today.year + (1 if match[1] else 0), 12, 31)
    month = today + relativedelta(months=1 if match[1] else 0)
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _weekday(match: re.Match[str], today: date, ahead: bool) -> date | None:
    wanted = WEEKDAYS.get(match[2])
    if wanted is None:
        return None
    after = (wanted - today.weekday()) % 7 or 7
    before = (today.weekday() - wanted) % 7 or 7
    if match[1] == "this":
        return today + timedelta(days=(wanted - today.weekday()) % 7)
    forward = match[1] == "next" or (match[1] is None and ahead)
    return today + timedelta(days=after) if forward else today - timedelta(days=before)


def _exact(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateNotUnderstood(text, f"there is no such date as {text.strip()!r}") from None


def _numeric(match: re.Match[str], text: str, today: date, ahead: bool, order: str | None) -> date:
    if order not in ("dmy", "mdy"):
        raise DateNotUnderstood(
            text,
            f"the date {text.strip()!r} is ambiguous (day/month or month/day?); write 2026-12-05 or Dec 5, "
            'or set date_order = "dmy" or "mdy" in the config',
        )
    first, second = int(match[1]), int(match[3])
    day, month = (first, second) if order == "dmy" else (second, first)
    if match[4]:
        year = int(match[4])
        if len(match[4]) == 2:
            year += 2000 if 2000 + year <= today.year + 50 else 1900
        return _exact(text, year, month, day)
    return _without_year(text, month, day, today, ahead)


def _named(match: re.Match[str], text: str, today: date, ahead: bool, day_first: bool) -> date:
    day_text, month_text = (match[1], match[2]) if day_first else (match[2], match[1])
    month = MONTHS.get(month_text)
    if month is None:
        raise DateNotUnderstood(text)
    if match[3]:
        return _exact(text, int(match[3]), month, int(day_text))
    return _without_year(text, month, int(day_text), today, ahead)


def _without_year(text: str, month: int, day: int, today: date, ahead: bool) -> date:
    """The next (or last) time this day of the year comes round, today included."""
    import calendar

    if not 1 <= month <= 12 or not 1 <= day <= (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        raise DateNotUnderstood(text, f"there is no such date as {text.strip()!r}")
    step = 1 if ahead else -1
    year = today.year
    for _ in range(9):
        if month != 2 or day != 29 or calendar.isleap(year):
            found = date(year, month, day)
            if (found >= today) if ahead else (found <= today):
                return found
        year += step
    raise DateNotUnderstood(text)


def format_relative(day: date, today: date) -> str:
    """A date as a short phrase: today, tomorrow, in 3 days, 2 weeks ago."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    size = abs(delta)
    if size >= 365:
        amount, unit = size // 365, "year"
    elif size >= 60:
        amount, unit = size // 30, "month"
    elif size >= 14:
        amount, unit = size // 7, "week"
    else:
        amount, unit = size, "day"
    phrase = f"{amount} {unit}{'s' if amount != 1 else ''}"
    return f"in {phrase}" if delta > 0 else f"{phrase} ago"


_CADENCE_WORDS = (("days", "d"), ("day", "d"), ("weeks", "w"), ("week", "w"), ("months", "m"), ("month", "m"),
                  ("years", "y"), ("year", "y"))  # fmt: skip
_CADENCE_UNITS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_cadence(text: str, *, label: str = "every") -> int | None:
    """A keep-in-touch cadence as people type it (`30`, `2w`, `3 months`) in days; 0 or nothing stops it."""
    raw = text.strip().lower().replace(" ", "")
    for word, unit in _CADENCE_WORDS:
        if raw.endswith(word):
            raw = raw[: -len(word)] + unit
            break
    number, unit = (raw[:-1], raw[-1]) if raw and raw[-1] in _CADENCE_UNITS else (raw, "d")
    # ASCII digits only: str.isdigit also accepts ² and other digits int() cannot convert
    if not (number.isascii() and number.isdigit()) or len(number) > 6:
        raise InvalidValue(label, text, "must be a number of days, or like 2w, 3m (0 stops reminders)")
    return int(number) * _CADENCE_UNITS[unit] or None
