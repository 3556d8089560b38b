"""A sync killed between any two file operations leaves the journal as before or as after, and the next
sync finishes the work: nothing applied twice, nothing published lost."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sync_support import Device
from test_commit_faults import state

pytestmark = pytest.mark.slow

SYNC = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    from test_commit_faults import count_operations
    from journal.cli import main

    db, folder, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
    def fail(n, name):
        os.kill(os.getpid(), signal.SIGKILL)
    calls = count_operations(kill_at, fail)
    code = main(["--db", db, "sync", folder])
    print(calls[0])
    sys.exit(code)
    """
)


def run_sync(root: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    script = SYNC.format(tests=str(Path(__file__).parent))
    db = root / "desktop" / "journal.json"
    return subprocess.run(
        [sys.executable, "-c", script, str(db), str(root / "shared"), str(kill_at)], capture_output=True, text=True
    )


@pytest.fixture
def pristine(tmp_path: Path) -> Path:
    """Two devices that synced once; then each changed the journal and only the laptop synced again."""
    root = tmp_path / "pristine"
    laptop, desktop = Device(root, "laptop"), Device(root, "desktop")
    laptop.ok("add", "Ana Lopez", "--company", "Acme")
    laptop.ok("log", "ana", "-m", "first")
    laptop.sync()
    desktop.sync()
    laptop.ok("edit", "ana", "--company", "Laptop Inc")
    laptop.ok("log", "ana", "-m", "from the laptop")
    laptop.ok("add", "Ben Okafor")
    laptop.sync()
    desktop.ok("log", "ana", "-m", "from the desktop")
    desktop.ok("promise", "ana", "send slides")
    return root


def copy_of(pristine: Path, tmp_path: Path, n: int) -> Path:
    root = tmp_path / f"try{n}"
    shutil.copytree(pristine, root)
    return root


def test_a_sync_killed_at_any_file_operation_leaves_before_or_after_and_the_next_sync_finishes(
    pristine: Path, tmp_path: Path
) -> None:
    before = state(pristine / "desktop" / "journal.json")
    done = copy_of(pristine, tmp_path, 0)
    finished = run_sync(done, kill_at=10**9)
    assert finished.returncode == 0, finished.stderr
    total = int(finished.stdout.strip().splitlines()[-1])
    after = state(done / "desktop" / "journal.json")
    assert before != after
    expected = _converged(done)
    step = max(1, total // 60)  # every operation up to 60 tries, evenly spread beyond
    outcomes = []
    for n in sorted({*range(1, total + 1, step), total}):
        root = copy_of(pristine, tmp_path, n)
        result = run_sync(root, kill_at=n)
        assert result.returncode == -9, result.stderr
        seen = state(root / "desktop" / "journal.json")
        assert seen in (before, after), f"killed at operation {n} of {total}: {seen}"
        outcomes.append(seen == after)
        assert _converged(root) == expected, f"killed at operation {n} of {total}, then synced again"
    assert not outcomes[0] and outcomes[-1]


def _converged(root: Path) -> Any:
    """Both devices sync until nothing moves; what each holds (they must agree)."""
    laptop, desktop = Device(root, "laptop"), Device(root, "desktop")
    for _ in range(2):
        desktop.sync()
        laptop.sync()
    picture = desktop.picture()
    assert laptop.picture() == picture
    talks = sorted(i["summary"] for card in picture[1].values() for i in card["interactions"] if i.get("summary"))
    assert talks == ["first", "from the desktop", "from the laptop"]  # each once: nothing applied twice
    return [(p["name"], p["company"]) for p in picture[0]], talks
