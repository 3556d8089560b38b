"""Importing people from files: read a format, match each row to someone known, fill what is empty.

Matching goes by uid, then email, then LinkedIn profile, then exact name (case and accents ignored;
not when both sides have emails or profiles and they differ). A match only gains what it lacks: the
user's own values are never overwritten. The whole import is one write, so it lands or it doesn't.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

from journal import formats
from journal.errors import InvalidValue, UserError
from journal.formats import BadRow, Format, Incoming, Message, Progress
from journal.journal import Journal
from journal.model import (
    MAX_TEXT,
    Interaction,
    Need,
    NeedOrOffer,
    Offer,
    Person,
    check_birthday,
    check_iso_date,
    check_label,
    check_platform,
    check_tag,
    check_uid,
    clean_text,
    handle_kind,
    is_email,
    new_uid,
    normalise,
    split_name,
)

_HOW_MET = ("met_event", "met_place", "met_online")
_SCALARS = ("company", "role", "met_on", "every", "notes", "birthday", "nickname")
_PARTS = ("address", "name_parts")


@dataclass
class Report:
    """What an import did (or, for a dry run, would do)."""

    format: Format
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    left_out: int = 0
    interactions: int = 0
    problems: list[BadRow] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    encoding: str | None = None  # the legacy encoding assumed for a file that was not UTF-8 or UTF-16

    def skip(self, line: int, reason: str, source: str = "") -> None:
        """Count a row left out, and say why."""
        self.skipped += 1
        self.problems.append(BadRow(line, reason, source))

    def leave_out(self, line: int, what: str, source: str = "") -> None:
        """Count a value left out of a row whose other values were kept, and say which and why."""
        self.left_out += 1
        self.problems.append(BadRow(line, f"{what}; kept the rest", source))

    def note(self, line: int, what: str, source: str = "") -> None:
        """Say something about a row that was imported (a possible duplicate, an unknown introducer)."""
        self.problems.append(BadRow(line, what, source))

    def lines(self) -> list[str]:
        """The problems, one line each, in file order."""
        return [str(p) for p in sorted(self.problems, key=lambda p: (p.source, p.line))]

    def summary(self) -> str:
        """One line of counts (and, for a dry run, that nothing was written)."""
        verb = "Imported" if self.written else "Would import" if self.created or self.updated else "Read"
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped"
        if self.left_out:
            counts += f", {self.left_out} value{'s' if self.left_out != 1 else ''} left out"
        if self.interactions:
            counts += f", {self.interactions} interaction{'s' if self.interactions != 1 else ''} added"
        if self.encoding:
            counts += f" (read as {self.encoding})"
        return f"{verb} {self.format.label}: {counts}" + (" (dry run: nothing written)" if self.dry_run else "")


def read_file(path: Path) -> str:
    """The text of a file to import; a user error when it cannot be read."""
    return _read(path)[0]


def _read(path: Path) -> tuple[str, str | None]:
    """The text of a file to import and the legacy encoding assumed for it, if any."""
    from journal.formats.cells import decode_named

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode_named(raw, path.name)


def import_file(
    journal: Journal,
    path: Path,
    format_name: str = "auto",
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    me: str | None = None,
) -> Report:
    """Import the people in a file, or in every file Kith knows in a LinkedIn export's folder or .zip."""
    from journal.formats import bundle

    if path.is_dir() or (path.suffix.lower() == ".zip" and path.is_file()):
        parts = bundle.parts(path)
        report = Report(bundle.FORMAT, dry_run=dry_run)
        sources = [(name, fmt.load().read(text)) for name, fmt, text in parts]
        return _import(journal, sources, report, strict=strict, progress=progress, me=me)
    from journal.formats.cells import open_text

    opened = open_text(path)
    fmt = formats.detect(path, opened.head) if format_name == "auto" else formats.get(format_name)
    if fmt.name == "vcf":  # cards are read whole; a CSV is streamed
        text: str | TextIO = opened.text()
    else:
        text = opened.stream()
    with contextlib.closing(text) if not isinstance(text, str) else contextlib.nullcontext():
        report = import_text(
            journal, text, fmt, dry_run=dry_run, strict=strict, progress=progress, me=me, lines=opened.lines
        )
    report.encoding = opened.assumed
    return report


