"""Derived facts, rebuilt when stale: per person, last contact and what awaits a reply; cached values.

Reminders, `people` and `show` need per-person facts without reading every interaction. The index
records the bucket files (and their signatures) it was built from; the commit that changes a bucket
writes the index beside it, and anything else (a hand edit) just means a rebuild.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from journal.errors import RecordDamaged, WriteFailed
from journal.model import Interaction, Person
from journal.store import files as disk
from journal.store.files import signature

if TYPE_CHECKING:
    from journal.store.fileset import JournalFiles

Sources = dict[str, list[Any]]


@dataclass
class Contact:
    """What the interactions say about one person."""

    last: str | None = None
    last_out: str | None = None
    last_reached: str | None = None
    count: int = 0
    buckets: list[str] = field(default_factory=list)
    awaiting: list[list[str]] = field(default_factory=list)

    def add(self, interaction: Interaction, bucket: str) -> None:
        """Take one more interaction into account."""
        on = interaction.on
        self.count += 1
        self.last = max(self.last or on, on)
        if interaction.kind != "met":
            self.last_reached = max(self.last_reached or on, on)
        if interaction.outgoing:
            self.last_out = max(self.last_out or on, on)
        if bucket not in self.buckets:
            self.buckets.append(bucket)
        if interaction.reply_needed:
            self.awaiting.append([interaction.uid, on, interaction.summary or "", *interaction.people])
        if self.last_out:
            self.awaiting = [a for a in self.awaiting if a[1] > self.last_out]

    def to_doc(self) -> dict[str, Any]:
        """The stored form."""
        return {k: v for k, v in self.__dict__.items() if v}


class ContactIndex:
    """Per-person contact facts for one journal, kept in an index file named by the main file."""

    def __init__(self, files: JournalFiles) -> None:
        self.files = files
        self._people: dict[str, Contact] | None = None
        self._docs: dict[str, dict[str, Any]] = {}  # the stored form of _people, redone only for who changed
        self._touched: set[str] = set()
        self._sources: Sources | None = None
        self._recorded: set[str] = set()  # interactions added through `record` in the open transaction
        self.dirty = False
        self.generation = 0  # bumped whenever what `all()` returns may have changed, for caches built on it
        self.damaged = 0  # interactions skipped by the last rebuild: they do not fit the model

    def contact(self, person_uid: str) -> Contact:
        """The facts for one person (empty if never contacted)."""
        return self.all().get(person_uid) or Contact()

    def all(self) -> dict[str, Contact]:
        """The facts for everyone: from memory or the index file while fresh, else rebuilt."""
        if self._people is not None and self.dirty:
            return self._people
        current = self.sources()
        if self._people is not None and current == self._sources:
            return self._people
        self.generation += 1
        stored = self._read_stored(current)
        if stored is not None:
            self._people = {uid: Contact(**doc) for uid, doc in stored.items()}
            self._docs, self._touched = dict(stored), set()
        else:
            self._people = self._rebuild()
            self._docs, self._touched = {}, set(self._people)
            self.dirty = bool(current)  # the next commit stores it; with no history there is nothing to store
        self._sources = current
        return self._people

    def record(self, interaction: Interaction, bucket: str) -> None:
        """Add a newly logged interaction; the caller is inside a transaction."""
        people = self.all()
        for uid in interaction.people:
            people.setdefault(uid, Contact()).add(interaction, bucket)
        self._touched.update(interaction.people)
        self._recorded.add(interaction.uid)
        self.dirty = True
        self.generation += 1

    def knows(self, op: Any) -> bool:
        """Whether the facts in memory already account for this change of an interaction."""
        return op.before is None and op.uid in self._recorded and self._people is not None

    def invalidate(self) -> None:
        """Interactions were changed or removed: rebuild from the buckets at the next look."""
        self._people = None
        self._sources = None
        self.dirty = True
        self.generation += 1

    def rebuild(self) -> None:
        """Recount everyone from the buckets as this transaction left them, after interactions were
        moved or removed (an edit, a merge, a forget); the commit stores it with the new sources."""
        self._people = self._rebuild()
        self._docs, self._touched = {}, set(self._people)
        self.dirty = True
        self.generation += 1

    def payload(self, sources: Sources) -> bytes:
        """The index file's bytes for the buckets as the commit leaves them."""
        if self._people is None:
            self._people = self._rebuild()
            self._docs, self._touched = {}, set(self._people)
        for uid in self._touched:
            self._docs[uid] = self._people[uid].to_doc()
        self._touched = set()
        return orjson.dumps({"people": self._docs, "sources": sources, "damaged": self.damaged})

    def committed(self, sources: Sources) -> None:
        """The commit wrote the index for these sources."""
        self._sources = sources
        self._recorded = set()
        self.dirty = False

    def forget(self) -> None:
        """Drop what is in memory (a transaction failed)."""
        self._recorded = set()
        self._people = None
        self._docs, self._touched = {}, set()
        self._sources = None
        self.dirty = False

    def loaded_sources(self) -> Sources | None:
        """The bucket files the facts in memory were built from."""
        return self._sources

    def sources(self) -> Sources:
        """The bucket files the index must be built from, with their signatures."""
        sigs: Sources = {}
        for name, path in self.files.bucket_paths().items():
            sig = signature(path)
            if sig:
                sigs[name] = [path.name, *sig]
        return sigs

    def _read_stored(self, current: Sources) -> dict[str, Any] | None:
        path = self.files.index_path()
        if path is None:
            return None
        try:
            stored = orjson.loads(path.read_bytes())
            people = stored["people"] if stored.get("sources") == current else None
            damaged = int(stored.get("damaged", 0))
        except (OSError, orjson.JSONDecodeError, TypeError, KeyError, AttributeError, ValueError):
            return None
        if not isinstance(people, dict) or not all(_fits_contact(doc) for doc in people.values()):
            return None  # a damaged derived file is rebuilt, never trusted
        self.damaged = damaged
        return people

    def _rebuild(self) -> dict[str, Contact]:
        people: dict[str, Contact] = {}
        self.damaged = 0
        for name in self.files.bucket_names():
            for doc in self.files.bucket(name).records("interactions"):
                try:
                    interaction = Interaction.load(doc)
                except RecordDamaged:  # skipped, and counted for the warning; `kith check` names it
                    self.damaged += 1
                    continue
                for uid in interaction.people:
                    people.setdefault(uid, Contact()).add(interaction, name)
        return people


