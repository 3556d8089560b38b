"""The two-way step of `kith vdir`: what changed in the folders comes into the journal as one change, then
the journal goes out to the folders, and the state remembers what both hold now.

Who changed what is told by the state (journal/vdir/state.py): a file whose bytes differ from the state's
was changed on the other side; a person whose revision differs was changed in Kith. A synced value
(contacts.SYNCED) changed on one side only is taken from that side; changed on both, the newer change wins
(the card's REV, else its file's time, against the time of Kith's change in the change log), the other
side's value staying in the change log (as the earlier change, or named in this change's summary). A file
deleted on the other side forgets its person or promise only if Kith did not change it since; otherwise it
is written again, as it is when many files vanish at once (a folder emptied by mistake must not forget
everyone).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from journal.errors import KithError, NotFound, UserError
from journal.journal import Journal
from journal.model import Person, handle_kind
from journal.vdir import contacts, tasks
from journal.vdir import state as kept
from journal.vdir.folder import Item, ItemUnreadable, Vdir, file_name, fingerprint

MASS_DELETE = 5  # more files than this gone at once, and more than half of a folder's, are not forgets


@dataclass
class Outcome:
    """What one run did, for the line `kith vdir` prints (and its JSON)."""

    added: int = 0
    updated: int = 0
    forgotten: int = 0
    done: int = 0
    dropped: int = 0
    snoozed: int = 0
    cards_written: int = 0
    cards_removed: int = 0
    tasks_written: int = 0
    tasks_closed: int = 0
    notes: list[str] = field(default_factory=list)

    def skip(self, side: str, name: str, why: str) -> None:
        """Name a file left alone, and why."""
        self.notes.append(f"{side}/{name} skipped: {why}")

    def brought_in(self) -> str:
        """What came into the journal, in words, for the change log."""
        counts = [
            (self.added, "person added", "people added"), (self.updated, "person updated", "people updated"),
            (self.forgotten, "record forgotten", "records forgotten"), (self.done, "reminder done", "reminders done"),
            (self.dropped, "reminder dropped", "reminders dropped"),
            (self.snoozed, "reminder snoozed", "reminders snoozed"),
        ]  # fmt: skip
        said = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        return "from the vdirs: " + (", ".join(said) or "nothing")

    def summary(self) -> str:
        """One line of counts."""
        into = (
            f"{self.added} added, {self.updated} updated, {self.forgotten} forgotten; "
            f"{self.done} done, {self.dropped} dropped, {self.snoozed} snoozed"
        )
        cards, todos = (
            ("card" if self.cards_written == 1 else "cards"),
            ("to-do" if self.tasks_written == 1 else "to-dos"),
        )
        out = (
            f"{self.cards_written} {cards} written, {self.cards_removed} removed; "
            f"{self.tasks_written} {todos} written, {self.tasks_closed} closed"
        )
        return f"From the vdirs: {into}. To them: {out}."

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form of `kith vdir --json`."""
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class _Side:
    """One folder during a run: its entries in the state, and what was found in it."""

    label: str
    folder: Vdir
    items: dict[str, dict[str, Any]]
    present: set[str] = field(default_factory=set)
    changed: dict[str, Item] = field(default_factory=dict)  # new or changed since the state, as read now
    set_aside: dict[str, Any] = field(default_factory=dict)  # files left alone before, by name: their stat then
    left_alone: set[str] = field(default_factory=set)  # unreadable, or not Kith's to write
    seen: dict[str, Any] = field(default_factory=dict)  # what each changed file said: a card's fields, a Task

    def stands(self, name: str, entry: dict[str, Any] | None, made_of: str, rev: int | None) -> bool:
        """Whether a file changed on the other side only in ways that need nothing written back (a server
        that reformats every card it stores would otherwise bounce it back and forth): Kith's side is as
        when it last wrote the file. The file then becomes the version known."""
        if name not in self.changed or not entry or entry.get("source") != made_of or entry.get("rev") != rev:
            return False
        entry.update(sig=self.changed[name].sig, stat=self.changed[name].stat)
        return True

    def put(self, name: str, data: bytes, outcome: Outcome) -> tuple[Any, bool] | None:
        """Write a file unless it holds these bytes already: its stat and whether it was written; None, said in
        the outcome, when it changed under us (it is read again next run)."""
        if fingerprint(data) == self.expected(name) and name in self.present:
            return self.folder.stat(name), False
        stat = self.folder.write(name, data, self.expected(name))
        if stat is None:
            outcome.notes.append(f"{self.label}/{name} changed while Kith wrote it; read again next run")
            return None
        return stat, True

    def expected(self, name: str) -> str | None:
        """The version of a file a write may replace: as read now, as last written, or absent."""
        if name in self.changed:
            return self.changed[name].sig
        if name in self.present and name in self.items:
            return self.items[name].get("sig")
        return None


