"""Reminders of a day, derived from the journal (never stored), and what done, drop and snooze do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from journal import occasions
from journal.contact import last_contact, promise_kept, reached_since_meeting
from journal.errors import Conflict, KithError, NotFound, UserError
from journal.journal import Journal
from journal.model import Interaction, Need, Person

if TYPE_CHECKING:
    from journal.store.changes import Change

KINDS = ("reply", "thanks", "promise", "nudge", "follow-up", "keep-in-touch", "birthday", "anniversary", "introduce")
HEADINGS = {
    "reply": "Replies owed",
    "thanks": "Thanks owed",
    "promise": "My promises due",
    "nudge": "Their promises to nudge",
    "follow-up": "People to follow up",
    "keep-in-touch": "Going cold",
    "birthday": "Birthdays",
    "anniversary": "Anniversaries of meeting",
    "introduce": "Give",
}
_RANK = {kind: n for n, kind in enumerate(KINDS)}
ROWS = 2  # the shape of the rows kept in agenda.json (2: a reply names its group); rows of another are made again

# What each way of answering a reminder does to each kind (None: it does not apply to that kind). Screens
# and help show these words; `done`, `drop` and `thank` below do what they say.
EFFECTS: dict[str, dict[str, str | None]] = {
    "reply": {
        "done": "logs that you replied",
        "drop": "stops reminding; nothing is logged",
        "reply": "logs your reply, with what you said",
        "thank": None,
    },
    "thanks": {
        "done": "marks the favor thanked today and logs the thank-you",
        "drop": "stops reminding; the favor stays unthanked",
        "reply": "marks it thanked and logs what you said",
        "thank": "marks the favor thanked today and logs the thank-you",
    },
    "promise": {
        "done": "marks your promise kept (and logs it as contact)",
        "drop": "marks your promise dropped",
        "reply": None,
        "thank": None,
    },
    "nudge": {
        "done": "marks their promise kept",
        "drop": "marks their promise dropped",
        "reply": None,
        "thank": None,
    },
    "follow-up": {
        "done": "logs that you followed up",
        "drop": "stops reminding; nothing is logged",
        "reply": "logs your follow-up, with what you said",
        "thank": None,
    },
    "keep-in-touch": {
        "done": "logs that you caught up; the next reminder comes a cadence later",
        "drop": None,
        "reply": "logs that you caught up, with what you said",
        "thank": None,
    },
    "birthday": {
        "done": "logs that you wished them; quiet until next year's",
        "drop": "lets this year's go; next year's comes",
        "reply": "logs your wishes, with what you said",
        "thank": None,
    },
    "anniversary": {
        "done": "logs that you got in touch; quiet until the next one",
        "drop": "lets this one go",
        "reply": "logs that you got in touch, with what you said",
        "thank": None,
    },
    "introduce": {
        "done": "records the introduction: a message with both, a favor to each, the need closed (also i)",
        "drop": "never suggests this pair again",
        "reply": "records the introduction with what you wrote them",
        "thank": None,
    },
}
SNOOZE_EFFECT = "keeps it quiet until the day you type (fri, +3d, Dec 5)"


def effect(kind: str, answer: str) -> str:
    """What answering a reminder of `kind` with `answer` (done, drop, reply, thank) does, or why it does not."""
    said = EFFECTS[kind][answer]
    if said is not None:
        return said
    if kind == "keep-in-touch" and answer == "drop":
        return "not for a cadence: snooze it, or stop it by editing the person (keep in touch: empty)"
    return f"not for {HEADINGS[kind].lower()}"


@dataclass(slots=True)
class Reminder:
    """Something owed on a day: a reply, a thank-you, a promise, a nudge, a follow-up, a catch-up."""

    kind: str
    uid: str
    person: str
    person_uid: str
    since: date
    days: int
    text: str
    ends: date | None = None
    anchor: date | None = None
    anchor_label: str = ""
    details: dict[str, object] | None = None  # what `kith due --json` adds for this kind (both people of an intro)
    weight: float = 0.0  # orders reminders of one kind and day: a better introduction first

    def when(self, day: date) -> str:
        """How long it has been owed, in words: `due tomorrow`, `wrote 3 days ago`, `met yesterday`."""
        from journal.dates import format_relative

        if self.anchor is None:
            return format_relative(self.since, day)
        return f"{self.anchor_label} {format_relative(self.anchor, day)}".strip()

    @property
    def key(self) -> str:
        """The stable name of this reminder, for done, drop and snooze."""
        return f"{self.kind}:{self.uid}"

    @property
    def short_key(self) -> str:
        """The key as listed: kind and the first eight characters of the record's uid."""
        return f"{self.kind}:{self.uid[:8]}"

    def to_json(self) -> dict[str, object]:
        """The stable JSON form of `kith due --json`."""
        return {
            "kind": self.kind,
            "key": self.key,
            "person": self.person,
            "person_uid": self.person_uid,
            "since": self.since.isoformat(),
            "days": self.days,
            "text": self.text,
            **(self.details or {}),
        }


