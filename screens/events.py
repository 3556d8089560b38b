"""Events: every event with how many people were met there; rename, merge, forget, and open its people."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from journal import editing
from journal.model import Event, Record
from journal.render import safe
from screens import corrections, tables
from screens.footer import Footer
from screens.forms import Field, _open
from screens.kithapp import kith_app
from screens.text import literal

WIDE = 80  # from this width the events table shows where and the key in columns of their own


class EventsScreen(Screen[None]):
    """Every event, newest first; a typo'd or doubled event is fixed here."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("enter", "open", "People met there"),
        Binding("r", "rename", "Rename"),
        Binding("e", "edit", "Edit"),
        Binding("m", "merge", "Merge into…"),
        Binding("x", "forget", "Forget"),
    ]

    def compose(self) -> ComposeResult:
        """A count and the table."""
        yield Header(icon="")
        yield Static("", id="count")
        yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the events."""
        self.sub_title = "Events"
        self.refresh_events()
        self.query_one("#events", DataTable).focus()

    def on_screen_resume(self) -> None:
        """Back from a form or from an event's people."""
        self.refresh_events()

    def on_resize(self) -> None:
        """Another width: the names wrap to it."""
        if self.query_one("#events", DataTable).row_count:
            self.refresh_events()

    def refresh_events(self) -> None:
        """Fill the table from the journal."""
        journal = kith_app(self).journal
        met: dict[str, int] = {}
        for person in journal.people(archived=True):
            if person.met_event:
                met[person.met_event] = met.get(person.met_event, 0) + 1
        table = self.query_one("#events", DataTable)
        current = self.selected()
        events = journal.events()
        wide = self.size.width >= WIDE  # narrower, the place goes after the name and the key is left out
        labels = ("Date", "Event", "Where", "Met", "Key") if wide else ("Date", "Event", "Met")
        rows = []
        for event in events:
            where = event.place or (f"online ({event.platform})" if event.platform else "")
            count = str(met.get(event.uid, 0))
            if wide:
                rows.append((event.uid, [event.on or "", event.name, where, count, editing.key_of(event)]))
            else:
                rows.append((event.uid, [event.on or "", f"{event.name} · {where}" if where else event.name, count]))
        room = self.size.width - 2  # less the table's scrollbar
        tables.fill(table, rows, labels=labels, wrap=[1, 2] if wide else [1], room=room)
        if current and (row := next((n for n, e in enumerate(events) if e.uid == current.uid), None)) is not None:
            table.move_cursor(row=row)  # stay on the event just changed
        self.query_one("#count", Static).update(
            f"{len(events)} event{'s' if len(events) != 1 else ''} · enter: people met there · r rename · m merge"
        )

    def selected(self) -> Event | None:
        """The event under the cursor."""
        table = self.query_one("#events", DataTable)
        if not table.row_count:
            return None
        uid = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return kith_app(self).journal.event(uid)

    def _changed(self, record: object) -> None:
        if record is not None:
            self.refresh_events()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter opens the event's people."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """The people met at the selected event."""
        if event := self.selected():
            self.app.push_screen(EventPeopleScreen(event.uid))

    def action_edit(self) -> None:
        """Edit the event's name, date and place."""
        if event := self.selected():
            corrections.edit_record(self.app, event, self._changed)

    def action_rename(self) -> None:
        """Give the event a new name."""
        event = self.selected()
        if event is None:
            return
        key = editing.key_of(event)

        def build(kith: Any, values: dict[str, str]) -> Record:
            from dataclasses import replace

            return replace(event, name=values.get("name", "")).validated()

        def save(kith: Any, renamed: Event) -> Event:
            return editing.rename_event(kith.journal, key, renamed.name)

        _open(self.app, f"Rename {event.name}", [Field("name", "New name", value=event.name)], build, save,
              self._changed)  # fmt: skip

    def action_merge(self) -> None:
        """Merge the selected event into another: everyone met here is then met there."""
        event = self.selected()
        if event is None:
            return
        key = editing.key_of(event)

        def build(kith: Any, values: dict[str, str]) -> Record:
            target = editing.find_event(kith.journal, values.get("into", ""))
            if target.uid == event.uid:
                from journal.errors import UserError

                raise UserError("name another event: this is the one being merged")
            return target

        def save(kith: Any, target: Event) -> Event:
            editing.merge_events(kith.journal, key, editing.key_of(target))
            return target

        fields = [Field("into", f"Merge {event.name} into", "the other event's name or event:KEY")]
        _open(self.app, f"Merge {event.name} into another event", fields, build, save, self._changed)

    def action_forget(self) -> None:
        """Forget the event; its people keep their met date and get its place."""
        if event := self.selected():
            corrections.forget_record(self.app, event, self._changed)


class EventPeopleScreen(Screen[None]):
    """The people met at one event; enter opens a card."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("enter", "open", "Open", show=False),
    ]

    def __init__(self, event_uid: str) -> None:
        super().__init__()
        self.event_uid = event_uid

    def compose(self) -> ComposeResult:
        """The event and its people."""
        yield Header(icon="")
        yield Static("", id="count")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """The people, and the cursor on them."""
        self.refresh_people()
        self.query_one("#people", DataTable).focus()

    def on_screen_resume(self) -> None:
        """A card may have changed someone."""
        self.refresh_people()

    def on_resize(self) -> None:
        """Another width: the names wrap to it."""
        if self.query_one("#people", DataTable).row_count:
            self.refresh_people()

    def refresh_people(self) -> None:
        """Fill the table."""
        journal = kith_app(self).journal
        event = journal.event(self.event_uid)
        self.sub_title = safe(event.name) if event else "Event"  # the header is drawn as it is
        met = sorted(
            (p for p in journal.people(archived=True) if p.met_event == self.event_uid), key=lambda p: p.name.casefold()
        )
        table = self.query_one("#people", DataTable)
        rows = [(p.uid, [p.name + (" (archived)" if p.archived else ""), p.company or "", p.met_on or ""]) for p in met]
        labels = ("Name", "Company", "Met on")
        tables.fill(table, rows, labels=labels, wrap=[0, 1], room=self.size.width - 2)  # the table's scrollbar
        title = literal(f"{event.name if event else 'This event'}: {len(met)} met there")
        self.query_one("#count", Static).update(title)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter opens the person."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Push the card of the person under the cursor."""
        from screens.person import PersonScreen

        table = self.query_one("#people", DataTable)
        if table.row_count:
            uid = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            self.app.push_screen(PersonScreen(uid))
