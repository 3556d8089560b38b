"""Today: the reminders of the day, grouped by kind, each done, dropped, snoozed or opened with one key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Self

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from journal import reminders
from journal.errors import KithError, NotFound
from journal.reminders import EFFECTS, HEADINGS, KINDS, SNOOZE_EFFECT, Reminder, effect
from journal.render import clip
from screens.footer import Footer
from screens.kithapp import kith_app
from screens.text import hanging, lines, literal, wrapped

RETRY = 5  # seconds between tries to read a journal that cannot be read
ALL_CLEAR = "All clear for today: nobody is waiting on you."
START = "Your journal is empty. To start:"  # what an empty journal's Today says, then its keys
START_KEYS = [
    ("a", "add a person you met"),
    ("j", "log the people met at an event, one line each"),
    ("ctrl+p", "then Import contacts: a LinkedIn, Google or vCard file"),
]


class ReminderList(OptionList):
    """Today's list. The options past the first screens are made only once the cursor or the view comes within a
    screen of them: at 30k people Today lists three thousand reminders, and making and measuring them took about
    180 ms, with the first screen already drawn and keys waiting."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._later: Callable[[], list[Option]] | None = None

    def later(self, make: Callable[[], list[Option]] | None) -> None:
        """The options that follow those in the list, made by `make` when they are needed (None: there are none)."""
        self._later = make

    def add_later(self) -> None:
        """Add the options kept for later now."""
        if self._later is not None:
            make, self._later = self._later, None
            self.add_options(make())

    def clear_options(self) -> Self:
        """No options, and none for later."""
        self._later = None
        return super().clear_options()

    def watch_highlighted(self, highlighted: int | None) -> None:
        """The cursor came within a screen of the end: the rest first."""
        if self._later is not None and highlighted is not None and highlighted >= self.option_count - self.size.height:
            self.add_later()
        super().watch_highlighted(highlighted)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """The view came within a screen of the end (a wheel, the scroll bar): the rest first."""
        super().watch_scroll_y(old_value, new_value)
        if self._later is not None and new_value >= self.max_scroll_y - self.size.height:
            self.add_later()

    def action_last(self) -> None:
        """`end` goes to the last reminder of all."""
        self.add_later()
        super().action_last()


