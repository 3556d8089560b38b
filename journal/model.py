"""The records of a journal as dataclasses, with the validation every writer shares; no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from functools import cache
from typing import Any, ClassVar, Self

from journal.errors import InvalidValue, RecordDamaged

INTERACTION_KINDS = ("met", "talk", "call", "video", "message", "email", "meeting", "comment", "letter", "other")
DIRECTIONS = ("in", "out", "both")
PROMISE_STATUSES = ("open", "done", "dropped")
MAX_TEXT = 10_000
MIN_YEAR, MAX_YEAR = 1900, 2200  # dates the reminders can add years of cadence to without overflow
MAX_EVERY = 3650
# Joiners that emoji and Persian need; every other invisible format character (category Cf) is refused.
JOINERS = frozenset("\u200c\u200d")
# Characters that reorder the text around them: refused even in notes, where other format characters may stay.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# The patterns below are kept as text and compiled on first use (`re` caches them): compiled at import,
# they cost every command about a millisecond, and most commands check no handle, birthday or label.
_PLATFORM = r"^[a-z0-9][a-z0-9_.+-]{0,39}$"


NAME_PARTS = ("prefix", "given", "additional", "family", "suffix")
ADDRESS_PARTS = ("pobox", "extended", "street", "city", "region", "postcode", "country")
_BIRTHDAY = r"(?:(\d{4})|--)?-?(\d{2})-(\d{2})"
_LABEL = r"^[\w][\w .&/+-]{0,29}$"

_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"


def is_email(text: str) -> bool:
    """Whether `text` looks like an email address (something@somewhere.tld)."""
    return bool(re.fullmatch(_EMAIL, text))


def handle_kind(platform: str) -> str:
    """What a handle is, without the number that tells several apart: `email2` is an email."""
    return platform.rstrip("0123456789")


def split_name(name: str) -> tuple[str, str]:
    """Given names and family name, as address books want them: the last word is the family name."""
    given, _, family = name.rpartition(" ")
    return (given, family) if given else (name, "")


def new_uid() -> str:
    """A fresh stable identifier for a record."""
    import uuid  # imports platform; most commands never make a record

    return uuid.uuid4().hex


# Accents and other diacritics that NFKD splits off Latin, Greek and Cyrillic letters; the marks of
# scripts where they carry meaning (Devanagari vowel signs, say) are kept.
@cache
def _diacritics() -> re.Pattern[str]:
    """The pattern of those marks: the dearest of the model's to compile (a millisecond), and needed only
    once a name is not ASCII."""
    return re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def normalise(text: str) -> str:
    """The form names are compared in: case, accents and spacing ignored."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(_diacritics().sub("", unicodedata.normalize("NFKD", text.casefold())).split())


def clean_text(field_name: str, value: str | None, *, required: bool = False, one_line: bool = True) -> str | None:
    """Trim a free-text field, refusing control characters, empty required values and absurd lengths."""
    if value is None:
        if required:
            raise InvalidValue(field_name, value, "is required")
        return None
    if not isinstance(value, str):
        raise InvalidValue(field_name, value, "must be text")
    text = value.strip()
    if not one_line:  # text pasted from Windows or old Macs: one kind of line break
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        if required:
            raise InvalidValue(field_name, value, "must not be empty")
        return None
    if not text.isprintable():
        _refuse_invisible(field_name, value, text, one_line=one_line)
    if len(text) > MAX_TEXT:
        raise InvalidValue(field_name, f"{text[:20]}…", f"is longer than {MAX_TEXT} characters")
    return text


def _refuse_invisible(field_name: str, value: str, text: str, *, one_line: bool) -> None:
    """Refuse control characters, and characters that reorder or hide text (bidi controls; in one-line
    fields every invisible format character but the joiners)."""
    allowed = "\t" if one_line else "\t\n"
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" and ch not in allowed:
            raise InvalidValue(field_name, value, "must not contain control characters")
        if ch in BIDI_CONTROLS or (one_line and category == "Cf" and ch not in JOINERS):
            raise InvalidValue(field_name, value, f"must not contain invisible formatting characters (U+{ord(ch):04X})")


