"""The person card: how you met, handles, promises both ways, the favor ledger, and the timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from journal import render
from journal.contact import last_contact, replies, reply_note
from journal.dates import format_relative
from journal.errors import KithError
from journal.ledger import ledger
from journal.model import Person, Record
from screens import corrections, forms, tables
from screens.footer import Footer
from screens.kithapp import kith_app
from screens.text import hanging, lines, literal
from screens.today import RETRY

WIDE = 64  # narrower, a table's short columns (due, way, kind) go into its text, which then has room to wrap


class PersonScreen(Screen[None]):
    """Everything Kith knows about one person, and the keys to add to it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("l", "log", "Log"),
        Binding("p", "promise", "Promise"),
        Binding("f", "favor", "Favor"),
        Binding("e", "edit", "Edit"),
        Binding("a", "archive", "Archive"),
        Binding("enter", "edit_entry", "Edit entry", show=False),
        Binding("x", "forget_entry", "Forget entry"),
        Binding("m", "merge", "Merge with…"),
        Binding("ctrl+d", "forget_person", "Forget"),
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
            yield DataTable(id="promise-list", cursor_type="row", classes="entries")
            yield Static(id="giving", classes="section")
            yield Static(id="ledger", classes="section")
            yield DataTable(id="favor-list", cursor_type="row", classes="entries")
            yield Static("Timeline", classes="section-title")
            yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """The person."""
        self.filled_width = 0
        self.refresh_card()

    def on_resize(self) -> None:
        """Another width: the texts of the tables wrap to it."""
        if self.filled_width and self.size.width != self.filled_width:
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
        self.sub_title = render.safe(person.name)  # the header is drawn as it is: no escape may reach it
        title = [literal(person.name)]
        if person.role or person.company:
            title.append(literal("  ", (" at ".join(x for x in (person.role, person.company) if x), "dim")))
        if person.archived:
            title.append(literal("  ", (" archived ", "reverse")))
        self.query_one("#who", Static).update(Content("").join(title))
        room = self.size.width - 6  # the card's padding and scrollbar
        self.query_one("#facts", Static).update(_facts(app.journal, person, day, room))

        open_promises = journal.promises(person.uid)
        self.query_one("#promises", Static).update(
            lines([literal(("Open promises", "bold"))] + ([] if open_promises else [literal("  ", ("none", "dim"))]))
        )
        wide = self.size.width >= WIDE
        promise_table = self.query_one("#promise-list", DataTable)
        owed = []
        for p in open_promises:
            who = "you owe" if p.mine else "they owe"
            owed.append(
                (p.uid, [who, p.what, p.due or ""] if wide else [who, p.what + (f" · due {p.due}" if p.due else "")])
            )
        self._fill(promise_table, owed, labels=("Who", "What", "Due") if wide else ("Who", "What"), indent=2)
        promise_table.display = bool(open_promises)

        giving_rows = _giving(journal, person)
        self.query_one("#giving", Static).update(lines(giving_rows))
        self.query_one("#giving", Static).display = bool(giving_rows)

        book = ledger(journal, person, day)
        rows = [
            literal(
                ("Favors", "bold"), f"  given {book.given} · received {book.received}{render.referral_counts(book)}"
            )
        ]
        rows += [
            hanging(literal("  ", ("! ", "$warning")), literal((reason, "$warning")), room) for reason in book.reasons
        ]
        self.query_one("#ledger", Static).update(lines(rows))
        favors = journal.favors(person.uid)
        favor_table = self.query_one("#favor-list", DataTable)
        done = []
        for favor in favors:
            way = "given" if favor.given else "received"
            state = "" if favor.given else (f"thanked {favor.thanked}" if favor.thanked else "not thanked")
            what = ("referral: " if favor.referral else "") + favor.what
            if wide:
                done.append((favor.uid, [favor.on, way, what, state]))
            else:
                done.append((favor.uid, [favor.on, f"{way}: {what}" + (f" · {state}" if state else "")]))
        self._fill(favor_table, done, labels=("Date", "Way", "What", "") if wide else ("Date", "What"), indent=2)
        favor_table.display = bool(favors)

        arrows = {"in": "←", "out": "→", "both": "↔"}
        timeline = journal.interactions_of(person.uid)
        replied = replies(journal, timeline)
        met = []
        for i in timeline[:500]:
            kind = i.kind + (f" on {i.platform}" if i.platform and i.platform != i.kind else "")
            note = reply_note(replied, i)
            summary = (i.summary or "").split("\n")[0] + (f"  ({note})" if note else "")
            if wide:
                met.append((i.uid, [i.on, arrows[i.direction], kind, summary]))
            else:
                met.append((i.uid, [i.on, f"{arrows[i.direction]} {kind}" + (f": {summary}" if summary else "")]))
        labels = ("Date", "", "Kind", "Summary") if wide else ("Date", "Summary")
        self._fill(self.query_one("#timeline", DataTable), met, labels=labels, indent=0)
        self.filled_width = self.size.width

    def _fill(
        self, table: DataTable[Text], rows: list[tuple[str, list[str]]], *, labels: tuple[str, ...], indent: int
    ) -> None:
        """Put rows in one of the card's tables, its column of free text (what, summary) wrapping in the room left."""
        wide = labels.index("What") if "What" in labels else labels.index("Summary")
        tables.fill(table, rows, labels=labels, wrap=[wide], room=self.size.width - indent - 8)  # padding, scrollbars

    def reload(self) -> None:
        """The journal changed: draw the card again (or say the person is gone)."""
        if self.person() is None:
            self.notify("This person is no longer in the journal (changed elsewhere)")
            self.app.pop_screen()
            return
        self.refresh_card()

    def _changed(self, record: object) -> None:
        if record is not None:
            kith_app(self).said_and_undoable("Saved")
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

    def selected_entry(self) -> Record | None:
        """The timeline entry, promise or favor under the cursor of the focused list."""
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or not table.row_count:
            return None
        uid = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        journal = kith_app(self).journal
        if table.id == "promise-list":
            return journal.promise(uid)
        if table.id == "favor-list":
            return journal.favor(uid)
        return next((i for i in journal.interactions_of(self.person_uid) if i.uid == uid), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an entry edits it."""
        event.stop()
        self.action_edit_entry()

    def action_edit_entry(self) -> None:
        """Edit the selected timeline entry, promise or favor."""
        if record := self.selected_entry():
            corrections.edit_record(self.app, record, self._changed)
        else:
            self.notify("Pick a timeline entry, promise or favor first (tab moves between lists)")

    def action_forget_entry(self) -> None:
        """Forget the selected timeline entry, promise or favor, after asking."""
        if record := self.selected_entry():
            corrections.forget_record(self.app, record, self._changed)
        else:
            self.notify("Pick a timeline entry, promise or favor first (tab moves between lists)")

    def action_merge(self) -> None:
        """Merge another record of this person into this one."""
        if person := self.person():
            corrections.merge_with(self.app, person, self._changed)

    def action_forget_person(self) -> None:
        """Forget this person with everything only theirs, after asking."""
        if person := self.person():
            corrections.forget_person(self.app, person, self.app.pop_screen)

    def action_archive(self) -> None:
        """Archive the person, or bring them back."""
        person = self.person()
        if person is None:
            return
        try:
            journal = kith_app(self).journal
            with journal.writing(f"TUI: {'restore' if person.archived else 'archive'} {person.name}"):
                journal.save_person(replace(person, archived=not person.archived))
        except KithError as exc:
            self.notify(str(exc), severity="error")
            return
        kith_app(self).said_and_undoable(f"{'Restored' if person.archived else 'Archived'} {person.name}")
        self.refresh_card()


def _facts(journal: object, person: Person, day: date, width: int) -> Content:
    from journal.journal import Journal

    assert isinstance(journal, Journal)
    contact = journal.contact(person.uid)
    rows = [("Met", render.how_met(journal, person) or "—")]
    if person.aliases:
        rows.append(("Also", ", ".join(person.aliases)))
    for n, (platform, handle) in enumerate(person.handles.items()):  # one a line: a URL wraps beside its platform
        rows.append(("Handles" if n == 0 else "", f"{platform} {handle}"))
    if person.tags:
        rows.append(("Tags", ", ".join(person.tags)))
    if person.birthday:
        rows.append(("Birthday", person.birthday))
    last_day = last_contact(person, contact)
    last = f"{last_day} ({format_relative(date.fromisoformat(last_day), day)})" if last_day else "never"
    rows.append(("Last contact", last + (f" · keep in touch every {person.every} days" if person.every else "")))
    text = lines([hanging(literal((f"{label:<13}", "dim")), literal(value), width) for label, value in rows])
    return lines([text, literal(""), literal(person.notes)]) if person.notes else text


def _giving(journal: object, person: Person) -> list[Content]:
    """Needs, offers and introductions both ways: a heading and lines for each that has something."""
    from journal import giving
    from journal.journal import Journal

    assert isinstance(journal, Journal)
    rows: list[Content] = []
    for kind, heading in (("need", "Needs"), ("offer", "Offers")):
        found = giving.open_ones(journal, kind, person.uid)
        if found:
            rows.append(literal((heading, "bold")))
            rows += [literal("  ", (r.added, "dim"), "  ", r.what) for r in found]
    made = giving.introductions_made(journal, person.uid)
    if made:
        rows.append(literal(("Introductions you made", "bold")))
        for favor in made:
            other = journal.person(favor.introduced or "")
            rows.append(literal("  ", (favor.on, "dim"), "  to ", other.name if other else "?"))
    theirs = giving.introduced_by(journal, person.uid)
    if theirs:
        rows.append(literal(("People they introduced you to", "bold")))
        rows += [literal("  ", p.name) for p in theirs]
    return rows
