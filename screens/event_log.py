"""The event log: pick the event (the existing ones are offered as you type), then one line per person,
previewed live, recorded on enter (or ctrl+s, as in every form)."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from journal import capture, forms, matching
from journal.errors import KithError
from journal.model import Event, Person
from screens.footer import Footer
from screens.forms import Field, FormScreen, _open
from screens.kithapp import kith_app
from screens.text import lines, literal

ROOMY = 20  # rows from which the grammar reminder is shown under the line


def open_event_log(app: App[Any]) -> None:
    """Ask which event (an existing name is reused, and offered as you type), then open its log."""
    names = tuple(dict.fromkeys(event.name for event in kith_app(app.screen).journal.events()))
    fields = [
        Field("name", "Event", "PyData Berlin", suggestions=names),  # the hint under it says what a name does
        Field("on", "When", "today", date_ahead=False),
        Field("place", "Where", "Kulturbrauerei, Berlin"),
        Field("online", "Online platform", "zoom, discord (empty: in person)"),
    ]

    def build(kith: Any, values: dict[str, str]) -> Event:
        return kith.journal.find_event(values["name"]) or forms.event(kith.journal, values, kith.today())

    def opened(event: object) -> None:
        if isinstance(event, Event):
            app.push_screen(EventLogScreen(event))

    _open(app, "Log people met at an event", fields, build, lambda kith, event: None, opened, form=EventPickForm)


class EventPickForm(FormScreen):
    """The event log's first question: which event; the events a typed name may mean are listed under it."""

    def below(self, field: Field) -> ComposeResult:
        """The line that lists the existing events the name may mean."""
        if field.name == "name":
            yield Static("", id="hint-name", classes="hint")

    def check(self) -> bool:
        """Validate, and say which existing events the typed name may mean."""
        valid = super().check()
        journal = kith_app(self).journal
        typed = self.values()["name"]
        found = matching.events_matching(journal.events(), typed)
        hint = self.query_one("#hint-name", Static)
        exact = journal.find_event(typed) if typed.strip() else None
        if exact is not None:
            where = " · ".join(x for x in (exact.on, exact.place or exact.platform) if x)
            said = literal((f"Reopens {exact.name}", "bold"), f" ({where}); the fields below are not used" if where
                           else "; the fields below are not used")  # fmt: skip
        elif found:
            names = " · ".join(f"{e.name} ({e.on})" if e.on else e.name for e in found)
            said = literal(f"Existing: {names}", ("  → completes; or a new event", "dim"))
        elif typed.strip():
            said = literal("A new event")
        else:
            count = len(journal.events())
            said = literal(f"A new name, or one of {count} events to reopen it (→ completes)" if count else "")
        hint.update(said)
        hint.display = bool(str(said))
        row = self.query_one("#f-name").parent
        if row is not None:  # the gap under the row goes under the hint when one is shown
            row.set_class(hint.display, "with-below")
        return valid


class LineInput(Input):
    """The event log's line: a paste of several lines keeps them all, to be recorded one at a time."""

    class Pasted(Message):
        """Lines pasted after the first, which went into the input."""

        def __init__(self, rows: list[str]) -> None:
            super().__init__()
            self.rows = rows

    def _on_paste(self, event: events.Paste) -> None:
        rows = [row.strip() for row in event.text.splitlines() if row.strip()]
        if len(rows) > 1:
            event.prevent_default()
            event.stop()
            self.insert_text_at_cursor(rows[0])
            self.post_message(self.Pasted(rows[1:]))