def reminders(journal: Journal, day: date, *, include_snoozed: bool = False) -> list[Reminder]:
    """The reminders showing on `day`, most overdue first, then by kind."""
    return _showing(*agenda(journal, day, day), day, include_snoozed=include_snoozed)


def at_hand(journal: Journal, day: date) -> list[Reminder] | None:
    """`reminders(journal, day)` when the agenda kept for the journal as it is on disk answers them: read, never
    computed nor brought up to date (about 15 ms at 10k people, so a screen can show them in its first frame).
    None otherwise: then `reminders` computes them, which can take seconds (off the UI thread)."""
    from journal.store.index import stored

    if journal.files.writing:
        return None
    try:
        kept = stored(journal.files, "agenda.json", inputs=_agenda_inputs(journal, day))
        if kept is None:
            return None
        return _showing(*_kept_agenda(kept, day), day)
    except (KithError, TypeError, ValueError, KeyError, IndexError):  # unreadable, or a damaged cache: computed
        return None


def _showing(
    candidates: list[Reminder], snoozes: dict[str, str | None], day: date, *, include_snoozed: bool = False
) -> list[Reminder]:
    """The candidates that show on `day` (not ended, not snoozed unless asked for), in the order of `reminders`."""
    found = [r for r in candidates if (r.ends is None or day <= r.ends)]
    if not include_snoozed:
        found = [r for r in found if not _quiet(snoozes.get(r.key, ""), day)]
    found.sort(key=lambda r: (-r.days, _RANK[r.kind], -r.weight, r.person.casefold(), r.uid))
    return found


def upcoming(journal: Journal, day: date) -> list[Reminder]:
    """Every reminder still open on `day`, due now or later (a snoozed one from the day it wakes), soonest first."""
    candidates, snoozes = agenda(journal, day)
    found = []
    for reminder in candidates:
        until = snoozes.get(reminder.key, "")
        if until is None or (reminder.ends is not None and reminder.ends < day):
            continue
        if until and until > reminder.since.isoformat():
            wakes = date.fromisoformat(until)
            reminder = replace(reminder, since=wakes, days=(day - wakes).days)
        found.append(reminder)
    found.sort(key=lambda r: (r.since, _RANK[r.kind], -r.weight, r.person.casefold(), r.uid))
    return found


def agenda(
    journal: Journal,
    day: date,
    horizon: date = date.max,
    *,
    only: Callable[[list[Any]], bool] | None = None,
    introductions: bool = True,
) -> tuple[list[Reminder], dict[str, str | None]]:
    """Every reminder open on `day` or later, with its days counted from `day`, and the snoozes. Outside a
    write it is kept in `agenda.json` for the journal's version, the day and the settings, so `kith due`
    and the Today screen read one file instead of building every record (see `store.index.derived`).
    `only`: which kept rows to build at all (the caller still filters what it gets). Without `introductions`
    the introductions kept are left as they were, not matched again (at 30k people matching takes a second),
    and an agenda brought up to date that way is not kept: for a lookup of another kind of reminder."""
    if journal.files.writing and journal.files.changed():  # the kept agenda is of the version before
        return _candidates(journal, day, horizon), journal.snoozes()
    from journal.store.index import derived

    def compute() -> dict[str, Any]:
        rows = [[_stored_value(getattr(r, f)) for f in _FIELDS] for r in _candidates(journal, day, date.max)]
        return {"reminders": rows, "snoozes": journal.snoozes()}

    def update(kept: dict[str, Any], changes: list[Change]) -> dict[str, Any] | None:
        return _agenda_after(journal, day, kept, changes, introductions=introductions)

    inputs = _agenda_inputs(journal, day)
    kept = derived(journal.files, "agenda.json", compute, inputs=inputs, update=update, store=introductions)
    try:
        return _kept_agenda(kept, horizon, only)
    except (TypeError, ValueError, KeyError, IndexError):  # a damaged cache is computed again, never trusted
        return _candidates(journal, day, horizon), journal.snoozes()


