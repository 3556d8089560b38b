"""The TUI at 40×15, 80×24 and 200×60: every field of every form in view and whole, the People list using the
width and reaching every match, errors only once a field was touched, the event log's keys, help that says
what each key does to each kind of reminder, and keys typed faster than screens open never lost."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Label, OptionList, Static
from textual.widgets._footer import FooterKey
from tui_support import highlight, ready, workers_done

from journal import synth
from journal.demo import create_demo
from journal.journal import Journal
from journal.model import Event, Person, Promise
from journal.reminders import HEADINGS, KINDS, effect
from screens.app import KithApp, make_app
from screens.event_log import EventLogScreen
from screens.forms import FormScreen, SnoozeDialog
from screens.help import HelpScreen
from screens.people_list import PeopleList
from screens.person import PersonScreen

SIZES = [(40, 15), (80, 24), (200, 60)]


def burst(app: KithApp, *keys: str) -> None:
    """Send keys the way a fast typist or a terminal's paste does: all at once, without waiting in between."""
    for key in keys:
        event = events.Key({" ": "space"}.get(key, key), key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()
        await workers_done(pilot.app)


def fields_of(form: Widget) -> list[Widget]:
    return list(form.query("#form-fields Input, #form-fields Checkbox, #form-fields TextArea, #form-fields Select"))


async def assert_every_field_fits(pilot: Any) -> list[str]:
    """Focus each field in turn: it is drawn inside the screen and inside the scrolling part of the form (never
    under the title or the buttons), a checkbox with all of its words, a label apart from its field."""
    screen = pilot.app.screen
    seen = []
    whole = Region(0, 0, *pilot.app.size)
    for field in fields_of(screen):
        field.focus()
        await pilot.pause()
        await pilot.pause()
        region = field.region
        area = screen.query_one("#form-fields").region
        assert region.width > 0 and region.height > 0, field.id
        assert whole.contains_region(region), (field.id, region)
        assert area.contains_region(region), (field.id, region, area)
        assert not region.overlaps(screen.query_one("#form-buttons").region), field.id
        if isinstance(field, Checkbox):
            words = str(field.label)
            assert region.width >= min(cell_len(words) + 4, area.width), (field.id, region)
        if isinstance(field, Input):  # an example in the field is seen whole, or it misleads
            assert cell_len(field.placeholder) <= field.content_region.width, (field.id, field.placeholder)
        row = field.parent
        assert row is not None
        label = next(iter(row.query(".field-label").results(Label)))
        if not isinstance(field, Checkbox):
            text = str(label.content)
            if label.region.y == region.y:  # beside: the label's column is wider than its words
                assert label.region.right <= region.x and cell_len(text) < label.region.width, field.id
            else:  # above
                assert label.region.y < region.y, field.id
        seen.append(field.id or "")
    return seen


async def open_card(pilot: Any, name: str) -> PersonScreen:
    journal = pilot.app.journal
    pilot.app.open_person(journal.find_person(name).uid)
    await settle(pilot)
    card = pilot.app.screen
    assert isinstance(card, PersonScreen)
    return card


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_field_of_every_form_is_in_view_and_whole(app: KithApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        opened: dict[str, list[str]] = {}
        for key in ("a", "j"):  # add a person; the event log's event
            await pilot.press(key)
            await settle(pilot)
            opened[key] = await assert_every_field_fits(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await open_card(pilot, "Ana López")
        for key in ("l", "p", "f", "e"):  # log, promise, favor, edit
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(pilot.app.screen, FormScreen)
            opened[key] = await assert_every_field_fits(pilot)
            await pilot.press("escape")
            await settle(pilot)
        pilot.app.action_import()
        await settle(pilot)
        opened["import"] = await assert_every_field_fits(pilot)
        await pilot.press("escape")
        await settle(pilot)
        pilot.app.action_export()
        await settle(pilot)
        opened["export"] = await assert_every_field_fits(pilot)
    assert "f-every" in opened["a"] and "f-notes" in opened["a"]
    assert {"f-from_them", "f-reply_needed"} <= set(opened["l"])
    assert "f-theirs" in opened["p"] and "f-received" in opened["f"]
    assert "f-birthday" in opened["e"] and "dry-run" in opened["import"]


@pytest.mark.parametrize(("size", "then"), [((40, 15), (200, 60)), ((200, 60), (40, 15)), ((80, 24), (40, 24))])
async def test_the_card_s_tables_wrap_their_longest_column_and_never_scroll_sideways(
    app: KithApp, size: tuple[int, int], then: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        journal = pilot.app.journal
        olga = journal.find_person("Olga Ivanova")
        summaries = [i.summary for i in journal.interactions_of(olga.uid) if i.summary]
        card = await open_card(pilot, "Olga Ivanova")
        for width in (size[0], then[0]):  # and again once the terminal changed width
            if width != card.size.width:
                await pilot.resize_terminal(*then)
                await settle(pilot)
            for table in card.query(DataTable):
                if table.display and table.row_count:
                    assert table.virtual_size.width <= table.scrollable_content_region.width, (width, table.id)
                    text = max(table.ordered_columns, key=lambda c: c.get_render_width(table))
                    assert text.get_render_width(table) >= 16, (width, table.id)  # words wrap whole, not cut
            timeline = card.query_one("#timeline", DataTable)
            last = len(timeline.ordered_columns) - 1  # the summary; narrow, after the way and kind
            shown = " ".join(
                " ".join(str(timeline.get_cell_at(Coordinate(row, last))).split()) for row in range(timeline.row_count)
            )
            assert all(" ".join(s.split()) in shown for s in summaries)
            heights = [timeline.rows[key].height for key in timeline.rows]
            assert max(heights) > 1 if width == 40 else width != 200 or max(heights) == 1


@pytest.mark.parametrize(("size", "narrow"), [((40, 15), True), ((200, 60), False)])
async def test_labels_go_above_fields_when_narrow_and_beside_them_when_wide(
    app: KithApp, size: tuple[int, int], narrow: bool
) -> None:
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert form.has_class("narrow") is narrow
        label = next(lbl for lbl in form.query(".field-label").results(Label) if "Keep in touch" in str(lbl.content))
        field = form.query_one("#f-every", Input)
        if narrow:
            assert field.region.y > label.region.y and field.region.x == label.region.x
        else:  # "Keep in touch every … days" and its field never touch ("… days30")
            assert field.region.y == label.region.y
            assert field.region.x - (label.region.x + cell_len(str(label.content))) >= 2


async def test_a_form_shows_an_error_only_once_its_field_was_touched_or_a_save_was_tried(app: KithApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        error = form.query_one("#form-error", Static)
        assert str(error.content) == "" and not error.display  # not "name: must not be empty" on opening
        await pilot.press("tab")  # leaving the name touches it
        await settle(pilot)
        assert "name" in str(error.content)
        await pilot.press("escape")
        await settle(pilot)
        card = await open_card(pilot, "Ana López")
        await pilot.press("p")
        await settle(pilot)
        form = pilot.app.screen
        assert str(form.query_one("#form-error", Static).content) == ""
        await pilot.press("ctrl+s")  # a save tried: every mistake shows, and nothing is saved
        await settle(pilot)
        assert pilot.app.screen is form
        assert "must not be empty" in str(form.query_one("#form-error", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is card


async def test_a_save_that_cannot_be_made_is_said_in_the_form_with_the_cursor_on_the_field_to_fix(
    app: KithApp,
) -> None:
    """At 40 columns a toast covers half the form, and the very line that says what is wrong: the form says
    it above its buttons, rings the bell and puts the cursor where the fix goes; nothing is saved."""
    async with app.run_test(size=(40, 15)) as pilot:
        await ready(pilot)
        before = len(pilot.app.journal.people(archived=True))
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        await pilot.press("tab", "tab", *"Acme", "ctrl+s")
        await settle(pilot)
        error = form.query_one("#form-error", Static)
        assert pilot.app.screen is form and "name: must not be empty" in str(error.content)
        assert error.region.bottom <= form.query_one("#save").region.y and error.region.y > 0  # in view
        assert not pilot.app._notifications
        assert pilot.app.focused is form.query_one("#f-name")
        await pilot.press(*"Ana Rivera", "ctrl+s")
        await settle(pilot)
        assert len(pilot.app.journal.people(archived=True)) == before + 1


@pytest.mark.parametrize("width", [40, 120])
async def test_a_toast_in_a_narrow_terminal_takes_the_width_not_half_of_it(app: KithApp, width: int) -> None:
    """Textual's toast is at most half the width: at 40 columns, a tall column of words over the list the
    message is about. Narrow, it takes the width, in a line or two; wide, it stays Textual's, at the right."""
    async with app.run_test(size=(width, 15), notifications=True) as pilot:
        screen = await ready(pilot)
        highlight(screen, "reply", "Lin Wei")
        await pilot.press("d")
        await settle(pilot)
        [toast] = pilot.app.screen.query("Toast")
        if width == 40:
            assert toast.region.width >= width - 2 and toast.region.height <= 3
        else:
            assert toast.region.width <= 60 and toast.region.right >= width - 2  # Textual's own, at the right


async def snooze_lin(pilot: Pilot[None]) -> tuple[Widget, SnoozeDialog]:
    """Today, and the snooze dialog opened on the reply owed to Lin Wei."""
    screen = await ready(pilot)
    highlight(screen, "reply", "Lin Wei")
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(dialog := pilot.app.screen, SnoozeDialog)
    return screen, dialog


async def test_a_snooze_to_a_day_not_ahead_is_said_in_the_dialog(app: KithApp) -> None:
    async with app.run_test(size=(40, 15)) as pilot:
        screen, dialog = await snooze_lin(pilot)
        said = dialog.query_one("#p-until", Static)
        for typed, shown in (("", "type a day after today"), ("yesterday", "pick a day after today")):
            await pilot.press("ctrl+u", *typed, "enter")
            await settle(pilot)
            assert pilot.app.screen is dialog and shown in str(said.content) and said.has_class("-invalid")
            assert said.region.y + said.region.height <= 15 and not pilot.app._notifications
        await pilot.press("ctrl+u", *"fri")
        await settle(pilot)
        assert "Fri 27 Nov" in str(said.content) and not said.has_class("-invalid")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen


@contextlib.asynccontextmanager
async def people_of(
    tmp_path: Path, count: int, seed: int, size: tuple[int, int]
) -> AsyncIterator[tuple[Pilot, PeopleList]]:
    """People open on a journal of `count` synthetic people, and its list."""
    journal = Journal.open(tmp_path / "many" / "journal.json", clock=lambda: TODAY)
    with journal.writing(f"test: {count} people"):
        journal.add_records(synth.build(count, 0, seed=seed, today=TODAY))
    async with make_app(journal, lambda: TODAY).run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await settle(pilot)
        yield pilot, pilot.app.screen.query_one("#people", PeopleList)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_people_lists_every_match_in_columns_as_wide_as_the_terminal(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    async with people_of(tmp_path, 250, 3, size) as (pilot, listing):
        assert listing.row_count == 250  # every match, not the first hundred
        assert "250 people" in str(pilot.app.screen.query_one("#count", Static).content)
        await pilot.press("down", "end")
        await settle(pilot)
        uid, cells = listing.people[-1]
        assert listing.current() == uid
        line = "".join(segment.text for segment in listing.render_line(listing.size.height - 1))
        assert cells[0] in line  # scrolled to it, and drawn
        header = "".join(segment.text for segment in listing.render_line(0))
        assert "Name" in header and "Last contact" in header
        assert listing.region.right <= size[0] and cell_len(header.rstrip()) <= listing.scrollable_content_region.width
        if size[0] >= 80:
            assert "Company" in header and "How met" in header and "Promises" in header
        name_width = header.index("Company") if "Company" in header else 0
        if size[0] == 200:
            assert name_width > 40  # the columns widen with the terminal
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PersonScreen) and pilot.app.screen.person_uid == uid


@contextlib.asynccontextmanager
async def event_log_knowing(tmp_path: Path, *names: str) -> AsyncIterator[Pilot[None]]:
    """The Event log of a new event, in a journal of these people (met earlier in the year)."""
    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    for name in names:
        journal.add_person(Person(name=name, met_on="2026-01-01"))
    async with make_app(journal, lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        pilot.app.push_screen(EventLogScreen(journal.add_event(Event(name="Meetup", on="2026-11-20"))))
        await settle(pilot)
        yield pilot


async def test_the_event_log_records_on_enter_and_ctrl_s_and_picks_same_or_new_with_alt_keys(tmp_path: Path) -> None:
    async with event_log_knowing(tmp_path, "Grace Hopper", "Alan Turing") as pilot:
        log = pilot.app.screen
        await pilot.press(*"Ana Lopez", "enter")
        await pilot.press(*"Bo Chen", "ctrl+s")  # ctrl+s saves the line, as in every form
        await settle(pilot)
        await pilot.press(*"Grace Hoper")
        await settle(pilot)
        assert "alt+s same person · alt+n new person" in str(log.query_one("#preview", Static).content)
        await pilot.press("alt+s")
        await settle(pilot)
        assert "known: Grace Hopper" in str(log.query_one("#preview", Static).content)
        assert log.query_one("#line", Input).value == "Grace Hoper"  # alt+s typed no "s"
        await pilot.press("enter", *"Alan Turin", "alt+n")
        await settle(pilot)
        assert "new person: Alan Turin" in str(log.query_one("#preview", Static).content)
        await pilot.press("enter")
        await settle(pilot)
        logged = str(log.query_one("#logged-text", Static).content)
        for said in ("new person: Ana Lopez", "new person: Bo Chen", "known: Grace Hopper", "new person: Alan Turin"):
            assert said in logged
    again = Journal.open(tmp_path / "j.json")
    names = sorted(p.name for p in again.people())
    assert names == ["Alan Turin", "Alan Turing", "Ana Lopez", "Bo Chen", "Grace Hopper"]


async def test_alt_s_pressed_again_picks_the_next_of_several_near_names(tmp_path: Path) -> None:
    async with event_log_knowing(tmp_path, "Grace Hopper", "Grace Hooper") as pilot:
        log = pilot.app.screen
        await pilot.press(*"Grace Hoper")
        await settle(pilot)
        preview = log.query_one("#preview", Static)
        assert "Grace Hopper" in str(preview.content) and "Grace Hooper" in str(preview.content)
        await pilot.press("alt+s")
        await settle(pilot)
        first = str(preview.content)
        assert "near name 1 of 2: alt+s for the next" in first
        await pilot.press("alt+s")
        await settle(pilot)
        second = str(preview.content)
        assert "near name 2 of 2" in second
        picked = "Grace Hooper" if "known: Grace Hooper" in second else "Grace Hopper"
        assert f"known: {picked}" not in first  # the other one of the two
        await pilot.press("enter")
        await settle(pilot)
    again = Journal.open(tmp_path / "j.json")
    assert sorted(p.name for p in again.people()) == ["Grace Hooper", "Grace Hopper"]
    met = {p.name: [i.on for i in again.interactions_of(p.uid)] for p in again.people()}
    assert [n for n, days in met.items() if "2026-11-20" in days] == [picked]  # logged at the event: only them


async def test_reopening_an_event_lists_who_is_logged_there_and_the_picker_offers_events(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    pydata = journal.add_event(Event(name="PyData Berlin", on="2026-11-20", place="Kulturbrauerei"))
    journal.add_event(Event(name="Founders' Breakfast", on="2026-11-10"))
    journal.add_person(Person(name="Ana López", met_on="2026-11-20", met_event=pydata.uid))
    journal.add_person(Person(name="Björn Ståhl", met_on="2026-11-20", met_event=pydata.uid))
    async with make_app(journal, lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await settle(pilot)
        form = pilot.app.screen
        hint = form.query_one("#hint-name", Static)
        assert "2 events" in str(hint.content)
        await pilot.press(*"py")
        await settle(pilot)
        assert "Existing: PyData Berlin (2026-11-20)" in str(hint.content)
        await pilot.press("right")  # takes the completion
        await settle(pilot)
        assert form.query_one("#f-name", Input).value == "PyData Berlin"
        assert "Reopens PyData Berlin" in str(hint.content)
        await pilot.press("enter")
        await settle(pilot)
        log = pilot.app.screen
        assert isinstance(log, EventLogScreen) and log.event.uid == pydata.uid
        assert "Met here (2): Ana López, Björn Ståhl" in str(log.query_one("#logged-text", Static).content)


async def test_a_paste_of_several_lines_into_the_event_log_keeps_every_line(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    event = journal.add_event(Event(name="Meetup", on="2026-11-20"))
    async with make_app(journal, lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        pilot.app.push_screen(EventLogScreen(event))
        await settle(pilot)
        log = pilot.app.screen
        pilot.app.post_message(events.Paste("Ana Lopez (Zalando)\nBo Chen: talked maps\n\nCy Twombly\n"))
        await settle(pilot)
        assert log.query_one("#line", Input).value == "Ana Lopez (Zalando)"
        assert "2 more pasted lines" in str(log.query_one("#waiting", Static).content)
        for _ in range(3):
            await pilot.press("enter")
            await settle(pilot)
        assert log.query_one("#line", Input).value == ""
    assert sorted(p.name for p in Journal.open(tmp_path / "j.json").people()) == ["Ana Lopez", "Bo Chen", "Cy Twombly"]


async def test_keys_typed_faster_than_screens_open_all_land_where_they_were_meant(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        burst(pilot.app, "p", *"lin wei")  # People opens; the filter gets every letter
        await settle(pilot)
        assert pilot.app.screen.query_one("#filter", Input).value == "lin wei"
        listing = pilot.app.screen.query_one("#people", PeopleList)
        assert "Lin Wei" in [listing.row(n)[0] for n in range(listing.row_count)]
        burst(pilot.app, "escape", "a", *"Nova Quick", "tab", *"Acme", "enter")  # open, type, next field, save
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        nova = Journal.open(demo.path).find_person("Nova Quick")
        assert nova.company == "Acme"
        burst(pilot.app, "j", *"Fast Meetup", "enter", *"Ida Swift (Globex)", "enter", *"Jo Rapid", "enter")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert isinstance(pilot.app.screen, EventLogScreen)
        assert pilot.app.screen.query_one("#line", Input).value == ""
        pilot.app.screen.query_one("#line", Input).focus()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        pilot.app.post_message(events.Paste("Line One\nLine Two"))  # into a one-line field: every word kept
        await settle(pilot)
        assert pilot.app.screen.query_one("#f-name", Input).value == "Line One Line Two"
    again = Journal.open(demo.path)
    ida = again.find_person("Ida Swift")
    assert ida.company == "Globex" and again.met_where(ida) == "at Fast Meetup"
    assert again.find_person("Jo Rapid")


async def test_the_snooze_dialog_names_the_reminder(app: KithApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        _, dialog = await snooze_lin(pilot)
        assert str(dialog.query_one("#form-title", Label).content).startswith("Snooze: Reply to Lin Wei")


async def test_help_on_today_says_what_each_key_does_to_each_kind_of_reminder(app: KithApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        texts = [str(w.content) for w in pilot.app.screen.query("Static, Label").results(Static)]
        shown = "\n".join(texts)
        for kind in KINDS:
            assert HEADINGS[kind] in texts
            for answer in ("done", "drop", "reply", "thank"):
                assert effect(kind, answer) in shown
        rows = [[str(s.content) for s in row.query(Static)] for row in pilot.app.screen.query(".help-row")]
        cold = rows.index(["d", effect("keep-in-touch", "done")])
        assert rows[cold + 1] == ["x", effect("keep-in-touch", "drop")]  # snoozed or stopped, not dropped
        assert "not for a cadence" in rows[cold + 1][1]


async def test_r_and_x_on_a_kind_they_do_not_fit_say_so_and_change_nothing(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        before = len(screen.found)
        highlight(screen, "promise", "Ana López")
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.screen is screen and len(screen.found) == before  # r never closes a promise
        assert any("not for my promises due" in str(n.message) for n in pilot.app._notifications)
    assert len(demo.promises()) == len(Journal.open(demo.path).promises())


async def test_an_empty_journal_says_how_to_start(tmp_path: Path) -> None:
    empty = Journal.open(tmp_path / "empty.json", clock=lambda: TODAY)
    async with make_app(empty, lambda: TODAY).run_test(size=(40, 15)) as pilot:
        screen = await ready(pilot)
        shown = "\n".join(str(o.prompt) for o in screen.query_one("#reminders", OptionList).options)
        assert "Your journal is empty" in shown
        for key, what in (("a", "add a person"), ("j", "log the people met"), ("ctrl+p", "Import contacts")):
            assert key in shown and what in shown


@pytest.mark.parametrize("way", ["end", "pagedown", "scroll"])
async def test_today_lists_every_reminder_past_the_first_screens_in_order(tmp_path: Path, way: str) -> None:
    """Today makes three screens of options at once, and the rest when the cursor or the view comes within a
    screen of their end: `end`, paging down and scrolling each reach every reminder, in order."""
    busy = Journal.open(tmp_path / "busy.json", clock=lambda: TODAY)
    ana = busy.add_person(Person(name="Ana López"))
    for n in range(70):  # far more than the three screens made first
        busy.add_promise(Promise(person=ana.uid, what=f"send part {n}", mine=True, made="2026-11-01", due="2026-11-20"))
    async with make_app(busy, lambda: TODAY).run_test(size=(80, 15)) as pilot:
        screen = await ready(pilot)
        await settle(pilot)
        listing = screen.query_one("#reminders", OptionList)

        def listed() -> list[str | None]:
            return [option.id for option in listing.options if option.id is not None]

        keys = [r.key for r in screen.found]
        assert len(keys) == 70 and 30 < len(listed()) < 70 and listed() == keys[: len(listed())]
        if way == "scroll":
            listing.scroll_end(animate=False)
            await pilot.pause()
        else:
            for _ in range(20):
                await pilot.press(way)
                await pilot.pause()
            assert screen.current() == screen.found[-1]
        assert listed() == keys


@pytest.mark.parametrize("width", [30, 40, 200])
async def test_every_line_of_today_is_fitted_to_the_width_it_is_drawn_at(tmp_path: Path, width: int) -> None:
    quiet = Journal.open(tmp_path / "quiet.json", clock=lambda: TODAY)
    quiet.add_person(Person(name="Ada Lovelace"))  # known, and owed nothing: all clear
    for journal in (create_demo(tmp_path / "demo.json", TODAY), quiet, Journal.open(tmp_path / "empty.json")):
        async with make_app(journal, lambda: TODAY).run_test(size=(width, 20)) as pilot:
            screen = await ready(pilot)
            listing = screen.query_one("#reminders", OptionList)
            room = listing.scrollable_content_region.width - 2  # the options' padding
            for option in listing.options:  # the list does not wrap (kith.tcss): Today fits each line itself
                for line in str(option.prompt).split("\n"):
                    assert cell_len(line) <= room, (width, line)


def test_snapshot_log_form_at_40x15(snap_compare, app: KithApp) -> None:  # type: ignore[no-untyped-def]
    async def form(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = await ready(pilot)
        highlight(screen, "reply", "Lin Wei")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        pilot.app.screen.query_one("#f-reply_needed", Checkbox).focus()  # the last field, scrolled into view
        await pilot.pause()

    assert snap_compare(app, terminal_size=(40, 15), run_before=form)


def test_snapshot_people_at_200x60(snap_compare, app: KithApp) -> None:  # type: ignore[no-untyped-def]
    async def people(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        pilot.app.screen.query_one("#filter", Input).cursor_blink = False
        await workers_done(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(200, 60), run_before=people)


def test_snapshot_edit_form_at_200x60(snap_compare, app: KithApp) -> None:  # type: ignore[no-untyped-def]
    async def form(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = await ready(pilot)
        highlight(screen, "reply", "Lin Wei")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#f-name", Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=(200, 60), run_before=form)


@pytest.mark.parametrize("size", [(40, 15), (100, 30), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_help_is_the_first_key_of_every_footer_at_any_width(app: KithApp, size: tuple[int, int]) -> None:
    async def first_key() -> str:
        await settle(pilot)
        keys = list(pilot.app.screen.query("Footer FooterKey"))
        assert keys, type(pilot.app.screen).__name__
        first = min(keys, key=lambda key: key.region.x)
        whole = Region(0, 0, *size)
        assert whole.contains_region(first.region), first.region
        if size[0] >= 200:  # every key of every screen fits (closed up where it must be: Today at 100 does too)
            assert all(whole.contains_region(key.region) for key in keys), [(str(k.render()), k.region) for k in keys]
        palette = [key for key in keys if key.has_class("-command-palette")]
        if size[0] < 80 or size[0] >= 200:  # a narrow footer leaves the palette's key out: ctrl+p works
            assert bool(palette) == (size[0] >= 200)
        return str(first.render())

    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        assert "Help" in await first_key()
        if size[0] >= 100:  # Today's eleven keys, closed up, all in view
            assert all(Region(0, 0, *size).contains_region(key.region) for key in pilot.app.screen.query(FooterKey))
        await pilot.press("p")  # the filter has the cursor: `?` is typed into it, so Help is f1 here
        assert "f1" in await first_key()
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape", "escape")
        await open_card(pilot, "Ana López")
        assert "Help" in await first_key()
        pilot.app.action_events()
        assert "Help" in await first_key()
        pilot.app.action_history()
        assert "Help" in await first_key()


@pytest.mark.parametrize("size", [(40, 15), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_screen_keeps_what_it_is_for_in_view(app: KithApp, size: tuple[int, int]) -> None:
    whole = Region(0, 0, *size)

    async def visible(selector: str) -> None:
        await settle(pilot)
        widget = pilot.app.screen.query_one(selector)
        assert widget.region.width > 0 and widget.region.height > 0, selector
        assert whole.contains_region(widget.region), (selector, widget.region)

    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await visible("#reminders")
        await pilot.press("question_mark")
        await visible("#help")
        await pilot.press("escape", "p")
        await visible("#filter")
        await visible("#people")
        await pilot.press("escape")
        await open_card(pilot, "Ana López")
        await visible("#who")
        pilot.app.action_events()
        await visible("#events")
        pilot.app.action_history()
        await visible("#history")
        pilot.app.push_screen(EventLogScreen(pilot.app.journal.events()[0]))
        await visible("#line")
        await visible("#preview")


@pytest.mark.parametrize("size", [(40, 15), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_people_list_never_scrolls_sideways_and_its_cursor_row_stays_in_view(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    async with people_of(tmp_path, 120, 5, size) as (pilot, listing):
        for keys in (("down", "end"), ("pageup",), ("pagedown",), ("right", "right")):
            await pilot.press(*keys)
            await settle(pilot)
            assert not listing.show_horizontal_scrollbar and listing.scroll_offset.x == 0, keys
            row = listing.cursor - listing.scroll_offset.y + 1  # under the heading
            assert 1 <= row < listing.scrollable_content_region.height, (keys, row)  # not under a scrollbar


async def test_a_long_name_wraps_in_the_title_and_never_crowds_a_box_s_words_out(demo: Journal) -> None:
    long_name = "Maximiliana Konstantinopoulou-Featherstonehaugh"
    with demo.writing("test: a long name"):
        demo.add_person(Person(name=long_name, met_on="2026-11-01"))
    async with make_app(demo, lambda: TODAY).run_test(size=(40, 15)) as pilot:
        screen = await ready(pilot)
        await open_card(pilot, long_name)
        for key in ("l", "p", "f"):
            await pilot.press(key)
            await settle(pilot)
            form = pilot.app.screen
            title = form.query_one("#form-title", Label)
            inside = form.query_one("#form").scrollable_content_region
            assert long_name in str(title.content)
            assert inside.contains_region(title.region), (key, title.region, inside)  # wrapped, not cut off
            for box in form.query("#form-fields Checkbox").results(Checkbox):
                box.focus()
                await pilot.pause()
                assert cell_len(str(box.label)) + 4 <= box.region.width, (key, str(box.label), box.region)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        highlight(screen, "reply", "Olga Ivanova")
        await pilot.press("s")
        await settle(pilot)
        title = pilot.app.screen.query_one("#form-title", Label)
        assert pilot.app.screen.query_one("#form").scrollable_content_region.contains_region(title.region)


@pytest.mark.parametrize("size", [(40, 15), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_events_and_history_keep_their_count_in_view_and_never_scroll_sideways(
    app: KithApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        for open_screen, table_id in ((pilot.app.action_events, "#events"), (pilot.app.action_history, "#history")):
            open_screen()
            await settle(pilot)
            screen = pilot.app.screen
            table = screen.query_one(table_id, DataTable)
            count = screen.query_one("#count", Static)
            assert not screen.show_vertical_scrollbar, table_id  # the table scrolls, not the screen under it
            assert count.region.height >= 1 and table.region.y >= count.region.bottom, table_id
            assert cell_len(str(count.content)) <= count.region.width * count.region.height, table_id  # all of it
            assert not table.show_horizontal_scrollbar, table_id
            assert table.virtual_size.width <= table.scrollable_content_region.width, table_id
            shown = [str(column.label) for column in table.ordered_columns]
            assert "what" in shown or "Met" in shown, shown
            await pilot.press("escape")
            await settle(pilot)


async def test_a_dialog_s_question_and_reminder_wrap_whole_at_40_columns(app: KithApp) -> None:
    async with app.run_test(size=(40, 15)) as pilot:
        screen = await ready(pilot)

        async def assert_labels_whole() -> None:
            await settle(pilot)
            dialog = pilot.app.screen
            inside = dialog.query_one("#form").scrollable_content_region
            for label in dialog.query("#form > Label").results(Label):
                words = str(label.content)
                assert inside.contains_region(label.region), (words, label.region, inside)
                lines = Content(words).wrap(label.region.width)
                assert len(lines) <= label.region.height, (words, label.region)  # every line of it drawn

        highlight(screen, "reply", "Olga Ivanova")
        await pilot.press("r")  # the reply dialog: whom and what about
        await assert_labels_whole()
        await pilot.press("escape")
        await open_card(pilot, "Olga Ivanova")
        await pilot.press("ctrl+d")  # forget the person?
        await assert_labels_whole()
        await pilot.press("n")
        await settle(pilot)
        assert pilot.app.journal.find_person("Olga Ivanova")


async def test_forgetting_a_person_says_u_takes_it_back_and_u_does(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await open_card(pilot, "Olga Ivanova")
        await pilot.press("ctrl+d")
        await settle(pilot)
        asked = " ".join(str(label.content) for label in pilot.app.screen.query("#form > Label").results(Label))
        assert "cannot be undone" not in asked and "u undoes" in asked  # the dialog tells the truth
        await pilot.press("y")
        await settle(pilot)
        assert any("u: undo" in str(n.message) for n in pilot.app._notifications)
        assert not any(p.name == "Olga Ivanova" for p in Journal.open(demo.path).people(archived=True))
        await pilot.press("u")
        await settle(pilot)
        olga = Journal.open(demo.path).find_person("Olga Ivanova")
        assert Journal.open(demo.path).promises(olga.uid)  # with what was only hers


@pytest.mark.parametrize("keys", [("enter",), ("down", "enter")], ids=["enter", "down-enter"])
async def test_a_name_typed_and_enter_at_once_open_that_person_not_the_row_shown_before(
    app: KithApp, keys: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    import screens.people

    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await settle(pilot)
        first = pilot.app.screen.query_one("#people", PeopleList).current()
        assert first is not None and first != pilot.app.journal.find_person("Olga Ivanova").uid
        search = screens.people.listing

        def slow_search(*args: Any, **kwargs: Any) -> Any:  # a big journal: the search takes a while
            time.sleep(0.15)
            return search(*args, **kwargs)

        monkeypatch.setattr(screens.people, "listing", slow_search)
        burst(pilot.app, *"olga", *keys, "l")  # the search is still running when enter comes; then log with her
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Log with Olga Ivanova", form
        assert form.query_one("#f-summary", Widget).has_focus
