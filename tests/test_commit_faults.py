"""A change is all or nothing across every file it touches: killed, or refused by the disk, between any two
file operations of a commit, the journal reads as exactly before or exactly after."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY

from journal.errors import JournalError
from journal.journal import Journal
from journal.model import Interaction, Person, Promise

pytestmark = pytest.mark.slow

# The operations a commit is made of; a wrapper counts them and fails at the Nth.
OPERATIONS = ("open", "replace", "rename", "fsync", "unlink", "mkdir", "rmdir", "write")

CHANGE = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date
    from pathlib import Path

    sys.path.insert(0, {tests!r})
    from test_commit_faults import count_operations, make_change
    from journal.journal import Journal

    db, kill_at = Path(sys.argv[1]), int(sys.argv[2])
    journal = Journal.open(db, clock=lambda: date(2026, 11, 24))
    journal.people()
    def fail(n, name):
        os.kill(os.getpid(), signal.SIGKILL)
    calls = count_operations(kill_at, fail)
    make_change(journal)
    print(calls[0])
    """
)


def count_operations(fail_at: int, fail: Any) -> list[int]:
    """Wrap the os functions a commit uses; call `fail(n, name)` before the `fail_at`-th one."""
    calls = [0]
    for name in OPERATIONS:
        real = getattr(os, name)

        def wrapped(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls[0] += 1
            if calls[0] == fail_at:
                fail(calls[0], _name)
            return _real(*args, **kwargs)

        setattr(os, name, wrapped)
    return calls


def seed(db: Path) -> None:
    """Two people in different buckets with some history, committed yesterday's way."""
    journal = Journal.open(db, clock=lambda: TODAY)
    ana = Person(name="Ana", uid="0a" + "0" * 30)
    tom = Person(name="Tom", uid="f1" + "0" * 30)
    journal.add_records([ana, tom, Interaction(people=[ana.uid], on="2026-11-01", summary="first")])


def make_change(journal: Journal) -> None:
    """One change that touches the main file, a new part of the people, two buckets, the index, the log and the
    day's backup."""
    with journal.writing("test change"):
        ana, tom = journal.find_person("Ana"), journal.find_person("Tom")
        lin = journal.add_person(Person(name="Lin", uid="5c" + "0" * 30))
        journal.log(Interaction(people=[ana.uid], on="2026-11-20", summary="second"))
        journal.log(Interaction(people=[tom.uid, lin.uid], on="2026-11-21", summary="third"))
        journal.add_promise(Promise(person=tom.uid, what="slides", made="2026-11-21"))


def state(db: Path) -> tuple[Any, ...]:
    """What a fresh reader sees: every person, promise and interaction, and the history's length."""
    journal = Journal.open(db, clock=lambda: TODAY)
    people = sorted(p.name for p in journal.people())
    talks = sorted(i.summary or "" for p in journal.people() for i in journal.interactions_of(p.uid))
    promises = sorted(p.what for p in journal.promises())
    counts = sorted((p.name, journal.contact(p.uid).count) for p in journal.people())
    return people, talks, promises, counts, len(journal.history(limit=None))


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, Path, tuple[Any, ...], tuple[Any, ...]]:
    """A seeded journal kept pristine, and the states before and after the change."""
    pristine = tmp_path / "pristine" / "journal.json"
    seed(pristine)
    before = state(pristine)
    done = tmp_path / "done" / "journal.json"
    shutil.copytree(pristine.parent, done.parent)
    make_change(Journal.open(done, clock=lambda: TODAY))
    after = state(done)
    assert before != after
    return tmp_path, pristine, before, after


def fresh_copy(tmp_path: Path, pristine: Path, n: int) -> Path:
    copy = tmp_path / f"try{n}" / "journal.json"
    shutil.copytree(pristine.parent, copy.parent)
    return copy


def run_change(db: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    script = CHANGE.format(tests=str(Path(__file__).parent))
    return subprocess.run([sys.executable, "-c", script, str(db), str(kill_at)], capture_output=True, text=True)


def test_killed_between_any_two_file_operations_the_journal_is_before_or_after(
    seeded: tuple[Path, Path, tuple[Any, ...], tuple[Any, ...]],
) -> None:
    tmp_path, pristine, before, after = seeded
    total = int(run_change(fresh_copy(tmp_path, pristine, 0), kill_at=10**9).stdout.strip())
    assert total > 20  # backup, buckets, index, change file, main file: many steps to die between
    outcomes = []
    for n in range(1, total + 1):
        db = fresh_copy(tmp_path, pristine, n)
        result = run_change(db, kill_at=n)
        assert result.returncode == -9, result.stderr
        seen = state(db)
        assert seen in (before, after), f"killed at operation {n} of {total}: {seen}"
        outcomes.append(seen == after)
        Journal.open(db, clock=lambda: TODAY).add_person(Person(name=f"Later {n}"))  # and it still takes writes
        assert f"Later {n}" in state(db)[0]
    assert outcomes[0] is False and outcomes[-1] is True  # both outcomes were reached


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_a_disk_that_refuses_any_write_of_a_commit_leaves_exactly_the_journal_before(
    seeded: tuple[Path, Path, tuple[Any, ...], tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    tmp_path, pristine, before, _ = seeded
    counted = fresh_copy(tmp_path, pristine, 0)
    journal = Journal.open(counted, clock=lambda: TODAY)
    journal.people()
    with monkeypatch.context() as patch:
        for name in OPERATIONS:
            patch.setattr(os, name, getattr(os, name))  # restored after counting
        calls = count_operations(10**9, None)
        make_change(journal)
    total = calls[0]
    for n in range(1, total + 1):
        db = fresh_copy(tmp_path, pristine, n)
        journal = Journal.open(db, clock=lambda: TODAY)
        journal.people()

        def refuse(at: int, name: str) -> None:
            if name in ("open", "replace", "rename", "fsync", "write", "mkdir"):
                raise OSError(code, os.strerror(code))

        with monkeypatch.context() as patch:
            for name in OPERATIONS:
                patch.setattr(os, name, getattr(os, name))
            count_operations(n, refuse)
            try:
                make_change(journal)
                failed = False
            except JournalError:
                failed = True
        if failed:
            assert state(db) == before, f"refused at operation {n} of {total}"
            assert sorted(p.name for p in journal.people()) == before[0]  # nothing half-done in memory either