def check_iso_date(field_name: str, value: str | None, *, required: bool = False) -> str | None:
    """Accept an ISO date string (YYYY-MM-DD) between the years 1900 and 2200, or None."""
    if value is None:
        if required:
            raise InvalidValue(field_name, value, "is required")
        return None
    problem = date_problem(value)
    if problem:
        raise InvalidValue(field_name, value, problem)
    return value


_GOOD_DATES: set[str] = set()  # dates already found good: journals repeat a few thousand dates


def date_problem(value: object) -> str | None:
    """What is wrong with a stored or typed ISO date, or None if it is a date Kith can work with."""
    if not isinstance(value, str) or len(value) != 10:
        return "is not a date like 2026-12-05"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return "is not a date like 2026-12-05"
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return f"is outside the years {MIN_YEAR}-{MAX_YEAR}"
    _GOOD_DATES.add(value)
    return None


def check_birthday(field_name: str, value: str | None) -> str | None:
    """A birthday: `YYYY-MM-DD`, or `--MM-DD` when the year is unknown (`MM-DD` is taken for that too)."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    found = re.fullmatch(_BIRTHDAY, text)
    if found and (found.group(1) or text.startswith("--") or len(text) == 5):
        year, month, day = found.groups()
        try:
            date(int(year or 2000), int(month), int(day))  # 2000 is a leap year: --02-29 is a birthday
        except ValueError:
            pass
        else:
            return f"{year}-{month}-{day}" if year else f"--{month}-{day}"
    raise InvalidValue(field_name, value, "is not a birthday like 1990-12-04, or --12-04 without the year")


def check_choice(field_name: str, value: str, choices: tuple[str, ...]) -> str:
    """Accept one of a fixed set of words."""
    if value not in choices:
        raise InvalidValue(field_name, value, f"must be one of {', '.join(choices)}")
    return value


def check_platform(field_name: str, value: str | None) -> str | None:
    """A platform or handle name: lower-case word such as linkedin, x, mastodon."""
    if value is None:
        return None
    name = value.strip().lower()
    if not re.match(_PLATFORM, name):
        raise InvalidValue(field_name, value, "must be one word such as linkedin, email, mastodon")
    return name


def check_uid(field_name: str, value: str | None, *, required: bool = False) -> str | None:
    """A record uid: 32 lower-case hex digits."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{32}", value):
        raise InvalidValue(field_name, value, "is not a record uid")
    return value