def run(journal: Journal, contacts_dir: Path | None, tasks_dir: Path | None) -> Outcome:
    """Bring the journal and the vdirs in step, both ways."""
    outcome = Outcome()
    with _running(journal):
        state, problem = kept.read(journal.path, journal.files.side("vdir"))
        if problem:
            outcome.notes.append(problem)
        today = journal.today()
        cards = _side("contacts", contacts_dir, contacts.SUFFIX, state) if contacts_dir else None
        todos = _side("tasks", tasks_dir, tasks.SUFFIX, state) if tasks_dir else None
        for side in (cards, todos):
            if side:
                _scan(side, outcome)
        lost: list[str] = []
        with journal.writing(journal.command or "kith vdir"):
            if cards:
                lost = _cards_in(journal, cards, outcome)
                _cards_gone(journal, cards, outcome)
            if todos:
                _tasks_in(journal, todos, outcome, today)
                _tasks_gone(journal, todos, outcome, today)
            if lost and journal.files.changed():  # the other side's values Kith kept, in the log too
                journal.files.summary = f"{outcome.brought_in()}; {'; '.join(lost)}"
            if journal.files.changed():  # what was read is kept with what it brought in (journal/vdir/state.py)
                journal.files.set_side("vdir", kept.for_commit(state, _taken_in(state, (cards, todos))))
        journal.refresh()  # the records as committed, with the revisions the commit gave them
        if cards:
            _cards_out(journal, cards, outcome)
        if todos:
            _tasks_out(journal, todos, outcome, today)
        kept.write(journal.path, state)
    return outcome


def _taken_in(state: dict[str, Any], sides: tuple[_Side | None, ...]) -> dict[str, Any]:
    """The state as the commit that takes the other side's edits in leaves it: each file read is known as it
    is now, its values as the base, and (no `source`) it is written again next run if Kith's version differs."""
    import orjson

    taken: dict[str, Any] = orjson.loads(orjson.dumps(state))
    for side in filter(None, sides):
        items = taken[side.label]["items"]
        for name, seen in side.seen.items():
            entry, item = items.get(name), side.changed.get(name)
            if entry is None or item is None:
                continue
            if isinstance(seen, tasks.Task):
                seen = {"status": seen.status, "due": seen.due.isoformat() if seen.due else None}
            entry.update(sig=item.sig, stat=item.stat, base=seen)
            entry.pop("source", None)
    return taken


@contextlib.contextmanager
def _running(journal: Journal) -> Iterator[None]:
    """One `kith vdir` at a time per journal (the TUI's worker and a shell's may meet)."""
    from journal.store.lock import Busy, Lock

    path = kept.state_path(journal.path).with_name("vdir.lock")
    if not path.parent.is_dir():
        from journal.store.files import make_private_folder

        make_private_folder(path.parent)
    lock = Lock(str(path))
    try:
        lock.acquire(timeout=30)
    except Busy:
        raise UserError("another `kith vdir` of this journal has been running for 30 s; try again") from None
    try:
        yield
    finally:
        lock.release()


def _side(label: str, path: Path, suffix: str, state: dict[str, Any]) -> _Side:
    folder = Vdir(path, suffix)
    folder.check()
    return _Side(label, folder, kept.section(state, label, path), set_aside=kept.set_aside(state, label))


