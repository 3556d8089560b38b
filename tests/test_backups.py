"""Backups and restore cannot destroy: rotation by sequence, restore holds what it was asked for, restores
history too, is one change that undo reverses, works on a damaged journal and refuses what is not a backup."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import TODAY, Kith

from journal.journal import Journal
from journal.model import Interaction, Person
from journal.store import backups


def talks(kith: Kith, who: str) -> list[str]:
    """What was said with someone, the meeting itself left out."""
    return [i["summary"] for i in json.loads(kith("show", who, "--json").out)["interactions"] if i["kind"] != "met"]


def people(kith: Kith) -> list[str]:
    return sorted(p["name"] for p in json.loads(kith("people", "--json", "--all").out))


class Clock:
    """A stand-in for datetime in the commit code: real time that a test moves."""

    now_value = datetime(2026, 11, 24, 9, 0, 0)

    @classmethod
    def now(cls, tz: object = None) -> datetime:
        return cls.now_value


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> type[Clock]:
    from journal.store import fileset

    Clock.now_value = datetime(2026, 11, 24, 9, 0, 0)
    monkeypatch.setattr(fileset, "datetime", Clock)
    return Clock


def test_one_daily_backup_per_real_day_fourteen_kept_and_safety_backups_do_not_push_them_out(
    db: Path, clock: type[Clock]
) -> None:
    journal = Journal.open(db, clock=lambda: TODAY)
    journal.add_person(Person(name="Person 0"))
    for n in range(1, 20):
        clock.now_value += timedelta(days=1)
        journal.add_person(Person(name=f"Person {n}"))
        journal.add_person(Person(name=f"Person {n}b"))  # a second write that day: no second backup
    for _ in range(16):
        journal.backup()
    taken = journal.backups()[0]
    for _ in range(8):
        journal.restore(taken.name)
    found = journal.backups()
    dailies = [b for b in found if b.kind == "daily"]
    assert len(dailies) == backups.KEEP_DAILY
    assert len([b for b in found if b.kind == "manual"]) == backups.KEEP_MANUAL
    assert len([b for b in found if b.kind == "safety"]) == backups.KEEP_SAFETY
    assert len({b.taken.date() for b in dailies}) == len(dailies)
    newest = backups.load(dailies[-1])
    people = sum(len(part["people"]) for part in newest.shelved["people"].values())
    assert people == 1 + 2 * 18  # the state before the last day's first write
    assert taken.path.exists() is False or taken in found


def test_a_clock_that_jumped_back_never_deletes_the_backup_just_taken(db: Path, clock: type[Clock]) -> None:
    journal = Journal.open(db, clock=lambda: TODAY)
    journal.add_person(Person(name="Ana"))
    clock.now_value = datetime(2031, 1, 1)  # a clock far ahead names a backup from 2031
    journal.add_person(Person(name="Tom"))
    clock.now_value = datetime(2026, 11, 25)
    for _n in range(20):
        taken = journal.backup()
        assert taken is not None and taken.path.exists()
        assert journal.backups()[-1] == taken  # newest by sequence, whatever its name says


def test_restoring_the_oldest_backup_keeps_it_and_brings_back_its_history(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("log", "ana", "-m", "coffee")
    oldest = kith("backup").out.strip().split("/")[-1]
    for n in range(10):
        kith("add", f"Person {n}")
        kith("backup")
    kith("log", "ana", "-m", "tea")
    for _ in range(8):  # trying backups one after another
        assert kith("restore").code == 0
    assert kith("restore", oldest).code == 0
    assert people(kith) == ["Ana"]
    assert talks(kith, "ana") == ["coffee"]
    assert oldest in kith("backups").out  # still there to try again
    assert kith("restore", oldest).code == 0


def test_a_restore_is_one_change_that_undo_reverses(kith: Kith) -> None:
    kith("add", "Ana")
    taken = kith("backup").out.strip().split("/")[-1]
    kith("add", "Tom")
    kith("log", "tom", "-m", "lunch")
    kith("restore", taken)
    assert people(kith) == ["Ana"]
    assert kith("undo").code == 0
    assert people(kith) == ["Ana", "Tom"]
    assert talks(kith, "tom") == ["lunch"]


@pytest.mark.parametrize("what", ["plain copy", "dot", "half backup", "empty folder"])
def test_restore_refuses_what_is_not_a_complete_kith_backup(kith: Kith, db: Path, tmp_path: Path, what: str) -> None:
    kith("add", "Ana")
    kith("log", "ana", "-m", "coffee")
    taken = Path(kith("backup").out.strip().split(" ", 3)[-1])
    if what == "plain copy":
        target = tmp_path / "copy"
        shutil.copytree(db.parent, target)
    elif what == "dot":
        target = db.parent
    elif what == "half backup":
        target = tmp_path / "half"
        shutil.copytree(taken, target)
        for bucket in (target / "interactions").glob("*.json"):
            bucket.unlink()
    else:
        target = tmp_path / "empty"
        target.mkdir()
    before = {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file() and "backups" not in p.parts}
    result = kith("restore", str(target))
    assert result.code == 2 and "nothing was restored" in result.err or "not a Kith backup" in result.err
    assert len(result.err.strip().splitlines()) == 1
    after = {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file() and "backups" not in p.parts}
    assert after == before


def test_backups_restore_and_check_are_the_way_out_of_a_damaged_journal(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("backup")
    kith("add", "Tom")
    db.write_bytes(b'{"_meta": {"1": {"kind": "kith-journal", "schema_v')  # a truncated sync
    assert kith("people").code == 1
    listed = kith("backups")
    assert listed.code == 0 and listed.out.strip()
    checked = kith("check")
    assert checked.code == 1 and "not valid JSON" in checked.err and "Traceback" not in checked.err
    restored = kith("restore")
    assert restored.code == 0, restored.err
    assert people(kith) == ["Ana"]
    damaged = [b for b in Journal.open(db).backups() if b.kind == "safety"][-1]
    assert (damaged.path / "journal.json").read_bytes().endswith(b"schema_v")  # the damaged bytes are kept


def test_restore_survives_a_renamed_journal(kith: Kith, db: Path, tmp_path: Path) -> None:
    kith("add", "Ana")
    kith("log", "ana", "-m", "coffee")
    taken = kith("backup").out.strip().split("/")[-1]
    renamed = db.with_name("renamed.json")
    db.rename(renamed)
    db.with_name("journal.json.d").rename(db.with_name("renamed.json.d"))
    kith("--db", str(renamed), "add", "Tom")
    result = kith("--db", str(renamed), "restore", taken)
    assert result.code == 0, result.err
    journal = Journal.open(renamed)
    assert [p.name for p in journal.people()] == ["Ana"]
    assert [i.summary for i in journal.interactions_of(journal.find_person("Ana").uid) if i.kind != "met"] == ["coffee"]


def test_a_backup_of_kith_before_schema_2_restores(kith: Kith, db: Path) -> None:
    v1 = Path(__file__).parent / "fixtures" / "journal-v1"
    kith("add", "Someone")
    legacy = db.parent / "journal.json.d" / "backups" / "2024-03-01T090000"
    legacy.mkdir(parents=True)
    shutil.copy(v1 / "journal.json", legacy / "journal.json")
    shutil.copytree(v1 / "journal.json.d" / "interactions", legacy / "interactions")
    assert kith("restore", "2024-03-01T090000").code == 0
    assert "Ana López" in people(kith)
    assert json.loads(kith("show", "ana", "--json").out)["interactions"]


RESTORER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from journal.journal import Journal
    Journal.open(Path(sys.argv[1])).restore(sys.argv[2])
    """
)


