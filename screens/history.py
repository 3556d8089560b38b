"""History: every change to the journal, newest first; undo the newest or the one highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from journal.errors import KithError
from screens.kithapp import kith_app
from screens.text import cell, literal

LIMIT = 200


class HistoryScreen(Screen[None]):
    """The change log as a table: when, what, which command."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("u", "undo_selected", "Undo this change"),
        Binding("ctrl+y", "app.redo", "Redo"),
    ]

    def compose(self) -> ComposeResult:
        """A line about what is shown, then the table."""
        yield Header(icon="")
        yield Static("", id="count")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """The changes, in columns that fit the width."""
        self.widths: tuple[int, ...] = ()
        self.reload()
        self.query_one("#history", DataTable).focus()

    def on_resize(self) -> None:
        """What changed and by which command get the room the terminal has."""
        if getattr(self, "widths", ()) and self.widths != self.fitted():
            self.reload()

    def fitted(self) -> tuple[int, ...]:
        """id and when at their width; what and command share the rest, two to one."""
        spare = max(30, self.size.width - 8 - 16 - 4 * 2 - 2)
        return 8, 16, spare * 2 // 3, spare - spare * 2 // 3

    def reload(self) -> None:
        """Show the change log as it is now, keeping the cursor's row."""
        if not hasattr(self, "widths"):  # not mounted yet: on_mount fills it
            return
        table = self.query_one("#history", DataTable)
        keep = table.cursor_row
        if self.widths != self.fitted():
            self.widths = self.fitted()
            table.clear(columns=True)
            for label, width in zip(("id", "when", "what", "command"), self.widths, strict=True):
                table.add_column(label, width=width)
        table.clear()
        changes = kith_app(self).journal.history(limit=LIMIT)
        for change in changes:
            cells = (change.id[:8], change.at[:16].replace("T", " "), change.summary, change.command)
            table.add_row(*map(cell, cells), key=change.id)
        shown = f"the last {LIMIT}" if len(changes) == LIMIT else str(len(changes))
        self.query_one("#count", Static).update(literal(f"{shown} changes, newest first; u undoes the one highlighted"))
        if changes:
            table.move_cursor(row=min(keep, len(changes) - 1))

    def action_undo_selected(self) -> None:
        """Undo the highlighted change (refused, with the reason, when a later change touched its records)."""
        table = self.query_one("#history", DataTable)
        if not table.row_count:
            return
        change_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        app = kith_app(self)
        try:
            undone = app.journal.undo(change_id, label=f"TUI: undo {change_id[:8]} in History")
        except KithError as exc:
            app.notify(str(exc), severity="error", timeout=8)
            return
        app.notify(f"Undid {undone.id[:8]}: {undone.summary}")
        self.reload()
