"""Records from the text fields of a form: what the screens send, checked by the model's own rules.

Every function takes the typed strings, returns a validated record or raises the KithError whose
message the form shows under the field; nothing is saved here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from journal.dates import parse_cadence, parse_date
from journal.errors import InvalidValue, UserError
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, NeedOrOffer, Person, Promise, normalise

Fields = dict[str, str]


def _date(journal: Journal, text: str, today: date, *, ahead: bool, label: str) -> date | None:
    if not text.strip():
        return None
    try:
        return parse_date(text, today, ahead=ahead, order=journal.config.date_order)
    except UserError as exc:
        raise UserError(f"{label}: {exc}") from None


def _words(text: str, sep: str = ",") -> list[str]:
    return [w.strip() for w in text.split(sep) if w.strip()]


def preview_date(journal: Journal, text: str, today: date, *, ahead: bool) -> str:
    """What a date field will record, for showing under it as the user types."""
    try:
        found = _date(journal, text, today, ahead=ahead, label="date")
    except UserError:
        return "not a date yet"
    return f"{found:%a %d %b %Y}" if found else ""


def person(journal: Journal, values: Fields, today: date, existing: Person | None = None) -> Person:
    """A new or edited person from: name, company, role, email, phone, tags, aliases, met, at, online,
    introduced_by, every, notes, birthday (1985-05-14 or 05-14), nickname, handles (`platform=value`
    separated by `;`)."""
    base = replace(existing) if existing else Person(name="")
    handles = dict(base.handles)
    if "handles" in values:  # the field holds every handle but email and phone
        handles = {k: v for k, v in handles.items() if k in ("email", "phone")}
    for platform in ("email", "phone"):
        if platform in values:
            if values[platform].strip():
                handles[platform] = values[platform].strip()
            else:
                handles.pop(platform, None)
    for pair in _words(values.get("handles", ""), ";"):
        platform, sep, value = pair.partition("=")
        if not sep:
            raise InvalidValue("handles", pair, "must look like platform=value, separated by ;")
        handles[platform.strip().lower()] = value.strip()
    met = _date(journal, values.get("met", ""), today, ahead=False, label="met")
    every = parse_cadence(values["every"]) if values.get("every", "").strip() else None
    introducer = None
    if values.get("introduced_by", "").strip():
        introducer = journal.find_person(values["introduced_by"])
    event = journal.find_event(values["at"]) if values.get("at", "").strip() else None
    candidate = replace(
        base,
        name=values.get("name", base.name),
        company=values.get("company", base.company or "") or None,
        role=values.get("role", base.role or "") or None,
        tags=_words(values["tags"]) if "tags" in values else list(base.tags),
        aliases=_words(values["aliases"]) if "aliases" in values else list(base.aliases),
        handles=handles,
        met_on=met.isoformat() if met else (base.met_on or (None if existing else today.isoformat())),
        met_event=event.uid if event else base.met_event,
        met_place=None if event else (values.get("at", "").strip() or base.met_place),
        met_online=values.get("online", base.met_online or "").strip() or None,
        introduced_by=introducer.uid if introducer else base.introduced_by,
        every=every if every or "every" in values else base.every,
        notes=values.get("notes", base.notes or "") or None,
        labels=dict(base.labels),
        birthday=values.get("birthday", base.birthday or "").strip() or None,
        nickname=values.get("nickname", base.nickname or "").strip() or None,
        address=dict(base.address),
        name_parts=dict(base.name_parts),
    )
    return candidate.validated()


@dataclass(frozen=True)
class NeedsAndOffers:
    """What a person form's Needs and Offers fields change: the lines that are new, the open ones removed."""

    added: tuple[NeedOrOffer, ...] = ()
    closed: tuple[NeedOrOffer, ...] = ()

    def apply(self, journal: Journal, today: date) -> None:
        """Record the new ones and close the removed ones (inside the form's one change)."""
        from journal import giving

        for record in self.added:
            journal.add_record(record)
        for record in self.closed:
            giving.close(journal, record, today, "removed in the form")


def needs_and_offers(journal: Journal, who: Person, values: Fields, today: date) -> NeedsAndOffers:
    """From the `needs` and `offers` fields, one a line: new lines are added (checked now, so the form can
    say what is wrong), open ones no longer listed are closed, the rest stay as they are."""
    from journal import giving

    added: list[NeedOrOffer] = []
    closed: list[NeedOrOffer] = []
    for kind, cls in giving.KINDS.items():
        if f"{kind}s" not in values:
            continue
        typed = list(dict.fromkeys(line.strip() for line in values[f"{kind}s"].splitlines() if line.strip()))
        held = giving.open_ones(journal, kind, who.uid) if journal.person(who.uid) else []
        held_texts = {normalise(r.what) for r in held}
        wanted = {normalise(t) for t in typed}
        closed += [r for r in held if normalise(r.what) not in wanted]
        added += [
            cls(person=who.uid, what=t, added=today.isoformat()).validated()
            for t in typed
            if normalise(t) not in held_texts
        ]
    return NeedsAndOffers(tuple(added), tuple(closed))


def interaction(journal: Journal, people: list[Person], values: Fields, today: date) -> Interaction:
    """An interaction from: summary, kind, on, online, from_them ("yes"/""), reply_needed."""
    on = _date(journal, values.get("on", ""), today, ahead=False, label="date") or today
    incoming = bool(values.get("from_them")) or bool(values.get("reply_needed"))
    return Interaction(
        people=[p.uid for p in people],
        on=on.isoformat(),
        kind=values.get("kind", "").strip() or ("message" if values.get("online", "").strip() else "talk"),
        direction="in" if incoming else "out",
        platform=values.get("online", "").strip() or None,
        reply_needed=bool(values.get("reply_needed")),
        summary=values.get("summary", "").strip() or None,
    ).validated()


def promise(journal: Journal, who: Person, values: Fields, today: date) -> Promise:
    """A promise from: what, by, theirs ("yes"/"")."""
    due = _date(journal, values.get("by", ""), today, ahead=True, label="by")
    return Promise(
        person=who.uid,
        what=values.get("what", ""),
        made=today.isoformat(),
        mine=not values.get("theirs"),
        due=due.isoformat() if due else None,
    ).validated()


def favor(journal: Journal, who: Person, values: Fields, today: date) -> Favor:
    """A favor from: what, on, received ("yes"/""), referral ("yes"/"")."""
    on = _date(journal, values.get("on", ""), today, ahead=False, label="date") or today
    return Favor(
        person=who.uid,
        what=values.get("what", ""),
        on=on.isoformat(),
        given=not values.get("received"),
        referral=bool(values.get("referral")),
    ).validated()


def event(journal: Journal, values: Fields, today: date) -> Event:
    """An event from: name, on, place, online."""
    on = _date(journal, values.get("on", ""), today, ahead=False, label="date") or today
    return Event(
        name=values.get("name", ""),
        on=on.isoformat(),
        place=values.get("place", "").strip() or None,
        platform=values.get("online", "").strip() or None,
    ).validated()