def _agenda_inputs(journal: Journal, day: date) -> list[Any]:
    """What the kept agenda depends on besides the journal: the day, the settings, the shape of its rows."""
    return [day.isoformat(), list(journal.config), ROWS]


def _kept_agenda(
    kept: dict[str, Any], horizon: date, only: Callable[[list[Any]], bool] | None = None
) -> tuple[list[Reminder], dict[str, str | None]]:
    """The reminders of a kept agenda that show on or before `horizon` (`only`: see `agenda`), and the snoozes;
    TypeError, ValueError, KeyError or IndexError for a damaged one."""
    last = horizon.isoformat()
    found = [_read_row(row) for row in kept["reminders"] if row[_SINCE] <= last and (only is None or only(row))]
    return found, dict(kept["snoozes"])


def _agenda_after(
    journal: Journal, day: date, kept: dict[str, Any], changes: list[Change], *, introductions: bool = True
) -> dict[str, Any] | None:
    """The agenda kept for an older version with the reminders of everyone the changes since touched made
    again (and the introductions matched again, unless not asked for); None when a change reaches further
    than the people it names (an event, a setting) or the kept rows are damaged."""
    from journal.store.changes import people_touched

    touched = people_touched(changes)  # needs and offers name their person; introductions are made below
    rows = kept.get("reminders")
    if touched is None or not isinstance(rows, list) or len(touched) > 256:
        return None
    try:  # the rows that stay are checked where they are read (`agenda`), as far as they are read
        kinds, whose = [row[_KIND] for row in rows], [row[_PERSON] for row in rows]
        replies = [_read_row(row) for row, kind in zip(rows, kinds, strict=True) if kind == "reply"]
        groups = [{r.person_uid, *_group(r)} for r in replies]
        if not set(kinds) <= _RANK.keys():
            return None  # a kind that depends on more than one person's records
        introduced = [_read_row(row) for row, kind in zip(rows, kinds, strict=True) if kind == "introduce"]
        pairs = [(r, {r.person_uid, str(_details(r)["people"][1]["uid"])}) for r in introduced]
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    everyone = _with_groups(journal, touched, groups)

    def stays(kind: str, person: str) -> bool:  # introductions are matched again (or kept), the others made again
        return not introductions if kind == "introduce" else type(person) is not str or person not in everyone

    rows = [row for row, kind, person in zip(rows, kinds, whose, strict=True) if stays(kind, person)]
    fresh = _candidates(journal, day, date.max, everyone)
    if introductions:  # of the pairs suggested again, those of people the changes left alone are made as they were
        fresh += _introductions(journal, day, date.max, {r.uid: r for r, pair in pairs if not pair & everyone})
    rows += [[_stored_value(getattr(r, f)) for f in _FIELDS] for r in fresh]
    return {"reminders": rows, "snoozes": journal.snoozes()}


def _with_groups(journal: Journal, touched: set[str], groups: list[set[str]]) -> set[str]:
    """`touched` and everyone awaiting a reply together with one of them, before the change (the group of a
    kept reply reminder) or after it, until no one is added: a reply owed to a group is one reminder."""
    everyone, frontier = set(touched), set(touched)
    while frontier:
        added = {str(p) for uid in frontier for entry in journal.contact(uid).awaiting for p in entry[3:]}
        added.update(p for group in groups if group & frontier for p in group)
        frontier = added - everyone
        everyone |= frontier
    return everyone


def _group(reply: Reminder) -> list[str]:
    """Everyone a kept reply is owed to together, as its row says (without reading their contact facts; rows of
    an earlier shape are not kept, see ROWS); TypeError for a damaged row."""
    group = (reply.details or {}).get("group")
    if not isinstance(group, list) or not all(isinstance(p, str) for p in group):
        raise TypeError("a damaged reply row")
    return group


_FIELDS = tuple(f.name for f in fields(Reminder))
_SINCE, _KIND, _UID, _PERSON = (_FIELDS.index(f) for f in ("since", "kind", "uid", "person_uid"))
_DATES = [n for n, f in enumerate(fields(Reminder)) if "date" in str(f.type)]
_PLAIN = frozenset({str, int, float, list, dict, type(None)})  # dict: an occasion's or intro's details


def _stored_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _read_row(row: list[Any]) -> Reminder:
    """A reminder from its row in agenda.json; TypeError or ValueError if the row was damaged."""
    if len(row) != len(_FIELDS) or not set(map(type, row)) <= _PLAIN:
        raise TypeError("a damaged agenda row")
    row = list(row)
    for n in _DATES:
        if row[n] is not None:
            row[n] = date.fromisoformat(row[n])
    return Reminder(*row)


