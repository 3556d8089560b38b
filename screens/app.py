"""The Kith app: built by `make_app(journal, clock)` for the `kith` command and for the tests alike."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from time import monotonic
from typing import Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerFailed, WorkerState

from journal.crash import crash_report
from journal.errors import JournalUnreadable, KithError
from journal.journal import Journal
from journal.render import safe
from journal.store.changes import Change

POLL_SECONDS = 0.5  # how often the app looks whether another process changed the journal
SYNC_EVERY = 300.0  # seconds between two syncs when nothing changed here (a change here syncs at once)
SETTLE_SECONDS = 0.005  # how often held keys are offered again while the screens settle
HOLD_AT_MOST = 3.0  # held keys go to whatever has the cursor after this long, rather than never
EDITING_KEYS = {"backspace", "delete", "left", "right", "home", "end", "space"}
FIRST_PAINT_AT_MOST = 10.0  # seconds after which the cycle collector runs even if Today never drew its list


class PeopleCommands(Provider):
    """The command palette finds people by name (and alias) and opens their card."""

    async def search(self, query: str) -> Hits:
        """The best matches among the people whose name or alias starts with or contains what was typed."""
        from journal.model import normalise

        app = self.app
        assert isinstance(app, KithApp)
        wanted = normalise(query)
        if not wanted:
            return
        matcher = self.matcher(query)
        found = 0
        for person in app.journal.search_people(query):  # the People filter's index: fast at 10k people
            names = [person.name, *person.aliases]
            if not any(wanted in normalise(n) for n in names):
                continue
            score = max(matcher.match(n) for n in names) or 0.1
            yield Hit(
                score,
                Content(safe(person.name)),  # the palette draws it as it is: no escape may reach it
                partial(app.open_person, person.uid),
                text=safe(person.name),
                help="open the card",
            )
            found += 1
            if found >= 40:
                return


NARROW_TOASTS = 60  # below this many columns a toast takes the width (Textual's takes half: 20 columns at 40)


class KithApp(App[None]):
    """The daily check-in, people, and the person card, over one journal seen from one day."""

    COMMANDS = App.COMMANDS | {PeopleCommands}
    CSS_PATH = "kith.tcss"
    TITLE = "Kith"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_TOASTS, "-roomy")]  # a screen's class, for its toasts
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help"),  # where `?` is typed into a field (People's filter, a form)
        Binding("u,ctrl+z", "undo", "Undo", show=False),
    ]

    def __init__(self, journal: Journal, clock: Callable[[], date]) -> None:
        super().__init__()
        self.journal = journal
        self.journal.command = journal.command or "kith (terminal interface)"
        self.clock = clock
        self._drawn: object = None
        self.crash: str | None = None  # the one line for the terminal after a crash, once it is restored
        self._held: list[events.Key | events.Paste] = []  # typed while a screen opened, closed or took a key
        self._unsettled = True  # the last key may open or close a screen or move the cursor: later keys wait
        self._held_since = 0.0
        self._mirrored: object = None  # the journal's version the last vdir step left (see mirror_vdirs)
        self._mirror_again = False  # a change came while the vdir step ran
        self.sync_folder: str | None = None  # the shared folder this journal syncs through, if any
        self._sync_failed: str | None = None  # the last sync problem said, so it is said once
        self._collector_was = True  # whether the cycle collector ran before the app did

    def today(self) -> date:
        """The day the app looks at."""
        return self.clock()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from any screen or widget, is plain text: messages carry names and values
        from the journal, and markup in them could style, link or run actions. `markup` is ignored."""
        super().notify(safe(message), title=safe(title), severity=severity, timeout=timeout, markup=False)

    def report_bug(self, error: BaseException, doing: str) -> str:
        """A bug the app can go on after (a change is all or nothing): a crash report and a notification
        naming it, never the error's message, which may hold names and values. Safe from any thread."""
        path = crash_report(error)
        said = f"unexpected error ({type(error).__name__}) while {doing}; details in {path}"
        self.notify(said, severity="error", timeout=12)
        return said

    def _handle_exception(self, error: Exception) -> None:
        """A bug nothing caught, after which the app cannot go on: the same crash report as the CLI's (files
        and lines, no values), one line on the terminal once it is restored (`crash`, printed by the CLI),
        exit code 1; never Textual's traceback with local variables."""
        cause = error.error if isinstance(error, WorkerFailed) and isinstance(error.error, Exception) else error
        self.crash = f"kith: unexpected error ({type(cause).__name__}); details in {crash_report(cause)}"
        super()._handle_exception(error)  # sets the return code, ends the app, lets a pilot test re-raise
        self._exit_renderables.clear()

    async def on_event(self, event: events.Event) -> None:
        """Keys typed quickly (a paste, a fast typist) are never lost: after a key that may open or close a
        screen or move the cursor, the next keys wait until the screens have settled (every widget has handled
        what it was sent, the new screen is mounted and its field has the cursor), then go where the cursor is."""
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._held or (self._unsettled and not self._settled()):
                if not self._held:
                    self._held_since = monotonic()
                    self.set_timer(SETTLE_SECONDS, self._release_held)
                self._held.append(event)
                return
            await self._deliver(event)
            return
        await super().on_event(event)

    async def _deliver(self, event: events.Key | events.Paste) -> None:
        """Hand one key or paste to the focused widget as Textual would; note whether it may move things."""
        focused = self.focused
        typing = _is_text_field(focused) and (
            isinstance(event, events.Paste) or event.is_printable or event.key in EDITING_KEYS
        )
        self._unsettled = not typing
        await super().on_event(event)

    def push_screen(self, screen: Screen[Any] | str, *args: Any, **kwargs: Any) -> Any:
        """Push a screen as Textual does, with its width's class (`HORIZONTAL_BREAKPOINTS`) given before it is
        mounted: given by its first resize, as Textual does, every widget on it was styled once more before it
        was first drawn (a third of the styling before Today's first paint)."""
        if isinstance(screen, Screen) and not screen.is_running:
            wanted = screen._get_breakpoint_classes(self.size.width, self.HORIZONTAL_BREAKPOINTS)  # as Textual picks
            for _, name in self.HORIZONTAL_BREAKPOINTS:
                screen.set_class(name in wanted, name, update=False)
        return super().push_screen(screen, *args, **kwargs)

    def _settled(self) -> bool:
        """No screen or widget has messages left to handle, and the screen on top is mounted with the cursor placed."""
        screen = self.screen
        if not screen.is_mounted or (screen.focused is None and screen.focus_chain):
            return False
        # The app's own queue holds the keys still to come, so only the screens and widgets are asked.
        nodes = (node for shown in self.screen_stack for node in shown.walk_children(with_self=True))
        if not all(node.message_queue_size == 0 for node in nodes):
            return False
        if not getattr(screen, "KEYS_AWAIT_WORKERS", False):
            return True
        # The screen on top says its worker (People's search) changes what the next key acts on: wait for it.
        busy = (WorkerState.PENDING, WorkerState.RUNNING)
        return not any(worker.node is screen and worker.state in busy for worker in self.workers)

    async def _release_held(self) -> None:
        """Deliver held keys in order once the screens have settled; stop again after one that may move things."""
        if not self._settled() and monotonic() - self._held_since < HOLD_AT_MOST:
            self.set_timer(SETTLE_SECONDS, self._release_held)  # a timer lets every other widget run meanwhile
            return
        self._unsettled = False
        while self._held and not self._unsettled:
            await self._deliver(self._held.pop(0))
        if self._held:
            self._held_since = monotonic()
            self.set_timer(SETTLE_SECONDS, self._release_held)

    def first_drawn(self) -> None:
        """The first screen is drawn: the cycle collector runs from now on. The app starts without it: starting
        makes about a hundred thousand objects that live as long as the app (Textual's, the journal's) and few
        cycles (about 7,000 objects), and collecting while they were made cost about 120 ms of the first paint
        at 10k people. What lives now is set aside (`gc.freeze`), so no later collection, between two keys,
        walks it again; the few cycles made while starting stay."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
            self.count_damage()

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def count_damage(self) -> None:
        """Say once, as the command line does before each command, when records point at nobody or cannot be
        read: counted off the UI thread on a journal object of its own (when the count is not kept, as in a
        copied journal, it reads every record: seconds at 30k people)."""
        from journal.integrity import damage_said, dangling

        try:
            found = dangling(Journal.open(self.journal.path, clock=self.clock, config=self.journal.config))
        except KithError:
            return  # an unreadable journal is said where it is read
        if found:
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.call_from_thread(self.notify, damage_said(found), severity="warning", timeout=10, markup=False)

    def on_unmount(self) -> None:
        """Leave the collector as the app found it (tests run many apps in one process)."""
        gc.unfreeze()
        (gc.enable if self._collector_was else gc.disable)()

    def on_mount(self) -> None:
        """Open on Today, and keep watching the journal for changes made elsewhere."""
        from screens.today import TodayScreen

        self._collector_was = gc.isenabled()
        gc.disable()  # until the first screen is drawn (`first_drawn`)
        self.set_timer(FIRST_PAINT_AT_MOST, self.first_drawn)
        self.push_screen(TodayScreen())
        self._drawn = self.journal.version_on_disk()
        self.set_interval(POLL_SECONDS, self.watch_journal)
        self.mirror_vdirs()
        self.sync_folder = self._remembered_folder()
        if self.sync_folder:
            self.sync_in_background()
            self.set_interval(SYNC_EVERY, self.sync_in_background)  # what the other devices did meanwhile

    def _remembered_folder(self) -> str | None:
        """The folder `kith sync FOLDER` joined this journal to, if any."""
        from journal.store import settings

        try:
            folder = settings.read(self.journal.files.path).get("sync")
        except KithError:
            return None
        return folder if isinstance(folder, str) and folder else None

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def sync_in_background(self) -> None:
        """Exchange changes with the other devices, off the UI thread, through a journal object of its own (the
        screens keep reading theirs; the poll shows what the sync changed)."""
        from pathlib import Path

        from journal.sync import engine

        if not self.sync_folder:
            return
        try:
            own = Journal.open(self.journal.path, clock=self.clock, config=self.journal.config)
            report = engine.sync(own, Path(self.sync_folder))
        except KithError as exc:
            self._from_worker(self._sync_ended, None, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a bug in sync must not end the app: its change was all or nothing
            self._from_worker(self.report_bug, exc, "syncing")
            return
        self._from_worker(self._sync_ended, report, None)

    def _sync_ended(self, report: object, problem: str | None) -> None:
        """Show when the last sync was, or say once why it failed."""
        from datetime import datetime

        if problem is None:
            self.sub_title = f"synced {datetime.now():%H:%M}"
            self._sync_failed = None
            return
        self.sub_title = "not synced"
        if problem != self._sync_failed:
            self.notify(f"sync: {problem}", severity="warning", timeout=6)
        self._sync_failed = problem

    def said_and_undoable(self, text: str, *, key: str = "u") -> None:
        """Tell what a key or a save did, and how to take it back (`ctrl+z` where a text field has the keys)."""
        self.notify(f"{text}  ({key}: undo)")

    def watch_journal(self) -> None:
        """Another process (the CLI, another TUI, an undo) changed the journal: show it as it is now."""
        try:
            version = self.journal.version_on_disk()
            if version == self._drawn:
                return
            self._drawn = version
            self.journal.refresh()
        except JournalUnreadable as exc:
            self.notify(f"{exc}; retrying", severity="error", timeout=POLL_SECONDS * 4)
            return
        self.journal_changed()
        self.mirror_vdirs()

    def mirror_vdirs(self) -> None:
        """When the journal has vdirs (`kith vdir`), bring them in step after each change, in a worker: a
        key never waits for it. The change the step itself makes does not start another."""
        from journal.vdir.state import folders

        try:
            contacts, tasks = folders(self.journal.path)
            if (contacts is None and tasks is None) or self.journal.version_on_disk() == self._mirrored:
                return
        except KithError:
            return
        if any(w.group == "vdir" and w.is_running for w in self.workers):
            self._mirror_again = True  # one step at a time: the running one starts the next when it ends
            return
        self._mirror_again = False
        self.run_worker(partial(self._mirror, contacts, tasks), thread=True, group="vdir", exit_on_error=False)

    def _mirror(self, contacts: Path | None, tasks: Path | None) -> None:
        """The vdir step, on its own Journal object (this runs in a thread), and a word when it brought
        anything in or skipped a file."""
        from journal.vdir import engine

        journal = Journal.open(self.journal.path, clock=self.clock, config=self.journal.config)
        journal.command = "kith vdir (terminal interface)"
        try:
            outcome = engine.run(journal, contacts, tasks)
        except KithError as exc:
            self._from_worker(self.notify, f"vdir: {exc}", severity="warning", timeout=8)
            return
        except Exception as exc:  # noqa: BLE001 - a bug in the step must not end the app: the change was all or nothing
            self._from_worker(self.report_bug, exc, "bringing the vdirs in step")
            return
        self._mirrored = journal.version_on_disk()
        if self._mirror_again:
            self._from_worker(self.set_timer, POLL_SECONDS, self.mirror_vdirs)
        came_in = outcome.added + outcome.updated + outcome.forgotten + outcome.done + outcome.dropped
        if outcome.notes or came_in + outcome.snoozed:
            said = outcome.summary() + (f" {outcome.notes[0]}" if outcome.notes else "")
            self._from_worker(self.notify, said, timeout=8)

    def _from_worker(self, call: Callable[..., object], *args: object, **kwargs: object) -> None:
        """Call into the app from a worker thread; nothing when the app has already closed."""
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(call, *args, **kwargs)
        if self.sync_folder:  # a change here is sent at once (a sync that changes nothing commits nothing)
            self.sync_in_background()

    def journal_changed(self) -> None:
        """Redraw every screen that shows the journal (a form keeps what is typed; its screen below is redrawn
        when the form closes)."""
        if not self.is_running or not self.screen_stack:  # shutting down: a timer fired as the screens went
            return
        screen = self.screen
        reload = getattr(screen, "reload", None)
        if reload is not None and screen.is_mounted:
            reload()

    def action_undo(self) -> None:
        """Undo the last change not yet undone."""
        self._step(lambda: self.journal.undo(label="TUI: undo"), "Undid", "  (redo: ctrl+p, Redo)")

    def action_redo(self) -> None:
        """Re-apply what the last undo reversed."""
        self._step(lambda: self.journal.redo(label="TUI: redo"), "Redid", "")

    def _step(self, step: Callable[[], Change], verb: str, hint: str) -> None:
        """Undo or redo, say what it did (or why not), and redraw."""
        try:
            change = step()
        except KithError as exc:
            self.notify(str(exc), severity="warning", timeout=6)
            return
        self.notify(f"{verb}: {change.summary}{hint}")
        self.journal_changed()

    def action_history(self) -> None:
        """Every change, newest first."""
        from screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_people(self) -> None:
        """Open People."""
        from screens.people import PeopleScreen

        self.push_screen(PeopleScreen())

    def open_person(self, uid: str) -> None:
        """Push a person's card."""
        from screens.person import PersonScreen

        self.push_screen(PersonScreen(uid))

    def action_events(self) -> None:
        """Open Events."""
        from screens.events import EventsScreen

        if not isinstance(self.screen, EventsScreen):
            self.push_screen(EventsScreen())

    def action_today(self) -> None:
        """Go back to Today."""
        from screens.today import TodayScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, TodayScreen):
            self.pop_screen()

    def action_add_person(self) -> None:
        """Open the add-person form."""
        from screens.forms import add_person

        add_person(self)

    def action_new_event(self) -> None:
        """Open the new-event form."""
        from screens.forms import new_event

        new_event(self)

    def action_event_log(self) -> None:
        """Log people met at an event, one line each."""
        from screens.event_log import open_event_log

        open_event_log(self)

    def action_insights(self) -> None:
        """Open Insights: the picture of the network."""
        from screens.insights import InsightsScreen

        if not isinstance(self.screen, InsightsScreen):
            self.push_screen(InsightsScreen())

    def action_import(self) -> None:
        """Import contacts from a file."""
        from screens.transfer import ImportScreen

        if not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen())

    def action_export(self) -> None:
        """Export everyone to a file."""
        from screens.transfer import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: app-wide commands and every key of the current screen."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Today", "Back to today's check-in", self.action_today)
        yield SystemCommand("People", "Find anyone by name, company, tag or handle", self.action_people)
        yield SystemCommand("Add person", "Someone you met", self.action_add_person)
        yield SystemCommand("New event", "A meetup, conference or online space", self.action_new_event)
        yield SystemCommand("Events", "Every event: rename, merge, forget, see who you met", self.action_events)
        yield SystemCommand("Event log", "Log people met at an event, one line each", self.action_event_log)
        yield SystemCommand(
            "Import contacts", "Kith or Google CSV, LinkedIn Connections.csv, vCard", self.action_import
        )
        yield SystemCommand("Export", "CSV, vCard or calendar to-dos", self.action_export)
        yield SystemCommand(
            "Insights",
            "Favors by month, one-sided relationships, going cold, connectors, where people come from (shift+i)",
            self.action_insights,
        )
        yield SystemCommand("Undo", "Reverse the last change (u)", self.action_undo)
        yield SystemCommand("Redo", "Re-apply what the last undo reversed", self.action_redo)
        yield SystemCommand("History", "Every change to the journal, newest first", self.action_history)
        yield SystemCommand("Help", "Every key of this screen", self.action_help)
        from screens.help import screen_keys

        for key, description, action in screen_keys(screen):
            if not action.startswith("app."):
                yield SystemCommand(description, f"key: {key}", partial(screen.run_action, action))


def _is_text_field(widget: object) -> bool:
    """Whether `widget` is a field that takes typed keys: an Input, or a TextArea (looked up only where its module
    was imported, by the forms: Today never imports it, which saves about 10 ms of its first paint)."""
    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


def make_app(journal: Journal, clock: Callable[[], date] = date.today) -> KithApp:
    """The app over `journal`, seeing today as `clock()` says."""
    return KithApp(journal, clock)