class Record:
    """What every stored record shares: a uid, a revision, and a dict form for TinyDB."""

    table: ClassVar[str]
    uid: str
    rev: int

    def validated(self) -> Self:
        """The record with every field checked and trimmed; raises InvalidValue."""
        raise NotImplementedError

    def to_doc(self) -> dict[str, Any]:
        """The record as stored: plain JSON types, values left at an empty default left out."""
        skip = _skippable(type(self))
        doc = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if not (name in skip and value in (None, [], {}, False)):
                doc[name] = _copy(value)
        return doc

    @classmethod
    def load(cls, doc: Any) -> Self:
        """A stored record, if every field it holds fits the model; RecordDamaged names the first that does not."""
        loaded, damaged = cls.load_all([doc])
        if damaged:
            raise damaged[0][1]
        return loaded[0]

    @classmethod
    def load_all(cls, docs: list[Any]) -> tuple[list[Self], list[tuple[int, RecordDamaged]]]:
        """The records that fit among stored docs, and the position and damage of each that does not.

        Only types, dates, uids and choices are checked, so that loading ten thousand records stays cheap;
        what `validated` checks besides (lengths, control characters) is for `kith check` to report. The
        loop is written out (no call per record) because it runs on every record of every command."""
        shape = _shape(cls)
        required, names, defaults = shape.required, shape.names, shape.defaults
        factories, made = shape.made, shape.by_factory
        rules, fits = _RULES[cls], _FITS[cls]
        new = object.__new__
        loaded: list[Self] = []
        damaged: list[tuple[int, RecordDamaged]] = []
        for position, doc in enumerate(docs):
            if not isinstance(doc, dict):
                damaged.append((position, RecordDamaged("record", "is not a JSON object")))
                continue
            keys = doc.keys()
            if not required <= keys:
                damaged.append((position, RecordDamaged(min(required - keys), "is missing")))
                continue
            for name, value in doc.items():
                rule = rules.get(name)
                if rule is type(value) or rule is None:  # most fields are text needing no closer look
                    continue
                problem = fits[name](value) if rule.__class__ is type else rule(value)  # type: ignore[operator]
                if problem:
                    damaged.append((position, RecordDamaged(name, f"{_shown(value)} {problem}")))
                    break
            else:
                record = new(cls)  # what __init__ would do, minus its cost (see from_doc)
                values = {**defaults, **doc} if keys <= names else {**defaults, **{k: doc[k] for k in keys & names}}
                for name in made - keys:
                    values[name] = factories[name]()
                record.__dict__ = values
                loaded.append(record)
        return loaded, damaged

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Self:
        """The record from its stored form, trusted (see `load`); unknown keys are ignored so newer files still read."""
        shape = _shape(cls)
        if not shape.required <= doc.keys():
            raise TypeError(f"{cls.__name__} record without {', '.join(sorted(shape.required - doc.keys()))}")
        record = object.__new__(cls)  # what __init__ would do, minus its cost: journals load thousands
        keys = doc.keys()
        values = (
            {**shape.defaults, **doc}
            if keys <= shape.names
            else {**shape.defaults, **{k: doc[k] for k in keys & shape.names}}
        )
        for name in shape.by_factory - keys:
            values[name] = shape.made[name]()
        record.__dict__ = values
        return record


def key_of(record: Record) -> str:
    """The short key `kith show` prints and `kith edit`/`kith forget` take."""
    return f"{type(record).__name__.lower()}:{record.uid[:8]}"


@dataclass
class Person(Record):
    """Someone you met: who they are, how you met, how often to keep in touch."""

    table: ClassVar[str] = "people"
    name: str
    uid: str = field(default_factory=new_uid)
    aliases: list[str] = field(default_factory=list)
    company: str | None = None
    role: str | None = None
    tags: list[str] = field(default_factory=list)
    handles: dict[str, str] = field(default_factory=dict)
    met_on: str | None = None
    met_event: str | None = None
    met_place: str | None = None
    met_online: str | None = None
    introduced_by: str | None = None
    every: int | None = None
    notes: str | None = None
    archived: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    birthday: str | None = None
    nickname: str | None = None
    address: dict[str, str] = field(default_factory=dict)
    name_parts: dict[str, str] = field(default_factory=dict)
    rev: int = 0  # the revision the journal gave this record; a save from an older one is merged

    @property
    def email(self) -> str | None:
        """The person's email handle, if any."""
        return self.handles.get("email")

    def validated(self) -> Self:
        """See Record.validated."""
        self.name = clean_text("name", self.name, required=True) or ""
        check_uid("uid", self.uid, required=True)
        self.aliases = _unique(clean_text("alias", a, required=True) or "" for a in self.aliases)
        self.company = clean_text("company", self.company)
        self.role = clean_text("role", self.role)
        self.tags = _unique(_check_tag(t) for t in self.tags)
        handles = {}
        for platform, value in self.handles.items():
            handles[check_platform("handle", platform) or ""] = clean_text(f"handle {platform}", value, required=True)
        self.handles = handles  # type: ignore[assignment]
        if "email" in self.handles and not is_email(self.handles["email"]):
            raise InvalidValue("email", self.handles["email"], "is not an email address like ana@example.com")
        self.met_on = check_iso_date("met", self.met_on)
        self.met_event = check_uid("met at", self.met_event)
        self.met_place = clean_text("met at", self.met_place)
        self.met_online = check_platform("online", self.met_online)
        self.introduced_by = check_uid("introduced by", self.introduced_by)
        if self.introduced_by == self.uid:
            raise InvalidValue("introduced by", self.name, "cannot be the person themselves")
        if self.every is not None and (type(self.every) is not int or not 1 <= self.every <= MAX_EVERY):
            raise InvalidValue("every", self.every, f"must be a number of days from 1 to {MAX_EVERY}")
        self.notes = clean_text("notes", self.notes, one_line=False)
        self.archived = bool(self.archived)
        self.labels = _check_labels(self.labels, self.handles)
        self.birthday = check_birthday("birthday", self.birthday)
        self.nickname = clean_text("nickname", self.nickname)
        self.address = _check_parts("address", self.address, ADDRESS_PARTS)
        self.name_parts = _check_parts("name part", self.name_parts, NAME_PARTS)
        return self


