"""Importing people from files: read a format, match each row to someone known, fill what is empty.

Matching goes by uid, then email, then LinkedIn profile, then exact name (case and accents ignored;
not when both sides have emails or profiles and they differ). A match only gains what it lacks: the
user's own values are never overwritten. The whole import is one write, so it lands or it doesn't.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from journal import formats
from journal.errors import InvalidValue, UserError
from journal.formats import BadRow, Format, Incoming, Progress
from journal.journal import Journal
from journal.model import Person, handle_kind, is_email, new_uid, normalise

_HOW_MET = ("met_event", "met_place", "met_online")
_SCALARS = ("company", "role", "met_on", "every", "notes")


@dataclass
class Report:
    """What an import did (or, for a dry run, would do)."""

    format: Format
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[BadRow] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    def skip(self, line: int, reason: str) -> None:
        """Count a row left out, and say why."""
        self.skipped += 1
        self.problems.append(BadRow(line, reason))

    def lines(self) -> list[str]:
        """The problems, one line each, in file order."""
        return [str(p) for p in sorted(self.problems, key=lambda p: p.line)]

    def summary(self) -> str:
        """One line of counts (and, for a dry run, that nothing was written)."""
        verb = "Imported" if self.written else "Would import" if self.created or self.updated else "Read"
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped"
        return f"{verb} {self.format.label}: {counts}" + (" (dry run: nothing written)" if self.dry_run else "")


def read_file(path: Path) -> str:
    """The text of a file to import; a user error when it cannot be read."""
    from journal.formats.cells import decode

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode(raw, path.name)


def import_file(
    journal: Journal,
    path: Path,
    format_name: str = "auto",
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Import the people in a file; see the module's docstring."""
    text = read_file(path)
    fmt = formats.detect(path, text) if format_name == "auto" else formats.get(format_name)
    return import_text(journal, text, fmt, dry_run=dry_run, strict=strict, progress=progress)


