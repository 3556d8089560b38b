"""The one-line grammar for logging people right after an event, and turning lines into records.

    NAME [(COMPANY, ROLE)] [#tag ...] [<email>] [@handle] [via PERSON] [: what we talked about] [; CLAUSE]...

Clauses, separated by `;`, in any order: `I owe: WHAT [by DATE]`, `owes me: WHAT [by DATE]`,
`gave: WHAT`, `got: WHAT` (favors), `gave referral: WHAT`, `got referral: WHAT` (favors that are referrals),
`needs: WHAT`, `offers: WHAT`, `every N days|weeks|months`, `reply` (they wait for my reply), and
the extras of the first part again (`#tag`, `<email>`, `@handle`, `(Company, Role)`, `via PERSON`).
Dates count from the line's day; a month of cadence is 30 days. The name is what comes before the
first extra; text the grammar has no place for (a word after the extras, an `@handle` when no
platform is known) is refused with its column, never glued onto the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from journal import contact
from journal.dates import parse_date
from journal.errors import AmbiguousPerson, PersonNotFound, UserError
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Need, Offer, Person, Promise, Record, normalise


class LineNotUnderstood(UserError):
    """A captured line that does not parse: the message points at the clause and the column."""

    def __init__(self, line: str, column: int, problem: str, number: int | None = None) -> None:
        self.line = line
        self.column = column
        self.problem = problem
        where = f"line {number}, column {column + 1}" if number else f"column {column + 1}"
        super().__init__(f"{where}: {problem}: {line!r}")


class ProbableDuplicate(UserError):
    """A new name that is close to someone already known: say --same NAME or --new."""

    def __init__(self, name: str, candidates: list[Person]) -> None:
        self.name = name
        self.candidates = candidates
        names = ", ".join(p.name for p in candidates)
        super().__init__(
            f"{name!r} may be {names} already in the journal; add --same {candidates[0].name!r} or --new "
            "(two records of one person already? `kith merge FROM INTO` joins them)"
        )


@dataclass
class Line:
    """What one captured line says, before it meets the journal."""

    text: str
    name: str
    company: str | None = None
    role: str | None = None
    tags: list[str] = field(default_factory=list)
    email: str | None = None
    handle: str | None = None
    via: str | None = None
    summary: str | None = None
    reply: bool = False
    every: int | None = None
    mine: list[tuple[str, date | None]] = field(default_factory=list)
    theirs: list[tuple[str, date | None]] = field(default_factory=list)
    gave: list[str] = field(default_factory=list)
    got: list[str] = field(default_factory=list)
    gave_referral: list[str] = field(default_factory=list)
    got_referral: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)


_EXTRA = re.compile(
    r"\(([^)]*)\)|#([^\s#;:(<]+)|<([^>]*)>|\bvia\s+([^#(<:;@]+)|(?<!\S)@([\w.+-]+(?:@[\w.-]+)?)", re.IGNORECASE
)
_ROLE_AT = re.compile(r"([^,]+?),\s*(\S.*?)\s+at\s+(\S.*)", re.IGNORECASE)  # NAME, ROLE at COMPANY
# A clause's patterns, compiled (and cached by `re`) when a line has a clause: compiling them cost half a
# millisecond, and a line that is a name and its extras needs neither.
_CLAUSE = r"(?is)(i\s+owe|owes\s+me|(?:gave|got)(?:\s+(?:a\s+)?referral)?|needs?|offers?)\s*:\s*(.*)"
_EVERY = r"(?i)every\s+(?:(\d{1,4})\s+)?(day|week|month|year)s?"
_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_REPLY = ("reply", "wants a reply", "reply needed")


def parse_line(text: str, day: date, *, order: str | None = None, online: str | None = None) -> Line:
    """Read one line; dates in it count from `day`; an @handle is on the platform `online`.
    Raises LineNotUnderstood and nothing else."""
    if "\n" in text or "\r" in text or any(ord(ch) < 32 and ch != "\t" for ch in text):
        raise LineNotUnderstood(text, 0, "a line holds one person and no control characters")
    segments = _segments(text)
    head, start = segments[0]
    colon = head.find(":")
    names_part = head if colon < 0 else head[:colon]
    line = Line(text=text, name="")
    rest = _extras(line, names_part, start, text, name=True)
    line.name = " ".join(rest.split())
    if not line.name:
        raise LineNotUnderstood(text, start, "a line starts with the person's name")
    _refuse_clause_after_comma(text, head, names_part)
    written_out = _ROLE_AT.fullmatch(line.name)
    if written_out and line.company is None and line.role is None:  # "Ana López, CTO at Acme": as (Acme, CTO)
        line.name, line.role, line.company = written_out.groups()
    if colon >= 0:
        line.summary = head[colon + 1 :].strip() or None
    for segment, offset in segments[1:]:
        _clause(line, segment, offset, day, order)
    if line.handle and not online:
        at = text.find("@" + line.handle)
        raise LineNotUnderstood(
            text, max(at, 0), f"@{line.handle} needs a platform: add --online PLATFORM (or write an email as <…>)"
        )
    return line


def _segments(text: str) -> list[tuple[str, int]]:
    """The `;`-separated parts of a line, with where each starts."""
    found, start = [], 0
    for part in text.split(";"):
        found.append((part, start + len(part) - len(part.lstrip())))
        start += len(part) + 1
    return found


def _extras(line: Line, part: str, offset: int, text: str, *, name: bool = False) -> str:
    """Take (Company, Role), #tags, <email>, @handle and via PERSON out of `part`; what is left is the
    name, which is what comes before the first of them (`name`): text between or after them is refused."""
    kept = []
    last = 0
    for n, match in enumerate(_EXTRA.finditer(part)):
        between = part[last : match.start()]
        if name and n and between.strip():
            _refuse_stray(text, offset + last + len(between) - len(between.lstrip()), between)
        kept.append(between)
        last = match.end()
        company_role, tag, email, via, handle = match.groups()
        if company_role is not None:
            company, _, role = company_role.partition(",")
            line.company = company.strip() or None
            line.role = role.strip() or None
        elif tag is not None:
            line.tags.append(tag)
        elif email is not None:
            if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", email.strip()):
                raise LineNotUnderstood(text, offset + match.start(), f"<{email}> is not an email address")
            line.email = email.strip()
        elif handle is not None:
            line.handle = handle
        else:
            line.via = via.strip()
    tail = part[last:]
    if name and last and tail.strip():
        _refuse_stray(text, offset + last + len(tail) - len(tail.lstrip()), tail)
    kept.append(tail)
    rest = "".join(kept)
    for bad in "()<>":
        if bad in rest:
            raise LineNotUnderstood(text, offset + part.find(bad), f"an unmatched {bad!r}")
    for bad in "#@":
        if bad in rest:
            raise LineNotUnderstood(text, offset + part.find(bad), f"a {bad!r} the line cannot read (#tag, @handle)")
    return rest


def _refuse_clause_after_comma(text: str, head: str, names_part: str) -> None:
    """ "Anita, gave: a referral" would make "Anita, gave" the name: a clause after the name's last comma is
    refused, with the line as it was meant ("Smith, John" and "Ana, CTO at Acme" are no clauses)."""
    cut = names_part.rfind(",")
    clause = " ".join(head[cut + 1 :].split())
    if cut < 0 or not (re.fullmatch(_CLAUSE, clause) or re.fullmatch(_EVERY, clause) or clause.lower() in _REPLY):
        return
    meant = f"{head[:cut].strip()}; {clause}{text[len(head) :]}"
    raise LineNotUnderstood(
        text, cut, f"{clause!r} after a comma would be part of the name; a clause goes after ';', as in {meant!r}"
    )


def _refuse_stray(text: str, column: int, stray: str) -> None:
    """Text after the extras that belongs nowhere: part of the name, a summary after `:`, or a clause?"""
    words = " ".join(stray.split())
    raise LineNotUnderstood(
        text, column, f"{words!r} belongs nowhere: the name comes first, a summary after ':', clauses after ';'"
    )


def _clause(line: Line, segment: str, offset: int, day: date, order: str | None) -> None:
    text = segment.strip()
    if not text:
        raise LineNotUnderstood(line.text, offset, "an empty clause after ';'")
    if text.lower() in _REPLY:
        line.reply = True
        return
    if match := re.fullmatch(_EVERY, text):
        line.every = int(match[1] or 1) * _DAYS[match[2].lower()]
        if not 1 <= line.every <= 3650:
            raise LineNotUnderstood(line.text, offset, "a cadence from 1 day to 10 years")
        return
    if match := re.fullmatch(_CLAUSE, text):
        kind = " ".join(w for w in match[1].lower().split() if w != "a")
        what = match[2].strip()
        if not what:
            example = (
                "brand design"
                if kind.startswith("offer")
                else "a designer"
                if kind.startswith("need")
                else "the slides"
            )
            raise LineNotUnderstood(line.text, offset, f"'{kind}:' needs what, as in '{kind}: {example}'")
        if kind in ("i owe", "owes me"):
            what, due = _due(line.text, what, offset + text.find(":") + 1, day, order)
            (line.mine if kind == "i owe" else line.theirs).append((what, due))
        elif kind in ("need", "needs", "offer", "offers"):
            (line.needs if kind.startswith("need") else line.offers).append(what)
        else:
            {"gave": line.gave, "got": line.got, "gave referral": line.gave_referral}.get(
                kind, line.got_referral
            ).append(what)
        return
    rest = _extras(line, text, offset, line.text)
    if rest.strip():
        raise LineNotUnderstood(
            line.text,
            offset,
            f"{text!r} is not a clause (try: I owe: …, owes me: …, gave: …, got: …, got referral: …, needs: …, "
            "offers: …, every 2 months, reply)",
        )


def _due(text: str, what: str, offset: int, day: date, order: str | None) -> tuple[str, date | None]:
    """Split `send the slides by fri` into what and when; `by` followed by no date stays in what."""
    match = re.search(r"\s+by\s+(.+)$", what, re.IGNORECASE)
    if not match:
        return what, None
    when = match[1]
    try:
        return what[: match.start()].strip(), parse_date(when, day, ahead=True, order=order)
    except UserError as exc:
        if len(when.split()) <= 3:
            raise LineNotUnderstood(text, offset + text[offset:].find(when), str(exc)) from None
        return what, None


@dataclass
class Planned:
    """What one line will record: the person (new or known) and the records that come with it."""

    line: Line
    person: Person
    is_new: bool
    records: list[Record]
    updated: Person | None = None

    def describe(self) -> str:
        """One line for a preview: who, and what will be recorded."""
        parts = [f"{'new person' if self.is_new else 'known'}: {self.person.name}"]
        for record in self.records:
            if isinstance(record, Promise):
                due = f" by {record.due}" if record.due else ""
                parts.append(f"{'I owe' if record.mine else 'owes me'}: {record.what}{due}")
            elif isinstance(record, Favor):
                referral = " referral" if record.referral else ""
                parts.append(f"{'gave' if record.given else 'got'}{referral}: {record.what}")
            elif isinstance(record, Need | Offer):
                parts.append(f"{type(record).__name__.lower()}s: {record.what}")
            elif isinstance(record, Interaction) and (record.reply_needed or record.summary):
                parts.append("awaits my reply" if record.reply_needed else f"talked: {record.summary}")
        if self.person.every:
            parts.append(f"every {self.person.every} days")
        return " · ".join(parts)


class Known:
    """Everyone a line may name: the journal's people by their names (`views.Roster`: nobody is built to
    compare names, and only the rows a look finds are read), and the people earlier lines of the same jot add."""

    def __init__(self, journal: Journal) -> None:
        from journal.views import Roster, names

        self.journal = journal
        self.roster = names(journal) or Roster.of(journal.people(archived=True))  # inside a write: the working copy's
        self.batch: dict[str, Person] = {}

    def add(self, person: Person) -> None:
        """A person an earlier line adds."""
        self.batch[person.uid] = person
        self.roster.add(person)

    def person(self, uid: str) -> Person:
        """The person of a row."""
        found = self.batch.get(uid) or self.journal.person(uid)
        if found is None:  # gone since the names were kept: another process wrote in between
            raise PersonNotFound(uid, [])
        return found

    def exact(self, name: str) -> Person | None:
        """The one person with exactly this name or alias; raises AmbiguousPerson for more than one."""
        wanted = normalise(name)
        rows = self.roster.holding(wanted) if wanted else []
        matches = [self.person(row[0]) for row in rows if wanted in row[4]]
        if len(matches) > 1:
            raise AmbiguousPerson(name, [p.name for p in matches])
        return matches[0] if matches else None

    def named(self, query: str) -> Person:
        """The person `query` names (a uid, a name or its start), as every command resolves one."""
        return self.person(self.roster.named(query))

    def probable_duplicates(self, line: Line) -> list[Person]:
        """Known people a new name may really be: a name one or two edits away, or the same email."""
        wanted = normalise(line.name)
        most = 1 if len(wanted) < 8 else 2
        rows = self.roster.where(lambda keys: any(_distance(wanted, key) <= most for key in keys.split("\n")))
        found = [row[0] for row in rows]
        if line.email:
            email = line.email.lower()
            stored = self.journal.stored(Person)
            found += [p.uid for p in self.batch.values() if p.handles.get("email", "").lower() == email]
            found += [uid for uid, doc in stored.items() if _email_of(doc) == email]
        return [self.person(uid) for uid in dict.fromkeys(found)]


def _email_of(doc: dict[str, object]) -> str | None:
    handles = doc.get("handles")
    email = handles.get("email") if isinstance(handles, dict) else None
    return email.lower() if isinstance(email, str) else None


def plan(
    journal: Journal,
    line: Line,
    day: date,
    *,
    event: Event | None = None,
    online: str | None = None,
    same: Person | None = None,
    new: bool = False,
    known: Known | None = None,
) -> Planned:
    """Decide who a line is about and what it records; a probable duplicate raises unless told. `known`: the
    people a jot's lines may name (with those its earlier lines add)."""
    everyone = known or Known(journal)
    found = same or everyone.exact(line.name)
    if found is None and not new:
        near = everyone.probable_duplicates(line)
        if near:
            raise ProbableDuplicate(line.name, near)
    introducer = everyone.named(line.via) if line.via else None
    if found is None:
        person = Person(
            name=line.name,
            company=line.company,
            role=line.role,
            tags=list(line.tags),
            handles=_handles(line, online or (event.platform if event else None)),
            met_on=(date.fromisoformat(event.on) if event and event.on else day).isoformat(),
            met_event=event.uid if event else None,
            met_online=online or (event.platform if event else None),
            introduced_by=introducer.uid if introducer else None,
            every=line.every,
        ).validated()
        updated = None
    else:
        person = replace(
            found,
            company=found.company or line.company,
            role=found.role or line.role,
            tags=list(dict.fromkeys([*found.tags, *line.tags])),
            handles={**_handles(line, online or (event.platform if event else None)), **found.handles},
            introduced_by=found.introduced_by or (introducer.uid if introducer else None),
            every=line.every or found.every,
        ).validated()
        updated = person if person != found else None
    records = _records(line, person, day, event, online)
    if found is not None:  # a need or offer they already have open is not recorded twice
        held = {(type(r), normalise(r.what)) for cls in (Need, Offer) for r in journal.records(cls)
                if r.person == found.uid and r.closed is None}  # fmt: skip
        records = [r for r in records if not (isinstance(r, Need | Offer) and (type(r), normalise(r.what)) in held)]
    return Planned(line, person, found is None, records, updated)


