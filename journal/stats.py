"""A picture of your network: the numbers behind `kith stats` and the Insights screen.

Favors given and received month by month over the last year, the most one-sided relationships both ways,
who is going cold, your connectors (who introduced you to the most people, and the referrals that came
through them), where your people come from, and how many days you usually take to reply, per platform.

Everything but the replies comes from the main file. The replies need every interaction; what each bucket
of interactions contributes is kept in `stats.json` beside the journal, keyed by the bucket file it came
from (as `search.summaries` does), so after a `kith log` only the bucket that changed is read again.
"""

from __future__ import annotations

import contextlib
import statistics
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from journal.contact import last_contact
from journal.errors import WriteFailed
from journal.store import files as disk
from journal.store.files import signature

if TYPE_CHECKING:
    from journal.journal import Journal
    from journal.model import Person

MONTHS = 12
TOP = 10
MESSAGE_KINDS = frozenset(("message", "email", "comment", "letter", "call", "video"))  # what one replies to
_CACHE_VERSION = 1


@dataclass(frozen=True)
class Favors:
    """Favors both ways, all time."""

    given: int = 0
    received: int = 0
    referrals_given: int = 0
    referrals_received: int = 0
    unthanked: int = 0


@dataclass(frozen=True)
class Month:
    """Favors given and received in one calendar month."""

    month: str
    given: int = 0
    received: int = 0
    referrals_given: int = 0
    referrals_received: int = 0


@dataclass(frozen=True)
class Side:
    """One relationship's favors both ways."""

    person: str
    uid: str
    given: int
    received: int

    @property
    def balance(self) -> int:
        """Given minus received: above zero, you have carried it."""
        return self.given - self.received


@dataclass(frozen=True)
class OneSided:
    """The relationships most lopsided each way: those who gave you most more, and those you gave most more."""

    they_gave_more: list[Side] = field(default_factory=list)
    you_gave_more: list[Side] = field(default_factory=list)


@dataclass(frozen=True)
class Cold:
    """Someone whose keep-in-touch cadence has passed."""

    person: str
    uid: str
    every: int
    last_contact: str
    overdue_days: int


@dataclass(frozen=True)
class Connector:
    """Someone who introduced you to people, and the referrals those people sent you."""

    person: str
    uid: str
    introduced: int
    referrals: int
    people: list[str]


@dataclass(frozen=True)
class Count:
    """A name (an event, a platform) and how many people came from it."""

    name: str
    people: int


@dataclass(frozen=True)
class Sources:
    """Where your people come from."""

    online: int = 0
    offline: int = 0
    unknown: int = 0
    introduced: int = 0
    events: list[Count] = field(default_factory=list)
    platforms: list[Count] = field(default_factory=list)


@dataclass(frozen=True)
class Replies:
    """How many days you usually take to answer on one platform."""

    platform: str
    median_days: float
    replies: int
    unanswered: int


@dataclass(frozen=True)
class Stats:
    """Every number the Insights screen and `kith stats` show, as of one day."""

    day: str
    people: int
    favors: Favors
    monthly: list[Month]
    one_sided: OneSided
    going_cold: list[Cold]
    connectors: list[Connector]
    sources: Sources
    reply_days: list[Replies]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form of `kith stats --json`."""
        out = asdict(self)
        for side, entries in zip(("they_gave_more", "you_gave_more"), self.one_sided.__dict__.values(), strict=True):
            for doc, entry in zip(out["one_sided"][side], entries, strict=True):
                doc["balance"] = entry.balance
        return out


def network(journal: Journal, day: date) -> Stats:
    """The picture of the journal as of `day`. Kept in `insights.json` for the version of the journal and the
    day it was computed for (see `store.index.derived`): opening Insights again, or `kith stats`, reads it
    instead of building everyone."""
    from journal.store.index import derived

    found = derived(
        journal.files, "insights.json", lambda: asdict(_network(journal, day)), inputs=[_CACHE_VERSION, str(day)]
    )
    with contextlib.suppress(TypeError, KeyError, ValueError):
        return _built(Stats, found)
    return _network(journal, day)  # a kept file edited by hand: computed again


_SCALARS: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float)}


def _built(cls: Any, doc: Any) -> Any:
    """A kept dataclass from its `asdict` form, each field of the type it declares (ValueError if not)."""
    names = {f.name: str(f.type) for f in fields(cls)}  # annotations are text here (postponed)
    if not isinstance(doc, dict) or doc.keys() != names.keys():
        raise ValueError(f"not a kept {cls.__name__}")
    values = {}
    for name, kind in names.items():
        value = doc[name]
        inner = kind[5:-1] if kind.startswith("list[") else None
        if inner is not None and not isinstance(value, list):
            raise ValueError(f"{cls.__name__}.{name} is not a list")
        if (inner or kind) in _SCALARS:
            allowed = _SCALARS[inner or kind]
            if any(type(v) not in allowed for v in (value if inner else [value])):
                raise ValueError(f"{cls.__name__}.{name} is not a {inner or kind}")
        elif inner:
            value = [_built(_KEPT[inner], v) for v in value]
        else:
            value = _built(_KEPT[kind], value)
        values[name] = value
    return cls(**values)


def _network(journal: Journal, day: date) -> Stats:
    people = journal.people()
    names = {p.uid: p.name for p in people}
    return Stats(
        day=day.isoformat(),
        people=len(people),
        favors=_favors(journal, names),
        monthly=_monthly(journal, names, day),
        one_sided=_one_sided(journal, names),
        going_cold=_going_cold(journal, people, day),
        connectors=_connectors(journal, people, names),
        sources=_sources(journal, people),
        reply_days=reply_days(journal, set(names)),
    )


_KEPT = {cls.__name__: cls for cls in (Favors, Month, Side, OneSided, Cold, Connector, Count, Sources, Replies)}


def _favors(journal: Journal, names: dict[str, str]) -> Favors:
    given = received = referrals_given = referrals_received = unthanked = 0
    for favor in journal.favors():
        if favor.person not in names:
            continue
        if favor.given:
            given += 1
            referrals_given += favor.referral
        else:
            received += 1
            referrals_received += favor.referral
            unthanked += not favor.thanked
    return Favors(given, received, referrals_given, referrals_received, unthanked)


def months_back(day: date, count: int = MONTHS) -> list[str]:
    """The `count` months ending with `day`'s, oldest first, as `YYYY-MM`."""
    index = day.year * 12 + day.month - 1
    return [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(index - count + 1, index + 1)]


