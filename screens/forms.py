"""Forms and small dialogs: fields checked as you type with the model's own messages; escape leaves no trace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from journal import forms
from journal.dates import parse_date
from journal.errors import EditConflict, KithError
from journal.model import Person, Record
from journal.reminders import Reminder
from journal.render import safe
from screens.footer import Footer
from screens.kithapp import kith_app
from screens.text import example, literal

if TYPE_CHECKING:
    from screens.app import KithApp

Done = Callable[[Record | None], None] | None


@dataclass(frozen=True)
class Field:
    """One input of a form: text, or a yes/no box; a date field shows the date it will record."""

    name: str
    label: str
    placeholder: str = ""
    value: str = ""
    check: bool = False
    date_ahead: bool | None = None
    multiline: bool = False
    suggestions: tuple[str, ...] = ()  # completed as you type (→ takes the completion)


class FieldInput(Input):
    """A one-line field: a paste of several lines keeps every word, joined by spaces, instead of the first line;
    its example (the placeholder) is fitted to its width, so what shows of it is never a word cut short."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.example = self.placeholder  # as written; the placeholder is this, fitted

    def on_resize(self) -> None:
        """Fit the example to the width the field has now."""
        self.placeholder = example(self.example, self.content_region.width)

    def _on_paste(self, event: events.Paste) -> None:
        rows = [row.strip() for row in event.text.splitlines() if row.strip()]
        if len(rows) > 1:
            event.prevent_default()
            event.stop()
            self.insert_text_at_cursor(" ".join(rows))