def _leave_alone(side: _Side, name: str, outcome: Outcome, why: str | None) -> None:
    """Leave a file alone in this run and the next ones while it stays as it is, naming it (once) if `why`."""
    side.left_alone.add(name)
    side.set_aside[name] = side.changed[name].stat if name in side.changed else side.folder.stat(name)
    side.changed.pop(name, None)
    if why:
        outcome.skip(side.label, name, why)


def _scan(side: _Side, outcome: Outcome) -> None:
    """Find the files new or changed since the state, reading only those whose stat changed."""
    names = side.folder.names()
    side.present = set(names)
    for name in [n for n in side.set_aside if n not in side.present]:
        del side.set_aside[name]
    for name in names:
        entry = side.items.get(name)
        stat = side.folder.stat(name)
        if name in side.set_aside:
            if side.set_aside[name] == stat:  # left alone before and unchanged since: said already
                side.left_alone.add(name)
                continue
            del side.set_aside[name]
        if entry and stat == entry.get("stat"):
            continue
        try:
            item = side.folder.read(name)
        except ItemUnreadable as exc:
            _leave_alone(side, name, outcome, str(exc))
            continue
        if item is None:  # gone while listed: seen as gone next run
            side.present.discard(name)
            continue
        if entry and item.sig == entry.get("sig"):
            entry["stat"] = item.stat
            continue
        side.changed[name] = item


# contacts


def _cards_in(journal: Journal, side: _Side, outcome: Outcome) -> list[str]:
    """Take the new and edited cards into the journal; returns the values Kith kept over newer-looking
    ones of the other side, in words, for the change's summary."""
    from journal.importing import same_person

    linked = {str(e.get("uid")): name for name, e in side.items.items()}
    lost: list[str] = []
    for name, item in sorted(side.changed.items()):
        entry = side.items.get(name)
        try:
            card = contacts.read(journal, item.data)
            side.seen[name] = contacts.fields(card.draft)
        except contacts.CardUnreadable as exc:
            _leave_alone(side, name, outcome, str(exc))
            continue
        for why in card.left_out:
            outcome.notes.append(f"{side.label}/{name}: {why}; kept the rest")
        uid = str(entry["uid"]) if entry else card.kith_uid
        person = journal.person(uid) if uid else None
        if entry is None and person is None:
            match = same_person(journal, card.draft)
            person = match if match is not None and match.uid not in linked else None
        if person is not None and entry is None and person.uid in linked:
            _leave_alone(side, name, outcome, f"a second card of {person.name} (the first is {linked[person.uid]})")
            continue
        if person is None and entry is not None:
            outcome.notes.append(f"{side.label}/{name}: its person is no longer in the journal; the edit is not kept")
            continue
        try:
            if person is None:
                person = journal.add_person(card.draft, force=True)
                outcome.added += 1
            else:
                lost += _merge(journal, person, card, entry, item, side, outcome)
        except KithError as exc:
            _leave_alone(side, name, outcome, str(exc))
            continue
        if entry is None:
            side.items[name] = {"uid": person.uid, "card_uid": card.card_uid or person.uid}
            linked[person.uid] = name
    return lost


def _merge(
    journal: Journal, person: Person, card: contacts.Card, entry: dict[str, Any] | None, item: Item, side: _Side,
    outcome: Outcome,
) -> list[str]:  # fmt: skip
    """Take a card's synced values that changed on its side; returns the ones Kith kept instead."""
    base = entry.get("base") if entry else None
    mine, theirs = contacts.fields(person), contacts.fields(card.draft)
    updated, lost = person, []
    for name in contacts.SYNCED:
        their, my = theirs[name], mine[name]
        if their == my:
            continue
        if not isinstance(base, dict):  # a card never synced: it only fills what Kith lacks
            if my in (None, "", []):
                updated = contacts.with_value(updated, name, card.draft)
            continue
        if their == base.get(name):
            continue
        if my != base.get(name):  # changed on both sides
            kith_at = _changed_at(journal, person.uid, name)
            their_at = card.changed_at or datetime.fromtimestamp(item.stat[2] / 1e9, UTC)
            if kith_at is not None and kith_at >= their_at:
                shown = ", ".join(their) if isinstance(their, list) else their
                lost.append(f"kept {person.name}'s {name} from Kith (newer); the address book had {shown or 'none'}")
                outcome.notes.append(f"{side.label}/{item.name}: {lost[-1]}")
                continue
            outcome.notes.append(
                f"{side.label}/{item.name}: took {person.name}'s {name} from the address book (newer); "
                "Kith's stays in `kith history`"
            )
        updated = contacts.with_value(updated, name, card.draft)
    if updated is not person:
        journal.save_person(updated)
        outcome.updated += 1
    return lost


