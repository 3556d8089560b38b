"""Faults: writers killed mid-write and writers racing each other lose nothing that was reported done."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import TODAY, run_kith

from journal.journal import Journal
from journal.model import Interaction, Person

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path
    from journal.journal import Journal
    from journal.model import Interaction, Person

    db, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    day = date(2026, 11, 24)
    for n in range(count):
        journal = Journal.open(db, clock=lambda: day)   # a fresh process's view, each time
        anchor = journal.find_person("Anchor")
        if n % 5 == 0:
            journal.add_person(Person(name=f"{tag} person {n}"))
        else:
            journal.log(Interaction(people=[anchor.uid], on="2026-11-20", summary=f"{tag} {n}"))
        print(f"{tag} {n}", flush=True)
    """
)


def seed(db: Path, people: int, interactions: int) -> Person:
    """A journal of a few MB with one person every writer logs against."""
    journal = Journal.open(db, clock=lambda: TODAY)
    anchor = Person(name="Anchor")
    crowd = [Person(name=f"Seed {n}", company="Acme", notes="x" * 200) for n in range(people)]
    talks = [
        Interaction(people=[crowd[n % people].uid], on="2026-10-01", summary="y" * 150) for n in range(interactions)
    ]
    journal.add_records([anchor, *crowd, *talks])
    return anchor


def recorded(db: Path) -> set[str]:
    """Every write the journal holds: names of added people and summaries logged with Anchor."""
    journal = Journal.open(db, clock=lambda: TODAY)
    anchor = journal.find_person("Anchor")
    names = {p.name for p in journal.people() if not p.name.startswith(("Seed", "Anchor"))}
    return names | {i.summary or "" for i in journal.interactions_of(anchor.uid)}


def reported_as(line: str) -> str:
    tag, n = line.split()
    return f"{tag} person {n}" if int(n) % 5 == 0 else line


def start_writer(db: Path, tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(db), tag, str(count)], stdout=subprocess.PIPE, text=True)


def test_sigkill_at_random_moments_never_loses_a_reported_write(tmp_path: Path) -> None:
    db = tmp_path / "journal.json"
    seed(db, people=2000, interactions=10000)
    assert db.stat().st_size + sum(p.stat().st_size for p in db.parent.rglob("*.json")) > 2_000_000
    rng = random.Random(7)
    reported: set[str] = set()
    for trial in range(50):
        writer = start_writer(db, f"t{trial}", 1000)
        assert writer.stdout is not None
        first = writer.stdout.readline()  # started writing, however slow the machine is today
        time.sleep(rng.uniform(0.0, 0.6))  # then killed at a random moment of a later write
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        reported |= {reported_as(line) for line in [first, *out.splitlines()] if line.strip()}
        present = recorded(db)  # the journal always opens
        missing = reported - present
        assert not missing, f"trial {trial}: lost {sorted(missing)[:5]}"
    assert len(reported) > 50  # the writers really wrote between kills
    leftovers = [p for p in db.parent.rglob("*") if p.name.endswith(".kith-tmp")]
    Journal.open(db)  # the next open sweeps a killed write's temporary file
    assert all(not p.exists() for p in leftovers)


@pytest.mark.parametrize(("writers", "each"), [(2, 200), (3, 100)])
def test_writers_at_the_same_moment_lose_nothing(tmp_path: Path, writers: int, each: int) -> None:
    db = tmp_path / "journal.json"
    seed(db, people=200, interactions=1000)
    procs = [start_writer(db, f"w{n}", each) for n in range(writers)]
    reported: set[str] = set()
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0
        reported |= {reported_as(line) for line in out.splitlines()}
    assert len(reported) == writers * each
    assert reported <= recorded(db)


def test_two_processes_each_running_60_kith_log_leave_120_interactions(tmp_path: Path) -> None:
    db = tmp_path / "journal.json"
    assert run_kith("add", "Ana", db=db).returncode == 0
    script = (
        "import subprocess, sys\n"
        "for n in range(int(sys.argv[2])):\n"
        "    r = subprocess.run([sys.executable, '-m', 'journal', 'log', 'Ana', '-m', f'{sys.argv[1]} {n}'])\n"
        "    assert r.returncode == 0\n"
    )
    env = {**os.environ, "KITH_DB": str(db), "KITH_TODAY": TODAY.isoformat()}
    loops = [subprocess.Popen([sys.executable, "-c", script, tag, "60"], env=env) for tag in ("a", "b")]
    assert [loop.wait(timeout=900) for loop in loops] == [0, 0]
    journal = Journal.open(db)
    summaries = [i.summary for i in journal.interactions_of(journal.find_person("Ana").uid) if i.kind != "met"]
    assert len(summaries) == 120
    assert set(summaries) == {f"{tag} {n}" for tag in "ab" for n in range(60)}


def test_a_journal_held_too_long_by_another_process_is_a_clear_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from filelock import FileLock

    from journal.cli import main
    from journal.store import fileset

    db = tmp_path / "journal.json"
    assert main(["--db", str(db), "add", "Ana"]) == 0
    monkeypatch.setattr(fileset, "LOCK_TIMEOUT", 0.3)
    before = db.read_bytes()
    with FileLock(str(tmp_path / "journal.json.d" / "lock")):
        capsys.readouterr()
        assert main(["--db", str(db), "log", "Ana"]) == 1
        assert main(["--db", str(db), "due"]) == 0  # reading needs no lock
    err = capsys.readouterr().err
    assert "busy" in err and str(db) in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_the_lock_excludes_another_process_and_is_taken_again_after_it_lets_go(tmp_path: Path) -> None:
    from journal.store.lock import Busy, Lock

    path = str(tmp_path / "lock")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from filelock import FileLock\n"
         "with FileLock(sys.argv[1]):\n    print('held', flush=True); time.sleep(1.5)", path],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    mine = Lock(path)
    with pytest.raises(Busy):
        mine.acquire(timeout=0.2)  # filelock's lock and Kith's are the same flock
    mine.acquire(timeout=10)  # waits until the other process lets go
    mine.acquire(timeout=0)  # taken again while held: counted
    mine.release()
    script = "import sys; from filelock import FileLock\nFileLock(sys.argv[1]).acquire(timeout=0.2)"
    grab = [sys.executable, "-c", script]
    other = subprocess.run([*grab, path], capture_output=True, text=True)
    assert other.returncode != 0 and "Timeout" in other.stderr  # still held: one release of two
    mine.release()
    assert holder.wait(timeout=10) == 0
    assert subprocess.run([*grab, path], capture_output=True, text=True).returncode == 0