def import_text(
    journal: Journal,
    text: str | TextIO,
    fmt: Format,
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    me: str | None = None,
    lines: int | None = None,
) -> Report:
    """Import people (and, from LinkedIn messages, interactions) from text in a known format (a stream is
    read as it goes; `lines` is then how many it has, for the progress bar)."""
    report = Report(fmt, dry_run=dry_run)
    total = lines or (text.count("\n") + 1 if isinstance(text, str) else 1)

    def rows() -> Iterator[Incoming | Message | BadRow]:
        for item in fmt.load().read(text):
            yield item
            if progress:
                progress(min(item.line, total), total)
        if progress:
            progress(total, total)

    return _import(journal, [("", rows())], report, strict=strict, progress=None, me=me)


def _import(
    journal: Journal,
    sources: list[tuple[str, Iterable[Incoming | Message | BadRow]]],
    report: Report,
    *,
    strict: bool,
    progress: Progress | None,
    me: str | None,
) -> Report:
    """Merge what the sources hold into the journal in one write (none for a dry run)."""
    with contextlib.nullcontext() if report.dry_run else journal.writing():
        merger = _Merger(journal, report)
        messages: list[tuple[str, Message]] = []
        for n, (source, items) in enumerate(sources, start=1):
            for item in items:
                if isinstance(item, BadRow):
                    report.skip(item.line, item.reason, source)
                elif isinstance(item, Message):
                    messages.append((source, item))
                else:
                    merger.take(item, source)
            if progress:
                progress(n, len(sources))
        merger.introduce()
        interactions = conversations(journal, merger, messages, me) if messages else []
        report.interactions = len(interactions)
        if strict and (report.skipped or report.left_out):
            first = report.lines()[0]
            more = len(report.problems) - 1
            raise UserError(f"--strict: nothing imported; {first}" + (f" (and {more} more)" if more else ""))
        created, changed = list(merger.created.values()), list(merger.changed.values())
        wishes = merger.wishes(journal)
        if not report.dry_run and (created or changed or interactions or wishes):
            journal.add_records([*created, *interactions, *wishes])
            journal.save_people(changed)
            report.written = True
    return report


