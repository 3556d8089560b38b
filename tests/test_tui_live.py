"""The TUI stays current and every action can be undone: another process's change shows within a second,
`u` reverses what a key did, a form never reverts someone else's edit, and a row gone elsewhere says so."""

from __future__ import annotations

import asyncio
from pathlib import Path

from conftest import TODAY, run_kith
from textual.widgets import DataTable, Input, Static
from tui_support import highlight, ready, workers_done

from journal import reminders
from journal.journal import Journal
from screens.app import KithApp, make_app
from screens.forms import FormScreen
from screens.history import HistoryScreen
from screens.person import PersonScreen


def kith_in_shell(db: Path, *args: str) -> None:
    """A `kith` command in another process, as in a second terminal."""
    result = run_kith(*args, db=db)
    assert result.returncode == 0, result.stderr


async def settle(pilot, seconds: float = 1.2) -> None:  # type: ignore[no-untyped-def]
    await asyncio.sleep(seconds)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def test_a_reminder_done_in_the_shell_leaves_the_open_today_screen_within_a_second(
    app: KithApp, demo: Journal
) -> None:
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await ready(pilot)
        key = highlight(screen, "thanks", next(r.person for r in screen.found if r.kind == "thanks"))
        kith_in_shell(demo.path, "done", key)
        await settle(pilot)
        assert key not in {r.key for r in screen.found}


async def test_acting_on_a_row_done_elsewhere_says_so_in_words_and_refreshes(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await ready(pilot)
        person = next(r.person for r in screen.found if r.kind == "promise")
        key = highlight(screen, "promise", person)
        reminders.done(Journal.open(demo.path, clock=lambda: TODAY), key, TODAY)
        app._drawn = app.journal.version_on_disk()  # the poll has not seen it: the row is stale when d comes
        await pilot.press("d")
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications]
        assert any("no longer open" in text for text in shown)
        assert not any("kith due" in text for text in shown)
        await settle(pilot, 0.3)
        assert key not in {r.key for r in screen.found}


async def test_u_undoes_what_d_did_and_the_notification_says_how(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await ready(pilot)
        person = next(r.person for r in screen.found if r.kind == "promise")
        key = highlight(screen, "promise", person)
        await pilot.press("d")
        await pilot.pause()
        assert any("u: undo" in str(n.message) for n in app._notifications)
        assert key not in {r.key for r in reminders.reminders(Journal.open(demo.path), TODAY)}
        await pilot.press("u")
        await settle(pilot, 0.3)
        assert key in {r.key for r in screen.found}
        assert key in {r.key for r in reminders.reminders(Journal.open(demo.path), TODAY)}


async def test_the_card_follows_an_edit_made_in_the_shell(app: KithApp, demo: Journal) -> None:
    ana = demo.find_person("Ana López")
    async with app.run_test(size=(110, 34)) as pilot:
        await ready(pilot)
        app.push_screen(PersonScreen(ana.uid))
        await pilot.pause()
        kith_in_shell(demo.path, "edit", ana.uid, "--company", "Brand New GmbH")
        await settle(pilot)
        assert "Brand New GmbH" in str(app.screen.query_one("#who", Static).content)


async def test_an_edit_form_open_while_the_shell_edits_keeps_both_edits(app: KithApp, demo: Journal) -> None:
    ana = demo.find_person("Ana López")
    async with app.run_test(size=(110, 34)) as pilot:
        await ready(pilot)
        app.push_screen(PersonScreen(ana.uid))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        kith_in_shell(demo.path, "edit", ana.uid, "--tag", "vip", "--email", "ana@new.example")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # the form is left alone while it is open
        role = form.query_one("#f-role", Input)
        role.value = "Chief Data Officer"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 0.3)
    saved = Journal.open(demo.path).find_person("Ana López")
    assert saved.role == "Chief Data Officer"
    assert "vip" in saved.tags and saved.email == "ana@new.example"


async def test_a_form_conflict_shows_both_values_and_saves_nothing_until_the_user_picks(
    app: KithApp, demo: Journal
) -> None:
    ana = demo.find_person("Ana López")
    async with app.run_test(size=(110, 34)) as pilot:
        await ready(pilot)
        app.push_screen(PersonScreen(ana.uid))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        kith_in_shell(demo.path, "edit", ana.uid, "--company", "Theirs Inc")
        form.query_one("#f-company", Input).value = "Mine Ltd"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#form-error", Static).content)
        assert "Mine Ltd" in error and "Theirs Inc" in error
        assert Journal.open(demo.path).find_person("Ana López").company == "Theirs Inc"
        await pilot.press("ctrl+s")  # keep mine
        await settle(pilot, 0.3)
    assert Journal.open(demo.path).find_person("Ana López").company == "Mine Ltd"


async def test_history_in_the_palette_lists_changes_and_u_there_undoes_the_one_highlighted(
    app: KithApp, demo: Journal
) -> None:
    async with app.run_test(size=(110, 34)) as pilot:
        await ready(pilot)
        kith_in_shell(demo.path, "add", "Hedy Lamarr")
        kith_in_shell(demo.path, "add", "Alan Turing")
        app.action_history()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history", DataTable)
        assert table.row_count >= 2
        table.move_cursor(row=1)  # Hedy, the older one: nothing later touched her
        await pilot.press("u")
        await pilot.pause()
    names = {p.name for p in Journal.open(demo.path).people()}
    assert "Hedy Lamarr" not in names and "Alan Turing" in names


async def test_a_line_recorded_in_the_event_log_is_one_change_that_ctrl_z_takes_back(tmp_path: Path) -> None:
    from journal.model import Event
    from screens.event_log import EventLogScreen

    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    event = journal.add_event(Event(name="Meetup", on="2026-11-20"))
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        pilot.app.push_screen(EventLogScreen(event))
        await pilot.pause()
        await pilot.press(*"Bob Smith (Acme); I owe: the deck by fri", "enter")
        await pilot.pause()
        assert [p.name for p in Journal.open(journal.path).people()] == ["Bob Smith"]
        assert any("ctrl+z: undo" in str(n.message) for n in pilot.app._notifications)
        await pilot.press("ctrl+z")
        await pilot.pause()
    fresh = Journal.open(journal.path)
    assert fresh.people() == [] and fresh.promises() == []
    assert fresh.history(limit=1)[0].kind == "undo"
    assert "Event log at Meetup" in fresh.history(limit=2)[1].command
