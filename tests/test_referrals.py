"""Referrals: favors that sent business one's way, counted apart in the ledger, the card and `kith people`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import TODAY, Kith

from journal.capture import parse_line
from journal.journal import Journal
from journal.ledger import ledger
from journal.model import Favor


def people_with_referrals(kith: Kith) -> None:
    for name in ("Tom Baker", "Ana López", "Lin Wei"):
        assert kith("add", name).code == 0
    assert kith("favor", "tom", "sent us the Acme project", "--received", "--referral").code == 0
    assert kith("favor", "tom", "sent us the Bosch gig", "--received", "--referral").code == 0
    assert kith("favor", "tom", "a ticket to PyCon", "--received").code == 0
    assert kith("favor", "ana", "referred her to Zalando", "--referral").code == 0


def test_a_referral_is_recorded_from_the_command_line_and_says_so(kith: Kith, db: Path) -> None:
    kith("add", "Tom Baker")
    result = kith("favor", "tom", "sent us the Acme project", "--received", "--referral")
    assert result.code == 0 and result.out.startswith("Tom Baker referred you: sent us the Acme project [")
    assert kith("favor", "tom", "passed our name to Globex", "--referral").out.startswith("You referred Tom Baker:")
    favors = Journal.open(db, clock=lambda: TODAY).favors()
    assert [(f.given, f.referral) for f in favors] == [(False, True), (True, True)]


def test_the_ledger_counts_referrals_apart_from_favors(kith: Kith, db: Path) -> None:
    people_with_referrals(kith)
    journal = Journal.open(db, clock=lambda: TODAY)
    book = ledger(journal, journal.find_person("tom"), TODAY)
    assert (book.given, book.received, book.referrals_given, book.referrals_received) == (0, 3, 0, 2)
    card = kith("show", "tom").out
    assert "Favors: given 0 · received 3, 3 not thanked yet · referrals: 2 sent you, you sent 0" in card
    assert "received referral: sent us the Acme project" in card
    shown = json.loads(kith("show", "ana", "--json").out)
    assert (shown["ledger"]["referrals_given"], shown["ledger"]["referrals_received"]) == (1, 0)
    assert shown["favors"][0]["referral"] is True


def test_people_sort_by_referrals_received_then_given(kith: Kith) -> None:
    people_with_referrals(kith)
    listed = kith("people", "--sort", "referrals").out.splitlines()
    assert "REFERRALS IN/OUT" in listed[0]
    assert [line.split()[0] for line in listed[1:4]] == ["Tom", "Ana", "Lin"]
    assert listed[1].rstrip().endswith("2 / 0") and listed[2].rstrip().endswith("0 / 1")
    names = [p["name"] for p in json.loads(kith("people", "--sort", "referrals", "--json").out)]
    assert names == ["Tom Baker", "Ana López", "Lin Wei"]
    assert [p["name"] for p in json.loads(kith("people", "--sort", "name", "--json").out)] == [
        "Ana López",
        "Lin Wei",
        "Tom Baker",
    ]
    bad = kith("people", "--sort", "referals")
    assert bad.code == 2 and bad.err.strip() == "kith: unknown ORDER 'referals' — did you mean 'referrals'?"


def test_the_line_grammar_takes_referrals_both_ways(kith: Kith, db: Path) -> None:
    line = parse_line("Tom Baker; got referral: the Acme project; gave a referral: intro to Globex; got: a book", TODAY)
    assert (line.got_referral, line.gave_referral, line.got) == (["the Acme project"], ["intro to Globex"], ["a book"])
    result = kith("jot", "Tom Baker; got referral: the Acme project; gave referral: intro to Globex")
    assert result.code == 0
    assert "gave referral: intro to Globex · got referral: the Acme project" in result.out
    favors = sorted((f.given, f.referral, f.what) for f in Journal.open(db, clock=lambda: TODAY).favors())
    assert favors == [(False, True, "the Acme project"), (True, True, "intro to Globex")]
    bad = kith("jot", "Ana; referral: x")
    assert bad.code == 2 and "got referral: …" in bad.err


def test_edit_makes_a_favor_a_referral_and_back(kith: Kith, db: Path) -> None:
    kith("add", "Tom Baker")
    key = kith("favor", "tom", "the Acme project", "--received").out.split("[")[1].rstrip("]\n")
    assert kith("edit", f"favor:{key}", "--referral").code == 0
    assert Journal.open(db, clock=lambda: TODAY).favors()[0].referral is True
    assert kith("edit", f"favor:{key}", "--no-referral").code == 0
    assert Journal.open(db, clock=lambda: TODAY).favors()[0].referral is False


def test_kith_csv_counts_referrals_and_a_damaged_flag_is_reported_not_loaded(kith: Kith, db: Path) -> None:
    people_with_referrals(kith)
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(kith("export", "csv").out))}
    assert (rows["Tom Baker"]["referrals_received"], rows["Tom Baker"]["referrals_given"]) == ("2", "0")
    assert rows["Tom Baker"]["favors_received"] == "3"
    assert rows["Ana López"]["referrals_given"] == "1"
    loaded, damaged = Favor.load_all([{"person": "a" * 32, "what": "x", "on": "2026-11-01", "referral": "yes"}])
    assert loaded == [] and "referral" in str(damaged[0][1])