def _quiet(until: str | None, day: date) -> bool:
    return until is None or until > day.isoformat()


def _candidates(journal: Journal, day: date, horizon: date, only: set[str] | None = None) -> list[Reminder]:
    """Every reminder that shows on or before `horizon`, with its days counted from `day`; `only`: those of
    these people (who must include everyone awaiting a reply together with one of them, see `_with_groups`)."""
    config = journal.config
    if only is None:
        people = {p.uid: p for p in journal.people()}
        contacts = journal.contacts()
    else:
        people = {uid: p for uid in only if (p := journal.person(uid)) is not None and not p.archived}
        contacts = {uid: journal.contact(uid) for uid in only}
    out: list[Reminder] = []

    def add(
        kind: str,
        uid: str,
        person: Person,
        since: date,
        text: str,
        ends: date | None = None,
        anchor: tuple[str, date] | None = None,
        details: dict[str, object] | None = None,
    ) -> None:
        if since <= horizon:
            label, on = anchor or ("", None)
            days = (day - since).days
            out.append(Reminder(kind, uid, person.name, person.uid, since, days, text, ends, on, label, details))

    seen: set[str] = set()
    for contact in contacts.values():
        for iuid, on, summary, *involved in contact.awaiting:
            known = [p for p in involved if p in people]
            if iuid in seen or not known:
                continue
            seen.add(iuid)
            if all(any(a[0] == iuid for a in contacts[p].awaiting) for p in involved if p in contacts):
                names = ", ".join(people[p].name for p in known)
                add(
                    "reply",
                    iuid,
                    people[known[0]],
                    _day(on),
                    f"Reply to {names}" + _colon(summary),
                    anchor=("wrote", _day(on)),
                    details={"group": list(involved)},
                )

    for favor in journal.favors() if only is None else (f for uid in people for f in journal.favors(uid)):
        person = people.get(favor.person)
        if person and not favor.given and not favor.thanked:
            add(
                "thanks",
                favor.uid,
                person,
                _day(favor.on),
                f"Thank {person.name} for {favor.what}",
                anchor=("", _day(favor.on)),
            )

    for promise in journal.promises() if only is None else (p for uid in people for p in journal.promises(uid)):
        person = people.get(promise.person)
        if not person:
            continue
        made = _day(promise.made)
        due = _day(promise.due) if promise.due else None
        when = f" (due {due.isoformat()})" if due else ""
        if promise.mine:
            since = (
                due - timedelta(config.promise_lead_days) if due else made + timedelta(config.promise_without_due_days)
            )
            add(
                "promise",
                promise.uid,
                person,
                since,
                f"You promised {person.name}: {promise.what}{when}",
                anchor=("due", due) if due else ("promised", made),
            )
        else:
            due = due or made + timedelta(config.promise_without_due_days)
            since = due + timedelta(config.nudge_after_days)
            add(
                "nudge",
                promise.uid,
                person,
                since,
                f"Nudge {person.name}, who promised you: {promise.what}{when}",
                anchor=("due", due),
            )

    for person in people.values():
        facts = contacts.get(person.uid)
        if person.met_on:
            met = _day(person.met_on)
            if not reached_since_meeting(person, facts):
                at = f" {where}" if (where := journal.met_where(person)) else ""
                add(
                    "follow-up",
                    person.uid,
                    person,
                    met + timedelta(config.follow_up_after_days),
                    f"Follow up with {person.name}, met{at} on {person.met_on}",
                    met + timedelta(config.follow_up_within_days),
                    ("met", met),
                )
        if person.every and (last := last_contact(person, facts)):
            add(
                "keep-in-touch",
                person.uid,
                person,
                _day(last) + timedelta(person.every),
                f"Keep in touch with {person.name}: last contact {last} (every {person.every} days)",
                anchor=("last contact", _day(last)),
            )
        out += _occasions(journal, person, day)
    if only is None:  # introductions depend on everyone's needs, offers, roles and tags: `_agenda_after`
        out += _introductions(journal, day, horizon)
    return out


