"""A journal not made yet: reads, dry runs and refused commands leave the disk untouched; the first commit
makes the folders, all at once or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import TODAY, Kith

from journal.journal import Journal
from journal.model import Person

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def tree(root: Path) -> list[str]:
    """Every path under root, as names relative to it."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["due", "--json"],
        ["people"],
        ["people", "ana", "--json"],
        ["show", "ana"],
        ["history"],
        ["events"],
        ["check"],
        ["check", "--fix"],
        ["export", "csv"],
        ["export", "ics"],
        ["import", str(FIXTURES / "kith" / "people.csv"), "--dry-run"],
        ["jot", "Ana López; met at the bar", "--dry-run"],
        ["backups"],
        ["backup"],
        ["restore"],
        ["undo"],
        ["redo"],
        ["done", "reply:3fa2c1d0"],
        ["drop", "promise:3fa2c1d0"],
        ["snooze", "promise:3fa2c1d0", "fri"],
        ["log", "nobody", "-m", "hi"],
        ["favor", "nobody", "a thing"],
        ["edit", "nobody", "--tag", "x"],
        ["forget", "nobody", "--yes"],
        ["completion", "bash"],
        ["peple"],
    ],
)
def test_reads_and_refused_commands_never_create_the_journals_folder(
    kith: Kith, tmp_path: Path, db: Path, args: list[str]
) -> None:
    assert not db.parent.exists()
    before = tree(tmp_path)
    result = kith(*args)
    assert "Traceback" not in result.err
    assert tree(tmp_path) == before, result.err


def test_an_empty_journal_reads_as_empty(kith: Kith, db: Path) -> None:
    assert kith("people", "--json").out.strip() == "[]"
    assert kith("due", "--json").out.strip() == "[]"
    assert "no backup" in kith("restore").err
    assert kith("backup").out.startswith("Nothing to back up yet")
    assert not db.parent.exists()


def test_the_first_write_makes_the_folders_and_the_journal(kith: Kith, db: Path) -> None:
    assert kith("add", "Ana").code == 0
    assert db.is_file() and (db.parent / "journal.json.d" / "changes").is_dir()
    assert oct(db.parent.stat().st_mode & 0o777) == "0o700"
    assert [p.name for p in Journal.open(db, clock=lambda: TODAY).people()] == ["Ana"]
    assert kith("undo").code == 0  # the first change is in the history like any other


def test_a_journal_started_by_another_process_meanwhile_is_not_overwritten(db: Path) -> None:
    mine = Journal.open(db, clock=lambda: TODAY)
    with pytest.raises(Exception, match="at the same moment"), mine.writing():
        mine.people()  # read while nothing exists
        Journal.open(db, clock=lambda: TODAY).add_person(Person(name="Theirs"))
        mine.add_person(Person(name="Mine"))
    assert [p.name for p in Journal.open(db, clock=lambda: TODAY).people()] == ["Theirs"]


FIRST = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date
    from pathlib import Path

    sys.path.insert(0, {tests!r})
    from test_commit_faults import count_operations
    from journal.journal import Journal
    from journal.model import Person

    db, kill_at = Path(sys.argv[1]), int(sys.argv[2])
    journal = Journal.open(db, clock=lambda: date(2026, 11, 24))
    calls = count_operations(kill_at, lambda n, name: os.kill(os.getpid(), signal.SIGKILL))
    journal.add_person(Person(name="Ana"))
    print(calls[0])
    """
)


@pytest.mark.slow
def test_killed_at_any_file_operation_of_the_first_commit_there_is_no_journal_or_the_whole_one(
    tmp_path: Path,
) -> None:
    script = FIRST.format(tests=str(Path(__file__).parent))

    def first_commit(db: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", script, str(db), str(kill_at)], capture_output=True, text=True)

    total = int(first_commit(tmp_path / "all" / "sub" / "journal.json", 10**9).stdout.strip())
    assert total > 10
    seen = set()
    for n in range(1, total + 1):
        db = tmp_path / f"try{n}" / "sub" / "journal.json"
        assert first_commit(db, n).returncode == -9
        names = tuple(p.name for p in Journal.open(db, clock=lambda: TODAY).people())
        assert names in ((), ("Ana",)), f"killed at operation {n} of {total}"
        seen.add(names)
        Journal.open(db, clock=lambda: TODAY).add_person(Person(name="Later"))
        assert "Later" in [p.name for p in Journal.open(db, clock=lambda: TODAY).people()]
        assert not any(name.endswith(".kith-tmp") for name in os.listdir(db.parent))
    assert seen == {(), ("Ana",)}
