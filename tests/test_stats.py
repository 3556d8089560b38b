"""`kith stats` and journal/stats.py against a journal whose numbers are known, built by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY, Kith

from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person
from journal.stats import months_back, network


def uid(n: int) -> str:
    return f"{n:02x}" + "0" * 30


@pytest.fixture
def known(db: Path) -> Journal:
    """Ana introduced Tom and Lin; Tom introduced Grace. Tom sent two referrals, Ana got two favors from me."""
    journal = Journal.open(db, clock=lambda: TODAY)
    pydata = Event(name="PyData Berlin", on="2026-05-02", uid=uid(90))
    ana = Person(name="Ana López", uid=uid(1), met_on="2025-03-01", met_place="Café Kranzler")
    tom = Person(name="Tom Baker", uid=uid(2), met_on="2026-05-02", met_event=pydata.uid, introduced_by=ana.uid)
    lin = Person(name="Lin Wei", uid=uid(3), met_on="2026-06-01", met_online="linkedin", introduced_by=ana.uid)
    grace = Person(
        name="Grace Hopper", uid=uid(4), met_on="2026-08-01", met_online="Mastodon", introduced_by=tom.uid, every=30
    )
    zoe = Person(name="Zoë Müller", uid=uid(5), every=90, met_on="2026-10-01", met_event=pydata.uid)
    gone = Person(name="Archived Bob", uid=uid(6), archived=True, met_on="2026-01-01", introduced_by=ana.uid)
    journal.add_records([pydata, ana, tom, lin, grace, zoe, gone])

    def talk(who: Person, on: str, direction: str, **more: object) -> Interaction:
        return Interaction(people=[who.uid], on=on, direction=direction, **more)  # type: ignore[arg-type]

    journal.add_records(
        [
            talk(lin, "2026-11-01", "in", platform="linkedin"),  # answered after 3 days
            talk(lin, "2026-11-04", "out", kind="message", platform="linkedin"),
            talk(lin, "2026-11-10", "in", platform="linkedin"),  # answered after 10 days
            talk(lin, "2026-11-12", "in", platform="linkedin"),  # answered after 8 days
            talk(lin, "2026-11-20", "out", kind="call"),
            talk(tom, "2026-11-02", "in", kind="email"),  # never answered
            talk(tom, "2026-11-03", "out", kind="met", platform=None),  # meeting is not a reply
            talk(grace, "2026-09-01", "out", kind="talk"),  # last contact: 84 days before TODAY, every 30
            talk(zoe, "2026-10-01", "in", kind="talk"),  # in person, not a message: no reply counted
        ]
    )
    journal.add_records(
        [
            Favor(person=tom.uid, what="the Acme project", on="2026-11-10", given=False, referral=True),
            Favor(person=tom.uid, what="the Bosch gig", on="2026-10-05", given=False, referral=True),
            Favor(person=tom.uid, what="a ticket", on="2026-10-20", given=False, thanked="2026-10-21"),
            Favor(person=ana.uid, what="an intro", on="2026-06-15", given=True),
            Favor(person=ana.uid, what="a review", on="2025-11-30", given=True),  # before the last 12 months
            Favor(person=lin.uid, what="sent Lin to Globex", on="2026-11-11", given=True, referral=True),
            Favor(person=gone.uid, what="archived people are left out", on="2026-11-11", given=False),
        ]
    )
    return journal


def test_favors_and_referrals_add_up_both_ways(known: Journal) -> None:
    found = network(known, TODAY)
    assert found.people == 5
    favors = found.favors
    assert (favors.given, favors.received, favors.referrals_given, favors.referrals_received) == (3, 3, 1, 2)
    assert favors.unthanked == 2


def test_monthly_is_the_last_twelve_months_oldest_first(known: Journal) -> None:
    monthly = network(known, TODAY).monthly
    assert [m.month for m in monthly] == months_back(TODAY) == ["2025-12", *(f"2026-{n:02d}" for n in range(1, 12))]
    by_month = {m.month: (m.given, m.received, m.referrals_given, m.referrals_received) for m in monthly}
    assert by_month["2026-11"] == (1, 1, 1, 1)
    assert by_month["2026-10"] == (0, 2, 0, 1)
    assert by_month["2026-06"] == (1, 0, 0, 0)
    assert sum(g for g, *_ in by_month.values()) == 2  # the favor of 2025-11 is older than a year
    assert months_back(TODAY.replace(month=1), 3) == ["2025-11", "2025-12", "2026-01"]  # across a year end


def test_one_sided_lists_both_ways_most_lopsided_first(known: Journal) -> None:
    sides = network(known, TODAY).one_sided
    assert [(s.person, s.given, s.received, s.balance) for s in sides.they_gave_more] == [("Tom Baker", 0, 3, -3)]
    assert [(s.person, s.balance) for s in sides.you_gave_more] == [("Ana López", 2), ("Lin Wei", 1)]


def test_going_cold_is_keep_in_touch_overdue_longest_first(known: Journal) -> None:
    cold = network(known, TODAY).going_cold
    assert [(c.person, c.overdue_days, c.last_contact) for c in cold] == [
        ("Grace Hopper", 84 - 30, "2026-09-01")
    ]  # Zoë: every 90 days, last contact 54 days ago: not yet


def test_connectors_count_introductions_and_the_referrals_through_them(known: Journal) -> None:
    connectors = network(known, TODAY).connectors
    assert [(c.person, c.introduced, c.referrals, c.people) for c in connectors] == [
        ("Ana López", 2, 2, ["Lin Wei", "Tom Baker"]),  # Archived Bob is not counted; Tom's two referrals are
        ("Tom Baker", 1, 0, ["Grace Hopper"]),
    ]


def test_sources_split_online_offline_events_and_platforms(known: Journal) -> None:
    sources = network(known, TODAY).sources
    assert (sources.online, sources.offline, sources.unknown, sources.introduced) == (2, 3, 0, 3)
    assert [(c.name, c.people) for c in sources.events] == [("PyData Berlin", 2)]
    assert [(c.name, c.people) for c in sources.platforms] == [("linkedin", 1), ("mastodon", 1)]


def test_reply_days_are_the_median_per_platform(known: Journal) -> None:
    replies = {r.platform: (r.median_days, r.replies, r.unanswered) for r in network(known, TODAY).reply_days}
    assert replies == {"linkedin": (8.0, 3, 0), "email": (0.0, 0, 1)}


def test_reply_days_follow_a_new_log_and_are_read_back_from_the_cache(known: Journal, db: Path) -> None:
    network(known, TODAY)
    cache = db.parent / "journal.json.d" / "replies.json"
    assert cache.is_file()
    tom = known.find_person("tom")
    known.log(Interaction(people=[tom.uid], on="2026-11-06", direction="out", kind="email"))
    again = Journal.open(db, clock=lambda: TODAY)
    replies = {r.platform: (r.median_days, r.replies, r.unanswered) for r in network(again, TODAY).reply_days}
    assert replies["email"] == (4.0, 1, 0)
    cache.write_text('{"key": "tampered", "value": {"replies": [{"platform": "x"}]}}')
    assert {r.platform for r in network(Journal.open(db, clock=lambda: TODAY), TODAY).reply_days} == {
        "linkedin",
        "email",
    }


def test_the_picture_is_kept_for_its_version_and_day(known: Journal, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Insights and `kith stats` read the numbers kept for the journal as it is and the day, without
    building everyone; a change, another day or a kept file edited by hand computes them again."""
    from journal import stats

    first = network(known, TODAY)
    kept = db.parent / "journal.json.d" / "insights.json"
    assert kept.is_file()
    computed = stats._network
    monkeypatch.setattr(stats, "_network", lambda journal, day: pytest.fail("computed again"))
    assert network(Journal.open(db, clock=lambda: TODAY), TODAY) == first
    monkeypatch.setattr(stats, "_network", computed)

    later = date(2026, 12, 24)
    cold = {c.person: c.overdue_days for c in network(Journal.open(db, clock=lambda: later), later).going_cold}
    assert cold["Grace Hopper"] == 84  # 30 days later than on TODAY
    known.add_records([Favor(person=uid(3), what="a coffee", on="2026-11-20", given=False)])
    assert network(Journal.open(db, clock=lambda: TODAY), TODAY).favors.received == first.favors.received + 1

    doc = json.loads(kept.read_text())
    doc["value"]["going_cold"][0]["person"] = {"[bold]": "not a name"}
    kept.write_text(json.dumps(doc))
    again = network(Journal.open(db, clock=lambda: TODAY), TODAY)
    assert again.going_cold[0].person == "Grace Hopper"