def _monthly(journal: Journal, names: dict[str, str], day: date) -> list[Month]:
    months = months_back(day)
    tally = {m: [0, 0, 0, 0] for m in months}
    for favor in journal.favors():
        counts = tally.get(favor.on[:7])
        if counts is None or favor.person not in names or favor.on > day.isoformat():
            continue
        side = 0 if favor.given else 1
        counts[side] += 1
        counts[side + 2] += favor.referral
    return [Month(m, *tally[m]) for m in months]


def _one_sided(journal: Journal, names: dict[str, str]) -> OneSided:
    both: dict[str, list[int]] = {}
    for favor in journal.favors():
        if favor.person in names:
            both.setdefault(favor.person, [0, 0])[0 if favor.given else 1] += 1
    sides = [Side(names[uid], uid, given, received) for uid, (given, received) in both.items()]
    sides.sort(key=lambda s: s.person.casefold())
    theirs = sorted((s for s in sides if s.balance < 0), key=lambda s: (s.balance, -s.received))
    mine = sorted((s for s in sides if s.balance > 0), key=lambda s: (-s.balance, -s.given))
    return OneSided(theirs[:TOP], mine[:TOP])


def _going_cold(journal: Journal, people: list[Person], day: date) -> list[Cold]:
    contacts = journal.contacts()
    cold = []
    for person in people:
        if not person.every or not (last := last_contact(person, contacts.get(person.uid))):
            continue
        overdue = (day - date.fromisoformat(last)).days - person.every
        if overdue > 0:
            cold.append(Cold(person.name, person.uid, person.every, last, overdue))
    cold.sort(key=lambda c: (-c.overdue_days, c.person.casefold()))
    return cold[:TOP]


def _connectors(journal: Journal, people: list[Person], names: dict[str, str]) -> list[Connector]:
    referred: dict[str, int] = {}
    for favor in journal.favors():
        if favor.referral and not favor.given:
            referred[favor.person] = referred.get(favor.person, 0) + 1
    introduced: dict[str, list[Person]] = {}
    for person in people:
        if person.introduced_by in names and person.introduced_by != person.uid:
            introduced.setdefault(person.introduced_by, []).append(person)
    found = [
        Connector(
            names[uid],
            uid,
            len(them),
            sum(referred.get(p.uid, 0) for p in them),
            sorted((p.name for p in them), key=str.casefold)[:5],
        )
        for uid, them in introduced.items()
    ]
    found.sort(key=lambda c: (-c.introduced, -c.referrals, c.person.casefold()))
    return found[:TOP]


def _sources(journal: Journal, people: list[Person]) -> Sources:
    online = offline = unknown = introduced = 0
    events: dict[str, int] = {}
    platforms: dict[str, int] = {}
    for person in people:
        if person.met_online:
            online += 1
            platform = person.met_online.strip().lower()
            platforms[platform] = platforms.get(platform, 0) + 1
        elif person.met_on or person.met_event or person.met_place:
            offline += 1
        else:
            unknown += 1
        if person.met_event:
            events[person.met_event] = events.get(person.met_event, 0) + 1
        introduced += bool(person.introduced_by)
    named = []
    for uid, count in events.items():
        event = journal.event(uid)
        if event is not None:
            named.append(Count(event.name, count))
    return Sources(online, offline, unknown, introduced, _top(named), _top(Count(k, v) for k, v in platforms.items()))


