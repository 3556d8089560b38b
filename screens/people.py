"""People: filter as you type over everything known about everyone; the work happens off the UI thread."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from journal.contact import last_contact
from journal.errors import KithError
from journal.model import Person
from screens.kithapp import kith_app
from screens.text import cell, literal
from screens.today import RETRY

SHOWN = 100
COLUMNS = [("Name", 26), ("Company", 20), ("How met", 40), ("Last contact", 12), ("Promises", 8)]


class PeopleScreen(Screen[None]):
    """Everyone, most recently contacted first, narrowed by what you type."""

    AUTO_FOCUS = "#filter"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("enter", "open", "Open", show=False),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("a", "app.add_person", "Add person"),
        Binding("down", "focus_table", "List", show=False),
        Binding("ctrl+t", "toggle_archived", "Archived"),
    ]

    show_archived = False

    class Filtered(Message):
        """The people matching a query were found."""

        def __init__(self, query: str, found: list[Person], rows: list[tuple[str, ...]]) -> None:
            super().__init__()
            self.query = query
            self.found = found
            self.rows = rows

    def compose(self) -> ComposeResult:
        """A filter line, a count, the table."""
        yield Header(icon="")
        yield Input(placeholder="filter: name, company, tag, handle, notes…", id="filter")
        yield Static("", id="count")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Columns, and everyone to start with."""
        table = self.query_one("#people", DataTable)
        for label, width in COLUMNS:  # fixed widths: measuring hundreds of cells per keystroke is too slow
            table.add_column(label, width=width)
        self.query_one("#filter", Input).focus()
        self.search("")

    def on_screen_resume(self) -> None:
        """Back from a person or a form: show changes."""
        self.reload()

    def reload(self) -> None:
        """The journal changed: search again with what is typed in the filter."""
        self.search(self.query_one("#filter", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Each keystroke starts a search that replaces the one before."""
        self.search(event.value)

    def on_input_submitted(self) -> None:
        """Enter in the filter opens the first match."""
        self.action_open()

    @work(thread=True, exclusive=True)
    def search(self, query: str) -> None:
        """Find matches in the journal, off the UI thread, and prepare the first rows."""
        from journal import render

        app = kith_app(self)
        journal = app.journal
        try:
            found = journal.search_people(query, archived=self.show_archived)
            contacts, promises = journal.contacts(), journal.promises()
        except KithError as exc:  # the journal became unreadable: say so, keep the filter, try again
            app.call_from_thread(self.unavailable, query, str(exc))
            return
        open_count: dict[str, int] = {}
        for promise in promises:
            open_count[promise.person] = open_count.get(promise.person, 0) + 1
        rows: list[tuple[str, ...]] = [
            (
                p.name + (" (archived)" if p.archived else ""),
                p.company or "",
                render.clip(render.how_met(journal, p), 40).rstrip(),
                last_contact(p, contacts.get(p.uid)) or "",
                str(open_count.get(p.uid, "")),
            )
            for p in found[:SHOWN]
        ]
        if not get_current_worker().is_cancelled:
            self.post_message(self.Filtered(query, found, rows))

    def unavailable(self, query: str, reason: str) -> None:
        """Say why nobody can be listed, and search again in a while."""
        said = f"The journal cannot be read right now; trying again every {RETRY} s.\n{reason}"
        self.query_one("#count", Static).update(literal((said, "$error")))
        self.set_timer(RETRY, lambda: self.search(self.query_one("#filter", Input).value))

    def on_people_screen_filtered(self, message: Filtered) -> None:
        """Show the first matches."""
        if message.query != self.query_one("#filter", Input).value:
            return  # typing has moved on
        table = self.query_one("#people", DataTable)
        table.clear()
        for person, row in zip(message.found, message.rows, strict=False):
            table.add_row(*map(cell, row), key=person.uid)
        total = len(message.found)
        more = f" · showing the first {SHOWN}" if total > SHOWN else ""
        archived = " · archived included (ctrl+t hides them)" if self.show_archived else ""
        self.query_one("#count", Static).update(f"{total} {'person' if total == 1 else 'people'}{more}{archived}")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens the person."""
        self.open(str(event.row_key.value))

    def action_open(self) -> None:
        """Open the person under the cursor."""
        table = self.query_one("#people", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.open(str(key.value))

    def open(self, uid: str) -> None:
        """Push the person's card."""
        from screens.person import PersonScreen

        self.app.push_screen(PersonScreen(uid))

    def action_toggle_archived(self) -> None:
        """Show archived people too (marked), or hide them again."""
        self.show_archived = not self.show_archived
        self.search(self.query_one("#filter", Input).value)

    def action_focus_filter(self) -> None:
        """Back to typing."""
        self.query_one("#filter", Input).focus()

    def action_focus_table(self) -> None:
        """Into the list."""
        self.query_one("#people", DataTable).focus()
