"""Kith's own CSV: every person with how you met and, for reading, what is open between you."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TextIO

from journal.contact import last_contact
from journal.formats import BadRow, Incoming, Progress, cells, open_wishes, place_met
from journal.journal import Journal
from journal.model import Person

HEADER = [
    "uid",
    "name",
    "company",
    "role",
    "email",
    "phone",
    "handles",
    "tags",
    "met_on",
    "met_at",
    "met_how",
    "introduced_by",
    "keep_in_touch_days",
    "last_contact",
    "open_promises_mine",
    "open_promises_theirs",
    "favors_given",
    "favors_received",
    "notes",
    "aliases",
    "birthday",
    "nickname",
    "labels",
    "address",
    "name_parts",
    "referrals_given",
    "referrals_received",
    "needs",
    "offers",
]
OWN = ("email", "phone")  # handles with a column of their own


def sniff(text: str) -> bool:
    """Whether the text starts with Kith's header."""
    return cells.sniff(text, _is_header)


def _is_header(row: list[str]) -> bool:
    return {"uid", "name", "met_how"} <= {c.strip() for c in row}


def write(journal: Journal, people: list[Person], progress: Progress | None = None) -> str:
    """The people as Kith CSV, sorted by name."""
    contacts = journal.contacts()
    mine: dict[str, int] = {}
    theirs: dict[str, int] = {}
    for promise in journal.promises():
        tally = mine if promise.mine else theirs
        tally[promise.person] = tally.get(promise.person, 0) + 1
    given: dict[str, int] = {}
    received: dict[str, int] = {}
    referred: dict[str, int] = {}
    referred_me: dict[str, int] = {}
    for favor in journal.favors():
        tally = given if favor.given else received
        tally[favor.person] = tally.get(favor.person, 0) + 1
        if favor.referral:
            tally = referred if favor.given else referred_me
            tally[favor.person] = tally.get(favor.person, 0) + 1
    wishes = open_wishes(journal)
    rows = []
    for n, p in enumerate(people, start=1):
        if progress:
            progress(n, len(people))
        introducer = journal.person(p.introduced_by) if p.introduced_by else None
        contact = contacts.get(p.uid)
        rows.append(
            [
                p.uid,
                p.name,
                p.company or "",
                p.role or "",
                p.handles.get("email", ""),
                p.handles.get("phone", ""),
                "; ".join(f"{k}={v}" for k, v in p.handles.items() if k not in OWN),
                ", ".join(p.tags),
                p.met_on or "",
                place_met(journal, p),
                _how(p),
                introducer.name if introducer else "",
                str(p.every or ""),
                last_contact(p, contact) or "",
                str(mine.get(p.uid, 0)),
                str(theirs.get(p.uid, 0)),
                str(given.get(p.uid, 0)),
                str(received.get(p.uid, 0)),
                p.notes or "",
                ", ".join(p.aliases),
                p.birthday or "",
                p.nickname or "",
                _pairs(dict(sorted(p.labels.items()))),
                _pairs(p.address),
                _pairs(p.name_parts),
                str(referred.get(p.uid, 0)),
                str(referred_me.get(p.uid, 0)),
                "\n".join(wishes.get(("need", p.uid), [])),  # one a line: a need is one line of any text
                "\n".join(wishes.get(("offer", p.uid), [])),
            ]
        )
    return cells.to_csv(HEADER, rows)


def _pairs(values: dict[str, str]) -> str:
    """`key=value; key=value`, as the handles column writes them."""
    return "; ".join(f"{k}={v}" for k, v in values.items())


def _parse_pairs(column: str, cell: str) -> dict[str, str]:
    """A `key=value; …` cell as a dict; a ValueError naming the column when a part is not key=value."""
    found = {}
    for pair in cells.split(cell, ";"):
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{column}: {pair!r} is not key=value (write street=1 Main St; city=Berlin)")
        found[key.strip().lower()] = value.strip()
    return found


def _how(person: Person) -> str:
    """`online:PLATFORM`, `offline` when there is a day or place of meeting, else nothing known."""
    if person.met_online:
        return f"online:{person.met_online}"
    return "offline" if person.met_on or person.met_event or person.met_place else ""


def read(text: str | TextIO) -> Iterator[Incoming | BadRow]:
    """People from Kith CSV; the derived columns (last_contact, the counts) are ignored."""
    return cells.read(text, _is_header, _incoming)


def _incoming(line: int, row: dict[str, str]) -> Incoming:
    handles = {}
    for pair in cells.split(row.get("handles", ""), ";"):
        platform, sep, value = pair.partition("=")
        if not sep or not platform.strip() or not value.strip():
            raise ValueError(f"handles: {pair!r} is not platform=value (write linkedin=https://…; x=@ana)")
        handles[platform.strip().lower()] = value.strip()
    how = row.get("met_how", "").strip().lower()
    online = None
    if how.startswith("online:"):
        online = how.removeprefix("online:").strip() or None
    elif how not in ("", "offline"):
        raise ValueError(f"met_how: {how!r} is not offline or online:PLATFORM (online:linkedin)")
    met_on = row.get("met_on") or None
    if met_on:
        try:
            met_on = date.fromisoformat(met_on).isoformat()
        except ValueError:
            raise ValueError(f"met_on: {met_on!r} is not a date like 2026-11-24") from None
    every = row.get("keep_in_touch_days") or None
    if every is not None and not every.isdigit():
        raise ValueError(f"keep_in_touch_days: {every!r} is not a number of days (30, or empty)")
    person = Incoming(
        line=line,
        name=row.get("name", ""),
        uid=row.get("uid") or None,
        aliases=cells.split(row.get("aliases", ""), ","),
        company=row.get("company") or None,
        role=row.get("role") or None,
        emails=[e for e in [row.get("email")] if e],
        phones=[p for p in [row.get("phone")] if p],
        handles=handles,
        tags=cells.split(row.get("tags", ""), ","),
        met_on=met_on,
        met_at=row.get("met_at") or None,
        met_online=online,
        introduced_by=row.get("introduced_by") or None,
        every=int(every) if every else None,
        notes=row.get("notes") or None,
        birthday=row.get("birthday") or None,
        nickname=row.get("nickname") or None,
        address=_parse_pairs("address", row.get("address", "")),
        name_parts=_parse_pairs("name_parts", row.get("name_parts", "")),
        needs=cells.split(row.get("needs", ""), "\n"),
        offers=cells.split(row.get("offers", ""), "\n"),
    )
    labels = _parse_pairs("labels", row.get("labels", ""))
    handles_by_key = {
        "email": person.emails[0] if person.emails else "",
        "phone": person.phones[0] if person.phones else "",
    }
    for key, label in labels.items():
        value = handles_by_key.get(key) or person.handles.get(key, "")
        if value:
            person.labels[value] = label
    return person