def _occasions(journal: Journal, person: Person, day: date) -> list[Reminder]:
    """A person's birthday and anniversary of meeting, once they show on `day`. Only then: everyone has a
    next one, and a year of them would make the kept agenda thousands of rows longer for nothing Today can
    do (`kith due --on` a later day computes that day's)."""
    config = journal.config
    out = []
    birthday = occasions.next_birthday(person, day) if person.birthday else None
    if birthday and (lead := birthday.on - timedelta(config.birthday_lead_days)) <= day:
        about: dict[str, object] = {"on": birthday.on.isoformat(), "age": birthday.years}
        text = occasions.birthday_text(birthday, day)
        out.append(
            Reminder("birthday", birthday.uid, person.name, person.uid, lead, (day - lead).days, text,
                     birthday.on, birthday.on, "", about)
        )  # fmt: skip
    within = config.anniversary_within_days
    anniversary = occasions.next_anniversary(person, day, within) if person.met_on else None
    if anniversary and anniversary.on <= day:
        about = {"on": anniversary.on.isoformat(), "years": anniversary.years, "met_on": person.met_on}
        text = occasions.anniversary_text(anniversary, journal.met_where(person))
        out.append(
            Reminder("anniversary", anniversary.uid, person.name, person.uid, anniversary.on,
                     (day - anniversary.on).days, text, anniversary.on + timedelta(within), anniversary.on, "", about)
        )  # fmt: skip
    return out


def _introductions(
    journal: Journal, day: date, horizon: date, made: dict[str, Reminder] | None = None
) -> list[Reminder]:
    """The best few introductions to make (journal/introductions.py), skipping those snoozed past `day`. `made`:
    reminders of pairs made before for this day, by uid, whose people and needs are as they were then: one
    made from the same suggestion is taken as it is (at 30k people, looking up the two people and the need of
    each reads three parts of the journal)."""
    from journal import introductions

    found = introductions.suggestions(journal)
    if not found or day > horizon:
        return []
    snoozes, made = journal.snoozes(), made or {}
    out: list[Reminder] = []
    for suggestion in found:
        if len(out) >= journal.config.introductions_per_day:
            break
        before = made.get(suggestion.uid)
        if before is not None and _made_from(before, suggestion):
            if not _quiet(snoozes.get(f"introduce:{suggestion.uid}", ""), day):
                out.append(before)
            continue
        person, other = journal.person(suggestion.person), journal.person(suggestion.other)
        need = journal.record_of(Need, suggestion.need)
        if (
            person is None
            or other is None
            or person.archived
            or other.archived
            or need is None
            or _quiet(snoozes.get(f"introduce:{suggestion.uid}", ""), day)
        ):
            continue
        details: dict[str, object] = {
            "people": [{"uid": person.uid, "name": person.name}, {"uid": other.uid, "name": other.name}],
            "need": {"uid": need.uid, "key": f"need:{need.uid[:8]}", "what": need.what, "added": need.added},
            "match": {"source": suggestion.source, "what": suggestion.matched, "offer_uid": suggestion.offer},
            "score": suggestion.score,
        }
        added, text = _day(need.added), introductions.describe(journal, suggestion)
        out.append(
            Reminder("introduce", suggestion.uid, person.name, person.uid, day, 0, text,
                     anchor=added, anchor_label="asked", details=details, weight=suggestion.score)
        )  # fmt: skip
    return out


def _made_from(reminder: Reminder, suggestion: Any) -> bool:
    """Whether an introduction's reminder was made from this suggestion: the same people, need, match and score
    (a kept row damaged so that it cannot say was not)."""
    details = _details(reminder)
    match = {"source": suggestion.source, "what": suggestion.matched, "offer_uid": suggestion.offer}
    try:
        first, second = details["people"]
        made = [first["uid"], second["uid"], details["need"]["uid"], details["match"], details["score"]]
    except (KeyError, TypeError, ValueError):
        return False
    return made == [suggestion.person, suggestion.other, suggestion.need, match, suggestion.score]


def _details(reminder: Reminder) -> Any:
    """A reminder's details as read from a kept row (any shape)."""
    return reminder.details or {}


def _day(iso: str) -> date:
    return date.fromisoformat(iso)