class _Merger:
    """People from the rows, matched against the journal and each other as they come."""

    def __init__(self, journal: Journal, report: Report) -> None:
        self.report = report
        self.known = _Known(journal.people(archived=True))
        self.events = {normalise(e.name): e.uid for e in reversed(journal.events())}  # the newest of a name wins
        self.created: dict[str, Person] = {}
        self.changed: dict[str, Person] = {}
        self.introductions: list[tuple[str, int, str, Person]] = []
        self.lines: dict[str, int] = {}  # the line each created person came from
        self.wanted: list[tuple[type[NeedOrOffer], str, str, int, str]] = []  # kind, person, what, line, source

    def take(self, row: Incoming, source: str = "") -> Person | None:
        """Merge one row; the person it became or filled, or None when it was skipped."""
        report = self.report
        try:
            draft = _draft(row, self.events)
        except InvalidValue as exc:
            report.skip(row.line, str(exc), source)
            return None
        if isinstance(draft, list):
            unread = f" ({'; '.join(draft)})" if draft else ""
            report.skip(row.line, f"has no name, email, phone or profile to know the person by{unread}", source)
            return None
        for what in draft.left_out:
            report.leave_out(row.line, what, source)
        person = draft.person
        match = self.known.find(person)
        if match is None:
            twin = self.known.by_name.get(normalise(person.name))
            self.created[person.uid] = person
            self.known.add(person)
            self.lines[person.uid] = row.line
            report.created += 1
            target = person
            if twin is not None and draft.named:
                where = self.lines.get(twin.uid)
                seen = f"the one on line {where}" if where else "the one in the journal"
                report.note(
                    row.line,
                    f"{person.name} may be {seen} (a different email or phone, nothing shared); kept apart: "
                    f"if they are one, `kith merge {person.uid[:8]} {twin.uid[:8]}` joins them",
                    source,
                )
        else:
            target = self.changed.get(match.uid) or self.created.get(match.uid) or _copy(match)
            if draft.named and normalise(person.name) != normalise(target.name):
                person.aliases.append(person.name)  # the same email under another name: one person, both names
            if _fill(target, person):
                report.updated += 1
                if target.uid not in self.created:
                    self.changed[target.uid] = target
                self.known.add(target)
            else:
                report.unchanged += 1
        if row.introduced_by:
            self.introductions.append((source, row.line, row.introduced_by, target))
        self.wanted += [(Need, target.uid, what, row.line, source) for what in row.needs]
        self.wanted += [(Offer, target.uid, what, row.line, source) for what in row.offers]
        return target

    def wishes(self, journal: Journal) -> list[NeedOrOffer]:
        """The needs and offers the rows hold that the journal does not hold open already, dated today;
        one that does not fit (too long, control characters) is named and left out."""
        held = {(type(r), r.person, normalise(r.what)) for cls in (Need, Offer) for r in journal.records(cls)
                if r.closed is None}  # fmt: skip
        found: list[NeedOrOffer] = []
        for cls, person, what, line, source in self.wanted:
            if (cls, person, normalise(what)) in held:
                continue
            try:
                found.append(cls(person=person, what=what, added=journal.today().isoformat()).validated())
            except InvalidValue as exc:
                self.report.note(line, f"{cls.__name__.lower()} left out: {exc}", source)
                continue
            held.add((cls, person, normalise(what)))
        return found

    def introduce(self) -> None:
        """Link each person to who introduced them, now that every row is known."""
        for source, line, name, person in self.introductions:
            introducer = self.known.named(name)
            if introducer is None:
                self.report.note(
                    line, f"introduced_by {name!r} is nobody in the journal or the file; left empty", source
                )
            elif not person.introduced_by and introducer.uid != person.uid:
                person.introduced_by = introducer.uid
                if person.uid not in self.created and person.uid not in self.changed:
                    self.changed[person.uid] = person
                    self.report.unchanged -= 1
                    self.report.updated += 1

    def correspondent(self, name: str, url: str, on: str, source: str, line: int) -> Person | None:
        """The person a correspondent is, by profile URL then name; someone new, met online on LinkedIn, if unknown."""
        found = None
        if url:
            found = self.known.likeliest(self.known.by_linkedin.get(linkedin_id(url)), Person(name=name or "?"))
        if found is None and name:
            found = self.known.by_name.get(normalise(name))
        if found is not None:
            return self.changed.get(found.uid) or self.created.get(found.uid) or found
        handles = {"linkedin": url} if url else {}
        return self.take(Incoming(line=line, name=name, handles=handles, met_on=on, met_online="linkedin"), source)


@dataclass
class _Draft:
    """A row made into a person, with what was left out of it and whether the file named them."""

    person: Person
    named: bool
    left_out: list[str]


