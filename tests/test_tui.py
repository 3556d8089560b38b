"""The TUI driven as a user would: pilot tests of each flow, on the demo journal and a frozen day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TODAY
from textual.widgets import Button, DataTable, Input, OptionList
from tui_support import highlight, ready, workers_done

from journal import reminders
from journal.demo import create_demo
from journal.journal import Journal
from journal.model import Person, Promise
from screens.app import KithApp, make_app
from screens.forms import FormScreen
from screens.help import HelpScreen
from screens.people import PeopleScreen
from screens.people_list import PeopleList
from screens.person import PersonScreen
from screens.today import TodayScreen


def keys(journal: Journal) -> set[str]:
    return {r.key for r in reminders.reminders(journal, TODAY)}


async def test_today_lists_every_kind_with_counts(app: KithApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        prompts = [str(o.prompt) for o in screen.query_one("#reminders", OptionList).options if o.disabled]
        assert any(p.startswith("Replies owed (") for p in prompts)
        assert len(prompts) == len(reminders.KINDS)


async def test_the_app_starts_without_the_cycle_collector_and_runs_with_it_once_today_is_drawn(
    app: KithApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Collecting while the app starts cost about 120 ms of the first paint at 10k people; once Today is drawn
    the collector runs, without walking what lived then (frozen), and the app leaves it as it found it."""
    import gc

    collecting: list[bool] = []
    real = reminders.reminders
    monkeypatch.setattr(reminders, "reminders", lambda *a, **k: (collecting.append(gc.isenabled()), real(*a, **k))[1])
    assert gc.isenabled() and gc.get_freeze_count() == 0
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.pause()
        assert collecting == [False]  # Today was computed before the first paint, without the collector
        assert gc.isenabled() and gc.get_freeze_count() > 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


async def test_today_draws_kept_reminders_before_its_first_frame_and_loads_others_in_the_background(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agenda kept for the journal as it is on disk (any `kith due`, the last session) is read before
    Today's first frame: the list, its count and the keys that answer it are drawn once, with no worker.
    Anything else still says it is loading and is computed in the background (seconds at 30k people)."""
    from textual.widgets import Static
    from textual.widgets._footer import FooterKey

    loads: list[str] = []
    original = TodayScreen.load
    monkeypatch.setattr(TodayScreen, "load", lambda self: (loads.append("load"), original(self))[1])
    said: list[str] = []
    offered: list[list[str]] = []
    mounted = TodayScreen.on_mount

    def on_mount(self: TodayScreen) -> None:
        mounted(self)
        said.append(str(self.query_one("#summary", Static).content))  # what the first frame shows
        offered.append([key.description for key in self.query(FooterKey) if not key.disabled])

    monkeypatch.setattr(TodayScreen, "on_mount", on_mount)
    async with make_app(demo, lambda: TODAY).run_test(size=(100, 30)) as pilot:  # nothing kept yet
        screen = await ready(pilot)
        assert said == ["Loading your journal…"] and loads == ["load"] and screen.found
        assert "Help" in offered[0] and "Reply" not in offered[0]  # nothing to answer yet
    found = reminders.reminders(Journal.open(demo.path, clock=lambda: TODAY), TODAY)
    loads.clear()
    said.clear()
    async with make_app(Journal.open(demo.path, clock=lambda: TODAY), lambda: TODAY).run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert said == [f"{TODAY:%A %d %B %Y} · {len(found)} to do"] and loads == [] and screen.found == found
        assert offered[1][:3] == ["Help", "Reply", "Thanked"]  # the keys that answer them, in the first frame too
        await pilot.press("d")  # the keys answer at once
        assert len(screen.found) == len(found) - 1 and loads == []


async def test_a_bug_reading_the_kept_reminders_leaves_them_to_the_worker(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick read before the first frame never ends the app: the reminders are loaded in the background."""
    expected = reminders.reminders(demo, TODAY)

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(reminders, "at_hand", broken)
    async with make_app(Journal.open(demo.path, clock=lambda: TODAY), lambda: TODAY).run_test() as pilot:
        screen = await ready(pilot)
        assert screen.found == expected


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
        shown = {r.key for r in screen.found}
        assert not {thanks, nudge, promise} & shown
        # keeping my promise to Ana is contact, so it also answers her waiting message
        assert len(screen.found) == before - 4 and not any(r.person == "Ana López" for r in screen.found)
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


@pytest.mark.parametrize(
    ("query", "name"), [("cto shopwise", "Lin Wei"), ("bstahl", "Björn Ståhl"), ("zoe freelance", "Zoë Müller")]
)
async def test_people_filter_finds_by_company_handle_and_accentless_name(app: KithApp, query: str, name: str) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        people = pilot.app.screen
        assert isinstance(people, PeopleScreen)
        await pilot.press(*query)
        await workers_done(pilot.app)
        await pilot.pause()
        table = people.query_one("#people", PeopleList)
        assert [table.row(i)[0] for i in range(table.row_count)] == [name]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PersonScreen)


