"""The TUI brings the vdirs in step after each change, in a worker, when the journal has them (`kith vdir`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from conftest import TODAY
from tui_support import highlight, ready

from journal.journal import Journal
from journal.store import settings
from screens.app import make_app


async def _until(pilot, done: Callable[[], bool], seconds: float = 15) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.1)):
        if done():
            return
        await asyncio.sleep(0.1)
        await pilot.pause()
    raise AssertionError("the vdirs were not brought in step in time")


async def test_a_promise_kept_in_the_tui_is_ticked_in_the_tasks_vdir(demo: Journal, tmp_path: Path) -> None:
    contacts, tasks = tmp_path / "contacts", tmp_path / "tasks"
    contacts.mkdir()
    tasks.mkdir()
    settings.write(demo.path, contacts=str(contacts), tasks=str(tasks))
    app = make_app(demo, lambda: TODAY)
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await ready(pilot)
        people = len(demo.people())
        await _until(pilot, lambda: len(list(contacts.glob("*.vcf"))) == people)  # on opening
        key = highlight(screen, "promise", next(r.person for r in screen.found if r.kind == "promise"))
        todo = tasks / f"{key.replace(':', '-')}.ics"
        assert b"STATUS:NEEDS-ACTION" in todo.read_bytes()
        await pilot.press("d")
        await _until(pilot, lambda: b"STATUS:COMPLETED" in todo.read_bytes())


async def test_a_journal_without_vdirs_starts_no_vdir_worker(demo: Journal) -> None:
    app = make_app(demo, lambda: TODAY)
    async with app.run_test(size=(110, 34)) as pilot:
        await ready(pilot)
        assert not [w for w in app.workers if w.group == "vdir"]
