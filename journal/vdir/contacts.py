"""People as the cards of a vdir, and cards back as the values they hold for a person.

A card is the export's vCard 3.0 (journal/formats/vcard.py) with the person's uid as its UID, and reading one
is the import's (the same tolerant reader and the same checks of every value). What Kith writes it owns; a
property it does not write (a photo, a phone app's own fields) is kept when the card is written again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import orjson

from journal.errors import UserError
from journal.formats import BadRow, Incoming, place_met, vcard
from journal.journal import Journal
from journal.model import Person, handle_kind

SUFFIX = ".vcf"
SYNCED = ("name", "email", "phone", "company", "role", "birthday")  # what an edit on the other side changes
# Properties Kith writes; any other one found in a card (PHOTO, X-ABUID, …) is carried over when it is rewritten.
_OWNED = frozenset(
    ("VERSION", "UID", "FN", "N", "NICKNAME", "ORG", "TITLE", "BDAY", "ADR", "EMAIL", "TEL", "URL", "CATEGORIES")
    + ("NOTE", "PRODID", "REV", "X-ABLABEL")
)


class CardUnreadable(Exception):
    """A file that holds no card Kith can take a person from; the message says why, in one line."""


@dataclass
class Card:
    """What a card in the folder says: the person it describes (every value checked), whose it is."""

    draft: Person
    card_uid: str | None  # the card's UID
    kith_uid: str | None  # the person it was written for (X-KITH-UID, or a UID that is a person uid)
    left_out: list[str]
    changed_at: datetime | None  # REV, when the card says when it was changed


def render(journal: Journal, person: Person, wishes: dict[tuple[str, str], list[str]], card_uid: str,
           previous: bytes | None = None) -> bytes:  # fmt: skip
    """A person's card, keeping what a previous version of the file held that Kith does not write."""
    kept = _foreign(previous) if previous else []
    if kept:
        card = vcard.card(journal, person, wishes, uid=card_uid)
        for line in kept:
            card.add(line)
        try:
            return card.serialize().encode()
        except Exception:  # noqa: BLE001 - a property vobject read but cannot write again is dropped with the rest
            pass
    return vcard.card(journal, person, wishes, uid=card_uid).serialize().encode()


def _foreign(previous: bytes) -> list[Any]:
    """The properties of a card Kith does not write, as vobject lines; none if it cannot be parsed."""
    import vobject

    try:
        old = vobject.readOne(previous.decode("utf-8"))
        return [
            line
            for line in old.getChildren()
            if line.name.upper() not in _OWNED and not line.name.upper().startswith("X-KITH-")
        ]
    except Exception:  # noqa: BLE001 - a card vobject cannot parse just loses nothing Kith wrote
        return []


def source(journal: Journal, person: Person, wishes: dict[tuple[str, str], list[str]]) -> str:
    """A digest of everything a person's card is made from: unchanged, the card need not be made again."""
    introducer = journal.person(person.introduced_by) if person.introduced_by else None
    made_of = [
        person.to_doc(),
        wishes.get(("need", person.uid), []),
        wishes.get(("offer", person.uid), []),
        introducer.name if introducer else None,
        place_met(journal, person),
        journal.met_where(person),
        2,  # the card's layout: raise it when render changes, so every card is written again
    ]
    return hashlib.sha256(orjson.dumps(made_of)).hexdigest()


def fields(person: Person) -> dict[str, Any]:
    """The synced values of a person: what is compared with a card to tell who changed what."""
    return {
        "name": person.name,
        "email": [v for k, v in person.handles.items() if handle_kind(k) == "email"],
        "phone": [v for k, v in person.handles.items() if handle_kind(k) == "phone"],
        "company": person.company,
        "role": person.role,
        "birthday": person.birthday,
    }


def with_value(person: Person, name: str, draft: Person) -> Person:
    """A copy of the person with one synced value (see SYNCED) taken from a card's draft."""
    if name in ("email", "phone"):
        handles = {k: v for k, v in person.handles.items() if handle_kind(k) != name}
        labels = {k: v for k, v in person.labels.items() if k in handles}
        for key, value in draft.handles.items():
            if handle_kind(key) == name:
                handles[key] = value
                if key in draft.labels:
                    labels[key] = draft.labels[key]
        return replace(person, handles=handles, labels=labels)
    return replace(person, **{name: getattr(draft, name)})


def read(journal: Journal, data: bytes) -> Card:
    """The card one file holds; CardUnreadable, saying why in one line, when there is none to take."""
    from journal.importing import person_of

    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise CardUnreadable("it is not UTF-8 text") from None
    try:
        rows = list(vcard.read(text))
        found = vcard.first_values(text, "UID", "REV")
    except UserError as exc:
        raise CardUnreadable(str(exc)) from None
    if len(rows) != 1:
        raise CardUnreadable(f"it holds {len(rows)} cards; a vdir holds one per file")
    row = rows[0]
    if isinstance(row, BadRow) or not isinstance(row, Incoming):
        raise CardUnreadable(row.reason if isinstance(row, BadRow) else "it is not a card")
    draft, left_out = person_of(row, journal)
    if draft is None:
        raise CardUnreadable("; ".join(left_out))
    card_uid = found.get("UID") or None
    kith_uid = row.uid or _person_uid(card_uid)
    return Card(draft, card_uid, kith_uid, left_out, _when(found.get("REV", "")))


def _person_uid(card_uid: str | None) -> str | None:
    """The person uid a UID is, when it is one (Kith's own cards), else None."""
    uid = (card_uid or "").removeprefix("kith-")
    return uid if len(uid) == 32 and not uid.strip("0123456789abcdef") else None


def _when(rev: str) -> datetime | None:
    """A card's REV (`2026-11-30T10:15:00Z`, `20261130T101500Z`) as a time, or None."""
    for shape in ("%Y-%m-%dT%H:%M:%S%z", "%Y%m%dT%H%M%S%z", "%Y-%m-%dT%H:%M:%SZ", "%Y%m%dT%H%M%SZ"):
        try:
            found = datetime.strptime(rev.strip().replace("Z", "+0000") if "%z" in shape else rev.strip(), shape)
        except ValueError:
            continue
        return found if found.tzinfo else found.replace(tzinfo=UTC)
    return None