_CONTACT_FIELDS = frozenset(Contact.__dataclass_fields__)


def _fits_contact(doc: object) -> bool:
    """Whether a stored index entry can be a Contact (a hand edit may have made it anything)."""
    return isinstance(doc, dict) and doc.keys() <= _CONTACT_FIELDS


def derived(
    files: JournalFiles, name: str, compute: Callable[[], dict[str, Any]], *, store: bool = True
) -> dict[str, Any]:
    """A value computed from the journal as this process has read it, kept in `journal.json.d/<name>` keyed by
    that version (the main file's commit and the index's sources), and computed again for any other version.
    Since the key is the version the value came from, a cache written late can be useless but never wrong."""
    key = files.version_key()
    path = files.folder / name
    stored = _stored(path, key)
    if stored is not None:
        return stored
    value = compute()
    if store and files.path.exists() and files.folder.is_dir() and not files.folder.is_symlink():
        with contextlib.suppress(WriteFailed):
            disk.write_atomic(path, orjson.dumps({"key": key, "value": value}), durable=False)
    return value


def stored(files: JournalFiles, name: str) -> dict[str, Any] | None:
    """The value `derived` keeps in `name` if it was computed from the version this process has read."""
    return _stored(files.folder / name, files.version_key())


def _stored(path: Path, key: list[Any]) -> dict[str, Any] | None:
    with contextlib.suppress(OSError, orjson.JSONDecodeError, TypeError, KeyError, AttributeError):
        kept = orjson.loads(path.read_bytes())
        if kept["key"] == key and isinstance(kept["value"], dict):
            value: dict[str, Any] = kept["value"]
            return value
    return None


class SearchText:
    """Each person's searchable text (normalised name, company, tags, handles, notes), kept in
    `search.json` beside the journal: normalising ten thousand people costs more than reading it back."""

    def __init__(self, files: JournalFiles) -> None:
        self.files = files

    def of(self, people: list[Person]) -> dict[str, str]:
        """uid -> searchable text for these people (the journal's, as the main file holds them now)."""
        from journal.matching import haystack

        texts = derived(self.files, "search.json", lambda: {p.uid: haystack(p) for p in people})
        return {uid: text for uid, text in texts.items() if isinstance(text, str)}
