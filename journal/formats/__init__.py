"""File formats for import and export. Each module here is one format; this registry names them.

A reading format has `read(text) -> Iterator[Incoming | Message | BadRow]` and `sniff(text) -> bool` (does the
text start the way its files do); a writing format has `write(journal, people, progress) -> str`.
Adding a format is adding a module and a line to FORMATS.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from journal.errors import UserError

if TYPE_CHECKING:
    from journal.journal import Journal
    from journal.model import Person


@dataclass(frozen=True)
class Format:
    """A file format Kith reads and/or writes."""

    name: str
    module: str
    label: str
    suffix: str
    reads: bool
    writes: bool

    def load(self) -> ModuleType:
        """The format's module (imported only when used: vobject and icalendar are slow to import)."""
        return importlib.import_module(f"journal.formats.{self.module}")


FORMATS = {
    f.name: f
    for f in (
        Format("kith", "kith_csv", "Kith CSV", ".csv", reads=True, writes=True),
        Format("google", "google_csv", "Google Contacts CSV", ".csv", reads=True, writes=True),
        Format("outlook", "outlook_csv", "Outlook CSV", ".csv", reads=True, writes=False),
        Format("linkedin", "linkedin_csv", "LinkedIn Connections.csv", ".csv", reads=True, writes=False),
        Format("linkedin-messages", "linkedin_messages", "LinkedIn messages", ".csv", reads=True, writes=False),
        Format("vcf", "vcard", "vCard", ".vcf", reads=True, writes=True),
        Format("ics", "ical", "iCalendar to-dos", ".ics", reads=False, writes=True),
    )
}
Progress = Callable[[int, int], None]  # (done, total), for a progress bar
READABLE = tuple(name for name, f in FORMATS.items() if f.reads)
WRITABLE = tuple(name for name, f in FORMATS.items() if f.writes)


@dataclass
class Incoming:
    """One person as a file describes them, before it is matched against the journal."""

    line: int
    name: str
    uid: str | None = None
    aliases: list[str] = field(default_factory=list)
    company: str | None = None
    role: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    handles: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    met_on: str | None = None
    met_at: str | None = None
    met_online: str | None = None
    introduced_by: str | None = None
    every: int | None = None
    notes: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # an email or phone -> work, home, mobile…
    birthday: str | None = None
    nickname: str | None = None
    address: dict[str, str] = field(default_factory=dict)
    name_parts: dict[str, str] = field(default_factory=dict)
    needs: list[str] = field(default_factory=list)  # open needs and offers, in Kith's own files
    offers: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # values the reader could not read: "<field> '<value>' is not …"

    def leave_out(self, field_name: str, value: str, why: str) -> None:
        """Note a value that cannot be read, so the rest of the row is kept and the value is named."""
        self.left_out.append(f"{field_name} {value!r} {why}")


@dataclass
class Message:
    """One message (or invitation) between you and others, from a LinkedIn export."""

    line: int
    conversation: str
    on: str  # ISO date
    sender: str
    sender_url: str
    recipients: list[tuple[str, str]]  # (name, profile URL), either may be empty
    text: str
    subject: str = ""
    kind: str = "message"  # or "invitation"
    at: str = ""  # the full timestamp as written, so two messages of one day stay apart
    from_me: bool | None = None  # known for invitations (their Direction column); else told by who you are


@dataclass
class BadRow:
    """A row or card that cannot be read, and why (`reason` completes "line N: ...")."""

    line: int
    reason: str
    source: str = ""  # the file inside a LinkedIn export it comes from

    def __str__(self) -> str:
        return f"{self.source + ' ' if self.source else ''}line {self.line}: {self.reason}"


def open_wishes(journal: Journal) -> dict[tuple[str, str], list[str]]:
    """The open needs and offers of everyone, by ("need" or "offer", person uid), oldest first."""
    from journal.model import Need, Offer

    found: dict[tuple[str, str], list[str]] = {}
    for kind, cls in (("need", Need), ("offer", Offer)):
        for record in sorted(journal.records(cls), key=lambda r: r.added):
            if record.closed is None:
                found.setdefault((kind, record.person), []).append(record.what)
    return found


def place_met(journal: Journal, person: Person) -> str:
    """The event or place where a person was met (not the platform), or nothing."""
    event = journal.event(person.met_event) if person.met_event else None
    return event.name if event else person.met_place or ""


def sites(urls: list[str]) -> dict[str, str]:
    """Web addresses as handles: the first LinkedIn profile as `linkedin`, the others `web`, `web2`…"""
    handles: dict[str, str] = {}
    count = 0
    for url in urls:
        if "linkedin.com/" in url.lower() and "linkedin" not in handles:
            handles["linkedin"] = url
        elif url not in handles.values():
            count += 1
            handles["web" if count == 1 else f"web{count}"] = url
    return handles


def name_parts(person: Person) -> dict[str, str]:
    """The person's name in parts for an address book: the parts it came in while they still spell the
    name, else the name split at its last word (prefix and suffix kept either way)."""
    from journal.model import normalise, split_name

    parts = dict(person.name_parts)
    spelled = " ".join(parts[k] for k in ("given", "additional", "family") if parts.get(k))
    if not spelled or normalise(spelled) != normalise(person.name):
        given, family = split_name(person.name)
        parts = {k: v for k, v in parts.items() if k in ("prefix", "suffix")}
        parts.update({k: v for k, v in (("given", given), ("family", family)) if v})
    return parts


def get(name: str, *, writing: bool = False) -> Format:
    """The format of this name; a user error naming the choices when there is none."""
    choices = WRITABLE if writing else READABLE
    if name not in choices:
        raise UserError(f"unknown format {name!r}; choose one of {', '.join(choices)}")
    return FORMATS[name]


def detect(path: Path, text: str) -> Format:
    """The format of a file to import, told from its first lines, else from an extension only one format has."""
    readers = [f for f in FORMATS.values() if f.reads]
    for fmt in readers:
        if fmt.load().sniff(text):
            return fmt
    suffix = ".vcf" if path.suffix.lower() == ".vcard" else path.suffix.lower()
    named = [f for f in readers if f.suffix == suffix]
    if len(named) == 1:
        return named[0]  # its reader says what is wrong inside
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.count(";") > first.count(","):
        raise UserError(f"{path.name} is separated by semicolons; save it as comma-separated CSV and import it again")
    raise UserError(
        f"cannot tell what kind of file {path.name} is from its first lines; add --format {', '.join(READABLE)}"
    )
