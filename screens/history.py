"""History: every change to the journal, newest first; undo the newest or the one highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from journal.errors import KithError
from screens import tables
from screens.footer import Footer
from screens.kithapp import kith_app
from screens.text import literal

LIMIT = 200
WIDE = 80  # from this width the id and the command have columns of their own


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
        self.sub_title = "History"
        self.drawn_width = 0
        self.reload()
        self.query_one("#history", DataTable).focus()

    def on_resize(self) -> None:
        """What changed and by which command get the room the terminal has."""
        if getattr(self, "drawn_width", 0) and self.drawn_width != self.size.width:
            self.reload()

    def reload(self) -> None:
        """Show the change log as it is now, keeping the cursor's row; what changed (and, when there is room,
        the id and the command) wrap in the width the terminal has, never scrolling sideways."""
        if not hasattr(self, "drawn_width"):  # not mounted yet: on_mount fills it
            return
        table = self.query_one("#history", DataTable)
        keep = table.cursor_row
        self.drawn_width = self.size.width
        wide = self.drawn_width >= WIDE
        labels = ("id", "when", "what", "command") if wide else ("when", "what")
        changes = kith_app(self).journal.history(limit=LIMIT)
        rows = []
        for change in changes:
            when = change.at[:16].replace("T", " ")
            texts = [change.id[:8], when, change.summary, change.command] if wide else [when, change.summary]
            rows.append((change.id, texts))
        room = self.drawn_width - 2  # less the table's scrollbar
        tables.fill(table, rows, labels=labels, wrap=[2, 3] if wide else [1], room=room)
        shown = f"the last {LIMIT}" if len(changes) == LIMIT else str(len(changes))
        noun = "change" if len(changes) == 1 else "changes"
        self.query_one("#count", Static).update(literal(f"{shown} {noun}, newest first; u undoes the one highlighted"))
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
