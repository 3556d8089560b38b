"""Google Contacts CSV: the current header (First Name, Labels, E-mail 1 - Label…) and the legacy one
(Given Name, Group Membership, E-mail 1 - Type…); several emails and phones, labels as tags."""

from __future__ import annotations

from collections.abc import Iterator

from journal.formats import BadRow, Incoming, Progress, cells, sites
from journal.journal import Journal
from journal.model import Person, handle_kind, split_name

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
_current = cells.header_has("First Name", "Last Name", "Labels")
_legacy = cells.header_has("Name", "Given Name", "Family Name", "Group Membership")


def _is_header(row: list[str]) -> bool:
    return _current(row) or _legacy(row)


def sniff(text: str) -> bool:
    """Whether the text starts with a Google Contacts header, current or legacy."""
    return cells.sniff(text, _is_header)


def write(journal: Journal, people: list[Person], progress: Progress | None = None) -> str:
    """The people under the header Google Contacts imports today; tags become labels."""
    emails = [_values(p, "email") for p in people]
    phones = [_values(p, "phone") for p in people]
    sites = [[(k, v) for k, v in p.handles.items() if handle_kind(k) not in ("email", "phone")] for p in people]
    n_email, n_phone, n_site = (max((len(x) for x in column), default=0) or 1 for column in (emails, phones, sites))
    header = [*_FIXED]
    for label, count in (("E-mail", n_email), ("Phone", n_phone), ("Website", n_site)):
        for n in range(1, count + 1):
            header += [f"{label} {n} - Label", f"{label} {n} - Value"]
    rows = []
    for n, (person, mine, theirs, links) in enumerate(zip(people, emails, phones, sites, strict=True), start=1):
        if progress:
            progress(n, len(people))
        first, last = split_name(person.name)
        fixed = dict.fromkeys(_FIXED, "")
        fixed.update(
            {
                "First Name": first,
                "Last Name": last,
                "Nickname": person.aliases[0] if person.aliases else "",
                "Organization Name": person.company or "",
                "Organization Title": person.role or "",
                "Notes": person.notes or "",
                "Labels": SEP.join(person.tags),
            }
        )
        row = list(fixed.values())
        for values, count in ((mine, n_email), (theirs, n_phone)):
            for n in range(count):
                row += ["", values[n]] if n < len(values) else ["", ""]
        for n in range(n_site):
            row += [links[n][0].title(), links[n][1]] if n < len(links) else ["", ""]
        rows.append(row)
    return cells.to_csv(header, rows)


def _values(person: Person, kind: str) -> list[str]:
    return [v for k, v in person.handles.items() if handle_kind(k) == kind]


def read(text: str) -> Iterator[Incoming | BadRow]:
    """People from a Google Contacts export."""
    return cells.read(text, _is_header, _incoming)


def _incoming(line: int, row: dict[str, str]) -> Incoming:
    legacy = "Given Name" in row
    name = _name(row, legacy)
    if not name:
        raise ValueError("has no name, organization or email to call the person by")
    org = "Organization 1 - " if legacy else "Organization "
    labels = row.get("Group Membership" if legacy else "Labels", "")
    return Incoming(
        line=line,
        name=name,
        aliases=[a for a in [row.get("Nickname", "")] if a],
        company=row.get(f"{org}Name") or None,
        role=row.get(f"{org}Title") or None,
        emails=_numbered(row, "E-mail"),
        phones=_numbered(row, "Phone"),
        handles=sites(_numbered(row, "Website")),
        tags=[_tag(label) for label in cells.split(labels, ":::") if not _system(label)],
        notes=row.get("Notes") or None,
    )


def _name(row: dict[str, str], legacy: bool) -> str:
    if legacy:
        parts = [row.get("Given Name", ""), row.get("Additional Name", ""), row.get("Family Name", "")]
        name = row.get("Name", "") or " ".join(p for p in parts if p)
    else:
        name = " ".join(p for p in (row.get(k, "") for k in _NAME) if p)
    org = row.get("Organization 1 - Name" if legacy else "Organization Name", "")
    emails = _numbered(row, "E-mail")
    return name or row.get("File As", "") or row.get("Nickname", "") or org or (emails[0] if emails else "")


def _numbered(row: dict[str, str], label: str) -> list[str]:
    """The values of `E-mail 1 - Value`, `E-mail 2 - Value`…, each cell split where Google joined several."""
    found: list[str] = []
    n = 1
    while f"{label} {n} - Value" in row:
        found += [v for v in cells.split(row[f"{label} {n} - Value"], ":::") if v not in found]
        n += 1
    return found


def _system(label: str) -> bool:
    return label.startswith("*") and label.lstrip("* ").replace(" ", "").lower() in SYSTEM_LABELS


def _tag(label: str) -> str:
    return label.lstrip("* ").replace(",", " ").replace(";", " ").strip()