def _colon(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return f": {first}" if first else ""


def find(journal: Journal, key: str, day: date) -> Reminder:
    """The reminder a user means by a key or the start of one (`promise:3fa2`), whether due yet or not."""
    kind, _, prefix = key.strip().partition(":")
    if kind not in _RANK or not prefix:
        raise UserError(f"{key!r} is not a reminder key; keys look like promise:3fa2c1d0 (see `kith due`)")
    prefix = prefix.lower()

    def maybe(row: list[Any]) -> bool:  # a damaged row passes, and is refused when built
        return row[_KIND] == kind and (type(row[_UID]) is not str or row[_UID].startswith(prefix))

    kept, _ = agenda(journal, day, only=maybe, introductions=kind == "introduce")
    matches = {r.uid: r for r in kept if r.kind == kind and r.uid.startswith(prefix)}
    if not matches:
        raise NotFound(f"no open reminder {key!r}; `kith due` lists today's keys")
    if len(matches) > 1:
        raise UserError(f"{key!r} matches {len(matches)} reminders; type more of the key")
    return next(iter(matches.values()))


def done(journal: Journal, key: str, day: date, summary: str | None = None) -> Reminder:
    """Do what the reminder asks: log the reply or follow-up, mark thanked, or close the promise."""
    with journal.writing():
        reminder = find(journal, key, day)
        if reminder.kind in ("promise", "nudge"):
            _close_promise(journal, reminder, "done", day)
        elif reminder.kind == "thanks":
            journal.thank_favor(reminder.uid, day, summary, person=reminder.person_uid)
        elif reminder.kind == "introduce":
            introduce(journal, reminder, day, summary)
        elif reminder.kind in ("birthday", "anniversary"):  # wished: contact, and done for this year only
            years = (reminder.details or {}).get("years")
            default = (
                "Wished a happy birthday"
                if reminder.kind == "birthday"
                else f"Got in touch: {years} year{'s' if years != 1 else ''} since we met"
            )
            journal.log(Interaction(people=[reminder.person_uid], on=day.isoformat(), summary=summary or default))
            journal.snooze(reminder.key, None)
        else:
            people = [reminder.person_uid]
            if reminder.kind == "reply":
                people = _involved(journal, reminder)
            default = {"reply": "Replied", "follow-up": "Followed up", "keep-in-touch": "Caught up"}[reminder.kind]
            journal.log(Interaction(people=people, on=day.isoformat(), summary=summary or default))
    return reminder


def introduce(journal: Journal, reminder: Reminder, day: date, message: str | None = None) -> None:
    """Record the introduction an `introduce` reminder suggests (closing the need it answers)."""
    from journal import introductions

    details = reminder.details or {}
    try:
        first, second = (journal.person(str(p["uid"])) for p in details["people"])  # type: ignore[attr-defined]
        need = journal.record_of(Need, str(details["need"]["uid"]))  # type: ignore[index]
    except (KeyError, TypeError, ValueError):  # from a damaged agenda.json: never trusted
        raise NotFound(f"no open reminder {reminder.key!r}; `kith due` lists today's keys") from None
    if first is None or second is None:
        raise NotFound("one of the two people is no longer in the journal")
    introductions.introduce(journal, first, second, day, message, need=need if need and need.is_open else None)


def drop(journal: Journal, key: str, day: date) -> Reminder:
    """Let the reminder go: drop the promise, or stop reminding of this reply, thanks, follow-up, occasion,
    or introduction (that pair is never suggested again)."""
    with journal.writing():
        reminder = find(journal, key, day)
        if reminder.kind in ("promise", "nudge"):
            _close_promise(journal, reminder, "dropped", day)
        elif reminder.kind == "keep-in-touch":
            raise UserError(
                f"a keep-in-touch reminder comes back every cadence; snooze it (kith snooze {reminder.short_key} "
                f"+2w) or stop it with `kith edit {reminder.person_uid[:8]} --every 0`"
            )
        else:
            journal.snooze(reminder.key, None)
    return reminder


def snooze(journal: Journal, key: str, until: date, day: date) -> Reminder:
    """Keep a reminder quiet until a later day."""
    if until <= day:
        raise UserError(f"snooze until a day after {day.isoformat()} (got {until.isoformat()}); try tomorrow or +1w")
    with journal.writing():
        reminder = find(journal, key, day)
        journal.snooze(reminder.key, until)
    return reminder


def _close_promise(journal: Journal, reminder: Reminder, status: str, day: date) -> None:
    promise = journal.promise(reminder.uid, reminder.person_uid)
    if promise is None or promise.status != "open":
        raise Conflict(f"the promise {reminder.uid[:8]} is not open")
    journal.save(replace(promise, status=status, closed=day.isoformat()))
    if status == "done" and promise.mine:  # keeping my word is contact
        journal.log(promise_kept(promise, day))


def _involved(journal: Journal, reminder: Reminder) -> list[str]:
    for entry in journal.contact(reminder.person_uid).awaiting:
        if entry[0] == reminder.uid:
            return [p for p in entry[3:] if journal.person(p)] or [reminder.person_uid]
    return [reminder.person_uid]