def test_an_empty_journal_has_empty_stats_and_no_folder(kith: Kith, db: Path) -> None:
    result = kith("stats", "--json")
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert found["favors"] == {
        "given": 0,
        "received": 0,
        "referrals_given": 0,
        "referrals_received": 0,
        "unthanked": 0,
    }
    assert len(found["monthly"]) == 12 and found["reply_days"] == [] and found["connectors"] == []
    assert "Your network on 2026-11-24: 0 people" in kith("stats").out
    assert not db.parent.exists()


def test_kith_stats_json_has_every_chart_and_the_text_has_bars(known: Journal, kith: Kith) -> None:
    found = json.loads(kith("stats", "--json").out)
    assert {"favors", "monthly", "one_sided", "going_cold", "connectors", "sources", "reply_days"} <= found.keys()
    assert found["monthly"][-1] == {
        "month": "2026-11",
        "given": 1,
        "received": 1,
        "referrals_given": 1,
        "referrals_received": 1,
    }
    assert found["one_sided"]["they_gave_more"][0] == {
        "person": "Tom Baker",
        "uid": uid(2),
        "given": 0,
        "received": 3,
        "balance": -3,
    }
    text = kith("stats").out
    assert "Referrals: 2 sent you · you sent 1" in text
    assert "█" in text and "Grace Hopper" in text and "54 days overdue" in text
    assert "linkedin" in text and "8 days (3 replies)" in text


def test_names_from_a_hand_edited_file_cannot_drive_the_terminal(known: Journal, db: Path, kith: Kith) -> None:
    text = db.read_text()
    assert text.count('"PyData Berlin"') == 1
    db.write_text(text.replace('"PyData Berlin"', '"PyData\\u001b]0;pwned\\u0007 Berlin"'))
    out = kith("stats").out
    assert "PyData\\x1b]0;pwned\\x07" in out and "\x1b" not in out