@dataclass
class Event(Record):
    """A meetup, conference or online space where people were met."""

    table: ClassVar[str] = "events"
    name: str
    on: str | None = None
    uid: str = field(default_factory=new_uid)
    place: str | None = None
    platform: str | None = None
    notes: str | None = None
    rev: int = 0  # the revision the journal gave this record; a save from an older one is merged

    def validated(self) -> Self:
        """See Record.validated."""
        self.name = clean_text("event name", self.name, required=True) or ""
        check_uid("uid", self.uid, required=True)
        self.on = check_iso_date("event date", self.on)
        self.place = clean_text("place", self.place)
        self.platform = check_platform("online", self.platform)
        self.notes = clean_text("notes", self.notes, one_line=False)
        return self


@dataclass
class Interaction(Record):
    """A dated contact with one or more people."""

    table: ClassVar[str] = "interactions"
    people: list[str]
    on: str
    kind: str = "message"
    uid: str = field(default_factory=new_uid)
    direction: str = "out"
    platform: str | None = None
    reply_needed: bool = False
    summary: str | None = None
    about: str | None = None  # the promise or favor this contact was (a kept promise, a favor given, a thank-you)
    rev: int = 0  # the revision the journal gave this record; a save from an older one is merged

    @property
    def outgoing(self) -> bool:
        """Whether I reached out, so that it answers what awaited my reply; meeting someone does not."""
        return self.direction in ("out", "both") and self.kind != "met"

    def validated(self) -> Self:
        """See Record.validated."""
        if not self.people:
            raise InvalidValue("people", self.people, "an interaction needs at least one person")
        self.people = _unique(check_uid("person", p, required=True) or "" for p in self.people)
        check_uid("uid", self.uid, required=True)
        self.on = check_iso_date("date", self.on, required=True) or ""
        self.kind = check_choice("kind", self.kind, INTERACTION_KINDS)
        self.direction = check_choice("direction", self.direction, DIRECTIONS)
        self.platform = check_platform("online", self.platform)
        self.summary = clean_text("summary", self.summary, one_line=False)
        self.about = check_uid("about", self.about)
        if self.reply_needed and self.direction != "in":
            raise InvalidValue("reply needed", self.direction, "only a message from them can await my reply")
        return self


@dataclass
class Promise(Record):
    """A follow-up commitment, mine to them or theirs to me."""

    table: ClassVar[str] = "promises"
    person: str
    what: str
    made: str
    mine: bool = True
    uid: str = field(default_factory=new_uid)
    due: str | None = None
    status: str = "open"
    closed: str | None = None
    interaction: str | None = None
    rev: int = 0  # the revision the journal gave this record; a save from an older one is merged

    def validated(self) -> Self:
        """See Record.validated."""
        check_uid("person", self.person, required=True)
        self.what = clean_text("promise", self.what, required=True) or ""
        self.made = check_iso_date("made on", self.made, required=True) or ""
        self.mine = bool(self.mine)
        check_uid("uid", self.uid, required=True)
        self.due = check_iso_date("due date", self.due)
        self.status = check_choice("status", self.status, PROMISE_STATUSES)
        self.closed = check_iso_date("closed on", self.closed)
        self.interaction = check_uid("interaction", self.interaction)
        return self


