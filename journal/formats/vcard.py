"""vCard: one card per person (3.0 written; 3.0 and 4.0 read), how you met kept in NOTE and X-KITH-*."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import vobject

from journal.errors import UserError
from journal.formats import BadRow, Incoming, Progress, place_met, sites
from journal.journal import Journal
from journal.model import Person, handle_kind, split_name

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
_OWN = ("email", "phone")


def write(journal: Journal, people: list[Person], progress: Progress | None = None) -> str:
    """Every person as a vCard 3.0, in name order."""
    cards = []
    for n, person in enumerate(people, start=1):
        cards.append(_card(journal, person).serialize())
        if progress:
            progress(n, len(people))
    return "".join(cards)


def _card(journal: Journal, person: Person) -> Any:
    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("uid").value = f"kith-{person.uid}"
    card.add("fn").value = person.name
    given, family = split_name(person.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if person.aliases:
        card.add("nickname").value = ",".join(person.aliases)
    if person.company:
        card.add("org").value = [person.company]
    if person.role:
        card.add("title").value = person.role
    for platform, value in person.handles.items():
        kind = handle_kind(platform)
        if kind == "email":
            line = card.add("email")
            line.value, line.type_param = value, "INTERNET"
        elif kind == "phone":
            card.add("tel").value = value
        else:
            if value.startswith(("http://", "https://")):
                card.add("url").value = value
            line = card.add("x-kith-handle")
            line.value, line.type_param = value, platform
    if person.tags:
        card.add("categories").value = list(person.tags)
    introducer = journal.person(person.introduced_by) if person.introduced_by else None
    how = _how_met(journal, person, introducer)
    note = "\n\n".join(part for part in (person.notes, how) if part)
    if note:
        card.add("note").value = note
    extras: dict[str, str | None] = {
        "x-kith-uid": person.uid,
        "x-kith-notes": person.notes or "",
        "x-kith-met-on": person.met_on,
        "x-kith-met-at": place_met(journal, person) or None,
        "x-kith-met-how": f"online:{person.met_online}" if person.met_online else None,
        "x-kith-introduced-by": introducer.name if introducer else None,
        "x-kith-every": str(person.every) if person.every else None,
    }
    for prop, text in extras.items():
        if text is not None:
            card.add(prop).value = text
    return card


def _how_met(journal: Journal, person: Person, introducer: Person | None) -> str:
    """`Met at PyData Berlin on 2026-11-20, introduced by Ana López.` — for address books that show NOTE."""
    parts = ["Met"]
    if where := journal.met_where(person):
        parts.append(where)
    if person.met_on:
        parts.append(f"on {person.met_on}")
    if introducer:
        parts.append(f"(introduced by {introducer.name})")
    return " ".join(parts) + "." if len(parts) > 1 else ""


def sniff(text: str) -> bool:
    """Whether the text starts with a vCard."""
    return bool(_BEGIN.match(text.lstrip()[:11]))


def read(text: str) -> Iterator[Incoming | BadRow]:
    """Each card in a file of many (3.0 or 4.0, folded lines, any script) as a person."""
    for line, card_text in _cards(text):
        try:
            card = vobject.readOne(card_text)
        except Exception as exc:  # vobject raises ParseError, but also ValueError and others on bad input
            yield BadRow(line, f"the card cannot be read ({_first_line(exc)})")
            continue
        try:
            yield _incoming(line, card)
        except ValueError as exc:
            yield BadRow(line, str(exc))


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """The text of each BEGIN:VCARD … END:VCARD block with the line it starts on."""
    lines = text.splitlines()
    if not any(_BEGIN.match(line) for line in lines):
        raise UserError("no vCard in the file (a card starts with BEGIN:VCARD); is it another format?")
    start: int | None = None
    for n, line in enumerate(lines):
        if _BEGIN.match(line):
            start = n
        elif _END.match(line) and start is not None:
            yield start + 1, "\r\n".join(lines[start : n + 1]) + "\r\n"
            start = None
    if start is not None:
        yield start + 1, "\r\n".join(lines[start:]) + "\r\n"  # no END: vobject names what is missing


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]


def _values(card: Any, name: str) -> list[Any]:
    return [line.value for line in card.contents.get(name, [])]


def _text(card: Any, name: str) -> str | None:
    for value in _values(card, name):
        text = ", ".join(value) if isinstance(value, list) else str(value)
        if text.strip():
            return text.strip()
    return None


def _incoming(line: int, card: Any) -> Incoming:
    name = _text(card, "fn")
    if not name and (n := next(iter(_values(card, "n")), None)) is not None:
        name = " ".join(str(p) for p in (n.prefix, n.given, n.additional, n.family, n.suffix) if p).strip()
    if not name:
        raise ValueError("the card has no name (FN or N)")
    handles: dict[str, str] = {}
    for entry in card.contents.get("x-kith-handle", []):
        platform = (entry.params.get("TYPE") or ["web"])[0].lower()
        handles[platform] = str(entry.value).strip()
    for platform, url in sites([u for u in map(str, _values(card, "url")) if u not in handles.values()]).items():
        handles.setdefault(platform, url)
    for entry in card.contents.get("x-socialprofile", []):
        platform = (entry.params.get("TYPE") or ["web"])[0].lower()
        handles.setdefault(platform, str(entry.value).strip())
    kith = "x-kith-uid" in card.contents
    notes = _text(card, "x-kith-notes") if kith else _text(card, "note")
    how = (_text(card, "x-kith-met-how") or "").lower()
    every = _text(card, "x-kith-every")
    org = next(iter(_values(card, "org")), None)
    return Incoming(
        line=line,
        name=name,
        uid=_text(card, "x-kith-uid"),
        aliases=[a.strip() for v in _values(card, "nickname") for a in _split(v) if a.strip()],
        company=(org[0] if isinstance(org, list) and org else org) or None,
        role=_text(card, "title"),
        emails=[str(v).strip() for v in _values(card, "email") if str(v).strip()],
        phones=[str(v).strip().removeprefix("tel:") for v in _values(card, "tel") if str(v).strip()],
        handles=handles,
        tags=[t.strip() for v in _values(card, "categories") for t in _split(v) if t.strip()],
        met_on=_text(card, "x-kith-met-on"),
        met_at=_text(card, "x-kith-met-at"),
        met_online=how.removeprefix("online:") if how.startswith("online:") else None,
        introduced_by=_text(card, "x-kith-introduced-by"),
        every=int(every) if every and every.isdigit() else None,
        notes=notes,
    )


def _split(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else str(value).split(",")
