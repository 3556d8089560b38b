"""Google Contacts CSV: the current header (First Name, Labels, E-mail 1 - Label…) and the legacy one
(Given Name, Group Membership, E-mail 1 - Type…); several emails and phones, labels as tags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from journal.formats import BadRow, Incoming, Progress, cells, name_parts, sites
from journal.journal import Journal
from journal.model import Person, handle_kind

SEP = " ::: "  # Google joins several values (labels, a second email of the same kind) in one cell
SYSTEM_LABELS = {"mycontacts", "other contacts", "othercontacts"}
_NAME = ["First Name", "Middle Name", "Last Name"]
_FIXED = [
    *_NAME,
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
]
_ADDRESS = {
    "pobox": "PO Box",
    "extended": "Extended Address",
    "street": "Street",
    "city": "City",
    "region": "Region",
    "postcode": "Postal Code",
    "country": "Country",
}
_current = cells.header_has("First Name", "Last Name", "Labels")
_legacy = cells.header_has("Name", "Given Name", "Family Name", "Group Membership")


def _is_header(row: list[str]) -> bool:
    return _current(row) or _legacy(row)


def sniff(text: str) -> bool:
    """Whether the text starts with a Google Contacts header, current or legacy."""
    return cells.sniff(text, _is_header)


def write(journal: Journal, people: list[Person], progress: Progress | None = None) -> str:
    """The people under the header Google Contacts imports today: every email and phone with its label,
    the name in the parts it came in, birthday, address; tags become labels."""
    emails = [_values(p, "email") for p in people]
    phones = [_values(p, "phone") for p in people]
    sites = [[(k, v) for k, v in p.handles.items() if handle_kind(k) not in ("email", "phone")] for p in people]
    n_email, n_phone, n_site = (max((len(x) for x in column), default=0) or 1 for column in (emails, phones, sites))
    with_address = any(p.address for p in people)
    header = [*_FIXED]
    for label, count in (("E-mail", n_email), ("Phone", n_phone)):
        for n in range(1, count + 1):
            header += [f"{label} {n} - Label", f"{label} {n} - Value"]
    if with_address:
        header += ["Address 1 - Label", *(f"Address 1 - {column}" for column in _ADDRESS.values())]
    for n in range(1, n_site + 1):
        header += [f"Website {n} - Label", f"Website {n} - Value"]
    rows = []
    for n, (person, mine, theirs, links) in enumerate(zip(people, emails, phones, sites, strict=True), start=1):
        if progress:
            progress(n, len(people))
        parts = name_parts(person)
        fixed = dict.fromkeys(_FIXED, "")
        fixed.update(
            {
                "First Name": parts.get("given", ""),
                "Middle Name": parts.get("additional", ""),
                "Last Name": parts.get("family", ""),
                "Name Prefix": parts.get("prefix", ""),
                "Name Suffix": parts.get("suffix", ""),
                "Nickname": person.nickname or (person.aliases[0] if person.aliases else ""),
                "Organization Name": person.company or "",
                "Organization Title": person.role or "",
                "Birthday": person.birthday or "",
                "Notes": person.notes or "",
                "Labels": SEP.join(person.tags),
            }
        )
        row = list(fixed.values())
        for values, count in ((mine, n_email), (theirs, n_phone)):
            for n in range(count):
                row += [values[n][0].title(), values[n][1]] if n < len(values) else ["", ""]
        if with_address:
            row += ["", *(person.address.get(part, "") for part in _ADDRESS)]
        for n in range(n_site):
            row += [links[n][0].title(), links[n][1]] if n < len(links) else ["", ""]
        rows.append(row)
    return cells.to_csv(header, rows, numbers_as_is=True)


def _values(person: Person, kind: str) -> list[tuple[str, str]]:
    """(label, value) of each of a person's emails or phones."""
    return [(person.labels.get(k, ""), v) for k, v in person.handles.items() if handle_kind(k) == kind]


def read(text: str | TextIO) -> Iterator[Incoming | BadRow]:
    """People from a Google Contacts export."""
    return cells.read(text, _is_header, _incoming)


def _incoming(line: int, row: dict[str, str]) -> Incoming:
    legacy = "Given Name" in row
    org = "Organization 1 - " if legacy else "Organization "
    labels = row.get("Group Membership" if legacy else "Labels", "")
    person = Incoming(
        line=line,
        name=_name(row, legacy),
        aliases=[a for a in [row.get("Nickname", "")] if a],
        company=row.get(f"{org}Name") or None,
        role=row.get(f"{org}Title") or None,
        handles=sites(_numbered(row, "Website")),
        tags=[_tag(label) for label in cells.split(labels, ":::") if not _system(label)],
        notes=row.get("Notes") or None,
        nickname=row.get("Nickname") or None,
        birthday=row.get("Birthday") or None,
        name_parts=_parts(row, legacy),
        address=_address(row),
    )
    kind = "Type" if legacy else "Label"
    for label, values in (("E-mail", person.emails), ("Phone", person.phones)):
        for value, tag in _labelled(row, label, kind):
            if value not in values:
                values.append(value)
                if tag:
                    person.labels[value] = tag
    return person


def _name(row: dict[str, str], legacy: bool) -> str:
    if legacy:
        parts = [row.get("Given Name", ""), row.get("Additional Name", ""), row.get("Family Name", "")]
        name = row.get("Name", "") or " ".join(p for p in parts if p)
    else:
        name = " ".join(p for p in (row.get(k, "") for k in _NAME) if p)
    return name or row.get("File As", "") or row.get("Nickname", "")


def _parts(row: dict[str, str], legacy: bool) -> dict[str, str]:
    """The name as Google keeps it in parts."""
    columns = ("Given Name", "Additional Name", "Family Name") if legacy else _NAME
    parts = {
        "prefix": row.get("Name Prefix", ""),
        "given": row.get(columns[0], ""),
        "additional": row.get(columns[1], ""),
        "family": row.get(columns[2], ""),
        "suffix": row.get("Name Suffix", ""),
    }
    return {k: v for k, v in parts.items() if v}


def _address(row: dict[str, str]) -> dict[str, str]:
    """The first postal address, in parts."""
    address = {part: row.get(f"Address 1 - {column}", "") for part, column in _ADDRESS.items()}
    if not any(address.values()) and (formatted := row.get("Address 1 - Formatted", "")):
        address["street"] = formatted
    return {k: " ".join(v.split()) for k, v in address.items() if v}


def _labelled(row: dict[str, str], label: str, kind: str) -> list[tuple[str, str]]:
    """(value, label) of `E-mail 1 - Value`, `E-mail 2 - Value`…, each cell split where Google joined several."""
    found: list[tuple[str, str]] = []
    n = 1
    while f"{label} {n} - Value" in row:
        tag = row.get(f"{label} {n} - {kind}", "").lstrip("* ").strip().lower()
        found += [(v, tag) for v in cells.split(row[f"{label} {n} - Value"], ":::")]
        n += 1
    return found


def _numbered(row: dict[str, str], label: str) -> list[str]:
    """The values of `E-mail 1 - Value`, `E-mail 2 - Value`…, each cell split where Google joined several."""
    found: list[str] = []
    for value, _ in _labelled(row, label, "Label"):
        if value not in found:
            found.append(value)
    return found


def _system(label: str) -> bool:
    return label.startswith("*") and label.lstrip("* ").replace(" ", "").lower() in SYSTEM_LABELS


def _tag(label: str) -> str:
    return label.lstrip("* ").replace(",", " ").replace(";", " ").strip()
