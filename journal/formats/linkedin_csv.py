"""LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data): people met on LinkedIn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from journal.formats import BadRow, Incoming, cells

_is_header = cells.header_has("First Name", "Last Name", "Connected On")
# LinkedIn writes `12 Mar 2024`; a full month name or an ISO date are read too. Numeric dates like
# 03/12/24 are refused: which is the day and which the month cannot be told.
_DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def sniff(text: str) -> bool:
    """Whether the Connections.csv header is among the first lines (after LinkedIn's notes)."""
    return cells.sniff(text, _is_header)


def read(text: str) -> Iterator[Incoming | BadRow]:
    """Each connection as a person met online on LinkedIn on the day you connected."""
    return cells.read(text, _is_header, _incoming)


def _incoming(line: int, row: dict[str, str]) -> Incoming:
    name = " ".join(part for part in (row.get("First Name", ""), row.get("Last Name", "")) if part)
    if not name:
        raise ValueError("has no first or last name (LinkedIn leaves them out for some private profiles)")
    connected = row.get("Connected On", "")
    met_on = connected_on(connected) if connected else None
    if connected and met_on is None:
        raise ValueError(f"Connected On {connected!r} is not a date like 12 Mar 2024")
    url = row.get("URL", "")
    return Incoming(
        line=line,
        name=name,
        company=row.get("Company") or None,
        role=row.get("Position") or None,
        emails=[e for e in [row.get("Email Address", "")] if e],
        handles={"linkedin": url} if url else {},
        met_on=met_on,
        met_online="linkedin",
    )


def connected_on(text: str) -> str | None:
    """The ISO date of a `Connected On` cell, or None if it is not a date."""
    parts = text.split()
    if len(parts) == 3 and parts[1][:3].lower() in _MONTHS and parts[0].isdigit() and parts[2].isdigit():
        try:  # the common case, without strptime's locale lookups
            return date(int(parts[2]), _MONTHS.index(parts[1][:3].lower()) + 1, int(parts[0])).isoformat()
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None