def _draft(row: Incoming, events: dict[str, str]) -> _Draft | list[str]:
    """The person a row describes, every value checked on its own: one that fails is left out and named,
    the rest kept. When nothing is left to know the person by (no name, email, phone or profile), the
    values that could not be read instead."""
    left_out = list(row.left_out)

    def keep(field_name: str, value: Any, check: Callable[[Any], Any]) -> Any:
        if value in (None, ""):
            return None
        try:
            return check(value)
        except InvalidValue as exc:
            left_out.append(f"{field_name} {_shown(value)} {exc.reason}")
            return None

    def text(field_name: str, value: str | None, *, one_line: bool = True) -> str | None:
        if value and value.isprintable() and len(value) <= MAX_TEXT:
            return value.strip() or None  # the common case, without clean_text's look at every character
        return keep(field_name, value, lambda v: clean_text(field_name, v, one_line=one_line))

    handles: dict[str, str] = {}
    labels: dict[str, str] = {}
    for email in row.emails:
        if value := keep("email", email.strip(), _check_email):
            _add_handle(handles, "email", value)
            if label := keep("label", row.labels.get(email), check_label):
                labels.setdefault(_key_of(handles, value), label)
    for phone in row.phones:
        if value := keep("phone", phone.strip(), _check_phone):
            _add_handle(handles, "phone", value)
            if label := keep("label", row.labels.get(phone), check_label):
                labels.setdefault(_key_of(handles, value), label)
    for platform, raw in row.handles.items():
        kind = keep("handle", platform, lambda v: check_platform("handle", v))
        value = text(f"handle {platform}", raw)
        if kind and value and value not in handles.values():
            if handle_kind(kind) in ("email", "phone", "web"):
                _add_handle(handles, handle_kind(kind), value)
                if label := keep("label", row.labels.get(raw), check_label):
                    labels.setdefault(_key_of(handles, value), label)
            else:
                handles.setdefault(kind, value)
    name = text("name", row.name)
    named = bool(name)
    name = (
        name or text("company", row.company) or handles.get("email") or handles.get("phone") or _profile_name(handles)
    )
    if not name:
        held = [f"{k} {_shown(v)}" for k, v in _held(row)]
        return left_out + ([f"it held {', '.join(held)}"] if held else [])
    event = events.get(normalise(row.met_at)) if row.met_at else None
    uid = keep("uid", row.uid, lambda v: check_uid("uid", v))
    every = keep("keep_in_touch_days", row.every, _check_every)
    person = Person(
        name=name,
        uid=uid or new_uid(),
        aliases=[a for a in (text("alias", x) for x in row.aliases) if a and normalise(a) != normalise(name)],
        company=_shared(text("company", row.company)),
        role=_shared(text("role", row.role)),
        tags=[t for t in (keep("tag", x, check_tag) for x in row.tags) if t],
        handles=handles,
        met_on=_shared(keep("met_on", row.met_on, lambda v: check_iso_date("met_on", v))),
        met_event=event,
        met_place=None if event else text("met_at", row.met_at),
        met_online=_shared(keep("met_how", row.met_online, lambda v: check_platform("online", v))),
        every=every,
        notes=text("notes", row.notes.replace("\r\n", "\n").replace("\r", "\n") if row.notes else None, one_line=False),
        labels=labels,
        birthday=keep("birthday", row.birthday, lambda v: check_birthday("birthday", v)),
        nickname=text("nickname", row.nickname),
        address={k: v for k, v in ((k, text(f"address {k}", v)) for k, v in row.address.items()) if v},
        name_parts=_telling_parts(
            {k: v for k, v in ((k, text(f"name {k}", v)) for k, v in row.name_parts.items()) if v}, name
        ),
    )
    return _Draft(person, named, left_out)  # every value passed its check above; the write validates again


def _shared(value: str | None) -> str | None:
    """One copy of a value many rows repeat (a company, a date, a platform), not one per row."""
    return sys.intern(value) if value else value


def _telling_parts(parts: dict[str, str], name: str) -> dict[str, str]:
    """Name parts worth keeping: not when they are only the name split at its last word (most LinkedIn
    rows), which export gives back anyway; that keeps a 400,000-row import small."""
    if parts.keys() <= {"given", "family"} and split_name(name) == (parts.get("given", ""), parts.get("family", "")):
        return {}
    return parts


def _held(row: Incoming) -> list[tuple[str, Any]]:
    """The values of a row that are not what a person is known by, for the message when it is skipped."""
    scalars = [(k, getattr(row, k)) for k in ("role", "birthday", "nickname", "met_on", "met_at", "notes")]
    lists = [("tag", t) for t in row.tags] + [("alias", a) for a in row.aliases]
    parts = [(f"address {k}", v) for k, v in row.address.items()]
    return [(k, v) for k, v in scalars + lists + parts if v not in (None, "")]


