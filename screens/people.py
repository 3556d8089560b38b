"""People: filter as you type over everything known about everyone; the work happens off the UI thread, and
every match is listed (only the rows on screen are drawn)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from journal.errors import KithError
from journal.views import Listed, listing, listing_at_hand
from screens.footer import Footer
from screens.kithapp import kith_app
from screens.people_list import PeopleList
from screens.text import literal
from screens.today import RETRY

SLOW = 0.3  # seconds a search may take before the count says one is under way


class PeopleScreen(Screen[None]):
    """Everyone, most recently contacted first, narrowed by what you type."""

    AUTO_FOCUS = "#filter"
    KEYS_AWAIT_WORKERS = True  # a key after enter waits for the search: it is meant for the person it opens

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("enter", "open", "Open", show=False),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("a", "app.add_person", "Add person"),
        Binding("down", "focus_table", "List", show=False),
        Binding("ctrl+t", "toggle_archived", "Archived"),
    ]

    show_archived = False
    listed = False  # the list shows the matches of what is in the filter now (no search under way)
    unreadable = False  # the last search found the journal unreadable (the count says so)
    open_when_listed = False  # enter came while the search was under way: open the first match once listed

    class Filtered(Message):
        """The people matching a query were found: each one's uid and row."""

        def __init__(self, query: str, found: list[Listed]):
            super().__init__()
            self.query = query
            self.found = found

    def compose(self) -> ComposeResult:
        """A filter line, a count, the list."""
        yield Header(icon="")
        yield Input(placeholder="filter: name, company, tag, handle, notes…", id="filter")
        yield Static("", id="count")
        yield PeopleList(id="people")
        yield Footer()

    def on_mount(self) -> None:
        """Everyone to start with."""
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

    def search(self, query: str) -> None:
        """Search again: at once when the rows are at hand (a filter over a list in memory), else off the UI
        thread; until the matches of `query` are listed, the rows shown are not what was asked for."""
        self.listed = self.unreadable = False
        found = listing_at_hand(kith_app(self).journal, query, archived=self.show_archived)
        if found is None:
            self.find(query)
            self.set_timer(SLOW, self.still_searching)
        else:
            self.on_people_screen_filtered(self.Filtered(query, found))

    def on_input_submitted(self) -> None:
        """Enter in the filter opens the first match."""
        self.action_open()

    @work(thread=True, exclusive=True)
    def find(self, query: str) -> None:
        """Find matches in the journal, off the UI thread: the rows `kith people` prints (views.listing), kept
        for the journal's version, so nobody is built to list them."""
        app = kith_app(self)
        try:
            found, _ = listing(app.journal, query, archived=self.show_archived)
        except KithError as exc:  # the journal became unreadable: say so, keep the filter, try again
            app.call_from_thread(self.unavailable, query, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Filtered(query, found))

    def still_searching(self) -> None:
        """A search that takes a while (the first after a change, at tens of thousands of people) says so,
        rather than leave an empty list that looks like nobody."""
        if not self.listed and not self.unreadable:
            self.query_one("#count", Static).update(literal(("Searching…", "dim")))

    def unavailable(self, query: str, reason: str) -> None:
        """Say why nobody can be listed, and search again in a while."""
        self.unreadable = True
        said = f"The journal cannot be read right now; trying again every {RETRY} s.\n{reason}"
        self.query_one("#count", Static).update(literal((said, "$error")))
        self.set_timer(RETRY, self.reload)

    def on_people_screen_filtered(self, message: Filtered) -> None:
        """List every match."""
        if message.query != self.query_one("#filter", Input).value:
            return  # typing has moved on
        self.query_one("#people", PeopleList).show(message.found)
        total = len(message.found)
        archived = " · archived included (ctrl+t hides them)" if self.show_archived else ""
        self.query_one("#count", Static).update(f"{total} {'person' if total == 1 else 'people'}{archived}")
        self.listed = True
        if self.open_when_listed:
            self.open_when_listed = False
            self.action_open()

    def on_people_list_selected(self, message: PeopleList.Selected) -> None:
        """Enter or a click on a row opens the person (once the matches of what was typed are listed)."""
        if not self.listed:
            self.open_when_listed = True
            return
        self.open(message.uid)

    def on_people_list_left_top(self) -> None:
        """Up from the first row goes back to the filter."""
        self.action_focus_filter()

    def action_open(self) -> None:
        """Open the person under the cursor; while a search is under way, the first of its matches once listed
        (a name typed quickly and enter mean that person, not the row the list showed before)."""
        if not self.listed:
            self.open_when_listed = True
            return
        if uid := self.query_one("#people", PeopleList).current():
            self.open(uid)

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
        self.query_one("#people", PeopleList).focus()
