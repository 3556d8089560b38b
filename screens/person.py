"""The person card: how you met, handles, promises both ways, the favor ledger, and the timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from journal import render
from journal.dates import format_relative
from journal.errors import KithError
from journal.ledger import ledger
from journal.model import Person
from screens import forms
from screens.kithapp import kith_app
from screens.text import cell, lines, literal
from screens.today import RETRY


class PersonScreen(Screen[None]):
    """Everything Kith knows about one person, and the keys to add to it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("l", "log", "Log"),
        Binding("p", "promise", "Promise"),
        Binding("f", "favor", "Favor"),
        Binding("e", "edit", "Edit"),
        Binding("a", "archive", "Archive"),
    ]

    def __init__(self, person_uid: str) -> None:
        super().__init__()
        self.person_uid = person_uid

    def compose(self) -> ComposeResult:
        """The card's sections and the timeline."""
        yield Header(icon="")
        with VerticalScroll(id="card"):
            yield Static(id="who")
            yield Static(id="facts")
            yield Static(id="promises", classes="section")
            yield Static(id="ledger", classes="section")
            yield Static("Timeline", classes="section-title")
            yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the person."""
        self.query_one("#timeline", DataTable).add_columns("Date", "", "Kind", "Summary")
        self.refresh_card()

    def on_screen_resume(self) -> None:
        """A form may have changed the person."""
        self.refresh_card()

    def person(self) -> Person | None:
        """The person as the journal holds them now."""
        return kith_app(self).journal.person(self.person_uid)

    def refresh_card(self) -> None:
        """Fill every section from the journal; if it cannot be read now, say so and try again later."""
        try:
            self.fill()
        except KithError as exc:
            said = f"The journal cannot be read right now; trying again every {RETRY} s.\n{exc}"
            self.query_one("#who", Static).update(literal((said, "$error")))
            self.set_timer(RETRY, self.refresh_card)

    def fill(self) -> None:
        """Fill every section from the journal."""
        app = kith_app(self)
        journal, day = app.journal, app.today()
        person = self.person()
        if person is None:
            self.query_one("#who", Static).update("This person is no longer in the journal.")
            return
        self.sub_title = person.name
        title = [literal(person.name)]
        if person.role or person.company:
            title.append(literal("  ", (" at ".join(x for x in (person.role, person.company) if x), "dim")))
        if person.archived:
            title.append(literal("  ", (" archived ", "reverse")))
        self.query_one("#who", Static).update(Content("").join(title))
        self.query_one("#facts", Static).update(_facts(app.journal, person, day))

        rows = [literal(("Open promises", "bold"))]
        for promise in journal.promises(person.uid):
            who = "you owe" if promise.mine else "they owe"
            due = literal("  ", ("due " + promise.due, "dim")) if promise.due else ""
            rows.append(literal(f"  {who:<9}", promise.what, due))
        if len(rows) == 1:
            rows.append(literal("  ", ("none", "dim")))
        self.query_one("#promises", Static).update(lines(rows))

        book = ledger(journal, person, day)
        rows = [literal(("Favors", "bold"), f"  given {book.given} · received {book.received}")]
        for favor in journal.favors(person.uid):
            way = "given" if favor.given else "received"
            state = "" if favor.given else (("  thanked " + favor.thanked, "dim") if favor.thanked else "  not thanked")
            rows.append(literal(f"  {favor.on}  {way:<9}", favor.what, state))
        if book.warning:
            rows.append(literal("  ", ("! " + book.warning, "$warning")))
        self.query_one("#ledger", Static).update(lines(rows))

        table = self.query_one("#timeline", DataTable)
        table.clear()
        arrows = {"in": "←", "out": "→", "both": "↔"}
        for i in journal.interactions_of(person.uid)[:500]:
            kind = i.kind + (f" on {i.platform}" if i.platform and i.platform != i.kind else "")
            summary = (i.summary or "").split("\n")[0] + ("  (awaits reply)" if i.reply_needed else "")
            table.add_row(cell(i.on), cell(arrows[i.direction]), cell(kind), cell(summary), key=i.uid)

    def _changed(self, record: object) -> None:
        if record is not None:
            self.notify("Saved", timeout=2)
            self.refresh_card()

    def action_log(self) -> None:
        """Log an interaction with this person."""
        if person := self.person():
            forms.log_interaction(self.app, person, self._changed)

    def action_promise(self) -> None:
        """Add a promise, mine or theirs."""
        if person := self.person():
            forms.add_promise(self.app, person, self._changed)

    def action_favor(self) -> None:
        """Add a favor, given or received."""
        if person := self.person():
            forms.add_favor(self.app, person, self._changed)

    def action_edit(self) -> None:
        """Edit the person."""
        if person := self.person():
            forms.edit_person(self.app, person, self._changed)

    def action_archive(self) -> None:
        """Archive the person, or bring them back."""
        person = self.person()
        if person is None:
            return
        try:
            kith_app(self).journal.save_person(replace(person, archived=not person.archived))
        except KithError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"{'Restored' if person.archived else 'Archived'} {person.name}")
        self.refresh_card()


def _facts(journal: object, person: Person, day: date) -> Content:
    from journal.journal import Journal

    assert isinstance(journal, Journal)
    contact = journal.contact(person.uid)
    rows = [("Met", render.how_met(journal, person) or "—")]
    if person.aliases:
        rows.append(("Also", ", ".join(person.aliases)))
    if person.handles:
        rows.append(("Handles", "  ".join(f"{k} {v}" for k, v in person.handles.items())))
    if person.tags:
        rows.append(("Tags", ", ".join(person.tags)))
    last = f"{contact.last} ({format_relative(date.fromisoformat(contact.last), day)})" if contact.last else "never"
    rows.append(("Last contact", last + (f" · keep in touch every {person.every} days" if person.every else "")))
    text = lines([literal((f"{label:<13}", "dim"), value) for label, value in rows])
    return lines([text, literal(""), literal(person.notes)]) if person.notes else text
