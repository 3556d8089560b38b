"""Finding people by what a user types: uid, name, alias or the start of a name; and free-text search.
Finding events by the start of a name, as it is typed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from journal.errors import AmbiguousPerson, PersonNotFound
from journal.model import Event, Person, normalise


class Named(NamedTuple):
    """What finding a person by what a user types needs of them, names normalised once. `resolve_uid` reads
    it by position, so any sequence that starts with these five fields will do (a row of `views`)."""

    uid: str
    name: str
    label: str  # how a list of candidates shows them: `Ana López (Acme) [3fa2c1d0]`
    archived: bool
    keys: Sequence[str]  # the normalised name, then the aliases

    @classmethod
    def of(cls, person: Person) -> Named:
        """The names of a person."""
        extra = f" ({person.company})" if person.company else ""
        label = f"{person.name}{extra} [{person.uid[:8]}]"
        keys = (normalise(person.name), *(normalise(a) for a in person.aliases))
        return cls(person.uid, person.name, label, bool(person.archived), keys)


def resolve(people: Iterable[Person], query: str) -> Person:
    """The one person `query` names; raises PersonNotFound or AmbiguousPerson."""
    by_uid = {p.uid: p for p in people}
    return by_uid[resolve_uid([Named.of(p) for p in by_uid.values()], query)]


def uid_start(query: str) -> str | None:
    """What `query` would be as a uid or its start (six hex digits or more), if it can be one."""
    key = query.strip().lower()
    return key if len(key) >= 6 and not key.strip("0123456789abcdef") else None


def resolve_uid(everyone: Sequence[Sequence[Any]], query: str) -> str:
    """The uid of the one person `query` names, among `Named`-like rows: a uid or its start (six characters or
    more), a name or alias, or the start of one; raises PersonNotFound (with the closest names) or
    AmbiguousPerson."""
    wanted = normalise(query)
    if not wanted:
        raise PersonNotFound(query, [])
    if (key := uid_start(query)) is not None:
        by_uid = [p for p in everyone if p[0].startswith(key)]
        if len(by_uid) == 1:
            return str(by_uid[0][0])
    for found in (
        [p for p in everyone if wanted in p[4]],
        [p for p in everyone if any(k.startswith(wanted) for k in p[4])],
    ):
        active = [p for p in found if not p[3]] or found
        if len(active) == 1:
            return str(active[0][0])
        if active:
            raise AmbiguousPerson(query, sorted(str(p[2]) for p in active)[:8])
    import difflib

    names = {p[4][0]: p[1] for p in everyone if p[4]}
    closest = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    raise PersonNotFound(query, [str(names[c]) for c in closest])


def haystack(person: Person) -> str:
    """Everything a search matches against, in normalised form."""
    parts = [person.name, *person.aliases, person.company or "", person.role or "", *person.tags]
    parts += [f"{k} {v}" for k, v in person.handles.items()]
    parts.append(person.notes or "")
    return normalise(" ".join(parts))


def events_matching(events: Iterable[Event], typed: str, limit: int = 5) -> list[Event]:
    """The events a typed name may mean (case and accents ignored): the one of that name, then those whose
    name starts with it, then those with a word starting with it; in the order given (newest first)."""
    wanted = normalise(typed)
    if not wanted:
        return []
    ranked: list[tuple[int, int, Event]] = []
    for n, event in enumerate(events):
        name = normalise(event.name)
        if name == wanted:
            ranked.append((0, n, event))
        elif name.startswith(wanted):
            ranked.append((1, n, event))
        elif f" {wanted}" in f" {name}":  # a word of the name starts with it
            ranked.append((2, n, event))
    return [event for *_, event in sorted(ranked, key=lambda r: (r[0], r[1]))][:limit]
