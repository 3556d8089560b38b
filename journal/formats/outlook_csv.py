"""Outlook CSV: Outlook's own contact export and the one Google Contacts calls "Outlook CSV" (First Name,
Middle Name, Last Name, E-mail Address, E-mail 2 Address, Mobile Phone, Business Phone, Company…)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from journal.formats import BadRow, Incoming, cells, sites

_is_header = cells.header_has("First Name", "Last Name", "E-mail Address")
# Phone columns and the label each gives its number (Outlook has a column per kind of phone).
_PHONES = {
    "Mobile Phone": "mobile",
    "Primary Phone": "main",
    "Business Phone": "work",
    "Business Phone 2": "work",
    "Company Main Phone": "work",
    "Home Phone": "home",
    "Home Phone 2": "home",
    "Other Phone": "other",
    "Car Phone": "car",
    "Pager": "pager",
    "Business Fax": "fax",
    "Home Fax": "fax",
    "Other Fax": "fax",
    "Assistant's Phone": "assistant",
    "Callback": "other",
    "Radio Phone": "other",
}
_ADDRESS = ("Street", "City", "State", "Postal Code", "Country/Region")
_ADDRESS_PARTS = ("street", "city", "region", "postcode", "country")
_NUMERIC = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")


def sniff(text: str) -> bool:
    """Whether the text starts with an Outlook contacts header."""
    return cells.sniff(text, _is_header)


def read(text: str | TextIO) -> Iterator[Incoming | BadRow]:
    """People from an Outlook CSV; every email and phone kept with the label its column gives."""
    return cells.read(text, _is_header, _incoming)


def _incoming(line: int, row: dict[str, str]) -> Incoming:
    parts = {
        "prefix": row.get("Title", ""),
        "given": row.get("First Name", ""),
        "additional": row.get("Middle Name", ""),
        "family": row.get("Last Name", ""),
        "suffix": row.get("Suffix", ""),
    }
    name = " ".join(row.get(k, "") for k in ("First Name", "Middle Name", "Last Name") if row.get(k))
    person = Incoming(
        line=line,
        name=name or row.get("E-mail Display Name", "").split("(")[0].strip(),
        company=row.get("Company") or None,
        role=row.get("Job Title") or None,
        notes=row.get("Notes") or None,
        nickname=row.get("Nickname") or None,
        name_parts={k: v for k, v in parts.items() if v},
        tags=[t for t in re.split(r"[;,]", row.get("Categories", "")) if t.strip() and t.strip() != "*"],
        handles=sites([u for u in (row.get("Web Page", ""), row.get("Personal Web Page", "")) if u]),
    )
    for column in ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"):
        value = row.get(column, "")
        if value and value not in person.emails:
            if row.get(column.replace("Address", "Type"), "").upper() == "EX" and "@" not in value:
                person.leave_out(column, value, "is an Exchange address, not an email address")
                continue
            person.emails.append(value)
    for column, label in _PHONES.items():
        value = row.get(column, "")
        if value and value not in person.phones:
            person.phones.append(value)
            person.labels[value] = label
    for kind in ("Business", "Home", "Other"):
        address = {part: row.get(f"{kind} {column}", "") for part, column in zip(_ADDRESS_PARTS, _ADDRESS, strict=True)}
        if any(address.values()) and not person.address:
            person.address = {k: " ".join(v.split()) for k, v in address.items() if v}
    if birthday := row.get("Birthday", ""):
        person.birthday = _birthday(birthday)
        if person.birthday is None and birthday not in ("0/0/00", "00/00/00", "0/0/0000"):
            person.leave_out("Birthday", birthday, "is not a date like 5/14/1985 or 1985-05-14")
    return person


def _birthday(text: str) -> str | None:
    """An Outlook birthday (month/day/year, or year-month-day as Google writes) as an ISO date, or None."""
    found = _NUMERIC.fullmatch(text.strip())
    if not found:
        return None
    a, b, c = (int(x) for x in found.groups())
    if len(found[1]) == 4:
        year, month, day = a, b, c
    else:
        month, day, year = (b, a, c) if a > 12 else (a, b, c)  # month first unless it cannot be
        year += 1900 if year < 100 and year > 30 else 2000 if year < 100 else 0
    if not (1 <= month <= 12 and 1 <= day <= 31) or year < 1900:
        return None
    from datetime import date

    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