def _handles(line: Line, platform: str | None) -> dict[str, str]:
    """The handles a line gives: its <email>, and its @handle on the platform met on."""
    found = {"email": line.email} if line.email else {}
    if line.handle and platform:
        found[platform] = line.handle
    return found


def _records(line: Line, person: Person, day: date, event: Event | None, online: str | None) -> list[Record]:
    on = day.isoformat()
    platform = online or (event.platform if event else None)
    found: list[Record] = []
    # Every line is a meeting, and meeting is contact (journal/contact.py); a line that waits for my
    # reply is a meeting where they asked me something, so it comes in.
    meeting = contact.meeting(person, on, summary=line.summary, platform=platform)
    if line.reply:
        meeting = replace(meeting, direction="in", reply_needed=True)
    found.append(meeting)
    for what, due in line.mine:
        found.append(Promise(person.uid, what, on, True, due=due.isoformat() if due else None).validated())
    for what, due in line.theirs:
        found.append(Promise(person.uid, what, on, False, due=due.isoformat() if due else None).validated())
    found += [Favor(person.uid, what, on, True).validated() for what in line.gave]
    found += [Favor(person.uid, what, on, False).validated() for what in line.got]
    found += [Favor(person.uid, what, on, True, referral=True).validated() for what in line.gave_referral]
    found += [Favor(person.uid, what, on, False, referral=True).validated() for what in line.got_referral]
    found += [Need(person.uid, what, on).validated() for what in dict.fromkeys(line.needs)]
    found += [Offer(person.uid, what, on).validated() for what in dict.fromkeys(line.offers)]
    return found


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, stopping early once it is clearly above 2."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > 2:
            return 3
        previous = current
    return previous[-1]


