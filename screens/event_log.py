"""The event log: pick the event, then one line per person, previewed live, recorded on enter."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from journal import capture, forms
from journal.errors import KithError
from journal.model import Event, Person
from screens.forms import Field, _open
from screens.kithapp import kith_app
from screens.text import literal


def open_event_log(app: App[Any]) -> None:
    """Ask which event (an existing name is reused), then open its log."""
    fields = [
        Field("name", "Event", "PyData Berlin (an existing name is reused)"),
        Field("on", "When", "today", date_ahead=False),
        Field("place", "Where", "Kulturbrauerei, Berlin"),
        Field("online", "Online platform", "zoom, discord (empty: in person)"),
    ]

    def build(kith: Any, values: dict[str, str]) -> Event:
        return kith.journal.find_event(values["name"]) or forms.event(kith.journal, values, kith.today())

    def opened(event: object) -> None:
        if isinstance(event, Event):
            app.push_screen(EventLogScreen(event))

    _open(app, "Log people met at an event", fields, build, lambda kith, event: None, opened)


class EventLogScreen(Screen[None]):
    """Type one line per person met at an event; see what each will record before enter."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "same", "Same person"),
        Binding("ctrl+n", "new", "New person"),
    ]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        self.logged: list[str] = []
        self.choice: Person | None = None
        self.force_new = False
        self.candidates: list[Person] = []

    def compose(self) -> ComposeResult:
        """The event, who was logged, the line, and its preview."""
        yield Header(icon="")
        where = self.event.place or (f"online ({self.event.platform})" if self.event.platform else "")
        yield Static(literal((self.event.name, "bold"), f"  {self.event.on or ''}  ", where), id="event-title")
        yield Static("Nobody logged yet: type a line below.", id="logged")
        yield Input(placeholder="Ana Lopez (Zalando, CTO) #ml: talked pricing; I owe: slides by fri", id="line")
        yield Static("", id="preview")
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
        """Ready to type."""
        self.query_one("#line", Input).focus()

    def day(self) -> date:
        """The day lines count from: the event's."""
        return date.fromisoformat(self.event.on) if self.event.on else kith_app(self).today()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Preview what the line would record."""
        self.choice, self.force_new, self.candidates = None, False, []
        self.preview(event.value)

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
            box.update(literal((f"May be {names}: ctrl+s same person · ctrl+n new person", "$warning")))
            return
        except KithError as exc:
            box.update(literal((str(exc), "$error")))
            return
        box.update(literal((planned.describe(), "$success")))

    def record(self, text: str, *, dry_run: bool) -> list[capture.Planned]:
        """Jot one line at this event, honouring a same/new choice."""
        app = kith_app(self)
        same = [self.choice.uid] if self.choice else []
        return capture.jot(
            app.journal, [text], self.day(), event=self.event, same=same, new=self.force_new, dry_run=dry_run
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Record the line and clear the input for the next one."""
        if not event.value.strip():
            return
        journal = kith_app(self).journal
        try:
            with journal.writing(f"TUI: Event log at {self.event.name}: {event.value}"):
                [planned] = self.record(event.value, dry_run=False)
        except KithError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        kith_app(self).said_and_undoable(f"Recorded {planned.describe()}", key="ctrl+z")
        self.logged.append(planned.describe())
        self.query_one("#logged", Static).update(literal("\n".join(self.logged)))
        event.input.value = ""

    def action_same(self) -> None:
        """The near name is the known person."""
        if self.candidates:
            self.choice = self.candidates[0]
            self.preview(self.query_one("#line", Input).value)

    def action_new(self) -> None:
        """The near name is someone new."""
        if self.candidates:
            self.force_new = True
            self.preview(self.query_one("#line", Input).value)
