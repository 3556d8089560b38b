"""The Insights screen: opened by a key and the palette, computed off the UI thread, fitted to any terminal,
and names shown as the text they are."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY
from textual.widgets import Static
from tui_support import ready, workers_done

from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person
from screens import insights
from screens.app import make_app
from screens.insights import BarChart, InsightsScreen, MonthChart


def uid(n: int) -> str:
    return f"{n:02x}" + "0" * 30


@pytest.fixture
def small(tmp_path: Path) -> Journal:
    """Ana introduced Tom; Tom sent a referral and a ticket; Grace is going cold; Lin writes on LinkedIn."""
    journal = Journal.open(tmp_path / "j" / "journal.json", clock=lambda: TODAY)
    pydata = Event(name="PyData Berlin", on="2026-05-02", uid=uid(90))
    ana = Person(name="Ana López", uid=uid(1), met_on="2025-03-01")
    tom = Person(name="Tom [b]Baker[/b]", uid=uid(2), met_on="2026-05-02", met_event=pydata.uid, introduced_by=ana.uid)
    lin = Person(name="Lin Wei", uid=uid(3), met_on="2026-06-01", met_online="linkedin")
    grace = Person(name="Grace Hopper", uid=uid(4), met_on="2026-08-01", every=30)
    journal.add_records([pydata, ana, tom, lin, grace])
    journal.add_records(
        [
            Interaction(people=[lin.uid], on="2026-11-01", direction="in", platform="linkedin"),
            Interaction(people=[lin.uid], on="2026-11-04", direction="out", platform="linkedin"),
            Interaction(people=[grace.uid], on="2026-09-01", direction="out", kind="talk"),
            Favor(person=tom.uid, what="the Acme project", on="2026-11-10", given=False, referral=True),
            Favor(person=tom.uid, what="a ticket", on="2026-10-20", given=False),
            Favor(person=ana.uid, what="an intro", on="2026-06-15", given=True),
        ]
    )
    return journal


async def open_insights(pilot, key: str = "I") -> InsightsScreen:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InsightsScreen)
    await workers_done(pilot.app)
    await pilot.pause()
    assert screen.found is not None
    return screen


def text_of(screen: InsightsScreen) -> str:
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


async def test_shift_i_on_today_opens_insights_with_the_numbers(small: Journal) -> None:
    async with make_app(small, lambda: TODAY).run_test(size=(120, 50)) as pilot:
        screen = await open_insights(pilot)
        shown = text_of(screen)
        assert "4 people · as of 2026-11-24" in shown
        assert "referrals: 1 sent you · you sent 0" in shown
        assert "Grace Hopper" in shown and "54 d late" in shown
        assert "Tom [b]Baker[/b]" in shown  # a name is text, never markup
        assert "3 d (1)" in shown  # LinkedIn: answered after three days
        months = screen.query_one(MonthChart).months
        assert months[-1] == ("Nov 26", 0, 1) and months[-2] == ("Oct 26", 0, 1) and len(months) == 12
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, InsightsScreen)


async def test_the_palette_opens_insights(small: Journal) -> None:
    async with make_app(small, lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Insights")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InsightsScreen)


@pytest.mark.parametrize(("size", "columns"), [((40, 15), 1), ((200, 60), 3)])
async def test_the_charts_fit_a_narrow_and_a_wide_terminal(small: Journal, size: tuple[int, int], columns: int) -> None:
    async with make_app(small, lambda: TODAY).run_test(size=size) as pilot:
        screen = await open_insights(pilot)
        charts = list(screen.query(BarChart))
        assert charts and all(0 < c.size.width <= size[0] for c in charts)
        lefts = {c.region.x for c in charts}
        assert len(lefts) == columns  # one chart under another when narrow, three side by side when wide
        for line in text_of(screen).splitlines():
            assert len(line) <= size[0]
        if columns == 1:  # everything is reachable by scrolling
            await pilot.press("end")
            await pilot.pause()
            assert "Days to reply" in text_of(screen)


async def test_a_change_elsewhere_is_shown_when_the_journal_changes(small: Journal) -> None:
    async with make_app(small, lambda: TODAY).run_test(size=(120, 50)) as pilot:
        screen = await open_insights(pilot)
        small.add_favor(Favor(person=uid(3), what="sent Lin to Globex", on="2026-11-20", given=True, referral=True))
        pilot.app.journal_changed()  # the app's own poll may notice it too: one computation replaces the other
        for _ in range(200):
            if screen.found is not None and screen.found.favors.referrals_given == 1:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert screen.found is not None and screen.found.favors.referrals_given == 1
        assert "you sent 1" in text_of(screen)


async def test_an_unreadable_journal_is_said_and_retried(small: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(insights, "RETRY", 0.2)
    async with make_app(small, lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        original = small.path.read_bytes()
        data = json.loads(original)
        data["_meta"]["1"]["schema_version"] = 99  # a sync brought a journal from a newer Kith
        small.path.write_text(json.dumps(data))
        await pilot.press("I")
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()
        summary = str(pilot.app.screen.query_one("#insights-summary", Static).content)
        assert "cannot be read right now" in summary and "newer Kith" in summary
        small.path.write_bytes(original)  # the sync settles: the next try (or the app's poll) reads it again
        summary_of = lambda: str(pilot.app.screen.query_one("#insights-summary", Static).content)  # noqa: E731
        for _ in range(200):
            if "4 people" in summary_of():
                break
            await pilot.pause(0.02)
        assert "4 people" in summary_of()


def test_snapshot_insights(snap_compare, small: Journal) -> None:  # type: ignore[no-untyped-def]
    async def insights(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_insights(pilot)

    assert snap_compare(make_app(small, lambda: date(2026, 11, 24)), terminal_size=(120, 44), run_before=insights)


async def test_the_card_shows_referrals_in_the_ledger_and_the_favor_list(small: Journal) -> None:
    from textual.widgets import DataTable

    async with make_app(small, lambda: TODAY).run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        pilot.app.open_person(uid(2))
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()
        ledger = str(pilot.app.screen.query_one("#ledger", Static).content)
        assert "given 0 · received 2 · referrals: 1 sent you, you sent 0" in ledger
        favors = pilot.app.screen.query_one("#favor-list", DataTable)
        whats = {str(favors.get_row_at(n)[2]) for n in range(favors.row_count)}
        assert whats == {"referral: the Acme project", "a ticket"}
