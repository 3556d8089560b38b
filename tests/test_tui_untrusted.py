"""Text in the TUI is data, never markup: a journal full of markup, click actions and brackets shows it
literally on every screen, and clicking on it or acting on it runs nothing."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, hand_edit
from textual.widgets import Input, OptionList, Static
from tui_support import workers_done

import screens.app
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person, Promise
from screens.app import KithApp, make_app
from screens.event_log import EventLogScreen
from screens.forms import FormScreen, ReplyDialog, SnoozeDialog
from screens.help import HelpScreen
from screens.people import PeopleScreen
from screens.person import PersonScreen
from screens.today import TodayScreen
from screens.transfer import ExportScreen, ImportScreen

NAME = "[@click=app.screenshot('shot.svg')]Mallory[/]"
COMPANY = "Acme [/]"
ROLE = "[/brackets]"
TAG = "[bold]B[/bold]"
NOTES = "[link=https://e.vil]x[/link] and [@click=app.quit]stay[/]"
EVENT = "[/x] [@click=app.screenshot('shot.svg')]Meetup[/]"
PLACE = "[b]Berlin"
SUMMARY = "[/brackets] [@click=app.quit]hi[/]"
WHAT = "[@click=app.screenshot('shot.svg')]slides[/]"
FAVOR = "[$error]intro[/]"


@pytest.fixture
def hostile(tmp_path: Path) -> Journal:
    journal = Journal.open(tmp_path / "j" / "journal.json", clock=lambda: TODAY)
    event = Event(name=EVENT, on="2026-11-01", place=PLACE)
    mallory = Person(name=NAME, company=COMPANY, role=ROLE, tags=[TAG], notes=NOTES, met_on="2026-11-01")
    mallory.met_event = event.uid
    journal.add_records(
        [
            event,
            mallory,
            Interaction(people=[mallory.uid], on="2026-11-20", direction="in", reply_needed=True, summary=SUMMARY),
            Promise(person=mallory.uid, what=WHAT, made="2026-11-01", due="2026-11-20"),
            Favor(person=mallory.uid, what=FAVOR, on="2026-11-02", given=False),
        ]
    )
    return journal


class Watched(KithApp):
    """The app, with the actions markup could reach replaced by a record of the attempt."""

    CSS_PATH = str(Path(screens.app.__file__).parent / "kith.tcss")
    ran: list[str]

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.ran.append("screenshot")

    async def action_quit(self) -> None:
        self.ran.append("quit")


def rendered(app: Any) -> str:
    """What the terminal shows, as plain text (a screenshot costs a while: taken once a screen)."""
    svg = app.export_screenshot()
    text = html.unescape(re.sub(r"<[^>]+>", "", svg.split("</style>")[-1]))
    return text.replace("\xa0", " ")


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def back_to(pilot: Any, screen: Any) -> None:
    """Close what the clicks opened (a click on a row opens the person)."""
    while pilot.app.screen is not screen:
        pilot.app.pop_screen()
        await pilot.pause()


async def click_everything(pilot: Any) -> None:
    """Click along the lines where the stored text is shown."""
    for y in (3, 5, 8):
        await pilot.click(offset=(6, y))
    await pilot.pause()


async def test_markup_in_the_journal_is_shown_literally_and_runs_nothing_anywhere(
    hostile: Journal, tmp_path: Path
) -> None:
    app = Watched(hostile, lambda: TODAY)
    app.ran = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen)
        shown = rendered(app)
        assert "[@click=app.screenshot('shot.svg')]Mallory[/]" in shown
        prompts = [str(o.prompt) for o in today.query_one("#reminders", OptionList).options]
        assert any(f"You promised {NAME}: [@click=app.screenshot(" in p for p in prompts)
        await click_everything(pilot)
        await back_to(pilot, today)

        # the reply and snooze dialogs, and a notification naming the person
        listing = today.query_one("#reminders", OptionList)
        listing.highlighted = next(i for i, o in enumerate(listing.options) if o.id and o.id.startswith("reply:"))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReplyDialog) and NAME in rendered(app)
        await pilot.press("escape", "s")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeDialog) and NAME in rendered(app)
        await pilot.press("escape")
        await pilot.pause()
        listing.highlighted = next(i for i, o in enumerate(listing.options) if o.id and o.id.startswith("thanks:"))
        await pilot.press("t")
        await settle(pilot)
        assert any(FAVOR in str(n.message) and not n.markup for n in app._notifications)

        # People and the person card
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        shown = rendered(app)
        assert "[@click=app.screenshot('sh" in shown and COMPANY in shown  # the name column clips it
        listing_screen = app.screen
        await click_everything(pilot)
        await back_to(pilot, listing_screen)
        await pilot.press("down", "enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, PersonScreen)
        shown = rendered(app)
        for text in (ROLE, COMPANY, TAG, "[link=https://e.vil]x[/link]", WHAT, FAVOR, "[/brackets]", "Meetup[/]"):
            assert text in shown, text
        assert NOTES in str(card.query_one("#facts", Static).content)
        await click_everything(pilot)

        # help, then the edit form with a value that fails validation
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-email").value = "[/x]"  # type: ignore[attr-defined]
        await pilot.pause()
        assert "[/x]" in str(form.query_one("#form-error", Static).content)
        shown = rendered(app)
        assert f"Edit {NAME}" in shown and "'[/x]'" in shown
        await pilot.press("ctrl+s")  # refused: a notification quoting the error
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()

        # the event log and the transfer dialogs
        app.push_screen(EventLogScreen(hostile.events()[0]))
        await pilot.pause()
        await pilot.press(*"[/x] Bob: [@click=app.quit]talked[/]")
        await pilot.pause()
        shown = rendered(app)
        assert EVENT in shown and PLACE in shown and "[/x] Bob" in shown
        await click_everything(pilot)
        await pilot.press("escape")
        for dialog in (ImportScreen(), ExportScreen()):
            app.push_screen(dialog)
            await pilot.pause()
            dialog.query_one("#path").value = str(tmp_path / "[/x]" / "[@click=app.quit]in.csv")  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "[/x]" in str(dialog.query_one("#result", Static).content)
            assert isinstance(dialog, ExportScreen) or "[/x]" in rendered(app)
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running
    assert app.ran == []
    assert not list(tmp_path.rglob("shot.svg")) and not list(Path.cwd().glob("shot.svg"))


async def test_a_stored_escape_is_shown_neutralised_not_sent_to_the_terminal(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    person = journal.add_person(Person(name="Eve"))
    journal.log(Interaction(people=[person.uid], on="2026-11-20", direction="in", reply_needed=True))

    hand_edit(
        journal.path, lambda data: next(iter(data["people"].values())).update(name="Eve\x1b]52;c;aGk=\x07\u202eSmith")
    )
    async with make_app(Journal.open(journal.path, clock=lambda: TODAY), lambda: TODAY).run_test() as pilot:
        await settle(pilot)
        shown = rendered(pilot.app)
        assert "Eve\\x1b]52;c;aGk=\\x07\\u202eSmith" in shown and "\x1b" not in shown


async def test_a_stored_escape_never_reaches_the_terminal_from_a_header_a_form_or_the_palette(tmp_path: Path) -> None:

    from screens.events import EventPeopleScreen

    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    event = Event(name="Meetup", on="2026-11-01")
    journal.add_records([event, Person(name="Eve", met_on="2026-11-01", met_event=event.uid, notes="hi")])
    hostile = "Eve\x1b]0;PWNED\x07\x1b[31mRed"  # would retitle the terminal window and colour it

    def hostile_text(data: dict) -> None:
        next(iter(data["people"].values())).update(name=hostile, notes="note\x1b[2J")
        next(iter(data["events"].values()))["name"] = "Meet\x1b]0;PWNED\x07up"

    hand_edit(journal.path, hostile_text)
    journal = Journal.open(journal.path, clock=lambda: TODAY)
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        uid = next(iter(journal.people())).uid
        pilot.app.open_person(uid)  # the card's header names the person
        await settle(pilot)
        assert "\x1b" not in pilot.app.screen.sub_title and "\x1b" not in rendered(pilot.app)
        await pilot.press("e")  # the edit form's fields hold the stored text
        await settle(pilot)
        assert "\x1b" not in rendered(pilot.app)
        assert "Eve\\x1b]0;PWNED" in pilot.app.screen.query_one("#f-name", Input).value
        await pilot.press("escape")
        pilot.app.push_screen(EventPeopleScreen(journal.events()[0].uid))  # the header names the event
        await settle(pilot)
        assert "\x1b" not in pilot.app.screen.sub_title and "\x1b" not in rendered(pilot.app)
        pilot.app.action_command_palette()
        await settle(pilot)
        await pilot.press(*"Eve")
        await pilot.pause(0.3)
        await settle(pilot)
        assert "Eve\\x1b" in rendered(pilot.app) and "\x1b" not in rendered(pilot.app)


async def test_an_event_name_offered_as_you_type_is_drawn_neutralised(tmp_path: Path) -> None:
    import json

    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    journal.add_records([Event(name="Meetup", on="2026-11-01")])
    data = json.loads(journal.path.read_text())
    next(iter(data["events"].values()))["name"] = "Meet\x1b]0;PWNED\x07up"
    journal.path.write_text(json.dumps(data))
    async with make_app(Journal.open(journal.path, clock=lambda: TODAY), lambda: TODAY).run_test() as pilot:
        await settle(pilot)
        await pilot.press("j", *"Mee")
        await settle(pilot)
        assert pilot.app.screen.query_one("#f-name", Input).value == "Mee"
        shown = rendered(pilot.app)
        assert "Meet\\x1b]0;PWNED" in shown and "\x1b" not in shown  # the rest of the name is offered, as text