class TodayScreen(Screen[None]):
    """The daily check-in."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("r", "reply", "Reply"),
        Binding("t", "thank", "Thanked"),
        Binding("d", "done", "Done"),
        Binding("x", "drop", "Drop"),
        Binding("s", "snooze", "Snooze"),
        Binding("i", "introduce", "Introduce"),
        Binding("p", "app.people", "People"),
        Binding("a", "app.add_person", "Add person"),
        Binding("e", "app.new_event", "New event", show=False),
        Binding("j", "app.event_log", "Event log"),
        Binding("I", "app.insights", "Insights", show=False, key_display="shift+i"),
    ]

    class Loaded(Message):
        """The day's reminders were computed."""

        def __init__(self, found: list[Reminder], empty: bool) -> None:
            super().__init__()
            self.found = found
            self.empty = empty  # nobody in the journal yet

    ANSWERS = {"done": "done", "drop": "drop", "reply": "reply", "thank": "thank"}  # action -> reminders.EFFECTS

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Reminder] = []
        self.empty = False
        self.shown_width = 0  # the width the lines were fitted to
        self.resumed = False  # shown before (the first ScreenResume is the first showing)

    ANSWERING = frozenset(("open", "reply", "thank", "done", "drop", "snooze", "introduce"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that answer a reminder are offered only while there is one to answer."""
        return bool(self.found) if action in self.ANSWERING else True

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """For help: what each answering key does to each kind of reminder, in the words of journal/reminders."""
        keys = {b.action: b.key_display or b.key for b in self.BINDINGS if isinstance(b, Binding)}
        sections = []
        for kind in KINDS:
            rows = [(keys[action], effect(kind, answer)) for action, answer in self.ANSWERS.items()]
            rows.append((keys["snooze"], SNOOZE_EFFECT))
            sections.append((HEADINGS[kind], rows))
        return sections

    def compose(self) -> ComposeResult:
        """Header, a one-line summary, the grouped list, the keys."""
        app = kith_app(self)
        try:  # before the footer: it offers the answering keys by them
            self.found = reminders.at_hand(app.journal, app.today()) or []
        except Exception:  # noqa: BLE001 - a bug here is met again, and reported, by the worker (load)
            self.found = []
        yield Header(icon="")
        yield Static("Loading your journal…", id="summary")
        yield ReminderList(id="reminders")
        yield Footer()

    def on_mount(self) -> None:
        """Show the reminders before the first frame when the journal kept them (a few ms: the list, the summary
        and the keys that answer them are drawn once, rightly); else load them in the background, so a big
        journal never freezes the screen."""
        if self.found:  # read in compose; none: whether the journal is empty is asked in the background too
            self.show(self.found)
        else:
            self.load()

    def on_resize(self) -> None:
        """Lines are fitted to the width (drawn again only when it changed: a thousand lines take a while)."""
        if self.found and self.size.width != self.shown_width:
            self.show(self.found)

    def on_screen_resume(self) -> None:
        """Coming back from a person or a form: the journal may have changed (not when first shown: on_mount
        has just read it)."""
        if self.resumed:
            self.reload()
        self.resumed = True

    def reload(self) -> None:
        """The journal changed: compute the reminders again, keeping the cursor."""
        if self.found or self.query_one("#summary", Static).content != "Loading your journal…":
            self.load()

    class Unavailable(Message):
        """The journal could not be read (a sync brought a newer schema, a disk went away)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Compute the reminders off the UI thread."""
        app = kith_app(self)
        try:
            found = reminders.reminders(app.journal, app.today())
            empty = not found and not app.journal.people(archived=True)
        except KithError as exc:
            self.post_message(self.Unavailable(str(exc)))
            return
        except Exception as exc:  # a bug: reported, and the screen keeps what it showed
            app.report_bug(exc, "loading the reminders")
            return
        self.post_message(self.Loaded(found, empty))

    def on_today_screen_unavailable(self, message: Unavailable) -> None:
        """Say why nothing can be shown, and try again in a while."""
        said = f"The journal cannot be read right now; trying again every {RETRY} s.\n{message.reason}"
        self.query_one("#summary", Static).update(literal((said, "$error")))
        self.set_timer(RETRY, self.load)

    def on_today_screen_loaded(self, message: Loaded) -> None:
        """Show what was computed, keeping the cursor where it was."""
        self.empty = message.empty
        self.show(message.found)

    def show(self, found: list[Reminder]) -> None:
        """Fill the list: a heading with a count per kind, then its reminders."""
        self.call_after_refresh(kith_app(self).first_drawn)  # once this is drawn
        listing = self.query_one("#reminders", ReminderList)
        keep = listing.highlighted or 0
        answerable = bool(found) != bool(self.found)
        self.found = found
        if answerable:  # the answering keys come or go (check_action)
            self.refresh_bindings()
        day = kith_app(self).today()
        listing.clear_options()
        summary = self.query_one("#summary", Static)
        width = (self.size.width or 100) - 6  # the list's padding and scrollbar
        if not found:  # the list does not wrap (kith.tcss): each line is fitted here
            summary.update(f"{day:%A %d %B %Y}")
            if self.empty:
                listing.add_option(Option(wrapped(literal(START), width), disabled=True))
                for key, meaning in START_KEYS:
                    line = hanging(literal("  ", (f"{key:<8}", "bold")), literal(meaning), width)
                    listing.add_option(Option(line, disabled=True))
            else:
                listing.add_option(Option(wrapped(literal(ALL_CLEAR), width), disabled=True))
            return
        summary.update(f"{day:%A %d %B %Y} · {len(found)} to do")
        whens = {r.key: r.when(day) for r in found}
        when_width = max(len(w) for w in whens.values())
        room = width - when_width - 4
        stacked = room < 24  # too narrow for text and age on one line: the age goes under the text
        rows: list[Reminder | tuple[str, int]] = []  # a heading (kind, count), then its reminders
        for kind in KINDS:
            group = [r for r in found if r.kind == kind]
            if group:
                rows += [(kind, len(group)), *group]

        def option(row: Reminder | tuple[str, int]) -> Option:
            if isinstance(row, tuple):
                kind, count = row
                return Option(wrapped(literal((HEADINGS[kind], "bold"), f" ({count})"), width), disabled=True)
            if stacked:
                when = hanging(literal("    "), literal((whens[row.key], "dim")), width)
                return Option(lines([literal(f"  {clip(row.text, width - 2)}"), when]), id=row.key)
            return Option(
                literal(f"  {clip(row.text, room)}  ", (f"{whens[row.key]:>{when_width}}", "dim")), id=row.key
            )

        # three screens; the rest are made and measured when the cursor or the view comes within a screen of
        # their end (a thousand more held the first paint), and added at once: one by one, each addition
        # measures the whole list again
        first = max(keep + 1, 3 * (self.size.height or 40))
        listing.add_options([option(row) for row in rows[:first]])
        if len(rows) > first:
            listing.later(lambda: [option(row) for row in rows[first:]])
        self.shown_width = self.size.width
        self._highlight(keep)
        listing.focus()

    def _highlight(self, keep: int) -> None:
        """Put the cursor on the first reminder at or after row `keep` (the last one, if none is)."""
        listing = self.query_one("#reminders", OptionList)
        selectable = [i for i in range(listing.option_count) if not listing.get_option_at_index(i).disabled]
        listing.highlighted = min((i for i in selectable if i >= keep), default=selectable[-1])

    def current(self) -> Reminder | None:
        """The highlighted reminder."""
        listing = self.query_one("#reminders", OptionList)
        option = listing.highlighted_option
        if option is None or option.id is None:
            return None
        return next((r for r in self.found if r.key == option.id), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter opens the person."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted reminder's person."""
        from screens.person import PersonScreen

        if reminder := self.current():
            self.app.push_screen(PersonScreen(reminder.person_uid))

    def action_reply(self) -> None:
        """Log my reply to the highlighted reminder's person."""
        from screens.forms import ReplyDialog

        reminder = self.current()
        if reminder is None:
            return
        if EFFECTS[reminder.kind]["reply"] is None:
            self.notify(f"r {effect(reminder.kind, 'reply')}: d or x answer it", severity="warning")
            return

        def replied(summary: str | None) -> None:
            if summary is not None:
                self._act(
                    lambda day: reminders.done(kith_app(self).journal, reminder.key, day, summary or None),
                    f"Logged your reply to {reminder.person}",
                )

        self.app.push_screen(ReplyDialog(reminder), replied)

    def action_thank(self) -> None:
        """Mark the highlighted favor as thanked."""
        reminder = self.current()
        if reminder is None:
            return
        if EFFECTS[reminder.kind]["thank"] is None:
            self.notify("t marks a favor received as thanked; this row is not a thanks", severity="warning")
            return
        self.action_done()

    def action_done(self) -> None:
        """Do what the highlighted reminder asks."""
        if reminder := self.current():
            self._act(lambda day: reminders.done(kith_app(self).journal, reminder.key, day), f"Done: {reminder.text}")

    def action_introduce(self) -> None:
        """Record the introduction the highlighted Give row suggests."""
        reminder = self.current()
        if reminder is None:
            return
        if reminder.kind != "introduce":
            self.notify("i records an introduction from the Give group; this row is not one", severity="warning")
            return
        self._act(lambda day: reminders.done(kith_app(self).journal, reminder.key, day), f"Introduced: {reminder.text}")

    def action_drop(self) -> None:
        """Let the highlighted reminder go."""
        reminder = self.current()
        if reminder is not None and EFFECTS[reminder.kind]["drop"] is None:
            self.notify(f"x is {effect(reminder.kind, 'drop')}", severity="warning", timeout=8)
            return
        if reminder is not None:
            self._act(
                lambda day: reminders.drop(kith_app(self).journal, reminder.key, day), f"Dropped: {reminder.text}"
            )

    def action_snooze(self) -> None:
        """Keep the highlighted reminder quiet until a day."""
        from screens.forms import SnoozeDialog

        reminder = self.current()
        if reminder is None:
            return

        def chosen(until: date | None) -> None:
            if until is not None:
                self._act(
                    lambda day: reminders.snooze(kith_app(self).journal, reminder.key, until, day),
                    f"Snoozed until {until:%a %d %b}: {reminder.person}",
                )

        self.app.push_screen(SnoozeDialog(reminder), chosen)

    def _act(self, change: object, said: str) -> None:
        """Apply a change to the journal, then redraw at once; an error is shown, never raised."""
        app = kith_app(self)
        try:
            with app.journal.writing(f"TUI: {said}"):
                change(app.today())  # type: ignore[operator]
        except NotFound:  # done, dropped or changed elsewhere since the list was drawn
            app.notify(
                "That reminder is no longer open (it changed elsewhere); the list now shows the journal as it is"
            )
            self.load()
            return
        except KithError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        except Exception as exc:  # a bug must not close the check-in; the journal write was all or nothing
            app.report_bug(exc, "changing the journal; nothing was changed")
            return
        app.said_and_undoable(said)
        self.show(reminders.reminders(app.journal, app.today()))