async def test_a_slow_search_says_it_is_searching_rather_than_show_nobody(
    app: KithApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 30k people the first search after a change reads the journal for seconds: the count says a search
    is under way, so the empty list does not read as nobody; then it says how many were found."""
    import threading

    from screens import people

    gate = threading.Event()
    real = people.listing
    monkeypatch.setattr(people, "listing", lambda *args, **kwargs: (gate.wait(5), real(*args, **kwargs))[1])
    monkeypatch.setattr(people, "listing_at_hand", lambda *args, **kwargs: None)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause(people.SLOW + 0.2)
        screen = pilot.app.screen
        assert isinstance(screen, PeopleScreen)
        assert str(screen.query_one("#count").content) == "Searching…"
        gate.set()
        await workers_done(pilot.app)
        await pilot.pause()
        assert str(screen.query_one("#count").content).endswith(" people")


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


def test_help_names_the_screen_in_words() -> None:
    from screens.event_log import EventLogScreen
    from screens.events import EventPeopleScreen
    from screens.help import name_of
    from screens.today import TodayScreen

    assert [name_of(s) for s in (EventPeopleScreen, EventLogScreen, TodayScreen)] == [
        "Event people",
        "Event log",
        "Today",
    ]


async def test_q_types_into_a_field_instead_of_quitting(app: KithApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert pilot.app.is_running
        assert pilot.app.screen.query_one("#filter", Input).value == "q"


async def test_an_empty_day_says_all_clear_and_offers_no_keys_to_answer(tmp_path: Path) -> None:
    quiet = Journal.open(tmp_path / "quiet.json", clock=lambda: TODAY)
    ada = quiet.add_person(Person(name="Ada Lovelace"))  # known, and owed nothing
    async with make_app(quiet, lambda: TODAY).run_test(size=(120, 24)) as pilot:
        screen = await ready(pilot)
        [only] = screen.query_one("#reminders", OptionList).options
        assert "All clear" in str(only.prompt)
        await pilot.pause()
        shown = {b.binding.action for b in screen.active_bindings.values() if screen.check_action(b.binding.action, ())}
        assert not shown & TodayScreen.ANSWERING and {"app.people", "app.add_person"} <= shown
        footer = " ".join(str(key.render()) for key in screen.query("FooterKey"))
        assert "Reply" not in footer and "Done" not in footer and "People" in footer
        quiet.add_promise(
            Promise(person=ada.uid, what="send the notes", mine=True, made="2026-11-01", due="2026-11-20")
        )
        screen.load()
        await ready(pilot)
        await pilot.pause()
        footer = " ".join(str(key.render()) for key in screen.query("FooterKey"))
        assert "Reply" in footer and "Done" in footer


async def test_the_footer_is_drawn_again_only_when_its_keys_change(app: KithApp) -> None:
    async with app.run_test(size=(120, 24)) as pilot:
        screen = await ready(pilot)
        drawn = list(screen.query("FooterKey"))
        for _ in range(3):  # what Textual does on every focus move and pushed screen
            screen.refresh_bindings()
            await pilot.pause()
        assert list(screen.query("FooterKey")) == drawn  # the same widgets: nothing was drawn again
        screen.show([])  # nothing left to answer: the answering keys go
        await pilot.pause()
        await pilot.pause()
        footer = " ".join(str(key.render()) for key in screen.query("FooterKey"))
        assert "Reply" not in footer and "People" in footer


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
        pilot.app.screen.query_one("#filter", Input).cursor_blink = False  # a blink is timing, not behaviour
        await workers_done(pilot.app)
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
        await pilot.press("enter")  # refused until same or new is chosen: said in the preview, not a toast
        await pilot.pause()
        assert "alt+s same person" in str(log.query_one("#preview").content)
        assert not any("Grace" in str(n.message) for n in pilot.app._notifications)
        assert log.query_one("#line", Input).value == "Grace Hoper; got: advice"
        await pilot.press("alt+s", "enter")
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
        await workers_done(pilot.app)
    assert app.return_code in (None, 0)
    Journal.open(demo.path).people()  # the journal still opens


async def test_notes_are_written_on_several_lines_in_the_form(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*"Nova")
        notes = form.query_one("#f-notes", TextArea)
        notes.focus()
        await pilot.press(*"Kids: Mia", "enter", *"Likes: tea")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    assert Journal.open(tmp_path / "j.json").find_person("Nova").notes == "Kids: Mia\nLikes: tea"


async def test_people_toggles_archived_people_in_and_out(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    journal.add_person(Person(name="Sarah Lee"))
    journal.add_person(Person(name="Sarah Old", archived=True))
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("p", *"sarah")
        await workers_done(pilot.app)
        await pilot.pause()
        table = pilot.app.screen.query_one("#people", PeopleList)
        assert [table.row(i)[0] for i in range(table.row_count)] == ["Sarah Lee"]
        await pilot.press("ctrl+t")
        await workers_done(pilot.app)
        await pilot.pause()
        rows = sorted(table.row(i)[0] for i in range(table.row_count))
        assert rows == ["Sarah Lee", "Sarah Old (archived)"]
        await pilot.press("ctrl+t")
        await workers_done(pilot.app)
        await pilot.pause()
        assert table.row_count == 1


@pytest.fixture
def small(tmp_path: Path) -> Journal:
    journal = Journal.open(tmp_path / "small" / "j.json", clock=lambda: TODAY)
    from journal.model import Event, Favor, Interaction

    pydata = journal.add_event(Event(name="PyData", on="2026-11-20", place="Kulturbrauerei"))
    journal.add_event(Event(name="PyDta", on="2026-11-20"))
    ana = journal.add_person(Person(name="Ana [b]López[/b]", met_on="2026-11-20", met_event=pydata.uid))
    journal.log(Interaction(people=[ana.uid], on="2026-11-22", summary="cofee"))
    journal.add_favor(Favor(person=ana.uid, what="a ticket", on="2026-11-21", given=False))
    journal.add_person(Person(name="Ana Lopez", met_on="2026-11-02"))
    return journal


async def open_card(pilot, journal: Journal, name: str) -> PersonScreen:  # type: ignore[no-untyped-def]
    await ready(pilot)
    pilot.app.open_person(journal.find_person(name).uid)
    await pilot.pause()
    card = pilot.app.screen
    assert isinstance(card, PersonScreen)
    return card


async def test_the_card_edits_and_forgets_a_timeline_entry_and_a_favor(small: Journal) -> None:
    from textual.widgets import TextArea

    async with make_app(small, lambda: TODAY).run_test(size=(100, 40)) as pilot:
        card = await open_card(pilot, small, "Ana [b]")
        timeline = card.query_one("#timeline", DataTable)
        timeline.focus()
        timeline.move_cursor(row=0)  # the newest: the coffee
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-summary", TextArea).text = "coffee"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is card
        card.query_one("#favor-list", DataTable).focus()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    again = Journal.open(small.path)
    ana = again.find_person("Ana [b]")
    assert [i.summary for i in again.interactions_of(ana.uid)] == ["coffee", None]
    assert again.favors(ana.uid) == []


async def test_merge_with_and_forget_are_in_the_palette_and_work(small: Journal) -> None:
    from textual.widgets import Input

    async with make_app(small, lambda: TODAY).run_test(size=(100, 40)) as pilot:
        card = await open_card(pilot, small, "Ana [b]")
        commands = [c.title for c in pilot.app.get_system_commands(card)]
        assert "Merge with…" in commands and "Forget" in commands
        await pilot.press("m")
        await pilot.pause()
        pilot.app.screen.query_one("#f-other", Input).value = "Ana Lopez"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is card
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("n")  # no: nothing happens
        await pilot.pause()
        assert pilot.app.screen is card
    again = Journal.open(small.path)
    assert [p.name for p in again.people()] == ["Ana [b]López[/b]"]
    assert "Ana Lopez" in again.people()[0].aliases


async def test_the_events_screen_renames_merges_and_opens_the_people_met(small: Journal) -> None:
    from textual.widgets import Input

    from screens.events import EventPeopleScreen, EventsScreen

    async with make_app(small, lambda: TODAY).run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        pilot.app.action_events()
        await pilot.pause()
        events = pilot.app.screen
        assert isinstance(events, EventsScreen)
        table = events.query_one("#events", DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        table.move_cursor(row=names.index("PyDta"))
        await pilot.press("r")
        await pilot.pause()
        pilot.app.screen.query_one("#f-name", Input).value = "PyData typo"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        pilot.app.screen.query_one("#f-into", Input).value = "PyData"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        people = pilot.app.screen
        assert isinstance(people, EventPeopleScreen)
        assert str(people.query_one("#people", DataTable).get_row_at(0)[0]) == "Ana [b]López[/b]"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PersonScreen)
    assert [e.name for e in Journal.open(small.path).events()] == ["PyData"]


async def test_the_palette_finds_a_person_by_name_and_opens_the_card(small: Journal) -> None:
    from screens.app import PeopleCommands

    async with make_app(small, lambda: TODAY).run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        provider = PeopleCommands(pilot.app.screen)
        hits = [hit async for hit in provider.search("lopez")]
        assert sorted(h.text for h in hits) == ["Ana Lopez", "Ana [b]López[/b]"]
        next(h for h in hits if h.text == "Ana Lopez").command()
        await pilot.pause()
        assert isinstance(pilot.app.screen, PersonScreen)
        assert pilot.app.screen.sub_title == "Ana Lopez"


async def test_the_event_log_refuses_words_the_line_cannot_place(tmp_path: Path) -> None:
    from journal.model import Event
    from screens.event_log import EventLogScreen

    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    event = journal.add_event(Event(name="Meetup", on="2026-11-20"))
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        pilot.app.push_screen(EventLogScreen(event))
        await pilot.pause()
        await pilot.press(*"Bob Smith (Acme) extra words: hi")
        await pilot.pause()
        preview = str(pilot.app.screen.query_one("#preview").content)
        assert "column 18" in preview and "belongs nowhere" in preview
        await pilot.press("enter")
        await pilot.pause()
    assert Journal.open(tmp_path / "j.json").people() == []