class FormScreen(ModalScreen[Record | None]):
    """A form that builds a record with `build`, shows why it is not valid yet, and saves with `save`."""

    AUTO_FOCUS = "#form-fields Input, #form-fields TextArea"  # the cursor is in the first field from the start

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+t", "take_theirs", "Take theirs", show=False),
    ]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        build: Callable[[dict[str, str]], Record],
        save: Callable[[Record], Any],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.build = build
        self.save = save
        self.record: Record | None = None
        self.conflict: EditConflict | None = None
        self.initial: dict[str, str] = {}
        self.touched: set[str] = set()  # fields changed or left: their mistakes are shown
        self.tried = False  # a save was tried: every mistake is shown
        self.wrong: str | None = None  # the field the record cannot be built for, when its mistake names one

    def compose(self) -> ComposeResult:
        """The title and the buttons stay in view; the fields scroll between them when the terminal is short."""
        with Vertical(id="form"):
            yield Label(literal(self.title_text), id="form-title")
            with VerticalScroll(id="form-fields"):
                for field in self.fields:
                    with Horizontal(classes="row"):
                        if field.check:  # the box carries its own words, so it is never clipped to a label's room
                            yield Label("", classes="field-label spacer")
                            yield Checkbox(
                                literal(field.label), value=bool(field.value), id=f"f-{field.name}", compact=True
                            )
                            continue
                        yield Label(literal(field.label), classes="field-label")
                        shown = safe(field.value)  # a stored escape is shown as text, never sent to the terminal
                        if field.multiline:  # notes keep their line breaks: enter is a new line here
                            yield TextArea(shown, id=f"f-{field.name}", compact=True, classes="notes")
                        else:
                            suggester = SuggestFromList(map(safe, field.suggestions), case_sensitive=False)
                            yield FieldInput(
                                value=shown,
                                placeholder=field.placeholder,
                                id=f"f-{field.name}",
                                compact=True,
                                suggester=suggester if field.suggestions else None,
                            )
                    if field.date_ahead is not None:
                        yield Static("", id=f"p-{field.name}", classes="date-preview")
                    yield from self.below(field)
            with Vertical(id="form-foot"):
                yield Static("", id="form-error")
                with Horizontal(id="form-buttons"):
                    yield Button("Save  ctrl+s", variant="primary", id="save", compact=True)
                    yield Button("Cancel  esc", id="cancel", compact=True)
        yield Footer()  # its own keys, over those of the screen below

    def below(self, field: Field) -> ComposeResult:
        """The hint line under a field that has one (subclasses)."""
        yield from ()

    def on_mount(self) -> None:
        """Start in the first field; check what is there quietly (an edit form starts valid)."""
        self.initial = self.values()
        self.query(Input).first().focus()
        self.check()
        self.call_after_refresh(fit_rows, self)

    def on_resize(self) -> None:
        """Labels go above their fields when the terminal is narrow, beside them when there is room."""
        self.call_after_refresh(fit_rows, self)

    def values(self) -> dict[str, str]:
        """Every field's text; a ticked box reads as "yes"."""
        found: dict[str, str] = {}
        for field in self.fields:
            if field.check:
                found[field.name] = "yes" if self.query_one(f"#f-{field.name}", Checkbox).value else ""
            elif field.multiline:
                found[field.name] = self.query_one(f"#f-{field.name}", TextArea).text
            else:
                found[field.name] = self.query_one(f"#f-{field.name}", Input).value
        return found

    def check(self) -> bool:
        """Build the record from what is typed; show the model's message once the field it is about was touched
        (changed or left) or a save was tried, never on opening."""
        app = kith_app(self)
        values = self.values()
        self.touched |= {name for name, value in values.items() if value != self.initial.get(name, value)}
        for field in self.fields:
            if field.date_ahead is not None:
                preview = forms.preview_date(app.journal, values[field.name], app.today(), ahead=field.date_ahead)
                box = self.query_one(f"#p-{field.name}", Static)
                box.update(literal(preview))
                box.display = bool(preview)
                row = self.query_one(f"#f-{field.name}").parent
                if row is not None:  # the gap under the row goes under the date when one is shown
                    row.set_class(bool(preview), "with-below")
        error = self.query_one("#form-error", Static)
        self.wrong = None
        try:
            self.record = self.build(values)
        except KithError as exc:
            self.record = None
            self.wrong = self.field_of(exc)
            error.update(literal(str(exc)) if self.tried or self.concerns_touched(exc) else "")
        else:
            error.update("")
        if error.display != bool(str(error.content)) or error.display:
            error.display = bool(str(error.content))
            self.call_after_refresh(fit_rows, self)
        self.query_one("#save", Button).disabled = self.record is None
        return self.record is not None

    def field_of(self, exc: KithError) -> str | None:
        """The field of this form an error is about, if it names one."""
        named = getattr(exc, "field", None) or str(exc).partition(":")[0].strip()
        return named if named in {field.name for field in self.fields} else None

    def concerns_touched(self, exc: KithError) -> bool:
        """Whether an error is about a field already touched: the field it names, or any field when it names
        none of this form's."""
        named = self.field_of(exc)
        return named in self.touched if named is not None else bool(self.touched)

    def on_input_changed(self) -> None:
        """Validate as you type."""
        self.check()

    def on_text_area_changed(self) -> None:
        """Validate as you write notes."""
        self.check()

    def on_checkbox_changed(self) -> None:
        """Validate as you tick."""
        self.check()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a field touches it: its mistakes show from now on."""
        name = (event.widget.id or "").removeprefix("f-")
        if name in self.initial and name not in self.touched:
            self.touched.add(name)
            self.check()

    def on_input_submitted(self) -> None:
        """Enter saves when the form is valid."""
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or Cancel."""
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        """Leave without a trace."""
        self.dismiss(None)

    def action_save(self) -> None:
        """Save only a valid record; a failure is shown and what was typed stays."""
        self.tried = True
        if not self.check() or self.record is None:  # the form says why, above its buttons (a toast would hide it)
            self.app.bell()
            if self.wrong is not None:
                self.query_one(f"#f-{self.wrong}").focus()
            return
        if not self._save("mine" if self.conflict else None):
            return
        self.dismiss(self.record)

    def action_take_theirs(self) -> None:
        """After a conflict: save, keeping the other change's values where both changed a field."""
        if self.conflict is not None and self.record is not None and self._save("theirs"):
            self.dismiss(self.record)

    def _save(self, resolve: str | None) -> bool:
        """Save the record; a conflict with a change made meanwhile is shown and saves nothing."""
        assert self.record is not None
        journal = kith_app(self).journal
        journal.resolve = resolve
        try:
            with journal.writing(f"TUI: {self.title_text}"):
                self.save(self.record)
        except EditConflict as exc:
            self.conflict = exc
            text = f"{exc}\nctrl+s keeps yours · ctrl+t takes theirs · escape leaves both as they are now"
            self.query_one("#form-error", Static).update(literal(text))
            return False
        except KithError as exc:
            self.query_one("#form-error", Static).update(literal(str(exc)))
            self.query_one("#form-error", Static).display = True
            self.app.bell()
            return False
        except Exception as exc:  # an unexpected failure must not lose what was typed
            kith_app(self).report_bug(exc, "saving; nothing was saved")
            return False
        finally:
            journal.resolve = None
        return True