class EventLogScreen(Screen[None]):
    """Type one line per person met at an event; see what each will record before enter."""

    AUTO_FOCUS = "#line"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "record", "Record"),
        # priority: the line's input would otherwise type the s or n of alt+s / alt+n
        Binding("alt+s", "same", "Same person (a near name; again: the next one)", show=False, priority=True),
        Binding("alt+n", "new", "New person (a near name)", show=False, priority=True),
    ]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        self.logged: list[str] = []
        self.choice: Person | None = None
        self.force_new = False
        self.candidates: list[Person] = []
        self.waiting: list[str] = []  # pasted lines not yet in the input

    def compose(self) -> ComposeResult:
        """The event, who is logged there, the line, and its preview."""
        yield Header(icon="")
        where = self.event.place or (f"online ({self.event.platform})" if self.event.platform else "")
        yield Static(literal((self.event.name, "bold"), f"  {self.event.on or ''}  ", where), id="event-title")
        with VerticalScroll(id="logged"):
            yield Static("", id="logged-text")
        yield LineInput(placeholder="Ana Lopez (Zalando, CTO) #ml: talked pricing; I owe: slides by fri", id="line")
        yield Static("", id="preview")
        yield Static("", id="waiting")
        yield Static(
            literal(
                (
                    "NAME (Company, Role) #tag <email> via PERSON: summary; I owe: … by DATE; owes me: …; "
                    "gave: …; got: …; every 2 months; reply",
                    "dim",
                )
            ),
            id="grammar",
        )
        yield Footer()

    def on_mount(self) -> None:
        """Who is already logged at the event; ready to type."""
        self.show_logged()
        self.show_waiting()
        self.query_one("#line", Input).focus()
        self.on_resize()

    def on_resize(self) -> None:
        """The grammar reminder only where there is room for it and the people logged."""
        self.query_one("#grammar", Static).display = self.size.height >= ROOMY

    def show_logged(self) -> None:
        """The people met at the event before, then the lines recorded now."""
        met = [p.name for p in kith_app(self).journal.people_met_at(self.event.uid)]
        rows = []
        if met:
            rows.append(literal((f"Met here ({len(met)}): ", "bold"), ", ".join(met)))
        rows += [literal("✓ ", line) for line in self.logged]
        text = self.query_one("#logged-text", Static)
        if rows:
            text.update(lines(rows))
        else:
            text.update("Nobody logged here yet: type a line below.")
        self.query_one("#logged", VerticalScroll).scroll_end(animate=False)

    def day(self) -> date:
        """The day lines count from: the event's."""
        return date.fromisoformat(self.event.on) if self.event.on else kith_app(self).today()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Preview what the line would record."""
        self.choice, self.force_new, self.candidates = None, False, []
        self.preview(event.value)

    def on_line_input_pasted(self, message: LineInput.Pasted) -> None:
        """Several lines were pasted: the first is in the input, the others wait their turn."""
        self.waiting += message.rows
        self.show_waiting()

    def show_waiting(self) -> None:
        """How many pasted lines come after this one."""
        count = len(self.waiting)
        said = f"{count} more pasted line{'s' if count != 1 else ''}: enter records this one and brings the next"
        box = self.query_one("#waiting", Static)
        box.update(literal((said, "dim")) if count else "")
        box.display = bool(count)

    def preview(self, text: str) -> None:
        """Show the dry-run of the line, or what is wrong with it."""
        box = self.query_one("#preview", Static)
        if not text.strip():
            box.update("")
            return
        try:
            [planned] = self.record(text, dry_run=True)
        except capture.ProbableDuplicate as exc:
            self.candidates = exc.candidates
            names = ", ".join(p.name for p in exc.candidates)
            box.update(literal((f"May be {names}: alt+s same person · alt+n new person", "$warning")))
            return
        except KithError as exc:
            box.update(literal((str(exc), "$error")))
            return
        chosen = self.chosen()
        if chosen is None or len(self.candidates) < 2:
            box.update(literal((planned.describe(), "$success")))
        else:
            more = f" · near name {chosen + 1} of {len(self.candidates)}: alt+s for the next"
            box.update(literal((planned.describe(), "$success"), (more, "dim")))

    def record(self, text: str, *, dry_run: bool) -> list[capture.Planned]:
        """Jot one line at this event, honouring a same/new choice."""
        app = kith_app(self)
        same = [self.choice.uid] if self.choice else []
        return capture.jot(
            app.journal, [text], self.day(), event=self.event, same=same, new=self.force_new, dry_run=dry_run
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter records the line."""
        event.stop()
        self.action_record()

    def action_record(self) -> None:
        """Record the line and clear the input for the next one (the next pasted line, if any)."""
        line = self.query_one("#line", Input)
        text = line.value
        if not text.strip():
            return
        journal = kith_app(self).journal
        try:
            with journal.writing(f"TUI: Event log at {self.event.name}: {text}"):
                [planned] = self.record(text, dry_run=False)
        except capture.ProbableDuplicate:  # said where the line's preview is: a toast would cover the log
            self.preview(text)  # with the keys that choose
            self.app.bell()
            return
        except KithError as exc:
            self.query_one("#preview", Static).update(literal((str(exc), "$error")))
            self.app.bell()
            return
        kith_app(self).said_and_undoable(f"Recorded {planned.describe()}", key="ctrl+z")
        self.logged.append(planned.describe())
        self.show_logged()
        line.value = self.waiting.pop(0) if self.waiting else ""
        self.show_waiting()

    def chosen(self) -> int | None:
        """Which of the near names alt+s picked, if any."""
        uids = [p.uid for p in self.candidates]
        return uids.index(self.choice.uid) if self.choice is not None and self.choice.uid in uids else None

    def action_same(self) -> None:
        """The near name is a known person: the first of them, then (pressed again) the next."""
        if self.candidates:
            chosen = self.chosen()
            self.choice = self.candidates[0 if chosen is None else (chosen + 1) % len(self.candidates)]
            self.force_new = False
            self.preview(self.query_one("#line", Input).value)

    def action_new(self) -> None:
        """The near name is someone new."""
        if self.candidates:
            self.choice, self.force_new = None, True
            self.preview(self.query_one("#line", Input).value)
