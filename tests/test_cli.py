"""The `kith` command line as a user types it: a scripted week, and every kind of bad input."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import TODAY, Kith, run_kith


def due(kith: Kith, day: date) -> list[dict]:
    result = kith("due", "--json", today=day)
    assert result.code == 0, result.err
    return json.loads(result.out)


def kinds(items: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in items:
        found.setdefault(item["kind"], []).append(item["person"])
    return found


def key_of(items: list[dict], kind: str, person: str) -> str:
    return next(i["key"] for i in items if i["kind"] == kind and i["person"] == person)


def test_a_scripted_week_shows_each_reminder_on_its_day_and_clears_it_naturally(kith: Kith) -> None:
    monday = date(2026, 11, 23)
    d = lambda n: monday + timedelta(days=n)  # noqa: E731

    assert kith("event", "PyData Berlin", "--on", "2026-11-23", "--at", "Kulturbrauerei", today=d(0)).code == 0
    assert kith("add", "Ana López", "--company", "Zalando", "--at", "PyData Berlin", today=d(0)).code == 0
    assert kith("add", "Tom Baker", "--at", "PyData Berlin", "--email", "tom@example.com", today=d(0)).code == 0
    assert kith("add", "Lin Wei", "--met", "2026-10-01", "--online", "linkedin", "--every", "30", today=d(0)).code == 0
    assert kith("log", "Lin", "--on", "2026-10-01", "-m", "connected", today=d(0)).code == 0
    assert kith("promise", "ana", "send the slides", "--by", "fri", today=d(0)).code == 0
    assert kith("promise", "tom", "feedback on my deck", "--by", "wed", "--theirs", today=d(0)).code == 0
    monday_due = due(kith, d(0))
    assert kinds(monday_due) == {"keep-in-touch": ["Lin Wei"]}
    assert monday_due[0]["since"] == "2026-10-31" and monday_due[0]["days"] == 23

    assert kith("favor", "tom", "a ticket to PyCon", "--received", today=d(1)).code == 0
    assert kith("log", "Lin Wei", "--from-them", "--reply-needed", "-m", "asked about our API", today=d(1)).code == 0
    tuesday = due(kith, d(1))
    assert kinds(tuesday) == {"reply": ["Lin Wei"], "thanks": ["Tom Baker"]}  # her message reset the cadence

    thursday = due(kith, d(3))
    found = kinds(thursday)
    assert found["promise"] == ["Ana López"]  # due Friday, shows from Thursday
    assert sorted(found["follow-up"]) == ["Ana López", "Tom Baker"]  # met Monday, 2 days on
    assert "nudge" not in found  # Tom's promise was due Wednesday; nudge 3 days after

    saturday = due(kith, d(5))
    assert kinds(saturday)["nudge"] == ["Tom Baker"]
    assert {i["kind"]: i["since"] for i in saturday}["nudge"] == "2026-11-28"

    # natural actions clear them
    assert kith("log", "Lin Wei", "-m", "sent the API docs", today=d(5)).code == 0  # reply + keep-in-touch
    assert kith("thank", "Tom", today=d(5)).code == 0
    assert kith("log", "Ana", "-m", "coffee", "--kind", "meeting", today=d(5)).code == 0  # follow-up
    assert kith("done", key_of(saturday, "promise", "Ana López"), today=d(5)).code == 0
    assert kith("drop", key_of(saturday, "nudge", "Tom Baker")[:14], today=d(5)).code == 0
    assert due(kith, d(5)) == []  # thanking Tom was contact too: his follow-up went with it

    assert kith("add", "Zoë Müller", "--met", "thu", today=d(5)).code == 0
    follow = due(kith, d(5))
    assert kinds(follow) == {"follow-up": ["Zoë Müller"]}
    snoozed = kith("snooze", follow[0]["key"], "mon", today=d(5))
    assert snoozed.code == 0, snoozed.err
    assert due(kith, d(5)) == [] and due(kith, d(6)) == []
    assert kinds(due(kith, d(7))) == {"follow-up": ["Zoë Müller"]}  # wakes on Monday
    assert kith("done", follow[0]["key"], today=d(7)).code == 0
    assert due(kith, d(7)) == []
    assert "keep-in-touch" not in kinds(due(kith, d(5 + 29)))
    assert kinds(due(kith, d(5 + 30)))["keep-in-touch"] == ["Lin Wei"]  # cadence counts from the last contact


def test_due_json_has_the_documented_fields(kith: Kith) -> None:
    kith("add", "Ana", "--met", "2026-11-01")
    [item] = due(kith, TODAY)
    assert set(item) == {"kind", "key", "person", "person_uid", "since", "days", "text"}
    assert item["kind"] == "follow-up" and item["since"] == "2026-11-03" and item["days"] == 21
    assert re.fullmatch(r"follow-up:[0-9a-f]{32}", item["key"])


def test_db_works_before_and_after_the_subcommand(db: Path, kith: Kith) -> None:
    assert kith("add", "Ana").code == 0
    after = run_kith("people", "--json", "--db", str(db), db=db.parent / "other.json")
    assert [p["name"] for p in json.loads(after.stdout)] == ["Ana"]


def test_date_options_take_values_starting_with_a_dash(kith: Kith) -> None:
    kith("add", "Ana")
    assert kith("log", "Ana", "--on", "-1m", "-m", "old call").code == 0
    card = json.loads(kith("show", "Ana", "--json").out)
    assert [i["on"] for i in card["interactions"]] == ["2026-11-24", "2026-10-24"]  # met today, called a month ago


def test_people_finds_by_company_handle_tag_and_accentless_name(kith: Kith) -> None:
    kith("add", "Ana López", "--company", "Zalando", "--tag", "ml", "--handle", "github=analo")
    kith("add", "Tom Baker", "--company", "Acme")
    for query in (["zalando"], ["analo"], ["lopez"], ["ANA"]):
        out = json.loads(kith("people", *query, "--json").out)
        assert [p["name"] for p in out] == ["Ana López"], query
    assert [p["name"] for p in json.loads(kith("people", "--tag", "#ml", "--json").out)] == ["Ana López"]
    fields = json.loads(kith("people", "--json").out)[0]
    for key in ("uid", "name", "company", "role", "email", "tags", "met_on", "met_at", "last_contact"):
        assert key in fields


def test_archived_people_only_show_with_all(kith: Kith) -> None:
    kith("add", "Ana")
    assert kith("archive", "Ana").code == 0
    assert json.loads(kith("people", "--json").out) == []
    assert [p["name"] for p in json.loads(kith("people", "--all", "--json").out)] == ["Ana"]
    assert due(kith, TODAY + timedelta(days=5)) == []


def test_show_prints_the_card_with_ledger_and_warning(kith: Kith) -> None:
    kith("add", "Tom Baker", "--at", "PyCon", "--met", "2026-11-20")
    kith("favor", "Tom", "a ticket", "--received")
    kith("favor", "Tom", "an intro", "--received")
    kith("promise", "Tom", "send my notes", "--by", "fri")
    out = kith("show", "tom").out
    assert "Tom Baker" in out and "PyCon" in out and "send my notes" in out
    assert "received 2" in out and "Thank Tom first" in out
    card = json.loads(kith("show", "tom", "--json").out)
    assert {"interactions", "promises", "favors"} <= set(card)


def test_a_same_named_person_is_refused_unless_forced(kith: Kith) -> None:
    kith("add", "Ana Lopez")
    refused = kith("add", "ana lópez")
    assert refused.code == 2 and "Ana Lopez is already in the journal" in refused.err
    assert kith("add", "Ana Lopez", "--force").code == 0
    ambiguous = kith("show", "Ana")
    assert ambiguous.code == 2 and "matches 2 people" in ambiguous.err


def test_unknown_person_suggests_the_closest(kith: Kith) -> None:
    kith("add", "Grace Hopper")
    result = kith("log", "Grase Hopper")
    assert result.code == 2 and "Grace Hopper" in result.err and result.out == ""


def test_thank_with_nothing_to_thank_is_a_user_error(kith: Kith) -> None:
    kith("add", "Ana")
    result = kith("thank", "Ana")
    assert result.code == 2 and "nothing to thank Ana" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["promise", "Ana", "slides", "--by", "fridya"], "could not understand the date 'fridya'"),
        (["add", ""], "name"),
        (["add", "Bob", "--email", "not-an-email"], "email"),
        (["add", "Bob", "--every", "often"], "--every"),
        (["add", "Bob", "--handle", "nope"], "PLATFORM=VALUE"),
        (["log", "Ana", "--kind", "telepathy"], "kind"),
        (["log", "Nobody"], "no person matches"),
        (["done", "promise"], "not a reminder key"),
        (["done", "reply:ffff"], "no open reminder"),
        (["snooze", "follow-up:abcd", "yesterday"], "after"),
        (["due", "--on", "05/12"], "ambiguous"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["add"], "required"),
        (["log", "Ana", "--online", "x", "--offline"], "not allowed"),
        (["restore", "nope"], "no backup"),
    ],
)
def test_bad_input_gets_one_line_exit_2_and_writes_nothing(kith: Kith, db: Path, args: list[str], message: str) -> None:
    kith("add", "Ana")
    before = {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file()}
    result = kith(*args)
    assert result.code == 2
    assert message in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    after = {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file()}
    assert after == before


def test_reading_commands_change_nothing(kith: Kith, db: Path) -> None:
    kith("add", "Ana", "--met", "2026-11-01", "--every", "7")
    kith("log", "Ana", "--from-them", "--reply-needed", "-m", "hi")
    kith("promise", "Ana", "slides")
    derived = ("index.json", "search.json", "summaries.json", "check.json")  # rebuilt from the records, may change
    derived += ("agenda.json", "directory.json", "directory.delta.json", "names.json", "introduced.json")
    data = {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file() and p.name not in derived}
    for args in (["due"], ["due", "--json"], ["people"], ["show", "Ana"], ["show", "Ana", "--json"], ["events"], []):
        assert kith(*args).code == 0
    assert {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file() and p.name not in derived} == data


def test_a_corrupted_journal_exits_1_with_three_lines_and_stays_byte_for_byte(db: Path, kith: Kith) -> None:
    kith("add", "Ana")
    kith("backup")
    db.write_bytes(b'{"_meta": {"1": {"kind": "kith-jour')
    for args in (["due"], ["add", "Tom"], ["log", "Ana"]):
        result = run_kith(*args, db=db)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert 1 < len(lines) <= 3 and str(db) in lines[0] and "backup" in lines[-1]
        assert "Traceback" not in result.stderr
    assert db.read_bytes() == b'{"_meta": {"1": {"kind": "kith-jour'


def test_no_command_prints_todays_check_in(kith: Kith) -> None:
    kith("add", "Ana", "--met", "2026-11-01")
    out = kith().out
    assert "People to follow up (1)" in out and "Ana" in out


def test_config_prints_its_path_and_values(kith: Kith, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('date_order = "dmy"\nnudge_after_days = 5\n')
    out = kith("config").out
    assert str(tmp_path / "config.toml") in out and 'date_order = "dmy"' in out and "nudge_after_days = 5" in out
    assert kith("due", "--on", "05/12").code == 0


def test_a_bad_config_is_one_clear_line(kith: Kith, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("nudge_after_days = -4\n")
    result = kith("due")
    assert result.code == 1 and "nudge_after_days" in result.err


def test_demo_prints_a_full_check_in_and_leaves_no_trace_in_the_journal(kith: Kith, db: Path) -> None:
    result = kith("--demo")
    assert result.code == 0
    for heading in ("Replies owed", "Thanks owed", "My promises due", "Their promises to nudge", "Going cold"):
        assert heading in result.out
    assert not db.exists()


def test_what_is_done_in_the_demo_lasts_the_day_and_a_new_day_starts_fresh(kith: Kith) -> None:
    first = json.loads(kith("--demo", "due", "--json").out)
    assert kith("--demo", "done", first[0]["key"]).code == 0
    assert first[0]["key"] not in {r["key"] for r in json.loads(kith("--demo", "due", "--json").out)}
    tomorrow = json.loads(kith("--demo", "due", "--json", today=TODAY + timedelta(days=1)).out)
    assert first[0]["key"] in {r["key"] for r in tomorrow}  # a fresh copy for a new day
