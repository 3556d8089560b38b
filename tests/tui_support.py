"""What the pilot tests share: the demo journal on a frozen day, the app over it, and waiting for Today."""

from __future__ import annotations

import asyncio
from pathlib import Path
from time import monotonic

import pytest
from conftest import TODAY
from textual.app import App
from textual.widgets import OptionList
from textual.worker import WorkerState

from journal.demo import create_demo
from journal.journal import Journal
from screens.app import KithApp, make_app
from screens.today import TodayScreen


@pytest.fixture
def demo(tmp_path: Path) -> Journal:
    """The bundled demo journal, seen from TODAY."""
    return create_demo(tmp_path / "demo" / "journal.json", TODAY)


@pytest.fixture
def app(demo: Journal) -> KithApp:
    """The app over the demo journal."""
    return make_app(demo, lambda: TODAY)


async def workers_done(app: App[None], timeout: float = 30.0) -> None:
    """Until no worker is running. Textual's `wait_for_complete` raises for a worker cancelled while it waits
    (an exclusive worker replaced by a newer one: a filter typed on, Today loaded again), which is not an
    error here: the newer one is what the screen shows."""
    deadline = monotonic() + timeout
    while any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        assert monotonic() < deadline, f"workers still running after {timeout} s: {list(app.workers)}"
        await asyncio.sleep(0.005)


async def ready(pilot) -> TodayScreen:  # type: ignore[no-untyped-def]
    """Today, once its reminders are drawn."""
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TodayScreen)
    return screen


def highlight(screen: TodayScreen, kind: str, person: str) -> str:
    """Put Today's cursor on a reminder; its key."""
    target = next(r for r in screen.found if r.kind == kind and r.person == person)
    listing = screen.query_one("#reminders", OptionList)
    listing.highlighted = listing.get_option_index(target.key)
    return target.key
