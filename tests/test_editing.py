"""Correcting the past from the shell: every record has a key; edit, forget, merge and rename keep every view true."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Kith, run_kith

from journal.journal import Journal


def card(kith: Kith, who: str) -> dict[str, Any]:
    result = kith("show", who, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_show_gives_every_record_a_key_that_edit_takes(kith: Kith) -> None:
    kith("add", "Ana", "--at", "PyData", "--met", "2026-11-20")
    kith("log", "Ana", "-m", "coffee", "--on", "2026-11-21")
    kith("promise", "Ana", "slids", "--by", "2026-12-01")
    kith("favor", "Ana", "a ticket", "--received")
    shown = kith("show", "Ana").out
    ana = card(kith, "Ana")
    keys = [i["key"] for i in ana["interactions"]] + [ana["promises"][0]["key"], ana["favors"][0]["key"]]
    assert all(key.split(":")[1] in shown for key in keys) and "event:" in shown
    talk = next(i for i in ana["interactions"] if i["summary"] == "coffee")
    assert kith("edit", talk["key"], "-m", "tea", "--on", "2026-11-22", "--kind", "call").code == 0
    assert kith("edit", ana["promises"][0]["key"], "slides", "--by", "2026-12-02").code == 0
    assert kith("edit", ana["favors"][0]["key"], "--given").code == 0
    ana = card(kith, "Ana")
    assert {(i.get("summary"), i["on"], i["kind"]) for i in ana["interactions"]} >= {("tea", "2026-11-22", "call")}
    assert (ana["promises"][0]["what"], ana["promises"][0]["due"]) == ("slides", "2026-12-02")
    assert ana["favors"][0]["given"] is True and ana["ledger"]["unthanked"] == 0
    assert ana["last_contact"] == "2026-11-24"  # the favor given today is contact


def test_a_bad_edit_is_one_line_and_changes_nothing(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    key = card(kith, "Ana")["interactions"][0]["key"]
    before = {p: p.read_bytes() for p in db.parent.rglob("*.json")}
    bad = kith("edit", key, "--kind", "telepathy")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "kind" in bad.err
    assert kith("edit", "favor:abcdef12", "x").code == 2
    assert {p: p.read_bytes() for p in db.parent.rglob("*.json")} == before


def test_moving_an_interaction_to_someone_else_updates_both_in_a_fresh_process(kith: Kith, db: Path) -> None:
    kith("add", "Ana", "--met", "2026-10-01")
    kith("add", "Tom", "--met", "2026-10-01")
    kith("log", "Ana", "-m", "meant for Tom", "--on", "2026-11-20")
    key = next(i["key"] for i in card(kith, "Ana")["interactions"] if i["summary"])
    assert kith("edit", key, "Tom").code == 0
    tom = json.loads(run_kith("show", "Tom", "--json", db=db).stdout)
    ana = json.loads(run_kith("show", "Ana", "--json", db=db).stdout)
    assert tom["last_contact"] == "2026-11-20" and ana["last_contact"] == "2026-10-01"
    assert [i["summary"] for i in tom["interactions"] if i.get("summary")] == ["meant for Tom"]
    assert kith("forget", key).code == 0
    assert json.loads(run_kith("show", "Tom", "--json", db=db).stdout)["last_contact"] == "2026-10-01"


def test_forgetting_a_promise_or_favor_takes_the_contact_it_logged(kith: Kith) -> None:
    kith("add", "Ana", "--met", "2026-10-01")
    kith("favor", "Ana", "an intro")
    key = card(kith, "Ana")["favors"][0]["key"]
    assert card(kith, "Ana")["last_contact"] == "2026-11-24"
    assert kith("forget", key).code == 0
    ana = card(kith, "Ana")
    assert ana["favors"] == [] and ana["last_contact"] == "2026-10-01"


def test_events_refuse_a_twin_and_can_be_renamed_merged_and_forgotten(kith: Kith) -> None:
    assert kith("event", "Rust Berlin Hack Night", "--on", "2026-11-20", "--at", "c-base").code == 0
    twin = kith("event", "rust berlin hack night", "--on", "2026-11-20")
    assert twin.code == 2 and "Rust Berlin Hack Night on 2026-11-20" in twin.err and "--force" in twin.err
    kith("event", "Rsut Berlin", "--on", "2026-11-20")
    kith("add", "Ana", "--at", "Rsut Berlin")
    assert kith("event", "rename", "Rsut Berlin", "Rust typo").code == 0
    assert kith("event", "merge", "Rust typo", "Rust Berlin Hack Night").code == 0
    events = json.loads(kith("events", "--json").out)
    assert [e["name"] for e in events] == ["Rust Berlin Hack Night"]
    assert card(kith, "Ana")["met_at"] == "Rust Berlin Hack Night"
    assert kith("forget", f"event:{events[0]['uid'][:8]}").code == 0
    ana = card(kith, "Ana")
    assert (ana["met_on"], ana["met_at"]) == ("2026-11-20", "c-base")
    assert kith("event", "rename", "Nope", "X").code == 2


def test_an_event_called_rename_can_still_be_added(kith: Kith) -> None:
    assert kith("event", "rename").code == 0
    assert [e["name"] for e in json.loads(kith("events", "--json").out)] == ["rename"]


def test_merge_moves_everything_and_keeps_the_name_as_an_alias(kith: Kith, db: Path) -> None:
    kith("add", "Amelie Roux", "--email", "a@old.fr", "--tag", "paris", "--note", "likes tea", "--met", "2026-11-01")
    kith("add", "Amélie R.", "--email", "a@new.fr", "--tag", "ml", "--handle", "x=@amelie", "--met", "2026-11-10")
    kith("add", "Grace", "--introduced-by", "Amelie Roux")
    kith("log", "Amelie Roux", "Grace", "-m", "group chat", "--on", "2026-11-15")
    kith("promise", "Amelie Roux", "slides")
    kith("favor", "Amelie Roux", "a ticket", "--received")
    kith("snooze", "follow-up:" + card(kith, "Amelie Roux")["uid"][:8], "2026-12-20")
    result = kith("merge", "Amelie Roux", "Amélie R.")
    assert result.code == 0, result.err
    fresh = json.loads(run_kith("show", "Amélie R.", "--json", db=db).stdout)
    assert "Amelie Roux" in fresh["aliases"] and set(fresh["tags"]) == {"paris", "ml"}
    assert fresh["handles"] == {"email": "a@new.fr", "x": "@amelie", "email2": "a@old.fr"}
    assert fresh["notes"] == "likes tea" and fresh["met_on"] == "2026-11-01"
    assert [p["what"] for p in fresh["promises"]] == ["slides"] and len(fresh["favors"]) == 1
    assert {i.get("summary") for i in fresh["interactions"]} >= {"group chat"}
    assert fresh["last_contact"] == "2026-11-15"  # the group chat; a favor received is not contact
    grace = json.loads(run_kith("show", "Grace", "--json", db=db).stdout)
    assert grace["introduced_by"] == fresh["uid"]
    assert kith("show", "Amelie Roux").code == 0  # the alias finds her
    assert len(json.loads(kith("people", "--json", "--all").out)) == 2
    assert kith("check").code == 0


def test_forget_a_person_removes_what_is_only_theirs_and_asks_first(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("add", "Tom", "--introduced-by", "Ana")
    kith("log", "Ana", "Tom", "-m", "group")
    kith("log", "Ana", "-m", "just Ana")
    kith("promise", "Ana", "slides")
    refused = run_kith("forget", "Ana", db=db)  # stdin is not a terminal
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert kith("forget", "Ana", "--yes").code == 0
    tom = json.loads(run_kith("show", "Tom", "--json", db=db).stdout)
    assert tom["introduced_by"] is None and [i["summary"] for i in tom["interactions"] if i.get("summary")] == ["group"]
    assert kith("show", "Ana").code == 2
    assert kith("check").code == 0
    assert Journal.open(db).promises() == []


def test_nobody_matches_says_how_many_archived_people_do(kith: Kith) -> None:
    kith("add", "Sarah Connor")
    kith("add", "Sarah Lee", "--force")
    kith("archive", "Sarah Connor")
    kith("archive", "Sarah Lee")
    assert kith("people", "sarah").out == "Nobody matches. 2 archived people match; add --all\n"
    assert kith("people", "nobody").out == "Nobody matches.\n"
    assert "Sarah Lee (archived)" in kith("people", "sarah", "--all").out


def test_people_are_found_by_where_you_met_who_introduced_you_and_what_you_said(kith: Kith, db: Path) -> None:
    kith("event", "PyData Berlin", "--on", "2026-11-20", "--at", "Kulturbrauerei")
    kith("add", "Ana", "--at", "PyData Berlin")
    kith("add", "Tom", "--introduced-by", "Ana")
    kith("add", "Lin")
    kith("log", "Lin", "-m", "talked about pricing models")

    def names(*query: str) -> list[str]:
        return [p["name"] for p in json.loads(kith("people", *query, "--json").out)]

    assert names("pydata") == ["Ana"] and names("kulturbrauerei") == ["Ana"]
    assert names("ana") == ["Tom", "Ana"] or set(names("ana")) == {"Ana", "Tom"}  # Tom came via Ana
    assert names("pricing") == ["Lin"]
    kith("log", "Tom", "-m", "pricing for his shop")
    assert set(names("pricing")) == {"Lin", "Tom"}  # the changed bucket is read again
    assert set(json.loads(run_kith("people", "pricing", "--json", db=db).stdout)[i]["name"] for i in range(2)) == {
        "Lin",
        "Tom",
    }


def test_event_keys_are_in_show_and_events_json(kith: Kith) -> None:
    kith("add", "Ana", "--at", "PyData")
    event = json.loads(kith("events", "--json").out)[0]
    assert event["key"] == f"event:{event['uid'][:8]}" == card(kith, "Ana")["met_event_key"]
    assert kith("edit", event["key"], "PyData Berlin", "--at", "Kulturbrauerei").code == 0
    assert card(kith, "Ana")["met_at"] == "PyData Berlin"


def test_a_search_in_the_same_process_sees_what_was_just_logged(journal: Journal) -> None:
    from journal.model import Interaction, Person

    ana = journal.add_person(Person(name="Ana"))
    journal.add_person(Person(name="Tom"))
    assert journal.search_people("pricing") == []
    journal.log(Interaction(people=[ana.uid], on="2026-11-23", summary="pricing models"))
    assert [p.name for p in journal.search_people("pricing")] == ["Ana"]
    assert [p.name for p in journal.search_people("")][0] == "Ana"  # most recently contacted first
