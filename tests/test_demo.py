"""The bundled demo journal opens on any day with a full, consistent check-in."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from journal import reminders
from journal.demo import _anniversary, create_demo, demo_file, demo_records
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Need, Offer, Person, Promise, Record, Snooze

DAYS = [date(2026, 11, 24), date(2027, 3, 1), date(2030, 2, 28)]
KINDS: tuple[type[Record], ...] = (Person, Event, Interaction, Promise, Favor, Snooze, Need, Offer)


def every_record(journal: Journal) -> list[Record]:
    """What the journal holds, read back from disk: interactions from their buckets, the rest from the main file."""
    found: list[Record] = []
    for cls in (Person, Event, Promise, Favor, Snooze, Need, Offer):
        found += journal.records(cls)
    seen: set[str] = set()
    for person in journal.people(archived=True):
        for interaction in journal.interactions_of(person.uid):
            if interaction.uid not in seen:
                seen.add(interaction.uid)
                found.append(interaction)
    return found


@pytest.mark.parametrize("day", DAYS)
def test_the_demo_shows_every_reminder_kind_on_any_day(tmp_path: Path, day: date) -> None:
    journal = create_demo(tmp_path / "demo" / "journal.json", day)
    counts = Counter(r.kind for r in reminders.reminders(journal, day))
    assert set(counts) == set(reminders.KINDS)
    assert all(2 <= n <= 15 for n in counts.values()), counts
    assert 35 <= len(journal.people()) <= 45


def test_the_check_in_is_the_same_whichever_day_the_demo_opens(tmp_path: Path) -> None:
    def shape(day: date) -> list[tuple[str, str, int]]:
        journal = create_demo(tmp_path / day.isoformat() / "journal.json", day)
        # an occasion's uid ends in the year it falls in (done for that year only): the rest must match
        found = reminders.reminders(journal, day)
        return sorted((r.kind, r.uid.partition("-")[0], (r.since - day).days) for r in found)

    assert shape(DAYS[0]) == shape(DAYS[1]) == shape(DAYS[2])


def test_every_date_moves_by_the_days_between_the_anchor_and_today(tmp_path: Path) -> None:
    raw = orjson.loads(demo_file().read_bytes())
    anchor = date.fromisoformat(raw["anchor"])
    on_anchor = {r.uid: r for r in demo_records(anchor)}
    later = {r.uid: r for r in demo_records(anchor + timedelta(days=400))}
    for doc in raw["records"]:
        kept, moved = on_anchor[doc["uid"]], later[doc["uid"]]
        for name in ("met_on", "on", "made", "due", "closed", "thanked", "until", "added"):
            if name == "met_on" and _anniversary(dict(doc), anchor, anchor + timedelta(days=400)):
                continue  # moved by the calendar: the check-in test pins that its anniversary stays put
            if isinstance(doc.get(name), str):
                assert getattr(kept, name) == doc[name]
                assert date.fromisoformat(getattr(moved, name)) - date.fromisoformat(doc[name]) == timedelta(400)


def test_the_demo_is_deterministic(tmp_path: Path) -> None:
    first = create_demo(tmp_path / "one" / "journal.json", DAYS[0])
    second = create_demo(tmp_path / "two" / "journal.json", DAYS[0])

    def people(journal: Journal) -> list[tuple[str, str, str | None]]:
        return sorted((p.uid, p.name, p.met_on) for p in journal.people(archived=True))

    assert people(first) == people(second)
    assert sorted(r.uid for r in every_record(first)) == sorted(r.uid for r in every_record(second))
    assert [r.uid for r in demo_records(DAYS[0])] == [r.uid for r in demo_records(DAYS[0])]


def test_every_record_validates_and_points_at_records_that_exist(tmp_path: Path) -> None:
    journal = create_demo(tmp_path / "demo" / "journal.json", DAYS[0])
    records = every_record(journal)
    assert len(records) == len(demo_records(DAYS[0]))  # nothing lost on the way to disk
    assert len({r.uid for r in records}) == len(records)
    for record in records:
        record.validated()
    uids: dict[type, set[str]] = {cls: set() for cls in KINDS}
    for record in records:
        uids[type(record)].add(record.uid)
    people, events = uids[Person], uids[Event]
    for record in records:
        if isinstance(record, Person):
            assert record.introduced_by is None or record.introduced_by in people
            assert record.met_event is None or record.met_event in events
        elif isinstance(record, Interaction):
            assert set(record.people) <= people
        elif isinstance(record, Promise):
            assert record.person in people
            assert record.interaction is None or record.interaction in uids[Interaction]
        elif isinstance(record, Favor):
            assert record.person in people
        elif isinstance(record, Need | Offer):
            assert record.person in people and record.closed is None
        elif isinstance(record, Snooze):
            kind, _, uid = record.key.partition(":")
            assert kind in reminders.KINDS
            assert any(uid in found for found in uids.values())


def test_the_demo_looks_like_a_real_freelancers_journal() -> None:
    records = demo_records(DAYS[0])
    people = [r for r in records if isinstance(r, Person)]
    interactions = [r for r in records if isinstance(r, Interaction)]
    promises = [r for r in records if isinstance(r, Promise)]
    favors = [r for r in records if isinstance(r, Favor)]
    assert 35 <= len(people) <= 45
    assert sum(not p.name.isascii() for p in people) >= 5
    platforms = {h for p in people for h in p.handles}
    assert {"email", "phone", "website", "linkedin", "x", "mastodon", "github"} <= platforms
    assert all(p.company and p.role and p.tags for p in people)
    assert 10 <= sum(bool(p.every) for p in people) <= 15
    assert sum(bool(p.introduced_by) for p in people) >= 3
    assert {p.met_event for p in people if p.met_event} == {e.uid for e in records if isinstance(e, Event)}
    assert any(p.met_event and p.met_online for p in people) and any(p.met_event and not p.met_online for p in people)
    assert 4 <= sum(isinstance(r, Event) for r in records) <= 5
    assert 80 <= len(interactions) <= 150
    assert len({i.kind for i in interactions}) >= 6 and {i.direction for i in interactions} == {"in", "out", "both"}
    recent = [i for i in interactions if DAYS[0] - date.fromisoformat(i.on) <= timedelta(days=200)]
    assert len(recent) >= 0.8 * len(interactions)  # spread over the last six months or so
    assert any(len(i.people) > 1 for i in interactions)
    assert sum(i.reply_needed for i in interactions) >= 2
    still_open = [p for p in promises if p.status == "open"]
    assert {p.mine for p in still_open} == {True, False}
    assert any(not p.due for p in still_open if p.mine) and any(not p.due for p in still_open if not p.mine)
    assert {p.status for p in promises} == {"open", "done", "dropped"}
    assert any(f.given for f in favors) and any(not f.given and f.thanked for f in favors)
    assert any(not f.given and not f.thanked for f in favors)
    assert 1 <= sum(isinstance(r, Snooze) for r in records) <= 2


def test_the_demo_module_never_loads_the_tui() -> None:
    code = "import sys, journal.demo; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_demo_data_ships_inside_the_wheel(tmp_path: Path) -> None:
    root = Path(__file__).parent.parent
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(root),
        ],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0 and "hatchling" in built.stderr:
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(root)],
            capture_output=True,
            text=True,
        )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("kith-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "journal/data/demo.json" in names
    assert not any(n.startswith("tests/") for n in names)
