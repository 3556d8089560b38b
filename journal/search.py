"""What the People filter matches a person by: who they are (name, aliases, company, role, tags, handles,
notes), where you met (the event, the place, the platform), who introduced you, and what your
interactions were about.

The words of interaction summaries are kept per bucket in `summaries.json` beside the journal, keyed by
the bucket file they came from (a commit writes a changed bucket under a new name), so after a `kith log`
only the bucket that changed is read again, and a cache written late is useless but never wrong.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import orjson

from journal.errors import WriteFailed
from journal.model import Event, Interaction, Person, normalise
from journal.store import files as disk
from journal.store.files import signature
from journal.store.index import SearchText

if TYPE_CHECKING:
    from journal.journal import Journal
    from journal.store.changes import Change


def texts(journal: Journal, people: list[Person]) -> dict[str, str]:
    """uid -> everything a search word may match, normalised."""
    own = SearchText(journal.files).of(people)
    said = summaries(journal)
    events = {e.uid: e for e in journal.events()}
    names = {p.uid: p.name for p in people}
    return {
        p.uid: _text(
            p,
            own.get(p.uid, ""),
            events.get(p.met_event) if p.met_event else None,
            names.get(p.introduced_by) if p.introduced_by else None,
            said.get(p.uid, ""),
        )
        for p in people
    }


def texts_of(journal: Journal, people: list[Person]) -> dict[str, str]:
    """What `texts` gives for a few people, computed for them alone (after a change touched them)."""
    from journal.matching import haystack

    out = {}
    for person in people:
        event = journal.event(person.met_event) if person.met_event else None
        introducer = journal.person(person.introduced_by) if person.introduced_by else None
        said = " ".join(i.summary for i in journal.interactions_of(person.uid) if i.summary)
        name = introducer.name if introducer else None
        out[person.uid] = _text(person, haystack(person), event, name, normalise(said) if said else "")
    return out


def texts_after(
    journal: Journal, people: list[Person], changes: list[Change], kept: dict[str, str], *, again: set[str]
) -> dict[str, str]:
    """What `texts` gives for a few people after `changes`, from their texts before them (`kept`): the same
    where the changes touched nothing a text holds (a promise, a favor, a contact date), with the words of the
    interactions they added; computed again (`texts_of`) for the rest: people added or changed, those an
    interaction changed or removed names, and `again` (whom a renamed person introduced). A search matches a
    word at a time, so a text with the same words in another order matches the same."""
    again = again | {p.uid for p in people if p.uid not in kept}
    added: dict[str, list[str]] = {}
    for op in (op for change in changes for op in change.ops):
        if op.table == Person.table:
            again.add(op.uid)
        elif op.table == Interaction.table:
            after = op.after if isinstance(op.after, dict) else {}
            named = [uid for doc in (op.before, after) if isinstance(doc, dict) for uid in _people(doc)]
            if op.before is not None:
                again.update(named)
            elif isinstance(summary := after.get("summary"), str) and summary:
                for uid in named:
                    added.setdefault(uid, []).append(summary)
    out = texts_of(journal, [p for p in people if p.uid in again])
    for person in people:
        if person.uid not in out:
            said = normalise(" ".join(added.get(person.uid, ())))
            out[person.uid] = distinct(f"{kept[person.uid]} {said}") if said else kept[person.uid]
    return out


def _people(doc: dict[str, Any]) -> list[str]:
    """The people a stored interaction names (none, if damaged)."""
    named = doc.get("people")
    return [uid for uid in named if isinstance(uid, str)] if isinstance(named, list) else []


def _text(person: Person, own: str, event: Event | None, introducer: str | None, said: str) -> str:
    """A person's search text: who they are (`own`), where you met and who introduced you, what was said."""
    extra = [event.name, event.place or "", event.platform or ""] if event else []
    extra += [person.met_place or "", person.met_online or ""]
    if introducer:
        extra.append(introducer)
    words = normalise(" ".join(extra)) if any(extra) else ""
    return distinct(" ".join(t for t in (own, words, said) if t))


def distinct(text: str) -> str:
    """Each word of a search text once, in the order first met. A search matches one word at a time, and no
    word holds a space, so this matches exactly what the whole text matches: a summary said fifty times is
    not kept (and scanned at every keystroke) fifty times."""
    return " ".join(dict.fromkeys(text.split()))


def summaries(journal: Journal) -> dict[str, str]:
    """uid -> the normalised words of every summary of an interaction with that person."""
    files = journal.files
    path = files.folder / "summaries.json"
    stored: dict[str, Any] = {}
    with contextlib.suppress(OSError, orjson.JSONDecodeError, AttributeError, TypeError):
        stored = dict(orjson.loads(path.read_bytes()).get("buckets", {}))
    paths = files.bucket_paths()
    fresh: dict[str, Any] = {}
    changed = False
    for name in files.bucket_names():
        source = paths.get(name)
        sig = [source.name, *(signature(source) or ())] if source else []
        kept = stored.get(name)
        if (
            isinstance(kept, dict)
            and kept.get("sig") == sig
            and isinstance(kept.get("people"), dict)
            and not (files.bucket(name).file.dirty)
        ):
            fresh[name] = kept
            continue
        people: dict[str, list[str]] = {}
        for doc in (files.bucket(name).file.read() or {}).get("interactions", {}).values():
            if isinstance(summary := doc.get("summary"), str) and summary:
                for uid in _people(doc):
                    people.setdefault(uid, []).append(summary)
        fresh[name] = {"sig": sig, "people": {uid: distinct(normalise(" ".join(said))) for uid, said in people.items()}}
        changed = True
    if (changed or fresh.keys() != stored.keys()) and files.folder.is_dir() and not files.writing:
        with contextlib.suppress(WriteFailed):
            disk.write_atomic(path, orjson.dumps({"buckets": fresh}), durable=False)
    out: dict[str, str] = {}
    for bucket in fresh.values():
        for uid, words in bucket["people"].items():
            if isinstance(words, str):
                out[uid] = f"{out[uid]} {words}" if uid in out else words
    return out
