"""Needs and offers: what people need and can give, recorded, listed, chosen by what is typed, and closed; and
the introductions made of someone, for their card. The introductions that needs and offers suggest, and
recording one, are journal/introductions.py, so that a card loads none of the matcher.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from journal.errors import Conflict, NotFound, UserError
from journal.journal import Journal
from journal.model import Favor, Need, NeedOrOffer, Offer, Person, normalise

KINDS: dict[str, type[NeedOrOffer]] = {"need": Need, "offer": Offer}


# needs and offers


def open_ones(journal: Journal, kind: str, person_uid: str | None = None) -> list[NeedOrOffer]:
    """Open needs (or offers) of everyone not archived, or of one person, oldest first."""
    if person_uid is not None:  # a card: that person's alone, without building everyone's
        mine = [r for r in journal.records_of(KINDS[kind], person_uid) if r.closed is None]
        return sorted(mine, key=lambda r: r.added)
    active = {uid for uid, doc in journal.stored(Person).items() if not doc.get("archived")}  # without building
    found = [r for r in journal.records(KINDS[kind]) if r.closed is None and r.person in active]
    return sorted(found, key=lambda r: r.added)


def of_person(journal: Journal, person_uid: str, kind: str) -> list[NeedOrOffer]:
    """A person's needs (or offers), open and closed, oldest first."""
    return sorted(journal.records_of(KINDS[kind], person_uid), key=lambda r: r.added)


def add(journal: Journal, kind: str, person: Person, what: str, on: date) -> NeedOrOffer:
    """Record what a person needs or offers; the same text open twice is refused."""
    record = KINDS[kind](person=person.uid, what=what, added=on.isoformat()).validated()
    with journal.writing():
        same = [r for r in open_ones(journal, kind, person.uid) if normalise(r.what) == normalise(record.what)]
        if same:
            raise Conflict(f"{person.name} already {_verb(kind)} {same[0].what!r} [{kind}:{same[0].uid[:8]}]")
        journal.add_record(record)
    return record


def choose(journal: Journal, kind: str, person: Person, which: str | None) -> NeedOrOffer:
    """The open need (or offer) of a person that `which` names: its number on the card, its key or uid,
    or words of its text; with no `which`, the only one open."""
    found = open_ones(journal, kind, person.uid)
    if not found:
        raise NotFound(f"{person.name} has no open {kind}; `kith {kind} {_short(person)} TEXT` adds one")
    text = (which or "").strip()
    if not text:
        if len(found) == 1:
            return found[0]
        raise UserError(f"{person.name} has {len(found)} open {kind}s; name one: {_listed(kind, found)}")
    if text.isdigit():
        if 1 <= int(text) <= len(found):
            return found[int(text) - 1]
        raise UserError(f"{person.name} has {len(found)} open {kind}s, numbered 1 to {len(found)}")
    key = text.lower().removeprefix(f"{kind}:")
    chosen = [r for r in found if len(key) >= 4 and r.uid.startswith(key)]
    chosen = chosen or [r for r in found if normalise(text) in normalise(r.what)]
    if len(chosen) == 1:
        return chosen[0]
    if not chosen:
        raise NotFound(f"no open {kind} of {person.name} matches {which!r}; open: {_listed(kind, found)}")
    raise UserError(f"{which!r} matches {len(chosen)} open {kind}s of {person.name}; name one: {_listed(kind, chosen)}")


def close(journal: Journal, record: NeedOrOffer, on: date, reason: str | None = None) -> NeedOrOffer:
    """Close an open need or offer on a day, saying why if you like."""
    with journal.writing():
        stored = journal.record_of(type(record), record.uid)
        if stored is None or stored.closed is not None:
            raise Conflict(f"the {type(record).__name__.lower()} {record.what!r} is not open")
        closed = replace(stored, closed=on.isoformat(), reason=reason or None).validated()
        journal.save(closed)
    return closed


def _verb(kind: str) -> str:
    return "needs" if kind == "need" else "offers"


def _short(person: Person) -> str:
    first = person.name.split()[0] if person.name.split() else person.uid[:8]
    return first if first.isalnum() else person.uid[:8]


def _listed(kind: str, records: list[NeedOrOffer]) -> str:
    return "; ".join(f"{n} {r.what!r} [{kind}:{r.uid[:8]}]" for n, r in enumerate(records, 1))


def need_phrase(what: str) -> str:
    """A need as the end of a sentence: `needs a freelance designer`, `looking for a designer`."""
    first = normalise(what).split(" ", 1)[0]
    if first in ("needs", "need", "looking", "wants", "seeking", "searching", "hiring", "looks"):
        return what
    return f"needs {what}"


# introductions made


def introductions_made(journal: Journal, person_uid: str) -> list[Favor]:
    """The introductions I made of this person to others, oldest first."""
    return [f for f in journal.favors(person_uid) if f.introduced]


def introduced_by(journal: Journal, person_uid: str) -> list[Person]:
    """The people this person introduced me to, by name."""
    from journal.views import introduced

    found = [p for uid in introduced(journal, person_uid) if (p := journal.person(uid)) is not None]
    return sorted(found, key=lambda p: p.name)
