"""LinkedIn's people files (Settings → Data privacy → Get a copy of your data): `Connections.csv`, people met
on LinkedIn, in every vintage since 2017, and `ImportedContacts.csv`, the address book you once let it read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TextIO

from journal.formats import BadRow, Incoming, cells

_connections = cells.header_has("First Name", "Last Name", "Connected On")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The time LinkedIn writes after some dates (`1/8/18, 6:14 PM`, `2026-08-01 10:00:00 UTC`), left off.
_TIME = re.compile(r"[,T ]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})?$")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})[ \-./]+([A-Za-z]{3,})\.?[ \-./,]+(\d{2}|\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,})\.? +(\d{1,2}),? +(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")  # LinkedIn's US exports: month/day/year


def _is_header(row: list[str]) -> bool:
    return _connections(row) or _imported(row)


def _imported(row: list[str]) -> bool:
    """`ImportedContacts.csv`: FirstName, LastName, Emails, PhoneNumbers… (spaced in some vintages)."""
    cells_ = {c.replace(" ", "").lower() for c in row}
    return (
        {"firstname", "lastname"} <= cells_
        and bool({"emails", "phonenumbers"} & cells_)
        and "connectedon" not in cells_
    )


def sniff(text: str) -> bool:
    """Whether a LinkedIn people header is among the first lines (after LinkedIn's notes)."""
    return cells.sniff(text, _is_header)


def read(text: str | TextIO) -> Iterator[Incoming | BadRow]:
    """Each connection as a person met online on LinkedIn on the day you connected; each imported contact
    as a person with their emails and phones."""
    return cells.read(text, _is_header, _incoming)


def _incoming(line: int, row: dict[str, str]) -> Incoming:
    if "Connected On" not in row:
        return _contact(line, {k.replace(" ", "").lower(): v for k, v in row.items()})
    name = " ".join(part for part in (row.get("First Name", ""), row.get("Last Name", "")) if part)
    connected = row.get("Connected On", "")
    url = row.get("URL", "") or row.get("Profile URL", "")
    person = Incoming(
        line=line,
        name=name,
        company=row.get("Company") or None,
        role=row.get("Position") or None,
        emails=[e for e in [row.get("Email Address", "")] if e],
        handles={"linkedin": url} if url else {},
        met_online="linkedin",
        name_parts={k: v for k, v in (("given", row.get("First Name", "")), ("family", row.get("Last Name", ""))) if v},
    )
    if connected:
        person.met_on = connected_on(connected)
        if person.met_on is None:
            person.leave_out("Connected On", connected, "is not a date like 12 Mar 2024")
    return person


def _contact(line: int, row: dict[str, str]) -> Incoming:
    """A row of ImportedContacts.csv (its keys lower-cased, spaces removed)."""
    given, family = row.get("firstname", ""), row.get("lastname", "")
    name = " ".join(p for p in (given, family) if p) or row.get("fullname", "")
    company = cells.split(row.get("companies", ""), ",")
    return Incoming(
        line=line,
        name=name,
        company=company[0] if company else None,
        role=row.get("title") or None,
        emails=_many(row.get("emails", "")),
        phones=_many(row.get("phonenumbers", "")),
        handles=_sites(_many(row.get("sites", "")) + _many(row.get("profiles", ""))),
        birthday=row.get("birthday") or None,
        name_parts={k: v for k, v in (("given", given), ("family", family)) if v},
    )


def _many(cell: str) -> list[str]:
    """The values LinkedIn joined in one cell (with commas, semicolons or line breaks)."""
    return [part.strip() for part in re.split(r"[,;\n]", cell) if part.strip()]


def _sites(urls: list[str]) -> dict[str, str]:
    from journal.formats import sites

    return sites(urls)


def connected_on(text: str) -> str | None:
    """The ISO date of a `Connected On` cell in any form LinkedIn has written it, or None if it is not a date."""
    text = _TIME.sub("", text.strip()).strip()
    parts = text.split()
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit() and parts[1][:3].lower() in _MONTHS:
        return _day(parts[2], _MONTHS.index(parts[1][:3].lower()) + 1, parts[0])  # the common case, fast
    if found := _ISO.fullmatch(text):
        return _day(found[1], int(found[2]), found[3])
    if (found := _DAY_MONTH.fullmatch(text)) and found[2][:3].lower() in _MONTHS:
        return _day(found[3], _MONTHS.index(found[2][:3].lower()) + 1, found[1])
    if (found := _MONTH_DAY.fullmatch(text)) and found[1][:3].lower() in _MONTHS:
        return _day(found[3], _MONTHS.index(found[1][:3].lower()) + 1, found[2])
    if found := _NUMERIC.fullmatch(text):
        return _day(found[3], int(found[1]), found[2])
    return None


def _day(year: str, month: int, day: str) -> str | None:
    """An ISO date, a two-digit year read as 20xx; None when there is no such day."""
    try:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, int(day)).isoformat()
    except ValueError:
        return None
