"""Correcting the past: edit or forget any interaction, promise, favor or event by its key; rename, merge
and forget events; merge and forget people.

Each function is one `journal.writing()` block, so each is one change: all of it is saved or none.
Interactions live in buckets chosen by their first person; whatever moves or removes one rebuilds
the derived contact index inside the same change, so the next read (in this process or another)
sees the journal as it now is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from journal import contact
from journal.errors import Conflict, NotFound, UserError
from journal.journal import Journal
from journal.model import (
    Event,
    Favor,
    Interaction,
    Need,
    NeedOrOffer,
    Offer,
    Person,
    Promise,
    Record,
    Snooze,
    key_of,  # kept here too: callers know it as editing.key_of
    normalise,
)
from journal.store.index import bucket_name

KINDS = ("interaction", "promise", "favor", "event", "need", "offer")
_KEY = re.compile(r"^(interaction|promise|nudge|favor|event|need|offer):([0-9a-f]{4,32})$")
PLACEHOLDER_NAME = "Unknown (restored by kith check)"


def is_key(text: str) -> bool:
    """Whether `text` is a record key such as `interaction:3fa2c1d0` (a reminder's `nudge:` too)."""
    return bool(_KEY.match(text.strip().lower()))


@dataclass(frozen=True)
class Found:
    """A record a key names, and for an interaction, the bucket that holds it."""

    record: Interaction | Promise | Favor | Event | NeedOrOffer
    bucket: str | None = None

    @property
    def kind(self) -> str:
        """interaction, promise, favor or event."""
        return type(self.record).__name__.lower()


def find(journal: Journal, key: str) -> Found:
    """The record a key (or the start of one) names; NotFound or UserError if none or several."""
    match = _KEY.match(key.strip().lower())
    if not match:
        raise UserError(f"{key!r} is not a record key; keys look like interaction:3fa2c1d0 (see `kith show PERSON`)")
    kind, prefix = match[1], match[2]
    kind = "promise" if kind == "nudge" else kind
    found: list[Found]
    if kind == "interaction":
        found = [Found(Interaction.from_doc(doc), name) for name, doc in _interaction_docs(journal, prefix)]
    else:
        kinds: dict[str, type[Promise | Favor | Event | NeedOrOffer]] = {
            "promise": Promise, "favor": Favor, "event": Event, "need": Need, "offer": Offer
        }  # fmt: skip
        cls = kinds[kind]
        found = [Found(r) for r in journal.records(cls) if r.uid.startswith(prefix)]
    if not found:
        raise NotFound(f"no {kind} {key!r}; `kith show PERSON` (or `kith events`) lists the keys")
    if len(found) > 1:
        raise UserError(f"{key!r} matches {len(found)} {kind}s; type more of the key")
    return found[0]


def _interaction_docs(journal: Journal, prefix: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name in journal.files.bucket_names():
        for doc in (journal.files.bucket(name).file.read() or {}).get("interactions", {}).values():
            if str(doc.get("uid", "")).startswith(prefix):
                out.append((name, doc))
    return out


# records


def edit(journal: Journal, key: str, change: Callable[[Any], Any]) -> Record:
    """Replace the record a key names by `change(copy of it)`, checked as a new one would be."""
    with journal.writing():
        found = find(journal, key)
        record = change(_copy(found.record)).validated()
        if isinstance(record, Interaction):
            _check_people(journal, record.people)
            _rewrite_interactions(journal, {found.record.uid: record})
        else:
            if isinstance(record, Promise | Favor | NeedOrOffer):
                _check_people(journal, [record.person])
            journal.save(record)
            if isinstance(record, Favor):
                _resync_favor_given(journal, found.record, record)  # type: ignore[arg-type]
    return record


def forget(journal: Journal, key: str) -> Found:
    """Remove the record a key names; an event's people keep their met date and get its place."""
    with journal.writing():
        found = find(journal, key)
        record = found.record
        if isinstance(record, Interaction):
            _rewrite_interactions(journal, {record.uid: None})
            _unlink_promises(journal, record.uid)
        elif isinstance(record, Event):
            _forget_event(journal, record)
        else:
            journal.remove(record)
            _forget_about(journal, record.uid, record.person)
    return found


def _resync_favor_given(journal: Journal, before: Favor, after: Favor) -> None:
    """A favor given is contact on its day (journal/contact.py): keep that interaction in step."""
    if before.given == after.given and before.on == after.on and before.person == after.person:
        return
    mine = {i.uid: None for i in journal.interactions_of(before.person) if i.about == before.uid and i.kind == "other"}
    _rewrite_interactions(journal, mine)
    if after.given:
        journal.log(contact.favor_given(after))


def _forget_about(journal: Journal, uid: str, person_uid: str) -> None:
    """Remove the contacts logged for a promise or favor that is forgotten (kept, given, thanked)."""
    gone: dict[str, Interaction | None] = {i.uid: None for i in journal.interactions_of(person_uid) if i.about == uid}
    if gone:
        _rewrite_interactions(journal, gone)


def _unlink_promises(journal: Journal, interaction_uid: str) -> None:
    promises = [p for p in journal.records(Promise) if p.interaction == interaction_uid]
    for promise in promises:
        journal.save(replace(promise, interaction=None))


# events


def add_event(journal: Journal, event: Event, *, force: bool = False) -> Event:
    """Add an event; a second one with the same name and date is refused unless `force`."""
    event.validated()
    with journal.writing():
        same = [e for e in journal.records(Event) if normalise(e.name) == normalise(event.name) and e.on == event.on]
        if same and not force:
            raise Conflict(
                f"{same[0].name} on {same[0].on} is already in the journal [{key_of(same[0])}]; "
                "add --force for a second event of that name and date"
            )
        journal.add_event(event)
    return event


def find_event(journal: Journal, query: str) -> Event:
    """The event a user means by its key, uid start or name (the only one of that name)."""
    text = query.strip()
    if is_key(text) and text.lower().startswith("event:"):
        record = find(journal, text).record
        assert isinstance(record, Event)
        return record
    named = [e for e in journal.events() if normalise(e.name) == normalise(text)]
    if not named and len(text) >= 4 and re.fullmatch(r"[0-9a-f]+", text.lower()):
        named = [e for e in journal.events() if e.uid.startswith(text.lower())]
    if not named:
        raise NotFound(f"no event named {query!r}; `kith events` lists them")
    if len(named) > 1:
        which = ", ".join(f"{e.on or 'undated'} [{key_of(e)}]" for e in named)
        raise UserError(f"{len(named)} events are called {query!r} ({which}); name one by its key")
    return named[0]


def rename_event(journal: Journal, query: str, name: str) -> Event:
    """Give an event a new name."""
    with journal.writing():
        event = find_event(journal, query)
        renamed = replace(event, name=name).validated()
        journal.save(renamed)
    return renamed


def merge_events(journal: Journal, source: str, target: str) -> tuple[Event, Event, int]:
    """Everyone met at `source` is then met at `target`, and `source` is removed; returns how many moved."""
    with journal.writing():
        old, into = find_event(journal, source), find_event(journal, target)
        if old.uid == into.uid:
            raise UserError(f"{old.name} and {into.name} are the same event [{key_of(old)}]")
        moved = [replace(p, met_event=into.uid) for p in journal.people(archived=True) if p.met_event == old.uid]
        journal.save_people(moved)
        if old.notes and not into.notes:
            journal.save(replace(into, notes=old.notes))
        journal.files.main.records(Event.table).remove(lambda doc: doc.get("uid") == old.uid)
    return old, into, len(moved)


def _forget_event(journal: Journal, event: Event) -> None:
    met = [p for p in journal.people(archived=True) if p.met_event == event.uid]
    journal.save_people(
        [
            replace(p, met_event=None, met_place=p.met_place or event.place, met_online=p.met_online or event.platform)
            for p in met
        ]
    )
    journal.files.main.records(Event.table).remove(lambda doc: doc.get("uid") == event.uid)


# people


def merge_people(journal: Journal, source: Person, target: Person) -> Person:
    """Move everything of `source` to `target` (interactions, promises, favors, introductions, handles,
    tags, aliases, notes), keep `source`'s name as an alias, and remove `source`."""
    if source.uid == target.uid:
        raise UserError(f"{source.name} and {target.name} are the same person [{source.uid[:8]}]")
    with journal.writing():
        old, into = journal.person(source.uid), journal.person(target.uid)
        if old is None or into is None:
            raise NotFound("that person is no longer in the journal")
        merged = _merged(old, into)
        _repoint(journal, old.uid, into.uid)
        journal.files.people_part(old.uid).records(Person.table).remove(lambda doc: doc.get("uid") == old.uid)
        journal.save_person(merged)
    return merged


def _merged(old: Person, into: Person) -> Person:
    handles = dict(into.handles)
    for platform, value in old.handles.items():
        if value in handles.values():
            continue
        slot, n = platform, 2
        while slot in handles:
            slot, n = f"{platform}{n}", n + 1
        handles[slot] = value
    aliases = [a for a in [*into.aliases, old.name, *old.aliases] if normalise(a) != normalise(into.name)]
    notes = "\n\n".join(n for n in (into.notes, old.notes) if n) or None
    introducer = into.introduced_by or old.introduced_by
    return replace(
        into,
        aliases=list(dict.fromkeys(aliases)),
        handles=handles,
        tags=list(dict.fromkeys([*into.tags, *old.tags])),
        notes=notes,
        company=into.company or old.company,
        role=into.role or old.role,
        met_on=min(d for d in (into.met_on, old.met_on) if d) if (into.met_on or old.met_on) else None,
        met_event=into.met_event or old.met_event,
        met_place=into.met_place or old.met_place,
        met_online=into.met_online or old.met_online,
        introduced_by=None if introducer in (old.uid, into.uid) else introducer,
        every=into.every or old.every,
        birthday=into.birthday or old.birthday,
    )


def _repoint(journal: Journal, old: str, new: str) -> None:
    """Every record that points at person `old` points at `new` instead."""
    moved: list[Promise | Favor] = [replace(r, person=new) for r in journal.records(Promise) if r.person == old]
    moved += [replace(r, person=new) for r in journal.records(Favor) if r.person == old]
    moved = [_reintroduced(r, old, new) if isinstance(r, Favor) else r for r in moved]
    moved += [_reintroduced(r, old, new) for r in journal.records(Favor) if r.introduced == old and r.person != old]
    for record in moved:
        journal.save(record)
    for cls in (Need, Offer):
        for wish in [replace(r, person=new) for r in journal.records(cls) if r.person == old]:
            journal.save(wish)
    introduced = [
        replace(p, introduced_by=None if p.uid == new else new)
        for p in journal.people(archived=True)
        if p.introduced_by == old
    ]
    if introduced:
        journal.save_people(introduced)
    changes: dict[str, Interaction | None] = {}
    for i in journal.interactions_of(old):
        changes[i.uid] = replace(i, people=list(dict.fromkeys(new if p == old else p for p in i.people)))
    _rewrite_interactions(journal, changes)
    _rekey_snoozes(journal, old, new)


def _reintroduced(favor: Favor, old: str, new: str) -> Favor:
    """An introduction I made that named `old` names `new`; one that now introduces someone to themselves
    stays a favor given, no longer an introduction."""
    introduced = new if favor.introduced == old else favor.introduced
    return replace(favor, introduced=None if introduced == favor.person else introduced)


def _rekey_snoozes(journal: Journal, old: str, new: str | None) -> None:
    table = journal.files.main.records(Snooze.table)
    for snooze in journal.records(Snooze):
        kind, _, uid = snooze.key.partition(":")
        uid, dash, year = uid.partition("-")  # a birthday's or anniversary's key: the person's uid and a year
        if uid == old:
            table.remove(lambda doc, key=snooze.key: doc.get("key") == key)
            if new and not any(s.key == f"{kind}:{new}{dash}{year}" for s in journal.records(Snooze)):
                table.insert(replace(snooze, key=f"{kind}:{new}{dash}{year}").to_doc())


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a person removed, for the confirmation line."""

    interactions: int
    promises: int
    favors: int


def forget_person(journal: Journal, person: Person) -> Forgotten:
    """Remove a person and everything only theirs; a group interaction just loses them."""
    with journal.writing():
        if journal.person(person.uid) is None:
            raise NotFound(f"{person.name} is no longer in the journal")
        changes: dict[str, Interaction | None] = {}
        removed = 0
        for i in journal.interactions_of(person.uid):
            others = [p for p in i.people if p != person.uid]
            changes[i.uid] = replace(i, people=others) if others else None
            removed += not others
        _rewrite_interactions(journal, changes)
        counts = []
        for cls in (Promise, Favor, Need, Offer):
            table = journal.table_of(cls, person.uid)
            counts.append(len(table.remove(lambda doc: doc.get("person") == person.uid)))
        for favor in journal.records(Favor):
            if favor.introduced == person.uid:
                journal.save(replace(favor, introduced=None))
        everyone = journal.people(archived=True)
        introduced = [replace(p, introduced_by=None) for p in everyone if p.introduced_by == person.uid]
        if introduced:
            journal.save_people(introduced)
        _rekey_snoozes(journal, person.uid, None)
        journal.files.people_part(person.uid).records(Person.table).remove(lambda doc: doc.get("uid") == person.uid)
    return Forgotten(removed, counts[0], counts[1])


# interactions across buckets


def _rewrite_interactions(journal: Journal, changes: Mapping[str, Interaction | None]) -> None:
    """Replace (or with None remove) interactions by uid, moving one whose first person changed to that
    person's bucket, then rebuild the contact index from the buckets as they now are."""
    if not changes:
        return
    pending = dict(changes)
    for name in journal.files.bucket_names():
        table = journal.files.bucket(name).records("interactions")
        hits = [doc for doc in table.all() if doc.get("uid") in pending]
        for doc in hits:
            new = pending.pop(doc["uid"])
            table.remove(doc_ids=[doc.doc_id])
            if new is not None:
                journal.files.bucket(bucket_name(new.people[0])).records("interactions").insert(new.to_doc())
        if not pending:
            break
    journal.files.index.rebuild()


def _check_people(journal: Journal, uids: list[str]) -> None:
    for uid in uids:
        if journal.person(uid) is None:
            raise NotFound(f"{uid[:8]} is not a person in the journal")


def _copy(record: Any) -> Any:
    """A copy whose lists and dicts the change cannot share with the stored record."""
    names = record.__dataclass_fields__
    values = {k: v for k, v in vars(record).items() if k in names}
    return replace(record, **{k: list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v
                              for k, v in values.items()})  # fmt: skip
