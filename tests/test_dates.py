"""Dates as people type them, seen from a fixed Tuesday."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.dates import format_relative, parse_date
from journal.errors import DateNotUnderstood

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "ahead", "past"),
    [
        ("today", "2026-11-24", "2026-11-24"),
        ("Yesterday", "2026-11-23", "2026-11-23"),
        ("tomorrow", "2026-11-25", "2026-11-25"),
        ("fri", "2026-11-27", "2026-11-20"),
        ("Friday", "2026-11-27", "2026-11-20"),
        ("tue", "2026-12-01", "2026-11-17"),
        ("next fri", "2026-11-27", "2026-11-27"),
        ("next  friday", "2026-11-27", "2026-11-27"),
        ("last fri", "2026-11-20", "2026-11-20"),
        ("this tue", "2026-11-24", "2026-11-24"),
        ("next week", "2026-12-01", "2026-12-01"),
        ("last month", "2026-10-24", "2026-10-24"),
        ("in 3 days", "2026-11-27", "2026-11-27"),
        ("in a week", "2026-12-01", "2026-12-01"),
        ("in 2 months", "2027-01-24", "2027-01-24"),
        ("3 days ago", "2026-11-21", "2026-11-21"),
        ("a week ago", "2026-11-17", "2026-11-17"),
        ("+2w", "2026-12-08", "2026-12-08"),
        ("-1m", "2026-10-24", "2026-10-24"),
        ("+3d", "2026-11-27", "2026-11-27"),
        ("+10", "2026-12-04", "2026-12-04"),
        ("+1y", "2027-11-24", "2027-11-24"),
        ("+2 weeks", "2026-12-08", "2026-12-08"),
        ("end of month", "2026-11-30", "2026-11-30"),
        ("end of the month", "2026-11-30", "2026-11-30"),
        ("eom", "2026-11-30", "2026-11-30"),
        ("end of next month", "2026-12-31", "2026-12-31"),
        ("end of week", "2026-11-29", "2026-11-29"),
        ("end of year", "2026-12-31", "2026-12-31"),
        ("2026-12-05", "2026-12-05", "2026-12-05"),
        ("2026/12/05", "2026-12-05", "2026-12-05"),
        ("Dec 5", "2026-12-05", "2025-12-05"),
        ("5 Dec", "2026-12-05", "2025-12-05"),
        ("December 5th", "2026-12-05", "2025-12-05"),
        ("5 Dec 2026", "2026-12-05", "2026-12-05"),
        ("Dec 5, 2026", "2026-12-05", "2026-12-05"),
        ("Nov 24", "2026-11-24", "2026-11-24"),
        ("Feb 29", "2028-02-29", "2024-02-29"),
    ],
)
def test_every_documented_form(text: str, ahead: str, past: str) -> None:
    assert parse_date(text, TUESDAY, ahead=True).isoformat() == ahead
    assert parse_date(text, TUESDAY, ahead=False).isoformat() == past


def test_a_date_without_a_year_rolls_over_the_new_year() -> None:
    assert parse_date("Jan 3", date(2026, 12, 20)) == date(2027, 1, 3)
    assert parse_date("Dec 30", date(2027, 1, 2), ahead=False) == date(2026, 12, 30)


def test_months_keep_the_last_day_when_the_next_month_is_shorter() -> None:
    assert parse_date("+1m", date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_date("+1m", date(2028, 1, 31)) == date(2028, 2, 29)


def test_numeric_dates_are_ambiguous_unless_the_config_says_the_order() -> None:
    with pytest.raises(DateNotUnderstood, match="ambiguous") as caught:
        parse_date("05/12", TUESDAY)
    assert 'date_order = "dmy"' in str(caught.value)
    assert parse_date("05/12", TUESDAY, order="dmy") == date(2026, 12, 5)
    assert parse_date("05/12", TUESDAY, order="mdy") == date(2027, 5, 12)
    assert parse_date("12/05/2026", TUESDAY, order="mdy") == date(2026, 12, 5)
    assert parse_date("5.12.26", TUESDAY, order="dmy") == date(2026, 12, 5)


@pytest.mark.parametrize("text", ["Feb 30", "2026-13-01", "2026-02-30", "31 Apr"])
def test_impossible_dates_say_so(text: str) -> None:
    with pytest.raises(DateNotUnderstood, match="no such date"):
        parse_date(text, TUESDAY)


@pytest.mark.parametrize(
    "text",
    ["fridya", "tomorow", "next", "in days", "+", "3", "march", "5", "2026", "Dec 5 at 3pm", "the 5th", "now",
     "in an hour", "", "   ", "+999999999d", "99999-01-01", "-1000y", "next fortnight"],
)  # fmt: skip
def test_anything_else_is_refused_with_examples(text: str) -> None:
    with pytest.raises(DateNotUnderstood) as caught:
        parse_date(text, TUESDAY)
    assert str(caught.value).count("\n") == 0


def test_a_typo_gets_the_documented_message() -> None:
    with pytest.raises(DateNotUnderstood) as caught:
        parse_date("fridya", TUESDAY)
    assert str(caught.value) == "could not understand the date 'fridya' (try: fri, next friday, in 3 days, 2026-12-05)"


WORDS = ["fri", "next", "last", "in", "ago", "days", "week", "Dec", "5", "2026", "+", "-", "/", ".", " ", "end of", "m"]


@given(st.text() | st.lists(st.sampled_from(WORDS)).map("".join) | st.lists(st.sampled_from(WORDS)).map(" ".join))
def test_any_string_is_a_date_or_a_clear_refusal(text: str) -> None:
    for ahead in (True, False):
        for order in (None, "dmy", "mdy"):
            try:
                found = parse_date(text, TUESDAY, ahead=ahead, order=order)
            except DateNotUnderstood:
                continue
            assert isinstance(found, date)


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "today"), (1, "tomorrow"), (-1, "yesterday"), (3, "in 3 days"), (-3, "3 days ago"), (15, "in 2 weeks"),
     (-70, "2 months ago"), (400, "in 1 year")],
)  # fmt: skip
def test_format_relative(days: int, text: str) -> None:
    from datetime import timedelta

    assert format_relative(TUESDAY + timedelta(days=days), TUESDAY) == text