def _changed_at(journal: Journal, uid: str, name: str) -> datetime | None:
    """When Kith last changed one synced value of a person, from the change log."""
    for change in journal.history(uid, limit=200):
        for op in change.ops:
            if op.table == "people" and op.uid == uid and _value(op.before, name) != _value(op.after, name):
                with contextlib.suppress(ValueError):
                    return datetime.fromisoformat(change.at)
    return None


def _value(doc: dict[str, Any] | None, name: str) -> Any:
    """A synced value as a stored person holds it."""
    if doc is None:
        return None
    if name in ("email", "phone"):
        handles = doc.get("handles") or {}
        return [v for k, v in handles.items() if handle_kind(str(k)) == name] if isinstance(handles, dict) else None
    return doc.get(name)


def _cards_gone(journal: Journal, side: _Side, outcome: Outcome) -> None:
    """Forget the people whose card was deleted on the other side, unless Kith changed them since."""
    from journal.editing import forget_person

    to_forget: list[tuple[str, Person]] = []
    for name in [n for n in side.items if n not in side.present]:
        entry = side.items[name]
        person = journal.person(str(entry.get("uid")))
        if person is None or person.archived or "sig" not in entry:
            del side.items[name]
        elif person.rev == entry.get("rev"):
            to_forget.append((name, person))
        else:
            entry.pop("sig", None)  # written again, as a new file
            outcome.notes.append(
                f"{side.label}/{name}: {person.name}'s card was deleted there but changed here since; written again"
            )  # noqa: E501
    if _too_many(to_forget, side, outcome, "cards", "people"):
        return
    for name, person in to_forget:
        forget_person(journal, person)
        outcome.forgotten += 1
        del side.items[name]


def _too_many(gone: list[Any], side: _Side, outcome: Outcome, files: str, records: str) -> bool:
    """Whether so many files vanished at once that they are written again instead of taken as deletions."""
    emptied = len(gone) > 1 and not side.present  # a folder emptied, or another folder mounted in its place
    if not emptied and (len(gone) <= MASS_DELETE or len(gone) * 2 <= len(side.items)):
        return False
    for name, _ in gone:
        side.items[name].pop("sig", None)
    outcome.notes.append(
        f"{len(gone)} of {len(side.items)} {files} in {side.folder.path} vanished at once; written again rather "
        f"than forgetting {len(gone)} {records} (delete fewer at a time, or use `kith forget`)"
    )
    return True


def _cards_out(journal: Journal, side: _Side, outcome: Outcome) -> None:
    """Write the card of everyone not archived that changed on either side; remove the others' cards."""
    from journal.formats import open_wishes

    wishes = open_wishes(journal)
    people = {p.uid: p for p in journal.people()}
    by_person = {str(e.get("uid")): name for name, e in side.items.items()}
    for uid, person in people.items():
        name = by_person.get(uid) or file_name(uid, contacts.SUFFIX)
        entry = side.items.get(name)
        if name in side.left_alone or (entry is None and name in side.present):
            continue
        made_of = contacts.source(journal, person, wishes)
        unchanged = name in side.present and name not in side.changed and entry and "sig" in entry
        if unchanged and entry and entry.get("source") == made_of and entry.get("rev") == person.rev:
            continue
        if side.seen.get(name) == contacts.fields(person) and side.stands(name, entry, made_of, person.rev):
            continue
        previous = _previous(side, name)
        if previous is None:
            outcome.notes.append(f"{side.label}/{name} changed while Kith read it; read again next run")
            continue
        card_uid = str((entry or {}).get("card_uid") or uid)
        data = contacts.render(journal, person, wishes, card_uid, previous or None)
        put = side.put(name, data, outcome)
        if put is None:
            continue
        outcome.cards_written += put[1]
        side.items[name] = {
            "uid": uid, "card_uid": card_uid, "sig": fingerprint(data), "stat": put[0],
            "rev": person.rev, "base": contacts.fields(person), "source": made_of,
        }  # fmt: skip
    for name, entry in list(side.items.items()):
        if entry.get("uid") in people or name in side.left_alone:
            continue
        if name not in side.present or side.folder.remove(name, side.expected(name)):
            outcome.cards_removed += name in side.present
            del side.items[name]
        else:
            outcome.notes.append(f"{side.label}/{name} changed while Kith removed it; read again next run")