@dataclass
class Favor(Record):
    """Something given or received; a favor received waits to be thanked."""

    table: ClassVar[str] = "favors"
    person: str
    what: str
    on: str
    given: bool = True
    uid: str = field(default_factory=new_uid)
    thanked: str | None = None
    introduced: str | None = None  # an introduction I made: the person I introduced them to
    rev: int = 0  # the revision the journal gave this record; a save from an older one is merged
    referral: bool = False  # business sent one's way: the result relationships bring a small business

    def validated(self) -> Self:
        """See Record.validated."""
        check_uid("person", self.person, required=True)
        self.what = clean_text("favor", self.what, required=True) or ""
        self.on = check_iso_date("date", self.on, required=True) or ""
        self.given = bool(self.given)
        self.referral = bool(self.referral)
        check_uid("uid", self.uid, required=True)
        self.thanked = check_iso_date("thanked on", self.thanked)
        if self.given and self.thanked:
            raise InvalidValue("thanked", self.thanked, "only a favor received is thanked")
        self.introduced = check_uid("introduced to", self.introduced)
        if self.introduced is not None and (self.introduced == self.person or not self.given):
            raise InvalidValue("introduced to", self.introduced, "is an introduction I made to someone else")
        return self


@dataclass
class NeedOrOffer(Record):
    """What a person is looking for (a need) or can give (an offer): dated, and closed once met or withdrawn."""

    table: ClassVar[str]
    person: str
    what: str
    added: str
    uid: str = field(default_factory=new_uid)
    closed: str | None = None
    reason: str | None = None  # why it was closed: `introduced to Tom Baker`, `found one`
    rev: int = 0  # the revision the journal gave this record; a save from an older one is merged

    @property
    def is_open(self) -> bool:
        """Whether it still stands."""
        return self.closed is None

    def validated(self) -> Self:
        """See Record.validated."""
        label = type(self).__name__.lower()
        check_uid("person", self.person, required=True)
        self.what = clean_text(label, self.what, required=True) or ""
        if len(self.what) > 300:
            raise InvalidValue(label, f"{self.what[:20]}…", "is longer than 300 characters; say it in a line")
        self.added = check_iso_date("added on", self.added, required=True) or ""
        check_uid("uid", self.uid, required=True)
        self.closed = check_iso_date("closed on", self.closed)
        self.reason = clean_text("reason", self.reason)
        if self.reason and not self.closed:
            raise InvalidValue("reason", self.reason, f"is why a {label} was closed; this one is open")
        return self


# Need and Offer add no field, so they take NeedOrOffer's generated methods (their repr and == name and
# compare the subclass as before) rather than generating the same ones again at every import.
class Need(NeedOrOffer):
    """Something a person is looking for: `a freelance designer`, `an intro to a seed investor`."""

    table: ClassVar[str] = "needs"


class Offer(NeedOrOffer):
    """Something a person can give: `brand design`, `knows the Berlin seed investors`."""

    table: ClassVar[str] = "offers"


@dataclass
class Snooze(Record):
    """A reminder kept quiet until a day, or for good when `until` is None."""

    table: ClassVar[str] = "snoozes"
    key: str
    until: str | None = None
    uid: str = field(default_factory=new_uid)
    rev: int = 0  # the revision the journal gave this record; a save from an older one is merged

    def validated(self) -> Self:
        """See Record.validated."""
        self.key = clean_text("key", self.key, required=True) or ""
        self.until = check_iso_date("until", self.until)
        check_uid("uid", self.uid, required=True)
        return self


# What a stored value must be, per field: each returns what is wrong, or None. Types are compared
# exactly (`type(v) is str`): JSON has no subclasses, and a bool is not a number of days.
Fit = Callable[[Any], str | None]


def _text(value: Any) -> str | None:
    return None if type(value) is str else "is not a text"


def _text_or_none(value: Any) -> str | None:
    return None if value is None or type(value) is str else "is not a text"


def _date(value: Any) -> str | None:
    return None if type(value) is str and value in _GOOD_DATES else date_problem(value)