class ReplyDialog(ModalScreen[str | None]):
    """Log my reply to someone who is waiting: what I said, and enter."""

    AUTO_FOCUS = "Input"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, reminder: Reminder) -> None:
        super().__init__()
        self.reminder = reminder

    def compose(self) -> ComposeResult:
        """The person, and one line for what I replied."""
        with Vertical(id="form", classes="dialog"):
            yield Label(literal(f"Reply to {self.reminder.person}"), id="form-title")
            yield Label(literal(self.reminder.text))
            yield FieldInput(placeholder="what you replied (enter logs it)", id="summary", compact=True)
        yield Footer()  # its own keys, over those of the screen below

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter logs the reply."""
        self.dismiss(event.value.strip() or "Replied")

    def action_cancel(self) -> None:
        """Nothing is logged."""
        self.dismiss(None)


class SnoozeDialog(ModalScreen[date | None]):
    """Snooze until a day typed as people type dates, shown as it is understood."""

    AUTO_FOCUS = "Input"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, reminder: Reminder) -> None:
        super().__init__()
        self.reminder = reminder

    def compose(self) -> ComposeResult:
        """A date field and what it means."""
        with Vertical(id="form", classes="dialog"):
            yield Label(literal(f"Snooze: {self.reminder.text}"), id="form-title")
            yield FieldInput(placeholder="until when? fri, next week, +3d, Dec 5", id="until", compact=True)
            yield Static("", id="p-until", classes="date-preview")
        yield Footer()  # its own keys, over those of the screen below

    def parsed(self, text: str) -> date | None:
        """The day typed, if it is a day after today."""
        app = kith_app(self)
        today = app.today()
        try:
            found = parse_date(text, today, ahead=True, order=app.journal.config.date_order)
        except KithError:
            return None
        return found if found > today else None

    def on_input_changed(self, event: Input.Changed) -> None:
        """Show the date as it will be recorded."""
        self.say(event.value, submitted=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter snoozes, if the date is understood."""
        found = self.parsed(event.value)
        if found is None:  # said in the dialog, under the field (a toast would cover the dialog when narrow)
            self.say(event.value, submitted=True)
            self.app.bell()
            return
        self.dismiss(found)

    def say(self, text: str, *, submitted: bool) -> None:
        """Under the field: the day typed as it will be recorded, or why it cannot be (once enter was pressed,
        also for nothing or no date at all)."""
        app = kith_app(self)
        found = self.parsed(text)
        line = forms.preview_date(app.journal, text, app.today(), ahead=True)
        if found is None and line and line != "not a date yet":
            line = f"{line}: pick a day after today"
        elif found is None and submitted:
            line = "type a day after today, such as fri or +3d"
        said = self.query_one("#p-until", Static)
        said.update(literal(line))
        said.set_class(found is None and bool(line), "-invalid")

    def action_cancel(self) -> None:
        """Nothing changes."""
        self.dismiss(None)


MIN_INPUT = 24  # columns a field needs beside its label; with fewer, labels go above the fields


