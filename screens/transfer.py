"""Import and export: a file path, a format, and one line of what happened; the work runs off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from journal import exporting, formats, importing
from journal.errors import KithError
from screens.footer import Footer
from screens.forms import fit_rows
from screens.kithapp import kith_app
from screens.text import literal

SHOWN_PROBLEMS = 8
Job = Callable[[], tuple[str, bool]]  # the work of a dialog: what to show, and whether it wrote


def keys(verb: str) -> list[BindingType]:
    """A dialog's keys: escape closes, ctrl+s runs it."""
    return [Binding("escape", "close", "Close"), Binding("ctrl+s", "start", verb)]


class TransferScreen(ModalScreen[bool]):
    """A dialog that runs one import or export at a time and shows its outcome; dismissed with True if it wrote.

    Subclasses give `fields` (one of them the `#path` Input), bind escape to close and ctrl+s to start.
    """

    AUTO_FOCUS = "#path"

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
            with VerticalScroll(id="form-fields"):
                for label, widget in self.fields():
                    with Horizontal(classes="row"):
                        yield Label(label, classes="field-label")
                        yield widget
                yield ProgressBar(total=100, show_eta=False, id="progress")
                yield Static("", id="result")
            with Vertical(id="form-foot"), Horizontal(id="form-buttons"):
                yield Button(f"{self.verb}  ctrl+s", variant="primary", id="start", compact=True)
                yield Button("Close  esc", id="close", compact=True)
        yield Footer()  # its own keys, over those of the screen below

    def on_mount(self) -> None:
        """Start in the path field."""
        self.query_one("#path", Input).focus()
        self.call_after_refresh(fit_rows, self)

    def on_resize(self) -> None:
        """Labels above the fields when narrow, beside them when there is room."""
        self.call_after_refresh(fit_rows, self)

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
        result.update(literal(text))
        result.set_class(error, "error")
        fields = self.query_one("#form-fields")  # in a short terminal the outcome is below the fields: bring it up
        self.call_after_refresh(fields.scroll_to_widget, result, animate=False, top=True)

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

    def job(self, path: Path) -> Job:
        """The work to run off the UI thread, with the values of the fields read now (subclasses)."""
        raise NotImplementedError

    def action_start(self) -> None:
        """Start the work in a thread worker, unless it is running or no path is typed."""
        if self.running:
            return
        path = self.path()
        if path is None:
            return
        self.begin(f"{self.verb}ing…")
        self.run_job(self.job(path))

    @work(thread=True, exclusive=True)
    def run_job(self, job: Job) -> None:
        """Run off the UI thread; every outcome, even a bug, ends as a line in the result area."""
        app = kith_app(self)
        try:
            text, wrote = job()
        except KithError as exc:
            app.call_from_thread(self.finish, str(exc), error=True)
            return
        except Exception as exc:  # a bug must not close the app; imports and exports write all or nothing
            said = app.report_bug(exc, f"{self.verb.lower()}ing; nothing was written")
            app.call_from_thread(self.finish, said, error=True)
            return
        app.call_from_thread(self.finish, text, wrote=wrote)

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
            ("Dry run", Checkbox("only show what would change", id="dry-run", compact=True)),
        ]

    def job(self, path: Path) -> Job:
        """Import the file: the counts and the first problems."""
        format_name = str(self.query_one("#format", Select).value)
        dry_run = self.query_one("#dry-run", Checkbox).value
        journal = kith_app(self).journal

        def run() -> tuple[str, bool]:
            report = importing.import_file(journal, path, format_name, dry_run=dry_run, progress=self.progress)
            problems = report.lines()
            shown = problems[:SHOWN_PROBLEMS]
            if len(problems) > SHOWN_PROBLEMS:
                shown.append(f"and {len(problems) - SHOWN_PROBLEMS} more")
            return "\n".join([report.summary(), *shown]), report.written

        return run


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

    def job(self, path: Path) -> Job:
        """Render and save the export."""
        fmt, archived = self.chosen(), self.query_one("#archived", Checkbox).value
        journal = kith_app(self).journal

        def run() -> tuple[str, bool]:
            exporting.save(journal, exporting.render(journal, fmt, archived=archived, progress=self.progress), path)
            count = len(journal.people(archived=archived))
            return f"Wrote {count} {'person' if count == 1 else 'people'} to {path} ({fmt.label})", False

        return run
