"""Import and export: a file path, a format, and one line of what happened; the work runs off the UI thread."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from journal import exporting, formats, importing
from journal.errors import KithError
from screens.kithapp import kith_app

SHOWN_PROBLEMS = 8


def keys(verb: str) -> list[BindingType]:
    """A dialog's keys: escape closes, ctrl+s runs it."""
    return [Binding("escape", "close", "Close"), Binding("ctrl+s", "start", verb)]


class TransferScreen(ModalScreen[bool]):
    """A dialog that runs one import or export at a time and shows its outcome; dismissed with True if it wrote.

    Subclasses give `fields` (one of them the `#path` Input), bind escape to close and ctrl+s to start.
    """

    def __init__(self) -> None:
        super().__init__()
        self.running = False
        self.wrote = False
        self.percent = -1

    heading = ""
    verb = ""

    def fields(self) -> list[tuple[str, Widget]]:
        """The labelled inputs of the dialog (subclasses); one of them is the `#path` Input."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        """The fields, a progress bar, the outcome, the buttons."""
        with Vertical(id="form", classes="transfer"):
            yield Label(self.heading, id="form-title")
            for label, widget in self.fields():
                with Horizontal(classes="row"):
                    yield Label(label, classes="field-label")
                    yield widget
            yield ProgressBar(total=100, show_eta=False, id="progress")
            yield Static("", id="result")
            with Horizontal(id="form-buttons"):
                yield Button(f"{self.verb}  ctrl+s", variant="primary", id="start", compact=True)
                yield Button("Close  esc", id="close", compact=True)

    def on_mount(self) -> None:
        """Start in the path field."""
        self.query_one("#path", Input).focus()

    def path(self) -> Path | None:
        """The path typed, with `~` expanded; None (and a hint) when nothing usable is typed."""
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.show("type the path of a file first", error=True)
            return None
        try:
            return Path(text).expanduser()
        except RuntimeError:  # ~name of nobody on this machine
            self.show(f"no home folder for {text.split('/')[0]}; type the full path", error=True)
            return None

    def show(self, text: str, *, error: bool = False) -> None:
        """Put an outcome (plain text, not markup) in the result area."""
        result = self.query_one("#result", Static)
        result.update(escape(text))
        result.set_class(error, "error")

    def finish(self, text: str, *, error: bool = False, wrote: bool = False) -> None:
        """The worker is done: show what it said and allow the next run."""
        self.running = False
        self.wrote = self.wrote or wrote
        self.show(text, error=error)

    def on_input_submitted(self) -> None:
        """Enter in the path starts."""
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start or Close."""
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_close()

    def action_close(self) -> None:
        """Leave, unless a worker is still writing."""
        if self.running:
            self.notify("still working; close when it is done", severity="warning")
            return
        self.dismiss(self.wrote)

    def action_start(self) -> None:
        """Run the import or export (subclasses)."""
        raise NotImplementedError

    def begin(self, message: str) -> None:
        """A run starts: the bar back to zero, a line saying what is happening."""
        self.running, self.percent = True, -1
        self.query_one("#progress", ProgressBar).update(progress=0)
        self.show(message)

    def progress(self, done: int, total: int) -> None:
        """Called by the work in its thread: move the bar when the percentage changes."""
        percent = 100 * done // max(total, 1)
        if percent != self.percent:
            self.percent = percent
            self.app.call_from_thread(self.query_one("#progress", ProgressBar).update, progress=percent)


