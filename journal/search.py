"""What the People filter matches a person by: who they are (name, aliases, company, role, tags, handles,
notes), where you met (the event, the place, the platform), who introduced you, and what your
interactions were about.

The words of interaction summaries are kept per bucket in `summaries.json` beside the journal, with
each bucket's signature, so after a `kith log` only the bucket that changed is read again.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from journal.errors import JournalUnreadable, WriteFailed
from journal.index import SearchText
from journal.model import Person, normalise
from journal.storage import JsonStorage, signature

if TYPE_CHECKING:
    from journal.journal import Journal


def texts(journal: Journal, people: list[Person]) -> dict[str, str]:
    """uid -> everything a search word may match, normalised."""
    own = SearchText(journal.files).of(people)
    said = summaries(journal)
    events = {e.uid: e for e in journal.events()}
    names = {p.uid: p.name for p in people}
    out = {}
    for person in people:
        extra = []
        if person.met_event and (event := events.get(person.met_event)):
            extra += [event.name, event.place or "", event.platform or ""]
        extra += [person.met_place or "", person.met_online or ""]
        if person.introduced_by and (introducer := names.get(person.introduced_by)):
            extra.append(introducer)
        words = normalise(" ".join(extra)) if any(extra) else ""
        out[person.uid] = " ".join(t for t in (own.get(person.uid, ""), words, said.get(person.uid, "")) if t)
    return out


def summaries(journal: Journal) -> dict[str, str]:
    """uid -> the normalised words of every summary of an interaction with that person."""
    files = journal.files
    storage = JsonStorage(files.folder / "summaries.json", "kith-summaries")
    stored: dict[str, Any] = {}
    with contextlib.suppress(JournalUnreadable):
        stored = (storage.read() or {}).get("buckets", {})
    fresh: dict[str, Any] = {}
    changed = False
    for name in files.bucket_names():
        sig = list(signature(files.interactions_dir / f"{name}.json") or ())
        kept = stored.get(name)
        if kept and kept.get("sig") == sig and not files.bucket(name).file.dirty:
            fresh[name] = kept
            continue
        people: dict[str, list[str]] = {}
        for doc in (files.bucket(name).file.read() or {}).get("interactions", {}).values():
            if summary := doc.get("summary"):
                for uid in doc.get("people", ()):
                    people.setdefault(uid, []).append(summary)
        fresh[name] = {"sig": sig, "people": {uid: normalise(" ".join(said)) for uid, said in people.items()}}
        changed = True
    if (changed or fresh.keys() != stored.keys()) and files.folder.exists() and not files.writing:
        with contextlib.suppress(WriteFailed, OSError):
            storage.write({"buckets": fresh})
    out: dict[str, str] = {}
    for bucket in fresh.values():
        for uid, words in bucket["people"].items():
            out[uid] = f"{out[uid]} {words}" if uid in out else words
    return out
