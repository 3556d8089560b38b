"""Dates as people type them, seen from a fixed Tuesday."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.dates import format_relative, parse_date
from journal.errors import DateNotUnderstood

TUESDAY = date(2026, 11, 24)


def ahead(text: str, today: date = TUESDAY, order: str | None = None) -> str:
    return parse_date(text, today, ahead=True, order=order).isoformat()


def past(text: str, today: date = TUESDAY, order: str | None = None) -> str:
    return parse_date(text, today, ahead=False, order=order).isoformat()


def refusal(text: str, today: date = TUESDAY, order: str | None = None) -> str:
    with pytest.raises(DateNotUnderstood) as caught:
        parse_date(text, today, order=order)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("today", "2026-11-24"), ("Yesterday", "2026-11-23"), ("TOMORROW", "2026-11-25"), ("tmr", "2026-11-25"),
     ("tmrw", "2026-11-25"), ("  today  ", "2026-11-24")],
)  # fmt: skip
def test_day_words_mean_the_same_in_both_directions(text: str, expected: str) -> None:
    assert ahead(text) == past(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("fri", "2026-11-27"), ("Friday", "2026-11-27"), ("mon", "2026-11-30"), ("tues", "2026-12-01"),
     ("tue", "2026-12-01"), ("wed", "2026-11-25"), ("thu", "2026-11-26"), ("thur", "2026-11-26"),
     ("thurs", "2026-11-26"), ("sat", "2026-11-28"), ("sunday", "2026-11-29")],
)  # fmt: skip
def test_bare_weekday_looks_forward_for_things_ahead(text: str, expected: str) -> None:
    assert ahead(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("fri", "2026-11-20"), ("mon", "2026-11-23"), ("tue", "2026-11-17"), ("wed", "2026-11-18"),
     ("Sunday", "2026-11-22")],
)  # fmt: skip
def test_bare_weekday_looks_back_for_things_that_happened(text: str, expected: str) -> None:
    assert past(text) == expected


def test_next_and_last_weekday_ignore_the_direction() -> None:
    for read in (ahead, past):
        assert read("next fri") == read("next   Friday") == "2026-11-27"
        assert read("next tue") == "2026-12-01"
        assert read("last fri") == "2026-11-20"
        assert read("last tue") == "2026-11-17"


def test_this_weekday_is_within_the_coming_seven_days_including_today() -> None:
    assert ahead("this tue") == past("this tue") == "2026-11-24"
    assert ahead("this fri") == past("this fri") == "2026-11-27"
    assert ahead("this mon") == "2026-11-30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("next week", "2026-12-01"), ("last week", "2026-11-17"), ("next month", "2026-12-24"),
     ("last month", "2026-10-24"), ("next year", "2027-11-24"), ("last year", "2025-11-24")],
)  # fmt: skip
def test_next_and_last_periods_move_a_whole_period(text: str, expected: str) -> None:
    assert ahead(text) == past(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("in 3 days", "2026-11-27"), ("in 2 weeks", "2026-12-08"), ("in 1 month", "2026-12-24"),
     ("in a week", "2026-12-01"), ("in 2 months", "2027-01-24"), ("in 3 d", "2026-11-27"), ("in 1 yr", "2027-11-24"),
     ("3 days ago", "2026-11-21"), ("a week ago", "2026-11-17"), ("2 months ago", "2026-09-24"),
     ("1 year ago", "2025-11-24"), ("2 wk ago", "2026-11-10")],
)  # fmt: skip
def test_in_and_ago_count_from_today(text: str, expected: str) -> None:
    assert ahead(text) == past(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("+2w", "2026-12-08"), ("-1m", "2026-10-24"), ("+3d", "2026-11-27"), ("+1y", "2027-11-24"),
     ("+10", "2026-12-04"), ("-3", "2026-11-21"), ("+2 weeks", "2026-12-08"), ("+ 3 days", "2026-11-27"),
     ("-1 mo", "2026-10-24")],
)  # fmt: skip
def test_signed_offsets_default_to_days(text: str, expected: str) -> None:
    assert ahead(text) == past(text) == expected


def test_months_keep_the_last_day_when_the_next_month_is_shorter() -> None:
    assert ahead("+1m", date(2026, 1, 31)) == "2026-02-28"
    assert ahead("+1m", date(2028, 1, 31)) == "2028-02-29"
    assert ahead("next month", date(2026, 3, 31)) == "2026-04-30"
    assert ahead("1 month ago", date(2026, 3, 31)) == "2026-02-28"
    assert ahead("+1y", date(2028, 2, 29)) == "2029-02-28"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("end of month", "2026-11-30"), ("End of the Month", "2026-11-30"), ("eom", "2026-11-30"),
     ("end of next month", "2026-12-31"), ("end of week", "2026-11-29"), ("eow", "2026-11-29"),
     ("end of year", "2026-12-31"), ("eoy", "2026-12-31")],
)  # fmt: skip
def test_end_of_a_period_is_its_last_day(text: str, expected: str) -> None:
    assert ahead(text) == past(text) == expected


def test_end_of_month_and_week_on_their_last_day_is_today() -> None:
    assert ahead("end of week", date(2026, 11, 29)) == "2026-11-29"
    assert ahead("eom", date(2026, 2, 28)) == "2026-02-28"
    assert ahead("end of next month", date(2028, 1, 31)) == "2028-02-29"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-05", "2026-12-05"),
        ("2026/12/05", "2026-12-05"),
        ("2026-1-5", "2026-01-05"),
        ("1999-03-04", "1999-03-04"),
    ],
)
def test_iso_dates_are_read_exactly(text: str, expected: str) -> None:
    assert ahead(text) == past(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Dec 5", "5 Dec", "December 5", "5 december", "Dec 5th", "dec. 5", "  DEC   5  "],
)
def test_a_month_name_without_a_year_is_the_next_or_last_occurrence(text: str) -> None:
    assert ahead(text) == "2026-12-05"
    assert past(text) == "2025-12-05"


@pytest.mark.parametrize(
    "text", ["5 Dec 2026", "Dec 5, 2026", "Dec 5 2026", "5 December 2026", "December 5th, 2026", "Dec 5,2026"]
)
def test_a_month_name_with_a_year_is_that_day(text: str) -> None:
    assert ahead(text) == past(text) == "2026-12-05"


def test_a_month_name_typed_on_that_day_is_today_both_ways() -> None:
    assert ahead("Nov 24") == past("Nov 24") == "2026-11-24"


def test_a_date_without_a_year_rolls_over_the_new_year() -> None:
    assert ahead("Dec 5", date(2026, 12, 20)) == "2027-12-05"
    assert ahead("Jan 3", date(2026, 12, 20)) == "2027-01-03"
    assert past("Dec 30", date(2027, 1, 2)) == "2026-12-30"
    assert past("Dec 20", date(2026, 12, 5)) == "2025-12-20"


def test_feb_29_without_a_year_finds_the_nearest_leap_year() -> None:
    assert ahead("Feb 29") == "2028-02-29"
    assert past("Feb 29") == "2024-02-29"
    assert ahead("29 feb", date(2028, 2, 29)) == past("29 feb", date(2028, 2, 29)) == "2028-02-29"
    assert ahead("Feb 29", date(2096, 3, 1)) == "2104-02-29"


@pytest.mark.parametrize("text", ["05/12", "5.12.", "12/05/2026", "5-12", "25/12"])
def test_numeric_dates_are_refused_as_ambiguous_without_a_configured_order(text: str) -> None:
    assert refusal(text) == (
        f"the date {text!r} is ambiguous (day/month or month/day?); write 2026-12-05 or Dec 5, "
        'or set date_order = "dmy" or "mdy" in the config'
    )


def test_numeric_dates_follow_the_configured_order() -> None:
    assert ahead("05/12", order="dmy") == "2026-12-05"
    assert past("05/12", order="dmy") == "2025-12-05"
    assert ahead("5.12.", order="dmy") == "2026-12-05"
    assert ahead("5-12", order="dmy") == "2026-12-05"
    assert past("05/12", order="mdy") == "2026-05-12"
    assert ahead("05/12", order="mdy") == "2027-05-12"
    assert ahead("12/05/2026", order="mdy") == past("12/05/2026", order="mdy") == "2026-12-05"
    assert ahead("5.12.26", order="dmy") == "2026-12-05"
    assert past("5/12/99", order="dmy") == "1999-12-05"


@pytest.mark.parametrize(
    ("text", "order"),
    [("Feb 30", None), ("30 feb 2026", None), ("2026-13-01", None), ("2026-02-30", None), ("2027/02/29", None),
     ("31 Apr", None), ("Dec 32", None), ("31/04", "dmy"), ("04/31", "mdy"), ("29/02/2027", "dmy"), ("13/13", "dmy")],
)  # fmt: skip
def test_impossible_dates_say_there_is_no_such_date(text: str, order: str | None) -> None:
    assert refusal(text, order=order) == f"there is no such date as {text!r}"


@pytest.mark.parametrize(
    "text",
    ["fridya", "tomorow", "next", "in days", "+", "3", "march", "5", "2026", "Dec 5 at 3pm", "the 5th", "now",
     "in an hour", "in 2 hours", "", "   ", "next fortnight", "fri 5", "Dec", "5 Dec 26", "+2x", "in -3 days",
     "2026-12/05", "5/12-2026", "next days", "this week", "+3 +3", "eom!", "٣ days ago"],
)  # fmt: skip
def test_anything_else_is_refused_with_examples(text: str) -> None:
    assert refusal(text) == (f"could not understand the date {text!r} (try: fri, next friday, in 3 days, 2026-12-05)")


@pytest.mark.parametrize(
    "text", ["+999999999d", "+999999d", "+999999y", "-999999m", "-1000y", "1850-01-01", "Dec 5 3000", "99999-01-01"]
)
def test_dates_out_of_range_are_refused_not_crashed(text: str) -> None:
    refusal(text)


def test_out_of_range_near_the_calendar_edges_is_refused() -> None:
    refusal("next year", date(9999, 6, 1))
    refusal("Dec 5", date(9999, 12, 20))
    refusal("end of next year", date(9999, 1, 1))


DIGITS = [str(n) for n in (0, 1, 5, 12, 13, 29, 31, 32, 99, 2026, 1899, 3000)]
WORDS = DIGITS + ["fri", "Friday", "tue", "next", "last", "this", "in", "a", "ago", "days", "week", "m", "d", "Dec",
                  "feb", "May", "sept", "end of", "the", "eom", "th", "+", "-", "/", ".", ",", " "]  # fmt: skip
MIXED = st.lists(st.sampled_from(WORDS), max_size=6)


@given(st.text() | MIXED.map("".join) | MIXED.map(" ".join) | st.text(alphabet="0123456789+-/. ,dwmy", max_size=12))
def test_any_string_is_a_date_or_a_clear_refusal(text: str) -> None:
    for direction in (True, False):
        for order in (None, "dmy", "mdy"):
            try:
                found = parse_date(text, TUESDAY, ahead=direction, order=order)
            except DateNotUnderstood:
                continue
            assert isinstance(found, date)
            assert 1900 <= found.year <= 2200


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "today"), (1, "tomorrow"), (-1, "yesterday"), (2, "in 2 days"), (3, "in 3 days"), (-3, "3 days ago"),
     (13, "in 13 days"), (14, "in 2 weeks"), (15, "in 2 weeks"), (-35, "5 weeks ago"), (59, "in 8 weeks"),
     (60, "in 2 months"), (-70, "2 months ago"), (100, "in 3 months"), (364, "in 12 months"), (365, "in 1 year"),
     (-400, "1 year ago"), (800, "in 2 years")],
)  # fmt: skip
def test_format_relative_says_how_far_off_a_day_is(days: int, text: str) -> None:
    assert format_relative(TUESDAY + timedelta(days=days), TUESDAY) == text
