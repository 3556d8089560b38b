"""The derived contact index: per person, last contact and what awaits a reply, rebuilt when stale.

Reminders, `people` and `show` need these per-person facts without reading every interaction.
The index records the signature of every bucket it was built from; if any bucket changed
behind its back (another tool, a crash between two writes) it is rebuilt from the buckets.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from journal.errors import JournalUnreadable, RecordDamaged, WriteFailed
from journal.matching import haystack
from journal.model import Interaction, Person
from journal.storage import JsonStorage, signature

if TYPE_CHECKING:
    from journal.fileset import JournalFiles


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
    """Per-person contact facts for one journal, kept in `index.json` beside it."""

    def __init__(self, files: JournalFiles) -> None:
        self.files = files
        self._people: dict[str, Contact] | None = None
        self._docs: dict[str, dict[str, Any]] = {}  # the stored form of _people, redone only for who changed
        self._touched: set[str] = set()
        self._sources: dict[str, list[int]] | None = None
        self._dirty = False
        self.damaged = 0  # interactions skipped by the last rebuild: they do not fit the model

    def contact(self, person_uid: str) -> Contact:
        """The facts for one person (empty if never contacted)."""
        return self.all().get(person_uid) or Contact()

    def all(self) -> dict[str, Contact]:
        """The facts for everyone: from memory or the index file while fresh, else rebuilt."""
        current = self._current_sources()
        if self._people is not None and (self._dirty or current == self._sources):
            return self._people
        stored = self._read_stored(current)
        if stored is not None:
            self._people = {uid: Contact(**doc) for uid, doc in stored.items()}
            self._docs, self._touched = dict(stored), set()  # a copy: the file's cache must stay as read
        else:
            self._people = self._rebuild()
            self._docs, self._touched = {}, set(self._people)
            self._dirty = bool(current)  # with no history there is nothing worth storing
            if not self.files.writing:
                with contextlib.suppress(WriteFailed):
                    self.flush()
        self._sources = current
        return self._people

    def record(self, interaction: Interaction, bucket: str) -> None:
        """Add a newly logged interaction; the caller is inside a transaction."""
        people = self.all()
        for uid in interaction.people:
            people.setdefault(uid, Contact()).add(interaction, bucket)
        self._touched.update(interaction.people)
        self._dirty = True

    def flush(self) -> None:
        """Write the index with the signatures of the buckets as they are on disk now."""
        if not self._dirty or self._people is None:
            return
        self._dirty = False
        if not self.files.folder.exists():
            return
        sources = self._current_sources()
        for uid in self._touched:
            self._docs[uid] = self._people[uid].to_doc()
        self._touched = set()
        self.files.index_file.write(
            {
                "people": self._docs,
                "sources": {name: {"sig": sig} for name, sig in sources.items()},
                "damaged": {"interactions": {"count": self.damaged}},
            }
        )
        self._sources = sources

    def forget(self) -> None:
        """Drop what is in memory (a transaction failed)."""
        self._people = None
        self._docs, self._touched = {}, set()
        self._sources = None
        self._dirty = False

    def _current_sources(self) -> dict[str, list[int]]:
        sigs = {}
        for name in self.files.bucket_names():
            sig = signature(self.files.interactions_dir / f"{name}.json")
            if sig:
                sigs[name] = list(sig)
        return sigs

    def _read_stored(self, current: dict[str, list[int]]) -> dict[str, Any] | None:
        try:
            stored = self.files.index_file.read()
        except JournalUnreadable:
            return None
        if not stored:
            return None
        sources = {name: doc.get("sig") for name, doc in stored.get("sources", {}).items()}
        if sources != current:
            return None
        self.damaged = int(stored.get("damaged", {}).get("interactions", {}).get("count", 0))
        return stored.get("people", {})

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


def derived(
    files: JournalFiles, storage: JsonStorage, compute: Callable[[], dict[str, Any]], *, store: bool = True
) -> dict[str, Any]:
    """A value computed from the journal's main file and index, kept in `storage` with their signatures
    (when `store`) and computed again when either changed. Reading it back costs less than computing it."""
    key = [list(signature(path) or ()) for path in (files.path, files.index_file.path)]
    with contextlib.suppress(JournalUnreadable):
        stored = storage.read()
        if stored and stored.get("source", {}).get("1", {}).get("sig") == key:
            value: dict[str, Any] = stored.get("value", {}).get("1", {})
            return value
    value = compute()
    if store and files.path.exists() and files.folder.exists() and not files.writing:
        with contextlib.suppress(WriteFailed):
            storage.write({"source": {"1": {"sig": key}}, "value": {"1": value}})
    return value


class SearchText:
    """Each person's searchable text (normalised name, company, tags, handles, notes), kept in
    `search.json` beside the journal: normalising ten thousand people costs more than reading it back."""

    def __init__(self, files: JournalFiles) -> None:
        self.files = files

    def of(self, people: list[Person]) -> dict[str, str]:
        """uid -> searchable text for these people (the journal's, as the main file holds them now)."""
        return derived(self.files, self.files.search_file, lambda: {p.uid: haystack(p) for p in people})