def _shown(value: Any) -> str:
    """A value as a message quotes it, cut when long."""
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _check_email(value: str) -> str:
    if not is_email(value) or value.lower().endswith("@localhost"):
        raise InvalidValue("email", value, "is not an email address like ana@example.com")
    return clean_text("email", value) or ""


def _check_phone(value: str) -> str:
    text = clean_text("phone", value) or ""
    if not any(ch.isdigit() for ch in text):
        raise InvalidValue("phone", value, "is not a phone number")
    return text


def _check_every(value: Any) -> int:
    if not isinstance(value, int) or not 1 <= value <= 3650:
        raise InvalidValue("keep_in_touch_days", value, "is not a number of days from 1 to 3650")
    return value


def _key_of(handles: dict[str, str], value: str) -> str:
    return next(k for k, v in handles.items() if v == value)


def _profile_name(handles: dict[str, str]) -> str | None:
    """A name from a LinkedIn profile URL (`…/in/ana-lopez-4b2a1` → `ana-lopez-4b2a1`), for a row with no other."""
    url = handles.get("linkedin")
    return linkedin_id(url).rsplit("/", 1)[-1] or None if url else None


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
            if label := draft.labels.get(platform):
                person.labels.setdefault(_key_of(person.handles, value), label)
        else:
            person.handles.setdefault(platform, value)
    for name in _PARTS:
        if not getattr(person, name):
            setattr(person, name, dict(getattr(draft, name)))
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
    return replace(
        person,
        aliases=[*person.aliases],
        tags=[*person.tags],
        handles={**person.handles},
        labels={**person.labels},
        address={**person.address},
        name_parts={**person.name_parts},
    )


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
        self.by_email: dict[str, list[str]] = {}  # uids, first come first
        self.by_linkedin: dict[str, list[str]] = {}
        self.by_name: dict[str, Person] = {}
        self.namesakes: dict[str, list[str]] = {}  # uids of the others of a name, told apart by email or phone
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        self.by_uid[person.uid] = person
        for key in _emails(person):
            _append(self.by_email.setdefault(key, []), person.uid)
        if profile := _linkedin(person):
            _append(self.by_linkedin.setdefault(profile, []), person.uid)
        key = normalise(person.name)
        first = self.by_name.setdefault(key, person)
        if first.uid != person.uid and person.uid not in self.namesakes.get(key, ()):
            self.namesakes.setdefault(key, []).append(person.uid)

    def find(self, draft: Person) -> Person | None:
        if found := self.by_uid.get(draft.uid):
            return found
        for key in _emails(draft):
            if found := self.likeliest(self.by_email.get(key), draft):
                return found
        profile = _linkedin(draft)
        if profile and (found := self.likeliest(self.by_linkedin.get(profile), draft)):
            return found
        key = normalise(draft.name)
        first = self.by_name.get(key)
        for uid in self._holding_first([first.uid, *self.namesakes.get(key, ())] if first else [], draft):
            found = self.by_uid[uid]  # the latest copy, with what the import has added so far
            if not _conflicting(found, draft):
                return found
        return None

    def likeliest(self, uids: list[str] | None, draft: Person) -> Person | None:
        """Of the people who share an email or profile with the row, the one of its name (or alias), else the
        first: a file where two people share an address must not turn one into an alias of the other."""
        if not uids:
            return None
        uids = self._holding_first(uids, draft)
        wanted = normalise(draft.name)
        for uid in uids:
            person = self.by_uid[uid]
            if wanted in {normalise(person.name), *(normalise(a) for a in person.aliases)}:
                return person
        return self.by_uid[uids[0]]

    def _holding_first(self, uids: list[str], draft: Person) -> list[str]:
        """The candidates for a row, those who already hold everything it says first: a row imported before
        finds the person it became, whatever order the journal keeps its people in."""
        if len(uids) < 2:
            return uids
        probe = _copy(draft)
        holding = []
        for uid in uids:
            known = self.by_uid[uid]
            if normalise(probe.name) != normalise(known.name):
                probe.aliases = [*draft.aliases, draft.name]  # as `take` adds it: one person, both names
            else:
                probe.aliases = draft.aliases
            if not _fill(_copy(known), probe):
                holding.append(uid)
        return holding + [uid for uid in uids if uid not in holding]

    def named(self, text: str) -> Person | None:
        """The person an introduced_by cell names: a uid, or an exact name."""
        return self.by_uid.get(text.strip().lower()) or self.by_name.get(normalise(text))


