"""The TUI driven as a user would: pilot tests of each flow, on the demo journal and a frozen day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TODAY
from textual.widgets import Button, DataTable, Input, OptionList

from journal import reminders
from journal.demo import create_demo
from journal.journal import Journal
from journal.model import Person
from screens.app import KithApp, make_app
from screens.forms import FormScreen
from screens.help import HelpScreen
from screens.people import PeopleScreen
from screens.person import PersonScreen
from screens.today import TodayScreen


@pytest.fixture
def demo(tmp_path: Path) -> Journal:
    return create_demo(tmp_path / "demo" / "journal.json", TODAY)


@pytest.fixture
def app(demo: Journal) -> KithApp:
    return make_app(demo, lambda: TODAY)


async def ready(pilot) -> TodayScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TodayScreen)
    return screen


def highlight(screen: TodayScreen, kind: str, person: str) -> str:
    target = next(r for r in screen.found if r.kind == kind and r.person == person)
    listing = screen.query_one("#reminders", OptionList)
    listing.highlighted = listing.get_option_index(target.key)
    return target.key


def keys(journal: Journal) -> set[str]:
    return {r.key for r in reminders.reminders(journal, TODAY)}


async def test_today_lists_every_kind_with_counts(app: KithApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        prompts = [str(o.prompt) for o in screen.query_one("#reminders", OptionList).options if o.disabled]
        assert any(p.startswith("Replies owed (") for p in prompts)
        assert len(prompts) == 6


async def test_a_reply_logged_from_today_clears_it_and_writes_the_interaction(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        key = highlight(screen, "reply", "Lin Wei")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"Sent the docs", "enter")
        await pilot.pause()
        assert key not in {r.key for r in screen.found}
        assert screen.query_one("#reminders", OptionList).get_option_index  # the list is still there
    lin = demo.find_person("Lin Wei")
    latest = demo.interactions_of(lin.uid)[0]
    assert (latest.summary, latest.direction, latest.on) == ("Sent the docs", "out", TODAY.isoformat())
    assert key not in keys(Journal.open(demo.path))


async def test_snooze_hides_a_row_until_the_chosen_day(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        key = highlight(screen, "thanks", "Tom Baker")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"fri")
        await pilot.pause()
        assert "Fri 27 Nov 2026" in str(pilot.app.screen.query_one("#p-until").content)
        await pilot.press("enter")
        await pilot.pause()
        assert key not in {r.key for r in screen.found}
    again = Journal.open(demo.path)
    assert key not in keys(again)
    assert key in {r.key for r in reminders.reminders(again, TODAY + timedelta(days=3))}


async def test_done_thanked_and_drop_each_remove_their_row(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        before = len(screen.found)
        thanks = highlight(screen, "thanks", "Pierre Martin")
        await pilot.press("t")
        nudge = highlight(screen, "nudge", "Omar Haddad")
        await pilot.press("x")
        promise = highlight(screen, "promise", "Ana López")
        await pilot.press("d")
        await pilot.pause()
        assert len(screen.found) == before - 3
    left = keys(Journal.open(demo.path))
    assert not {thanks, nudge, promise} & left
    assert demo.favors(demo.find_person("Pierre Martin").uid)[0].thanked == TODAY.isoformat()


async def test_enter_opens_the_person_card_with_ledger_and_timeline(app: KithApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        highlight(screen, "nudge", "Tom Baker")
        await pilot.press("enter")
        await pilot.pause()
        card = pilot.app.screen
        assert isinstance(card, PersonScreen)
        assert "Tom Baker" in str(card.query_one("#who").content)
        assert "received 1" in str(card.query_one("#ledger").content)
        assert card.query_one("#timeline", DataTable).row_count >= 2
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, TodayScreen)


@pytest.mark.parametrize(("query", "name"), [("shopwise", "Lin Wei"), ("bstahl", "Björn Ståhl"), ("zoe", "Zoë Müller")])
async def test_people_filter_finds_by_company_handle_and_accentless_name(app: KithApp, query: str, name: str) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        people = pilot.app.screen
        assert isinstance(people, PeopleScreen)
        await pilot.press(*query)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = people.query_one("#people", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [name]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PersonScreen)


async def test_an_invalid_form_never_saves(app: KithApp, demo: Journal) -> None:
    count = len(demo.people())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#save", Button).disabled
        await pilot.press(*"Nova Person")
        form.query_one("#f-email", Input).value = "not-an-email"
        await pilot.pause()
        assert "email" in str(form.query_one("#form-error").content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # still open, still holding what was typed
        assert form.query_one("#f-name", Input).value == "Nova Person"
        form.query_one("#f-email", Input).value = "nova@example.com"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    assert len(Journal.open(demo.path).people()) == count + 1


async def test_escape_cancels_a_form_without_a_trace(app: KithApp, demo: Journal) -> None:
    lin = demo.find_person("Lin Wei")
    before = len(demo.interactions_of(lin.uid))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        highlight(screen, "reply", "Lin Wei")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"half typed", "escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PersonScreen)
    assert len(Journal.open(demo.path).interactions_of(lin.uid)) == before


async def test_help_lists_the_keys_of_the_screen_and_q_quits(app: KithApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(str(s.content) for s in pilot.app.screen.query("Static"))
        for word in ("Reply", "Thanked", "Done", "Drop", "Snooze", "People"):
            assert word in text
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_types_into_a_field_instead_of_quitting(app: KithApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert pilot.app.is_running
        assert pilot.app.screen.query_one("#filter", Input).value == "q"


async def test_an_empty_day_says_all_clear(tmp_path: Path) -> None:
    empty = Journal.open(tmp_path / "empty.json", clock=lambda: TODAY)
    async with make_app(empty, lambda: TODAY).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        [only] = screen.query_one("#reminders", OptionList).options
        assert "All clear" in str(only.prompt)


SIZE = (100, 30)


def test_snapshot_today(snap_compare, app: KithApp) -> None:  # type: ignore[no-untyped-def]
    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_snapshot_people(snap_compare, app: KithApp) -> None:  # type: ignore[no-untyped-def]
    async def people(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=people)


def test_snapshot_person(snap_compare, app: KithApp) -> None:  # type: ignore[no-untyped-def]
    async def person(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = await ready(pilot)
        highlight(screen, "reply", "Ana López")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=person)


def test_snapshot_add_person_form(snap_compare, app: KithApp) -> None:  # type: ignore[no-untyped-def]
    async def form(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Ana")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=form)


def test_snapshot_help(snap_compare, app: KithApp) -> None:  # type: ignore[no-untyped-def]
    async def help_screen(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=help_screen)


async def test_event_log_records_lines_previews_them_and_asks_about_near_names(tmp_path: Path) -> None:
    from screens.event_log import EventLogScreen

    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    journal.add_person(Person(name="Grace Hopper", met_on="2026-01-01"))
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press(*"PyData Berlin", "tab", *"last fri", "enter")
        await pilot.pause()
        log = pilot.app.screen
        assert isinstance(log, EventLogScreen)
        await pilot.press(*"Ana Lopez (Zalando); I owe: slides by mon")
        await pilot.pause()
        assert "new person: Ana Lopez · I owe: slides by 2026-11-23" in str(log.query_one("#preview").content)
        await pilot.press("enter")
        await pilot.pause()
        assert log.query_one("#line", Input).value == ""
        await pilot.press(*"Grace Hoper; got: advice")
        await pilot.pause()
        assert "May be Grace Hopper" in str(log.query_one("#preview").content)
        await pilot.press("enter")  # refused until same or new is chosen
        await pilot.pause()
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        await pilot.press(*"Bob (Acme", "enter")
        await pilot.pause()
        assert "unmatched" in str(log.query_one("#preview").content)
    again = Journal.open(tmp_path / "j.json")
    assert sorted(p.name for p in again.people()) == ["Ana Lopez", "Grace Hopper"]
    ana = again.find_person("Ana Lopez")
    assert ana.met_on == "2026-11-20" and again.met_where(ana) == "at PyData Berlin"
    assert [f.what for f in again.favors(again.find_person("Grace Hopper").uid)] == ["advice"]


def test_snapshot_event_log(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    journal = create_demo(tmp_path / "d" / "journal.json", TODAY)

    async def log(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press(*"Founders' Breakfast", "enter")
        await pilot.pause()
        await pilot.press(*"Nadia Farouk (Souk Labs, CEO) #founder: talked hiring; I owe: intro to Ada by fri")
        await pilot.pause()

    assert snap_compare(make_app(journal, lambda: TODAY), terminal_size=SIZE, run_before=log)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_key_sequences_never_crash_the_app(app: KithApp, demo: Journal, seed: int) -> None:
    import random

    keys = list("rtdxspaejlfq?/ ab1") + ["enter", "escape", "down", "up", "tab", "ctrl+s", "ctrl+n", "backspace"]
    rng = random.Random(seed)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        for _ in range(150):
            key = rng.choice(keys)
            if key == "q" and not isinstance(pilot.app.screen.focused, Input):
                continue  # quitting ends the run early; tested elsewhere
            await pilot.press(key)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    assert app.return_code in (None, 0)
    Journal.open(demo.path).people()  # the journal still opens