def _previous(side: _Side, name: str) -> bytes | None:
    """The bytes of the file a write replaces (b"" when there is none), or None if it is not the version
    expected any more."""
    if name in side.changed:
        return side.changed[name].data
    if name not in side.present:
        return b""
    try:
        item = side.folder.read(name)
    except ItemUnreadable:
        return None
    if item is None:
        return b""
    return item.data if item.sig == side.expected(name) else None


# tasks


def _tasks_in(journal: Journal, side: _Side, outcome: Outcome, today: date) -> None:
    """Do, drop or snooze the reminders whose to-do was ticked, cancelled or moved on the other side."""
    from journal import reminders

    for name, item in sorted(side.changed.items()):
        entry = side.items.get(name)
        try:
            task = tasks.read(item.data)
            side.seen[name] = task
        except tasks.TaskUnreadable as exc:
            _leave_alone(side, name, outcome, str(exc))
            continue
        key = str(entry["key"]) if entry else task.key
        if key is None:  # a to-do of the user's own, not Kith's
            _leave_alone(side, name, outcome, None)
            continue
        if entry is None:
            entry = side.items[name] = {"key": key}
        base = entry.get("base") or {"status": "open", "due": None}
        if entry.get("closed"):  # closed in Kith already: what the other side does to it changes nothing
            entry.update(sig=item.sig, stat=item.stat)
            side.changed.pop(name)
            continue
        try:
            if task.status == "done" and base.get("status") != "done":
                reminders.done(journal, key, today)
                outcome.done += 1
            elif task.status == "dropped" and base.get("status") != "dropped":
                reminders.drop(journal, key, today)
                outcome.dropped += 1
            elif task.status == "open" and task.due and task.due.isoformat() != base.get("due"):
                if task.due > today:
                    reminders.snooze(journal, key, task.due, today)
                    outcome.snoozed += 1
                else:
                    outcome.notes.append(f"{side.label}/{name}: moved to {task.due}, not after today; not snoozed")
        except NotFound:
            pass  # done or gone in Kith already
        except KithError as exc:
            outcome.notes.append(f"{side.label}/{name}: {exc}")


def _tasks_gone(journal: Journal, side: _Side, outcome: Outcome, today: date) -> None:
    """Forget the promise (or drop the reminder) whose open to-do was deleted on the other side, unless
    Kith changed it since; a keep-in-touch comes back every cadence, so its to-do is written again."""
    from journal import reminders
    from journal.editing import forget

    gone: list[tuple[str, str]] = []
    for name in [n for n in side.items if n not in side.present]:
        entry = side.items[name]
        key = str(entry.get("key"))
        kind, _, uid = key.partition(":")
        if entry.get("closed") or "sig" not in entry:
            del side.items[name]
            continue
        promise = journal.promise(uid) if kind in ("promise", "nudge") else None
        if kind in ("promise", "nudge") and (promise is None or promise.status != "open"):
            del side.items[name]
        elif kind == "keep-in-touch" or (promise is not None and promise.rev != entry.get("rev")):
            entry.pop("sig", None)
            if promise is not None:
                outcome.notes.append(f"{side.label}/{name}: deleted there but changed here since; written again")
        else:
            gone.append((name, key))
    if _too_many(gone, side, outcome, "to-dos", "reminders"):
        return
    for name, key in gone:
        kind, _, uid = key.partition(":")
        with contextlib.suppress(NotFound):
            if kind in ("promise", "nudge"):
                forget(journal, key)
                outcome.forgotten += 1
            else:
                reminders.drop(journal, key, today)
                outcome.dropped += 1
        del side.items[name]