def jot(
    journal: Journal,
    texts: list[str],
    day: date,
    *,
    event: Event | None = None,
    online: str | None = None,
    same: list[str] | None = None,
    new: bool = False,
    dry_run: bool = False,
) -> list[Planned]:
    """Record every line, or nothing if any line is wrong; `same` names known people for near matches."""
    order = journal.config.date_order
    lines = []
    for number, text in enumerate(texts, 1):
        try:
            lines.append(parse_line(text, day, order=order, online=online or (event.platform if event else None)))
        except LineNotUnderstood as exc:
            raise LineNotUnderstood(exc.line, exc.column, exc.problem, number) from None
    chosen = [journal.find_person(name) for name in same or []]
    with journal.writing():
        planned: list[Planned] = []
        known = Known(journal)
        for line in lines:
            try:
                item = plan(journal, line, day, event=event, online=online, new=new, known=known)
            except ProbableDuplicate as exc:
                match = next((p for p in chosen if p in exc.candidates), None)
                if match is None:
                    raise
                item = plan(journal, line, day, event=event, online=online, same=match, known=known)
            except (PersonNotFound, AmbiguousPerson) as exc:
                raise UserError(f"{line.name}: via {exc}") from None
            if item.is_new:
                known.add(item.person)
            planned.append(item)
        if dry_run:
            return planned
        if event and not journal.event(event.uid):
            journal.add_event(event)
        journal.add_records(
            [r for p in planned if p.is_new for r in [p.person]] + [r for p in planned for r in p.records]
        )
        for item in planned:
            if item.updated:
                journal.save_person(item.updated)
    return planned