def import_text(
    journal: Journal,
    text: str,
    fmt: Format,
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Import people from text in a known format."""
    report = Report(fmt, dry_run=dry_run)
    total = text.count("\n") + 1
    rows: list[Incoming] = []
    for item in fmt.load().read(text):
        if isinstance(item, BadRow):
            report.skip(item.line, item.reason)
        else:
            rows.append(item)
        if progress:
            progress(min(item.line, total), total)
    with contextlib.nullcontext() if dry_run else journal.writing():
        created, changed = _merge(journal, rows, report)
        if strict and report.skipped:
            more = f" (and {report.skipped - 1} more)" if report.skipped > 1 else ""
            raise UserError(f"--strict: nothing imported; {report.lines()[0]}{more}")
        if progress:
            progress(total, total)
        if not dry_run and (created or changed):
            journal.add_records(created)
            journal.save_people(changed)
            report.written = True
    return report


def _merge(journal: Journal, rows: Iterable[Incoming], report: Report) -> tuple[list[Person], list[Person]]:
    """The people to create and the people changed, counting each row in `report`."""
    known = _Known(journal.people(archived=True))
    events = {normalise(e.name): e.uid for e in reversed(journal.events())}  # the newest of a name wins
    created: dict[str, Person] = {}
    changed: dict[str, Person] = {}
    introductions: list[tuple[Incoming, Person]] = []
    for row in rows:
        try:
            draft = _draft(row, events)
        except InvalidValue as exc:
            report.skip(row.line, str(exc))
            continue
        match = known.find(draft)
        if match is None:
            if (namesake := known.named(draft.name)) is not None:
                report.problems.append(
                    BadRow(
                        row.line,
                        f"{draft.name!r} is a second person of that name (their emails or profiles differ); "
                        f"if they are one, `kith merge {draft.uid[:8]} {namesake.uid[:8]}` joins them",
                    )
                )
            created[draft.uid] = draft
            known.add(draft)
            report.created += 1
            target = draft
        else:
            target = changed.get(match.uid) or created.get(match.uid) or _copy(match)
            if _fill(target, draft):
                report.updated += 1
                if target.uid not in created:
                    changed[target.uid] = target
                known.add(target)
            else:
                report.unchanged += 1
        if row.introduced_by:
            introductions.append((row, target))
    for row, person in introductions:
        introducer = known.named(row.introduced_by or "")
        if introducer is None:
            report.problems.append(
                BadRow(
                    row.line, f"introduced_by {row.introduced_by!r} is nobody in the journal or the file; left empty"
                )
            )
        elif not person.introduced_by and introducer.uid != person.uid:
            person.introduced_by = introducer.uid
            if person.uid not in created and person.uid not in changed:
                changed[person.uid] = person
                report.unchanged -= 1
                report.updated += 1
    return list(created.values()), list(changed.values())


def _draft(row: Incoming, events: dict[str, str]) -> Person:
    """The person a row describes, checked like any other (InvalidValue names what is wrong)."""
    if not row.name.strip():
        raise InvalidValue("name", row.name, "is empty; every person needs a name")
    for email in row.emails:
        if not is_email(email):
            raise InvalidValue("email", email, "is not an email address like ana@example.com")
    handles: dict[str, str] = {}
    for platform, values in (("email", row.emails), ("phone", row.phones)):
        for value in values:
            _add_handle(handles, platform, value)
    for platform, value in row.handles.items():
        if value not in handles.values():
            handles[platform] = value
    event = events.get(normalise(row.met_at)) if row.met_at else None
    person = Person(
        name=row.name,
        uid=row.uid or new_uid(),
        aliases=[a for a in row.aliases if normalise(a) != normalise(row.name)],
        company=row.company,
        role=row.role,
        tags=row.tags,
        handles=handles,
        met_on=row.met_on,
        met_event=event,
        met_place=None if event else row.met_at,
        met_online=row.met_online,
        every=row.every or None,
        notes=row.notes.replace("\r\n", "\n").replace("\r", "\n") if row.notes else None,
    )
    return person.validated()


def _add_handle(handles: dict[str, str], platform: str, value: str) -> None:
    """Add a value under `platform`, or `platform2`, `platform3`… when that is taken by another value."""
    if value in handles.values():
        return
    key, n = platform, 1
    while key in handles:
        n += 1
        key = f"{platform}{n}"
    handles[key] = value


def _fill(person: Person, draft: Person) -> bool:
    """Give `person` what `draft` has and they lack; True if anything was added."""
    before = person.to_doc()
    for name in _SCALARS:
        if getattr(person, name) in (None, "") and getattr(draft, name) not in (None, ""):
            setattr(person, name, getattr(draft, name))
    if not any(getattr(person, name) for name in _HOW_MET):
        for name in _HOW_MET:
            setattr(person, name, getattr(draft, name))
    _union(person.aliases, draft.aliases, also=[person.name])
    _union(person.tags, draft.tags)
    for platform, value in draft.handles.items():
        if _same_handle_value(person.handles, platform, value):
            continue
        if handle_kind(platform) in ("email", "phone", "web"):
            _add_handle(person.handles, handle_kind(platform), value)
        else:
            person.handles.setdefault(platform, value)
    return person.to_doc() != before


def _union(have: list[str], new: list[str], also: Iterable[str] = ()) -> None:
    """Append to `have` what `new` holds that it lacks (case and accents ignored)."""
    seen = {normalise(x) for x in [*have, *also]}
    for item in new:
        if normalise(item) not in seen:
            seen.add(normalise(item))
            have.append(item)


def _copy(person: Person) -> Person:
    """A copy of a known person that can be changed without touching the journal's cached records."""
    return replace(person, aliases=[*person.aliases], tags=[*person.tags], handles={**person.handles})


def _same_handle_value(handles: dict[str, str], platform: str, value: str) -> bool:
    wanted = _identity(platform, value)
    return any(_identity(k, v) == wanted for k, v in handles.items())


def _identity(platform: str, value: str) -> str:
    """A handle value in the form two spellings of it compare equal in."""
    value = value.strip().lower()
    if platform.startswith("linkedin") or "linkedin.com/" in value:
        return linkedin_id(value)
    if platform.startswith("phone"):
        return re.sub(r"[^0-9+]", "", value)
    return value


def linkedin_id(url: str) -> str:
    """A LinkedIn profile URL without scheme, host prefix, query or trailing slash."""
    text = url.strip().lower().split("?")[0].rstrip("/")
    text = re.sub(r"^https?://", "", text)
    return re.sub(r"^([a-z]{2,3}\.)?(www\.)?", "", text) if "linkedin.com" in text else text


class _Known:
    """People by uid, email, LinkedIn profile and name, kept up to date as the import adds to them."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.by_uid: dict[str, Person] = {}
        self.by_email: dict[str, Person] = {}
        self.by_linkedin: dict[str, Person] = {}
        self.by_name: dict[str, Person] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        self.by_uid[person.uid] = person
        for key in _emails(person):
            self.by_email.setdefault(key, person)
        if profile := _linkedin(person):
            self.by_linkedin.setdefault(profile, person)
        self.by_name.setdefault(normalise(person.name), person)

    def find(self, draft: Person) -> Person | None:
        if found := self.by_uid.get(draft.uid):
            return found
        for key in _emails(draft):
            if found := self.by_email.get(key):
                return found
        profile = _linkedin(draft)
        if profile and (found := self.by_linkedin.get(profile)):
            return found
        found = self.by_name.get(normalise(draft.name))
        if found and not _conflicting(found, draft):
            return found
        return None

    def named(self, text: str) -> Person | None:
        """The person an introduced_by cell names: a uid, or an exact name."""
        return self.by_uid.get(text.strip().lower()) or self.by_name.get(normalise(text))


def _emails(person: Person) -> list[str]:
    return [v.lower() for k, v in person.handles.items() if handle_kind(k) == "email"]


def _linkedin(person: Person) -> str | None:
    url = person.handles.get("linkedin")
    return linkedin_id(url) if url else None


def _conflicting(known: Person, draft: Person) -> bool:
    """Two people of one name who are told apart by different emails or LinkedIn profiles."""
    mine, theirs = set(_emails(known)), set(_emails(draft))
    if mine and theirs and not mine & theirs:
        return True
    a, b = _linkedin(known), _linkedin(draft)
    return bool(a and b and a != b)
