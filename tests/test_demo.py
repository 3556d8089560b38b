"""The bundled demo journal opens on any day with a full, consistent check-in."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from journal import reminders
from journal.demo import create_demo, demo_records
from journal.model import Event, Person

DAYS = [date(2026, 11, 24), date(2027, 3, 1), date(2030, 2, 28)]


@pytest.mark.parametrize("day", DAYS)
def test_the_demo_shows_every_reminder_kind_on_any_day(tmp_path: Path, day: date) -> None:
    journal = create_demo(tmp_path / "demo.json", day)
    counts = Counter(r.kind for r in reminders.reminders(journal, day))
    assert set(counts) == set(reminders.KINDS)
    assert all(2 <= n <= 15 for n in counts.values()), counts
    assert 35 <= len(journal.people()) <= 45


def test_the_demo_is_consistent_and_deterministic() -> None:
    first, second = demo_records(DAYS[0]), demo_records(DAYS[0])
    assert [r.uid for r in first] == [r.uid for r in second]
    people = {r.uid for r in first if isinstance(r, Person)}
    events = {r.uid for r in first if isinstance(r, Event)}
    for record in first:
        record.validated()
        for field in ("person", "introduced_by"):
            if getattr(record, field, None):
                assert getattr(record, field) in people
        for uid in getattr(record, "people", []):
            assert uid in people
        if getattr(record, "met_event", None):
            assert record.met_event in events  # type: ignore[attr-defined]


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