class ImportScreen(TransferScreen):
    """Import people from a Kith or Google CSV, a LinkedIn Connections.csv, or a vCard file."""

    BINDINGS = keys("Import")
    heading = "Import contacts"
    verb = "Import"

    def fields(self) -> list[tuple[str, Widget]]:
        """File, format, dry run."""
        choices = [("auto-detect", "auto")] + [(formats.FORMATS[name].label, name) for name in formats.READABLE]
        return [
            ("File", Input(placeholder="~/Downloads/Connections.csv", id="path", compact=True)),
            ("Format", Select(choices, value="auto", allow_blank=False, id="format", compact=True)),
            ("Dry run", Checkbox("show what would change, write nothing", id="dry-run", compact=True)),
        ]

    def action_start(self) -> None:
        """Import the file in the background."""
        if self.running:
            return
        path = self.path()
        if path is None:
            return
        self.begin("Importing…")
        dry_run = self.query_one("#dry-run", Checkbox).value
        self.run_import(path, str(self.query_one("#format", Select).value), dry_run)

    @work(thread=True, exclusive=True)
    def run_import(self, path: Path, format_name: str, dry_run: bool) -> None:
        """Import off the UI thread; every outcome, even a bug, ends as a line in the result area."""
        app = kith_app(self)
        try:
            report = importing.import_file(app.journal, path, format_name, dry_run=dry_run, progress=self.progress)
        except KithError as exc:
            app.call_from_thread(self.finish, str(exc), error=True)
            return
        except Exception as exc:  # a bug must not close the app; the import is one write, so nothing is half done
            app.call_from_thread(self.finish, f"unexpected error ({type(exc).__name__}); nothing imported", error=True)
            return
        problems = report.lines()
        shown = problems[:SHOWN_PROBLEMS]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append(f"and {len(problems) - SHOWN_PROBLEMS} more")
        summary = report.summary() + (" (dry run: nothing written)" if dry_run else "")
        app.call_from_thread(self.finish, "\n".join([summary, *shown]), wrote=report.written)


class ExportScreen(TransferScreen):
    """Export everyone to a Kith or Google CSV, a vCard file, or calendar to-dos."""

    BINDINGS = keys("Export")
    heading = "Export people"
    verb = "Export"

    def fields(self) -> list[tuple[str, Widget]]:
        """What, where, archived too."""
        choices = [
            (exporting.choose(kind, style).label, (kind, style))
            for kind, styles in exporting.KINDS.items()
            for style in styles
        ]
        kind, style = choices[0][1]
        default = f"~/kith-export-{kith_app(self).today():%Y-%m-%d}{exporting.choose(kind, style).suffix}"
        return [
            ("Export as", Select(choices, value=(kind, style), allow_blank=False, id="format", compact=True)),
            ("To file", Input(value=default, id="path", compact=True)),
            ("Archived", Checkbox("include archived people", id="archived", compact=True)),
        ]

    def chosen(self) -> formats.Format:
        """The format picked."""
        kind, style = self.query_one("#format", Select).value  # type: ignore[misc]
        return exporting.choose(kind, style)

    def on_select_changed(self) -> None:
        """The file name follows the format: a path ending in another export suffix gets the new one."""
        path = self.query_one("#path", Input)
        suffix = self.chosen().suffix
        for other in {f.suffix for f in formats.FORMATS.values() if f.writes}:
            if path.value.endswith(other) and other != suffix:
                path.value = path.value.removesuffix(other) + suffix

    def action_start(self) -> None:
        """Export in the background."""
        if self.running:
            return
        path = self.path()
        if path is None:
            return
        self.begin("Exporting…")
        self.run_export(self.chosen(), path, self.query_one("#archived", Checkbox).value)

    @work(thread=True, exclusive=True)
    def run_export(self, fmt: formats.Format, path: Path, archived: bool) -> None:
        """Render and save off the UI thread; every outcome ends as a line in the result area."""
        app = kith_app(self)
        try:
            text = exporting.render(app.journal, fmt, archived=archived, progress=self.progress)
            exporting.save(app.journal, text, path)
            count = len(app.journal.people(archived=archived))
        except KithError as exc:
            app.call_from_thread(self.finish, str(exc), error=True)
            return
        except Exception as exc:  # a bug must not close the app; save writes all or nothing
            app.call_from_thread(self.finish, f"unexpected error ({type(exc).__name__}); nothing written", error=True)
            return
        people = "person" if count == 1 else "people"
        app.call_from_thread(self.finish, f"Wrote {count} {people} to {path} ({fmt.label})")
