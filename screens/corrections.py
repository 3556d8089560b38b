"""Correcting the past from the TUI: edit or forget a record, merge or forget a person, a confirm dialog.

Every change is one call into journal/editing.py; the forms here only gather what was typed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from journal import editing, forms
from journal.model import Event, Favor, Interaction, Person, Promise, Record
from screens.footer import Footer
from screens.forms import Done, Field, _open
from screens.kithapp import kith_app
from screens.text import literal


class ConfirmDialog(ModalScreen[bool]):
    """Ask once before something that cannot be taken back: `y` or enter does it, `n` or escape does not."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        """The question, as literal text."""
        with Vertical(id="form", classes="dialog"):
            yield Label(literal(self.title_text), id="form-title")
            yield Label(literal(self.question))
            yield Label("y  yes · n  no", classes="field-label")
        yield Footer()  # its own keys, over those of the screen below

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


def confirm(app: App[Any], title: str, question: str, then: Any) -> None:
    """Run `then()` only if the user says yes."""

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    app.push_screen(ConfirmDialog(title, question), answered)


def describe(record: Record) -> str:
    """A record in a few words, for a dialog."""
    if isinstance(record, Interaction):
        return f"the {record.kind} on {record.on}" + (f": {record.summary.splitlines()[0]}" if record.summary else "")
    if isinstance(record, Promise):
        return f"the promise {record.what!r}"
    if isinstance(record, Favor):
        return f"the favor {record.what!r} ({record.on})"
    if isinstance(record, Event):
        return f"the event {record.name} ({record.on or 'undated'})"
    return editing.key_of(record)


def forget_record(app: App[Any], record: Record, done: Done = None) -> None:
    """Ask, then forget an interaction, promise, favor or event."""

    def forget() -> None:
        try:
            editing.forget(kith_app(app.screen).journal, editing.key_of(record))
        except Exception as exc:  # a KithError, or the journal changed under us
            app.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        kith_app(app.screen).said_and_undoable(f"Forgot {describe(record)}")
        if done:
            done(record)

    confirm(app, "Forget", f"Forget {describe(record)}? This removes it from the journal.", forget)


def edit_record(app: App[Any], record: Record, done: Done = None) -> None:
    """The form of the record's kind, filled with what it holds; saving replaces it."""
    journal = kith_app(app.screen).journal
    key = editing.key_of(record)

    def save(kith: Any, built: Record) -> Record:
        return editing.edit(kith.journal, key, lambda _old: built)

    if isinstance(record, Interaction):
        fields = [
            Field("summary", "What was it about?", value=record.summary or "", multiline=True),
            Field("kind", "Kind", value=record.kind),
            Field("on", "When", value=record.on, date_ahead=False),
            Field("online", "Online platform", value=record.platform or ""),
            Field("from_them", "They reached out", value="yes" if record.direction == "in" else "", check=True),
            Field("reply_needed", "They wait for my reply", value="yes" if record.reply_needed else "", check=True),
        ]
        people = [p for p in (journal.person(uid) for uid in record.people) if p]

        def build(kith: Any, values: dict[str, str]) -> Record:
            built = forms.interaction(kith.journal, people, values, kith.today())
            direction = built.direction if values.get("from_them") or record.direction == "in" else record.direction
            return replace(built, uid=record.uid, people=list(record.people), about=record.about, direction=direction)

    elif isinstance(record, Promise):
        person = journal.person(record.person) or Person(name="?")
        fields = [
            Field("what", "What was promised?", value=record.what),
            Field("by", "By when", value=record.due or "", date_ahead=True),
            Field("theirs", "They promised it to me", value="" if record.mine else "yes", check=True),
        ]

        def build(kith: Any, values: dict[str, str]) -> Record:
            built = forms.promise(kith.journal, person, values, kith.today())
            return replace(record, what=built.what, due=built.due, mine=built.mine).validated()

    elif isinstance(record, Favor):
        person = journal.person(record.person) or Person(name="?")
        fields = [
            Field("what", "What was the favor?", value=record.what),
            Field("on", "When", value=record.on, date_ahead=False),
            Field("received", "They did it for me", value="" if record.given else "yes", check=True),
            Field("referral", "A referral (business sent)", value="yes" if record.referral else "", check=True),
        ]

        def build(kith: Any, values: dict[str, str]) -> Record:
            built = forms.favor(kith.journal, person, values, kith.today())
            thanked = None if built.given else record.thanked
            return replace(
                record, what=built.what, on=built.on, given=built.given, thanked=thanked, referral=built.referral
            ).validated()

    elif isinstance(record, Event):
        fields = [
            Field("name", "Event", value=record.name),
            Field("on", "When", value=record.on or "", date_ahead=False),
            Field("place", "Where", value=record.place or ""),
            Field("online", "Online platform", value=record.platform or ""),
        ]

        def build(kith: Any, values: dict[str, str]) -> Record:
            built = forms.event(kith.journal, values, kith.today())
            return replace(built, uid=record.uid, notes=record.notes)

    else:
        return
    _open(app, f"Edit {describe(record)}", fields, build, save, done)


def merge_with(app: App[Any], person: Person, done: Done = None) -> None:
    """Pick another record of the same person; everything of it moves into this one."""
    fields = [Field("other", f"Merge into {person.name}", "the other record's name, alias or uid")]

    def build(kith: Any, values: dict[str, str]) -> Record:
        other = kith.journal.find_person(values.get("other", ""))
        if other.uid == person.uid:
            from journal.errors import UserError

            raise UserError(f"that is {person.name} already; name the other record")
        return other  # type: ignore[no-any-return]

    def save(kith: Any, other: Person) -> Person:
        return editing.merge_people(kith.journal, other, person)

    _open(app, f"Merge another record into {person.name}", fields, build, save, done)


def forget_person(app: App[Any], person: Person, done: Any = None) -> None:
    """Ask, then remove a person with everything that is only theirs."""

    def forget() -> None:
        try:
            gone = editing.forget_person(kith_app(app.screen).journal, person)
        except Exception as exc:
            app.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        kith_app(app.screen).said_and_undoable(
            f"Forgot {person.name}: {gone.interactions} interactions, {gone.promises} promises, {gone.favors} favors"
        )
        if done:
            done()

    confirm(
        app,
        "Forget a person",
        f"Forget {person.name} and everything that is only theirs? (u undoes it)",
        forget,
    )