def _append(uids: list[str], uid: str) -> None:
    if uid not in uids:
        uids.append(uid)


def _emails(person: Person) -> list[str]:
    return [v.lower() for k, v in person.handles.items() if handle_kind(k) == "email"]


def _linkedin(person: Person) -> str | None:
    url = person.handles.get("linkedin")
    return linkedin_id(url) if url else None


def _phones(person: Person) -> set[str]:
    return {_identity("phone", v) for k, v in person.handles.items() if handle_kind(k) == "phone"}


def _conflicting(known: Person, draft: Person) -> bool:
    """Two people of one name who are told apart by different emails, phones or LinkedIn profiles."""
    mine, theirs = set(_emails(known)), set(_emails(draft))
    if mine & theirs:
        return False
    if mine and theirs:
        return True
    a, b = _linkedin(known), _linkedin(draft)
    if a and b:
        return a != b
    phones, others = _phones(known), _phones(draft)
    return bool(phones and others and not phones & others)


_MESSAGE_UIDS = "6f1c1a52-6b55-4d8e-9a57-6b6974686d73"  # the namespace of interaction uids made from messages


def conversations(
    journal: Journal, merger: _Merger, messages: list[tuple[str, Message]], me: str | None
) -> list[Interaction]:
    """Each message new to the journal as an interaction with the others in it (found or created by
    `merger`); a conversation whose last message is theirs, within the reply window, awaits my reply."""
    import uuid

    report = merger.report
    mine = _me(messages, me)
    if mine is None and any(m.from_me is None for _, m in messages):
        source, first = messages[0]
        report.note(
            first.line,
            "cannot tell which participant of the messages is you; add --me YOUR-NAME (or your profile URL) "
            "and import again; messages left out",
            source,
        )
        messages = [(s, m) for s, m in messages if m.from_me is not None]
    have = _interaction_uids(journal)
    namespace = uuid.UUID(_MESSAGE_UIDS)
    messages = sorted(messages, key=lambda item: item[1].on)  # LinkedIn lists the newest first: meet at the oldest
    last: dict[str, tuple[str, Interaction]] = {}
    made: dict[str, Interaction] = {}
    for source, message in messages:
        by_me = message.from_me if message.from_me is not None else _is(mine, message.sender, message.sender_url)
        everyone = [(message.sender, message.sender_url), *message.recipients]
        others = [
            (n, u) for n, u in everyone if not (_is(mine, n, u) if message.from_me is None else _fits(message, n, u))
        ]
        people = [merger.correspondent(n, u, message.on, source, message.line) for n, u in others if n or u]
        uids = list(dict.fromkeys(p.uid for p in people if p is not None))
        if not uids:
            continue
        key = "|".join((message.conversation, message.at, message.sender_url or message.sender, message.text))
        uid = uuid.uuid5(namespace, key).hex
        interaction = Interaction(
            people=uids,
            on=message.on,
            kind="message",
            uid=uid,
            direction="out" if by_me else "in",
            platform="linkedin",
            summary=_summary(message),
        )
        made[uid] = interaction
        if message.kind == "message" and message.conversation:
            stamp = message.at or message.on
            if message.conversation not in last or stamp >= last[message.conversation][0]:
                last[message.conversation] = (stamp, interaction)
    since = (journal.today() - timedelta(days=journal.config.reply_within_days)).isoformat()
    for _stamp, interaction in last.values():
        if interaction.direction == "in" and interaction.on >= since:
            interaction.reply_needed = True
    return [i for uid, i in made.items() if uid not in have]