def _top(counts: Any) -> list[Count]:
    return sorted(counts, key=lambda c: (-c.people, c.name.casefold()))[:TOP]


def reply_days(journal: Journal, people: set[str]) -> list[Replies]:
    """Per platform, the median days from a message someone sent you to your next contact with them, how
    many were answered that way and how many were not (yet). Kept in `replies.json` for the version of the
    journal it was computed from (see `store.index.derived`), since it reads every interaction."""
    from journal.store.index import derived

    found = derived(
        journal.files, "replies.json", lambda: {"replies": [asdict(r) for r in _reply_days(journal, people)]}
    )
    with contextlib.suppress(TypeError, KeyError):
        return [Replies(**doc) for doc in found["replies"]]
    return _reply_days(journal, people)  # a cache someone edited by hand: computed again


def _reply_days(journal: Journal, people: set[str]) -> list[Replies]:
    timelines: dict[str, list[list[Any]]] = {}
    for bucket in _timelines(journal).values():
        for uid, entries in bucket.items():
            if uid in people:
                timelines.setdefault(uid, []).extend(entries)
    days: dict[str, list[int]] = {}
    unanswered: dict[str, int] = {}
    for entries in timelines.values():
        entries.sort()  # by day; on the same day what came in comes before what went out
        waiting: list[tuple[int, str]] = []
        for on, way, platform in entries:
            if way == 0:
                waiting.append((on, platform))
            elif waiting:
                for since, where in waiting:
                    days.setdefault(where, []).append(on - since)
                waiting = []
        for _, where in waiting:
            unanswered[where] = unanswered.get(where, 0) + 1
    found = [
        Replies(where, float(statistics.median(days[where])) if days.get(where) else 0.0, len(days.get(where, [])), n)
        for where, n in {**{w: 0 for w in days}, **unanswered}.items()
    ]
    found.sort(key=lambda r: (-r.replies, r.platform))
    return found


def _timelines(journal: Journal) -> dict[str, dict[str, list[list[Any]]]]:
    """Per bucket: per person, each message to me ([day, 0, platform]) and each contact I made ([day, 1, ""]),
    days as ordinals;
    kept in `stats.json` by the bucket file each came from."""
    files = journal.files
    path = files.folder / "stats.json"
    stored: dict[str, Any] = {}
    with contextlib.suppress(OSError, orjson.JSONDecodeError, AttributeError, TypeError):
        kept = orjson.loads(path.read_bytes())
        if kept.get("version") == _CACHE_VERSION:
            stored = dict(kept.get("buckets", {}))
    paths = files.bucket_paths()
    fresh: dict[str, Any] = {}
    changed = False
    for name in files.bucket_names() if files.writing else sorted(paths):
        source = paths.get(name)
        sig = [source.name, *(signature(source) or ())] if source else []
        cached = stored.get(name)
        if (
            isinstance(cached, dict)
            and cached.get("sig") == sig
            and isinstance(cached.get("people"), dict)
            and not (files.writing and files.bucket(name).file.dirty)
        ):
            fresh[name] = cached
            continue
        fresh[name] = {"sig": sig, "people": _bucket_timelines(files.bucket(name).file.read() or {})}
        changed = True
    if (changed or fresh.keys() != stored.keys()) and files.folder.is_dir() and not (files.writing or files.read_only):
        with contextlib.suppress(WriteFailed):
            payload = {"version": _CACHE_VERSION, "buckets": fresh}
            disk.write_atomic(path, orjson.dumps(payload), durable=False)
    return {name: bucket["people"] for name, bucket in fresh.items()}


def _bucket_timelines(tables: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """What one bucket says of replies, per person; an interaction that does not fit the model is skipped."""
    people: dict[str, list[list[Any]]] = {}
    for doc in (tables.get("interactions") or {}).values():
        if not isinstance(doc, dict):
            continue
        on, who, way, kind = doc.get("on"), doc.get("people"), doc.get("direction", "out"), doc.get("kind", "message")
        if type(who) is not list:
            continue
        try:
            day = date.fromisoformat(on).toordinal()  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        platform = doc.get("platform")
        if way == "in" and (platform or kind in MESSAGE_KINDS):
            entry = [day, 0, str(platform or kind).strip().lower()]
        elif way in ("out", "both") and kind != "met":  # what answers, as `Interaction.outgoing` says
            entry = [day, 1, ""]
        else:
            continue
        for uid in who:
            if isinstance(uid, str):
                people.setdefault(uid, []).append(entry)
    return people