def _date_or_none(value: Any) -> str | None:
    return None if value is None else _date(value)


def _uid(value: Any) -> str | None:
    # strip() with the hex digits leaves nothing of a uid: an exact test at a third of a regex's cost
    if type(value) is str and len(value) == 32 and not value.strip("0123456789abcdef"):
        return None
    return "is not a record uid"


def _uid_or_none(value: Any) -> str | None:
    return None if value is None else _uid(value)


def _uids(value: Any) -> str | None:
    if type(value) is not list or not value:
        return "is not a list of person uids"
    return next(("holds something that is not a person uid" for v in value if _uid(v)), None)


def _texts(value: Any) -> str | None:
    try:
        "".join(value)  # joins only texts, in C: cheaper than looking at each
    except TypeError:
        return "is not a list of texts"
    return None if type(value) is list else "is not a list of texts"


def _handles(value: Any) -> str | None:
    try:
        "".join(value.values())
    except (TypeError, AttributeError):
        return "is not a set of platform: handle texts"
    return None if type(value) is dict else "is not a set of platform: handle texts"


def _texts_by_name(value: Any) -> str | None:
    try:
        "".join(value.values())
    except (TypeError, AttributeError):
        return "is not a set of named texts"
    return None if type(value) is dict else "is not a set of named texts"


def _revision(value: Any) -> str | None:
    return None if type(value) is int and value >= 0 else "is not a revision number"


def _flag(value: Any) -> str | None:
    return None if type(value) is bool else "is not true or false"


def _days(value: Any) -> str | None:
    if value is None or (type(value) is int and 1 <= value <= MAX_EVERY):
        return None
    return f"is not a number of days from 1 to {MAX_EVERY}"


def _one_of(choices: tuple[str, ...]) -> Fit:
    def fit(value: Any) -> str | None:
        return None if type(value) is str and value in choices else f"is not one of {', '.join(choices)}"

    return fit


_FITS: dict[type, dict[str, Fit]] = {
    Person: {
        "name": _text, "uid": _uid, "aliases": _texts, "company": _text_or_none, "role": _text_or_none,
        "tags": _texts, "handles": _handles, "met_on": _date_or_none, "met_event": _uid_or_none,
        "met_place": _text_or_none, "met_online": _text_or_none, "introduced_by": _uid_or_none,
        "every": _days, "notes": _text_or_none, "archived": _flag, "labels": _texts_by_name,
        "birthday": _text_or_none, "nickname": _text_or_none, "address": _texts_by_name,
        "name_parts": _texts_by_name,
    },
    Event: {
        "name": _text, "on": _date_or_none, "uid": _uid, "place": _text_or_none, "platform": _text_or_none,
        "notes": _text_or_none,
    },
    Interaction: {
        "people": _uids, "on": _date, "kind": _one_of(INTERACTION_KINDS), "uid": _uid,
        "direction": _one_of(DIRECTIONS), "platform": _text_or_none, "reply_needed": _flag,
        "summary": _text_or_none, "about": _uid_or_none,
    },
    Promise: {
        "person": _uid, "what": _text, "made": _date, "mine": _flag, "uid": _uid, "due": _date_or_none,
        "status": _one_of(PROMISE_STATUSES), "closed": _date_or_none, "interaction": _uid_or_none,
    },
    Favor: {
        "person": _uid, "what": _text, "on": _date, "given": _flag, "uid": _uid, "thanked": _date_or_none,
        "referral": _flag, "introduced": _uid_or_none,
    },
    Need: {
        "person": _uid, "what": _text, "added": _date, "uid": _uid, "closed": _date_or_none,
        "reason": _text_or_none,
    },
    Snooze: {"key": _text, "until": _date_or_none, "uid": _uid},
}  # fmt: skip
_FITS[Offer] = dict(_FITS[Need])


# What `load_all` looks up per field: the type itself for fields that need no check beyond it (any text,
# any flag), else the fit. A field it does not know is left alone.
for _fits in _FITS.values():
    _fits["rev"] = _revision  # every record carries its revision