def _me(messages: list[tuple[str, Message]], me: str | None) -> set[str] | None:
    """What names you (normalised names and profile ids): given by --me, else the one participant in every
    conversation, else the one invitations name as you; None when that cannot be told."""
    if me:
        return _also_known_as({linkedin_id(me) if "linkedin.com" in me.lower() else normalise(me)}, messages)
    invited = {
        normalise(n)
        for _, m in messages
        if m.from_me is not None
        for n, u in [(m.sender, m.sender_url), *m.recipients]
        if n and _fits(m, n, u)
    }
    found = _in_every_conversation(messages)
    if found is None and len(invited) == 1:
        found = invited
    return _also_known_as(found, messages) if found else None


def _also_known_as(mine: set[str], messages: list[tuple[str, Message]]) -> set[str]:
    """Your profile where you are known by name, and your name where by profile: a row may give only one."""
    for _, m in messages:
        for name, url in [(m.sender, m.sender_url), *m.recipients]:
            if url and name and (linkedin_id(url) in mine or normalise(name) in mine):
                mine |= {linkedin_id(url), normalise(name)}
    return mine


def _in_every_conversation(messages: list[tuple[str, Message]]) -> set[str] | None:
    """The one participant (by name) of every conversation, when there are two or more conversations."""
    seen: dict[str, set[str]] = {}
    for _, m in messages:
        if m.from_me is None:
            names = {normalise(n) for n, _ in [(m.sender, m.sender_url), *m.recipients] if n}
            seen.setdefault(m.conversation, set()).update(names)
    if len(seen) < 2:
        return None
    common = set.intersection(*seen.values())
    return common if len(common) == 1 else None


def _is(mine: set[str] | None, name: str, url: str) -> bool:
    return bool(mine) and (normalise(name) in mine or bool(url and linkedin_id(url) in mine))  # type: ignore[operator]


def _fits(message: Message, name: str, url: str) -> bool:
    """Whether a participant of an invitation is you: the sender of one you sent, the recipient of one you got."""
    is_sender = (name, url) == (message.sender, message.sender_url)
    return is_sender if message.from_me else not is_sender


def _summary(message: Message) -> str:
    """A short one-line summary of a message: its subject and the start of what it says."""
    text = re.sub(r"<[^>]+>", " ", message.text)
    text = " ".join(text.split())
    if message.kind == "invitation":
        head = "Invitation to connect"
        return f"{head}: {text[:160]}" if text else head
    subject = " ".join(message.subject.split()) if message.subject else ""
    text = f"{subject}: {text}" if subject and text else subject or text
    text = text or "LinkedIn message"
    return text if len(text) <= 160 else text[:159] + "…"


def _interaction_uids(journal: Journal) -> set[str]:
    """The uids of every interaction already in the journal (read once, for messages imported again)."""
    uids: set[str] = set()
    for name in journal.files.bucket_names():
        data = journal.files.bucket(name).file.read() or {}
        uids.update(str(doc.get("uid")) for doc in data.get("interactions", {}).values())
    return uids


def person_of(row: Incoming, journal: Journal) -> tuple[Person | None, list[str]]:
    """The person one row or card describes, every value checked as an import checks it, and the values
    left out (why each); None when nothing is left to know them by. For readers of one card at a time
    (journal/vdir)."""
    events = {normalise(e.name): e.uid for e in reversed(journal.events())}
    try:
        draft = _draft(row, events)
    except InvalidValue as exc:
        return None, [str(exc)]
    if isinstance(draft, list):
        return None, draft or ["it has no name, email, phone or profile to know the person by"]
    return draft.person, draft.left_out


def same_person(journal: Journal, draft: Person, among: Iterable[Person] | None = None) -> Person | None:
    """The person already known (among `among`, else everyone) that a draft is, as an import matches
    them: by uid, email, LinkedIn profile, then exact name."""
    return _Known(journal.people(archived=True) if among is None else among).find(draft)


def fill_empty(person: Person, draft: Person) -> bool:
    """Give a person the values of a draft they lack (never overwriting theirs); whether any was given."""
    return _fill(person, draft)