@pytest.mark.slow
def test_a_restore_killed_at_any_moment_leaves_the_old_or_the_restored_journal(db: Path) -> None:
    journal = Journal.open(db, clock=lambda: TODAY)
    ana = journal.add_person(Person(name="Ana"))
    journal.add_records([Interaction(people=[ana.uid], on="2026-11-01", summary=f"old {n}") for n in range(300)])
    taken = journal.backup()
    assert taken is not None
    crowd = [Person(name=f"New {n}") for n in range(300)]
    journal.add_records([*crowd, *(Interaction(people=[p.uid], on="2026-11-20", summary="new") for p in crowd)])

    def seen() -> tuple[int, int]:
        fresh = Journal.open(db)
        return len(fresh.people()), sum(fresh.contact(p.uid).count for p in fresh.people())

    before, restored = seen(), (1, 300)
    import random
    import time

    rng = random.Random(3)
    outcomes = set()
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", RESTORER, str(db), taken.name], stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.2, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = seen()
        assert now in (before, restored)
        outcomes.add(now)
        if now == restored:
            Journal.open(db).undo()
            assert seen() == before


def test_restore_works_when_the_present_lost_a_bucket_or_holds_a_damaged_one(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("log", "ana", "-m", "coffee")
    kith("backup")
    kith("add", "Tom")
    kith("log", "tom", "-m", "lunch")
    named = json.loads(db.read_text())["_meta"]["1"]["buckets"]
    buckets = [db.parent / "journal.json.d" / "interactions" / name for name in sorted(named.values())]
    buckets[0].unlink()
    if len(buckets) > 1:
        buckets[-1].write_bytes(b"{trunc")
    assert kith("people").code == 1
    restored = kith("restore")
    assert restored.code == 0, restored.err
    assert people(kith) == ["Ana"] and talks(kith, "ana") == ["coffee"]
