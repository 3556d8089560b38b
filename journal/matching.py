"""Finding people by what a user types: uid, name, alias or the start of a name; and free-text search.
Finding events by the start of a name, as it is typed."""

from __future__ import annotations

from collections.abc import Iterable

from journal.errors import AmbiguousPerson, PersonNotFound
from journal.model import Event, Person, normalise


def resolve(people: Iterable[Person], query: str) -> Person:
    """The one person `query` names; raises PersonNotFound or AmbiguousPerson."""
    everyone = list(people)
    wanted = normalise(query)
    if not wanted:
        raise PersonNotFound(query, [])
    key = query.strip().lower()
    if len(key) >= 6 and all(ch in "0123456789abcdef" for ch in key):
        by_uid = [p for p in everyone if p.uid.startswith(key)]
        if len(by_uid) == 1:
            return by_uid[0]
    for test in (_named, _prefixed):
        found = [p for p in everyone if test(p, wanted)]
        active = [p for p in found if not p.archived] or found
        if len(active) == 1:
            return active[0]
        if active:
            raise AmbiguousPerson(query, [_label(p) for p in active[:8]])
    import difflib

    names = {normalise(p.name): p.name for p in everyone}
    closest = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    raise PersonNotFound(query, [names[c] for c in closest])


def _named(person: Person, wanted: str) -> bool:
    return normalise(person.name) == wanted or any(normalise(a) == wanted for a in person.aliases)


def _prefixed(person: Person, wanted: str) -> bool:
    return normalise(person.name).startswith(wanted) or any(normalise(a).startswith(wanted) for a in person.aliases)


def _label(person: Person) -> str:
    extra = f" ({person.company})" if person.company else ""
    return f"{person.name}{extra} [{person.uid[:8]}]"


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
