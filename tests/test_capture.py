"""The one-line capture grammar and `kith jot`: every example of the issue, refusals, and who is who."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Kith
from hypothesis import given
from hypothesis import strategies as st

from journal.capture import LineNotUnderstood, parse_line

DAY = date(2026, 11, 20)  # a Friday


def test_a_bare_name() -> None:
    assert parse_line("Ana Lopez", DAY).name == "Ana Lopez"


def test_company_role_tags_and_summary() -> None:
    written = parse_line("Ana Lopez, Head of Data at Zalando #ml: talked about pricing models", DAY)
    assert (written.name, written.company, written.role) == ("Ana Lopez", "Zalando", "Head of Data")
    assert parse_line("Smith, John", DAY).name == "Smith, John"  # no "at": a name with a comma
    line = parse_line("Ana Lopez (Zalando, Head of Data) #ml #berlin: talked about pricing models", DAY)
    assert (line.name, line.company, line.role) == ("Ana Lopez", "Zalando", "Head of Data")
    assert line.tags == ["ml", "berlin"] and line.summary == "talked about pricing models"


def test_my_promise_with_a_date_counted_from_the_line_day() -> None:
    line = parse_line("Ana Lopez; I owe: send the slides by fri", DAY)
    assert line.mine == [("send the slides", date(2026, 11, 27))]


def test_their_promise_by_next_week() -> None:
    assert parse_line("Tom Baker; owes me: feedback on my deck by next week", DAY).theirs == [
        ("feedback on my deck", date(2026, 11, 27))
    ]


def test_favors_both_ways() -> None:
    assert parse_line("Tom Baker; gave: intro to Grace Hopper", DAY).gave == ["intro to Grace Hopper"]
    assert parse_line("Tom Baker; got: a ticket to PyCon", DAY).got == ["a ticket to PyCon"]


def test_email_introducer_and_cadence_in_months_of_30_days() -> None:
    line = parse_line("Grace Hopper <grace@example.com> via Ana Lopez; every 2 months", DAY)
    assert (line.name, line.email, line.via, line.every) == ("Grace Hopper", "grace@example.com", "Ana Lopez", 60)


def test_reply_wanted() -> None:
    line = parse_line("Lin Wei: asked about our API, wants a reply; reply", DAY)
    assert line.reply and line.summary == "asked about our API, wants a reply"


def test_clauses_combine_in_any_order() -> None:
    a = parse_line("Tom; got: a ticket; #pycon; I owe: notes by mon; every week; (Acme, CTO)", DAY)
    assert (a.got, a.tags, a.mine, a.every, a.company, a.role) == (
        ["a ticket"],
        ["pycon"],
        [("notes", date(2026, 11, 23))],
        7,
        "Acme",
        "CTO",
    )


def test_a_comma_that_starts_no_clause_stays_in_the_name() -> None:
    assert parse_line("Smith, John: met at the door", DAY).name == "Smith, John"
    assert parse_line("Ana, gave it all", DAY).name == "Ana, gave it all"


def test_a_by_that_is_not_a_date_stays_in_the_promise() -> None:
    assert parse_line("Ana; I owe: a book written by someone she admires a lot", DAY).mine[0][1] is None


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("(Acme) #ml", 0, "name"),
        ("Bob (Acme", 4, "unmatched"),
        ("Bob; I owe: slides by fridya", 22, "fridya"),
        ("Bob; hello there", 5, "not a clause"),
        ("Bob; I owe:", 5, "needs what"),
        ("Bob <not-an-email>", 4, "email"),
        ("Bob;", 4, "empty clause"),
        ("Bob Smith (Acme) extra words: hi", 17, "'extra words' belongs nowhere"),
        ("Bob (Acme) Smith", 11, "'Smith' belongs nowhere"),
        ("Bob #ml Smith <b@x.io>", 8, "'Smith' belongs nowhere"),
        ("Lena Vogel (freelance, Data Engineer) @lena: hi", 38, "@lena needs a platform"),
        ("Bob # x", 4, "'#'"),
        ("Ana@home", 3, "'@'"),
        ("Anita, gave: a referral", 5, "as in 'Anita; gave: a referral'"),
        ("Ana Lopez (Acme), every 2 weeks; #ml", 16, "clauses after ';'"),
        ("Ana Lopez, every 2 weeks; #ml", 9, "as in 'Ana Lopez; every 2 weeks; #ml'"),
        ("Bo, reply", 2, "a clause goes after ';'"),
    ],
)
def test_a_bad_line_points_at_the_clause_and_column(text: str, column: int, words: str) -> None:
    with pytest.raises(LineNotUnderstood) as caught:
        parse_line(text, DAY)
    assert caught.value.column == column and words in str(caught.value)


@given(st.text(max_size=120))
def test_any_string_parses_or_raises_the_parsers_own_error(text: str) -> None:
    try:
        line = parse_line(text, DAY)
    except LineNotUnderstood:
        return
    assert line.name


@given(st.lists(st.sampled_from(["Ana", " (", ")", "#x", "<a@b.co>", "via Tom", ":", ";", "I owe:", "got:", " by fri",
                                 "every 2 months", "reply", " ", "é"]), max_size=12).map("".join))  # fmt: skip
def test_grammar_shaped_strings_parse_or_raise_the_parsers_own_error(text: str) -> None:
    with contextlib.suppress(LineNotUnderstood):
        parse_line(text, DAY)


LINES = [
    "Ana López (Zalando, Head of Data) #ml #berlin: talked about pricing models",
    "Ana Lopez; I owe: send the slides by fri",
    "Tom Baker; owes me: feedback on my deck by next week",
    "Tom Baker; gave: intro to Grace Hopper",
    "Tom Baker; got: a ticket to PyCon",
    "Grace Hopper <grace@example.com> via Ana Lopez; every 2 months",
    "Lin Wei: asked about our API, wants a reply; reply",
]


def test_jot_records_an_event_with_the_right_how_met_and_reminders(kith: Kith) -> None:
    result = kith("jot", "--at", "PyData Berlin", "--on", "2026-11-20", *LINES)
    assert result.code == 0, result.err
    people = {p["name"]: p for p in json.loads(kith("people", "--json").out)}
    assert sorted(people) == ["Ana López", "Grace Hopper", "Lin Wei", "Tom Baker"]  # the accent-less Ana attached
    assert all(p["met_at"] == "PyData Berlin" and p["met_on"] == "2026-11-20" for p in people.values())
    assert people["Grace Hopper"]["introduced_by"] == people["Ana López"]["uid"]
    assert people["Grace Hopper"]["keep_in_touch_days"] == 60
    kinds = {(r["kind"], r["person"]) for r in json.loads(kith("due", "--json", "--on", "2026-11-30").out)}
    assert {("reply", "Lin Wei"), ("thanks", "Tom Baker"), ("promise", "Ana López"), ("nudge", "Tom Baker")} <= kinds


def test_jot_is_all_or_nothing(kith: Kith, db: Path) -> None:
    kith("add", "Someone")
    before = {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file()}
    result = kith("jot", "Ana Lopez", "Tom (Acme", "Lin Wei")
    assert result.code == 2 and "line 2, column 5" in result.err
    assert {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file()} == before


def test_a_near_name_stops_until_told_same_or_new(kith: Kith) -> None:
    kith("add", "Grace Hopper", "--email", "grace@example.com")
    stopped = kith("jot", "Grace Hoper")
    assert stopped.code == 2 and "Grace Hopper" in stopped.err and "--same" in stopped.err
    by_email = kith("jot", "G. Hopper <grace@example.com>")
    assert by_email.code == 2 and "Grace Hopper" in by_email.err
    assert kith("jot", "--same", "Grace Hopper", "Grace Hoper; got: advice").code == 0
    assert kith("jot", "--new", "Grace Hoppe").code == 0
    names = sorted(p["name"] for p in json.loads(kith("people", "--json").out))
    assert names == ["Grace Hoppe", "Grace Hopper"]


def test_dry_run_prints_and_writes_nothing(kith: Kith, db: Path) -> None:
    result = kith("jot", "--dry-run", "--at", "Meetup", "Ana; I owe: slides by fri")
    assert result.code == 0 and "Would record new person: Ana" in result.out and "slides by 2026-11-27" in result.out
    assert not db.exists()


def test_every_jot_line_is_a_meeting_and_counts_as_contact(kith: Kith) -> None:
    assert kith("jot", "--at", "Meetup", "--on", "2026-11-20", "Amélie Roux", "Bob: pricing").code == 0
    for name in ("Amélie Roux", "Bob"):
        card = json.loads(kith("show", name, "--json").out)
        assert card["last_contact"] == "2026-11-20" and [i["kind"] for i in card["interactions"]] == ["met"]
    assert "last       2026-11-20" in kith("show", "Amélie").out


_PIECES = ["Ana", "Bob", " ", "(", ")", "Acme", ",", "#x", "#", "<a@b.co>", "@lena", "@", "via Tom", ":", ";", "words",
           "I owe:", "reply", "é", "<", ">"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join), st.sampled_from([None, "mastodon"]))
def test_a_name_is_only_ever_what_was_typed_as_the_name(text: str, online: str | None) -> None:
    try:
        line = parse_line(text, DAY, online=online)
    except LineNotUnderstood:
        return
    import re

    ends = [m.start() for m in re.finditer(r"[(#<:;@]|\bvia\s", text, re.IGNORECASE)]
    typed = text[: min(ends, default=len(text))]
    assert line.name == " ".join(typed.split())


def test_a_handle_has_a_place_when_the_platform_is_known(kith: Kith) -> None:
    line = "Lena Vogel (freelance, Data Engineer) @lena: pipelines"
    refused = kith("jot", "--dry-run", line)
    assert refused.code == 2 and "column 39" in refused.err and "--online" in refused.err
    assert kith("jot", "--online", "mastodon", line).code == 0
    lena = json.loads(kith("show", "Lena Vogel", "--json").out)
    assert lena["name"] == "Lena Vogel" and lena["handles"] == {"mastodon": "lena"}
    extra = kith("jot", "Bob Smith (Acme) extra words: hi")
    assert extra.code == 2 and "column 18" in extra.err and "Bob Smith extra" not in kith("people").out