_RULES: dict[type, dict[str, type | Fit]] = {
    cls: {
        name: (bool if fit is _flag else str) if fit in (_text, _text_or_none, _flag) else fit
        for name, fit in fits.items()
    }
    for cls, fits in _FITS.items()
}


def _shown(value: Any) -> str:
    """A stored value as a damage report quotes it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _copy(value: Any) -> Any:
    """A stored value that later changes to the record cannot reach."""
    if isinstance(value, list):
        return list(value)
    return dict(value) if isinstance(value, dict) else value


class _Shape:
    """What loading a record needs to know of its class (a plain class: one more dataclass would cost
    every command a millisecond at import)."""

    __slots__ = ("names", "required", "defaults", "made", "by_factory")

    def __init__(self, cls: type) -> None:
        found = fields(cls)  # type: ignore[arg-type]
        self.names = frozenset(f.name for f in found)
        self.required = frozenset(f.name for f in found if f.default is MISSING and f.default_factory is MISSING)
        self.defaults: dict[str, Any] = {f.name: f.default for f in found if f.default is not MISSING}
        self.made: dict[str, Any] = {f.name: f.default_factory for f in found if f.default_factory is not MISSING}
        self.by_factory = frozenset(self.made)  # the fields made by a factory when a record leaves them out


_SHAPES: dict[type, _Shape] = {}


def _shape(cls: type) -> _Shape:
    if cls not in _SHAPES:
        _SHAPES[cls] = _Shape(cls)
    return _SHAPES[cls]


def required_fields(cls: type) -> frozenset[str]:
    """The fields a stored record of this class cannot do without."""
    return _shape(cls).required


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SKIPPABLE: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    return _FIELD_NAMES[cls]


def _skippable(cls: type) -> frozenset[str]:
    """Fields whose default is empty, so an empty value need not be stored."""
    if cls not in _SKIPPABLE:
        _SKIPPABLE[cls] = frozenset(
            f.name
            for f in fields(cls)  # type: ignore[arg-type]
            if f.default in (None, False) or f.default_factory in (list, dict)  # type: ignore[comparison-overlap]
        )
    return _SKIPPABLE[cls]


def check_tag(tag: str) -> str:
    """A tag as stored: one short word or phrase without commas or semicolons, no leading #."""
    return _check_tag(tag)


def check_label(label: str) -> str:
    """A label of an email or phone (work, home, mobile…), lower-case."""
    text = (clean_text("label", label) or "").lower()
    if not re.match(_LABEL, text):
        raise InvalidValue("label", label, "is not a short word such as work, home or mobile")
    return text


def _check_tag(tag: str) -> str:
    text = clean_text("tag", tag, required=True) or ""
    text = text.lstrip("#").strip()
    if not text or any(ch in text for ch in ",;") or len(text) > 60:
        raise InvalidValue("tag", tag, "must be a short word without commas or semicolons")
    return text


def _check_labels(labels: Any, handles: dict[str, str]) -> dict[str, str]:
    """Labels (work, home, mobile…) of email and phone handles, keyed by the handle they describe; a label
    of a handle the person no longer has is dropped."""
    if not isinstance(labels, dict):
        raise InvalidValue("labels", labels, "must map handles to labels")
    checked = {}
    for key, label in labels.items():
        if key in handles and clean_text("label", label):  # a label whose handle was removed goes with it
            checked[key] = check_label(label)
    return checked


def _check_parts(field_name: str, parts: Any, names: tuple[str, ...]) -> dict[str, str]:
    """A name or an address in parts: only the known part names, each one line of text."""
    if not isinstance(parts, dict):
        raise InvalidValue(field_name, parts, f"must have parts named {', '.join(names)}")
    checked = {}
    for key, value in parts.items():
        if key not in names:
            raise InvalidValue(field_name, key, f"is not one of {', '.join(names)}")
        if text := clean_text(f"{field_name} {key}", value):
            checked[key] = text
    return {key: checked[key] for key in names if key in checked}


def _unique(items: Any) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