def _tasks_out(journal: Journal, side: _Side, outcome: Outcome, today: date) -> None:
    """Write the to-do of every reminder open today or later; mark those that closed since."""
    from journal.reminders import upcoming

    by_key = {str(e.get("key")): name for name, e in side.items.items()}
    wanted: set[str] = set()
    for reminder in upcoming(journal, today):
        if reminder.kind in tasks.SKIPPED:
            continue
        wanted.add(reminder.key)
        name = by_key.get(reminder.key) or tasks.file_stem(reminder.key) + tasks.SUFFIX
        entry = side.items.get(name)
        if name in side.left_alone or (entry is None and name in side.present):
            continue
        made_of = tasks.source(journal, reminder)
        unchanged = name in side.present and name not in side.changed and entry and "sig" in entry
        promise = journal.promise(reminder.uid) if reminder.kind in ("promise", "nudge") else None
        rev = promise.rev if promise else None
        if unchanged and entry and entry.get("source") == made_of and entry.get("rev") == rev:
            continue
        seen, due = side.seen.get(name), tasks.due(journal, reminder)
        opened = isinstance(seen, tasks.Task) and seen.status == "open" and seen.due == due
        if opened and side.stands(name, entry, made_of, rev):
            continue
        data = tasks.render(journal, reminder)
        sig = fingerprint(data)
        put = side.put(name, data, outcome)
        if put is None:
            continue
        outcome.tasks_written += put[1]
        side.items[name] = {
            "key": reminder.key, "sig": sig, "stat": put[0], "rev": rev,
            "base": {"status": "open", "due": due.isoformat()}, "source": made_of,
            "since": reminder.since.isoformat(),
        }  # fmt: skip
    snoozes = journal.snoozes()
    for name, entry in list(side.items.items()):
        key = str(entry.get("key"))
        if key in wanted or entry.get("closed") or name in side.left_alone or name not in side.present:
            if key not in wanted and name not in side.present:
                del side.items[name]
            continue
        status = _closed_as(journal, entry, snoozes)
        if status is None:  # its record is gone: so is its to-do
            if side.folder.remove(name, side.expected(name)):
                del side.items[name]
                outcome.tasks_closed += 1
            continue
        previous = _previous(side, name)
        closing = tasks.closed(previous, status, today) if previous else None
        if closing is None:
            outcome.notes.append(f"{side.label}/{name} could not be marked {status}; left as it is")
            continue
        stat = side.folder.write(name, closing, side.expected(name))
        if stat is None:
            outcome.notes.append(f"{side.label}/{name} changed while Kith wrote it; read again next run")
            continue
        entry.update(sig=fingerprint(closing), stat=stat, closed=True, base={"status": status, "due": None})
        outcome.tasks_closed += 1


def _closed_as(journal: Journal, entry: dict[str, Any], snoozes: dict[str, str | None]) -> str | None:
    """How a reminder no longer open ended: done, dropped, or None when its record is gone. A promise
    says so itself; a favor was thanked or not; any other reminder was done if there was contact with its
    person since it showed (a follow-up whose window passed without any was dropped)."""
    from journal.contact import last_contact

    key = str(entry.get("key"))
    kind, _, uid = key.partition(":")
    if kind in ("promise", "nudge"):
        promise = journal.promise(uid)
        if promise is None:
            return None
        return "done" if promise.status == "done" else "dropped"
    if kind == "thanks":
        favor = journal.favor(uid)
        return None if favor is None else "done" if favor.thanked else "dropped"
    person = journal.person(uid.split("-")[0]) if kind != "reply" else None
    if kind != "reply" and (person is None or person.archived):
        return "dropped"
    if person is not None:
        last = last_contact(person, journal.contact(person.uid)) or ""
        return "done" if last >= str(entry.get("since") or "9999") else "dropped"
    return "dropped" if key in snoozes and snoozes[key] is None else "done"