def fit_rows(screen: Screen[Any]) -> None:
    """The fields scroll between the title and the buttons when the terminal is short; labels beside their
    fields when the form has room for both, above them when it has not. The label
    column is as wide as the longest label and a gap (at most half the form), so a label never runs into
    its field; a longer label wraps within it."""
    if not screen.is_attached:
        return
    form = screen.query_one("#form")
    fields = screen.query_one("#form-fields")
    chrome = form.styles.gutter.height + sum(
        child.outer_size.height for child in form.children if child is not fields and child.display
    )
    room = screen.size.height - sum(footer.outer_size.height for footer in screen.query_children(Footer))
    height = max(3, int(room * 0.95) - chrome)  # the buttons stay in view, above the footer
    if fields.styles.max_height is None or fields.styles.max_height.value != height:
        fields.styles.max_height = height
        if screen.focused is not None:  # a message that grew must not hide the field being typed in
            screen.focused.scroll_visible(animate=False)
    inner = form.scrollable_content_region.width
    labels = list(form.query(".row > .field-label").results(Label))
    if inner <= 0 or not labels:
        return
    widest = max(cell_len(str(label.content)) for label in labels) + 2
    column = min(widest, max(12, inner // 2))
    boxes = [cell_len(str(box.label)) + 4 for box in form.query(".row > Checkbox").results(Checkbox)]
    narrow = inner - column < max([MIN_INPUT, *boxes])  # a box's words are never clipped for want of room
    screen.set_class(narrow, "narrow")
    for label in labels:
        label.styles.width = None if narrow else column
    for preview in form.query(".date-preview"):
        preview.styles.padding = (0, 0, 0, 0 if narrow else column)


Build = Callable[["KithApp", dict[str, str]], Record]
Save = Callable[["KithApp", Any], Any]


def _open(
    app: App[Any],
    title: str,
    fields: list[Field],
    build: Build,
    save: Save,
    done: Done,
    form: type[FormScreen] = FormScreen,
) -> None:
    """Push a form whose build and save calls get the running Kith app."""
    kith = kith_app(app.screen)
    app.push_screen(form(title, fields, partial(build, kith), partial(save, kith)), done)


def add_person(app: App[Any], done: Done = None) -> None:
    """The add-person form."""
    fields = [
        Field("name", "Name", "Ana López"),
        Field("company", "Company"),
        Field("role", "Role"),
        Field("email", "Email"),
        Field("phone", "Phone"),
        Field("handles", "Handles", "linkedin=https://…; mastodon=@ana@…"),
        Field("tags", "Tags", "ml, berlin"),
        Field("met", "Met on", "today, last fri, Nov 12", date_ahead=False),
        Field("at", "Met at (event or place)"),
        Field("online", "Online platform", "linkedin, zoom (empty: in person)"),
        Field("introduced_by", "Introduced by"),
        Field("every", "Keep in touch every … days"),
        Field("needs", "Needs (one a line)", multiline=True),
        Field("offers", "Offers (one a line)", multiline=True),
        Field("notes", "Notes", multiline=True),
    ]
    changes: dict[str, forms.NeedsAndOffers] = {}

    def build(kith: KithApp, values: dict[str, str]) -> Record:
        person = forms.person(kith.journal, values, kith.today())
        changes["wishes"] = forms.needs_and_offers(kith.journal, person, values, kith.today())
        return person

    def save(kith: KithApp, person: Person) -> None:
        kith.journal.add_person(person)
        changes["wishes"].apply(kith.journal, kith.today())

    _open(app, "Add a person", fields, build, save, done)


def edit_person(app: App[Any], person: Person, done: Done = None) -> None:
    """The edit form for one person, filled with what is known."""
    journal = kith_app(app.screen).journal
    introducer = journal.person(person.introduced_by) if person.introduced_by else None
    event = journal.event(person.met_event) if person.met_event else None
    others = "; ".join(f"{k}={v}" for k, v in person.handles.items() if k not in ("email", "phone"))
    fields = [
        Field("name", "Name", value=person.name),
        Field("company", "Company", value=person.company or ""),
        Field("role", "Role", value=person.role or ""),
        Field("email", "Email", value=person.handles.get("email", "")),
        Field("phone", "Phone", value=person.handles.get("phone", "")),
        Field("handles", "Other handles", "platform=value; …", value=others),
        Field("tags", "Tags", value=", ".join(person.tags)),
        Field("aliases", "Aliases", value=", ".join(person.aliases)),
        Field("met", "Met on", value=person.met_on or "", date_ahead=False),
        Field("at", "Met at (event or place)", value=event.name if event else (person.met_place or "")),
        Field("online", "Online platform", value=person.met_online or ""),
        Field("introduced_by", "Introduced by", value=introducer.name if introducer else ""),
        Field("every", "Keep in touch every … days", value=str(person.every or "")),
        Field("birthday", "Birthday", "1985-05-14, or 05-14 without the year", value=person.birthday or ""),
        Field("nickname", "Nickname", value=person.nickname or ""),
        Field("needs", "Needs (one a line)", value=_open_lines(journal, "need", person), multiline=True),
        Field("offers", "Offers (one a line)", value=_open_lines(journal, "offer", person), multiline=True),
        Field("notes", "Notes", value=person.notes or "", multiline=True),
    ]
    changes: dict[str, forms.NeedsAndOffers] = {}

    def build(kith: KithApp, values: dict[str, str]) -> Record:
        edited = forms.person(kith.journal, values, kith.today(), existing=person)
        changes["wishes"] = forms.needs_and_offers(kith.journal, edited, values, kith.today())
        return edited

    def save(kith: KithApp, edited: Person) -> None:
        kith.journal.save_person(edited)
        changes["wishes"].apply(kith.journal, kith.today())

    _open(app, f"Edit {person.name}", fields, build, save, done)


def _open_lines(journal: Any, kind: str, person: Person) -> str:
    """A person's open needs (or offers), one a line, as the form's field shows them."""
    from journal import giving

    return "\n".join(r.what for r in giving.open_ones(journal, kind, person.uid))


def log_interaction(app: App[Any], person: Person, done: Done = None) -> None:
    """The log-an-interaction form for one person."""
    fields = [
        Field("summary", "What was it about?"),
        Field("kind", "Kind", "talk, call, video, message, email, meeting, comment, letter, met, other"),
        Field("on", "When", "today", date_ahead=False),
        Field("online", "Online platform", "email, linkedin, zoom (empty: in person)"),
        Field("from_them", "They reached out", check=True),
        Field("reply_needed", "They wait for my reply", check=True),
    ]
    _open(
        app,
        f"Log with {person.name}",
        fields,
        lambda kith, v: forms.interaction(kith.journal, [person], v, kith.today()),
        lambda kith, r: kith.journal.log(r),
        done,
    )


def add_promise(app: App[Any], person: Person, done: Done = None) -> None:
    """The promise form for one person."""
    fields = [
        Field("what", "What was promised?"),
        Field("by", "By when", "fri, next week, Dec 5 (optional)", date_ahead=True),
        Field("theirs", "They promised it to me", check=True),
    ]
    _open(
        app,
        f"Promise with {person.name}",
        fields,
        lambda kith, v: forms.promise(kith.journal, person, v, kith.today()),
        lambda kith, r: kith.journal.add_promise(r),
        done,
    )


def add_favor(app: App[Any], person: Person, done: Done = None) -> None:
    """The favor form for one person."""
    fields = [
        Field("what", "What was the favor?"),
        Field("on", "When", "today", date_ahead=False),
        Field("received", "They did it for me", check=True),
        Field("referral", "A referral (business sent)", check=True),
    ]
    _open(
        app,
        f"Favor with {person.name}",
        fields,
        lambda kith, v: forms.favor(kith.journal, person, v, kith.today()),
        lambda kith, r: kith.journal.add_favor(r),
        done,
    )


def new_event(app: App[Any], done: Done = None) -> None:
    """The new-event form."""
    fields = [
        Field("name", "Event", "PyData Berlin"),
        Field("on", "When", "today", date_ahead=False),
        Field("place", "Where", "Kulturbrauerei, Berlin"),
        Field("online", "Online platform", "zoom, discord (empty: in person)"),
    ]
    _open(
        app,
        "New event",
        fields,
        lambda kith, v: forms.event(kith.journal, v, kith.today()),
        lambda kith, r: kith.journal.add_event(r),
        done,
    )
