"""Derived facts, rebuilt when stale: per person, last contact and what awaits a reply; cached values.

Reminders, `people` and `show` need per-person facts without reading every interaction. The index is kept
in parts, one for the people of each bucket (`bucket_name`), so a card reads one part and a `log` rewrites
the parts of the people it logged. The main file names the parts and the bucket files (with their signatures)
they were built from; the commit that changes a bucket writes the parts it changed beside it, and anything
else (a hand edit, a part lost in a crash) just means a rebuild.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from journal.errors import KithError, WriteFailed
from journal.model import Interaction, Person, date_problem
from journal.store import files as disk
from journal.store.files import Signature, signature, stat_signature

if TYPE_CHECKING:
    from journal.store.changes import Change
    from journal.store.fileset import JournalFiles

Sources = dict[str, list[Any]]
BUCKETS = 64
REBUILT = "contacts.json"  # facts a reader rebuilt when the index parts the main file names were built from other
# bucket files (a copied journal: new inodes), kept for that version until a commit names a fresh index


def bucket_name(person_uid: str) -> str:
    """The bucket of a person: it holds the interactions whose first person they are, and their contact facts."""
    return f"{int(person_uid[:2], 16) % BUCKETS:02x}"


def signed(paths: dict[str, Path]) -> Sources:
    """Files by name with their signatures, `[file name, *signature]`; a file that is not there is left out."""
    found: Sources = {}
    for name, path in paths.items():
        if sig := signature(path):
            found[name] = [path.name, *sig]
    return found


def part_of(person_uid: object) -> str:
    """The part of the people that holds a person: their bucket (a damaged record's uid that names none: the
    first part, so that it is kept and `kith check` finds it)."""
    try:
        return bucket_name(person_uid) if isinstance(person_uid, str) and person_uid else "00"
    except ValueError:
        return "00"


def home_part(table: str, doc: object) -> str | None:
    """The part of its shelf a stored record of a shelved table belongs in: a person's, the part of their uid;
    a promise's or favor's, the part of their person; an interaction's, the bucket of its first
    person (None if it names none)."""
    if not isinstance(doc, dict):
        return None
    if table == "interactions":
        people = doc.get("people")
        if isinstance(people, list) and people and isinstance(people[0], str):
            try:
                return bucket_name(people[0])
            except ValueError:
                return None
        return None
    return part_of(doc.get("uid") if table == "people" else doc.get("person"))


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
        if bucket not in self.buckets:  # new lists, never changed in place: they may be the stored form's
            self.buckets = [*self.buckets, bucket]
        if interaction.reply_needed:
            self.awaiting = [*self.awaiting, [interaction.uid, on, interaction.summary or "", *interaction.people]]
        if self.last_out:
            self.awaiting = [a for a in self.awaiting if a[1] > self.last_out]

    def to_doc(self) -> dict[str, Any]:
        """The stored form."""
        return {k: v for k, v in self.__dict__.items() if v}


class ContactIndex:
    """Per-person contact facts for one journal, kept in index parts named by the main file."""

    def __init__(self, files: JournalFiles) -> None:
        self.files = files
        self._people: dict[str, Contact] | None = None
        self._docs: dict[str, dict[str, dict[str, Any]]] = {}  # the stored form of the facts by part, as read
        self._stored = False  # whether `_docs` are the stored index's parts (else the commit writes every part)
        self._touched: set[str] = set()
        self._sources: Sources | None = None
        self._recorded: set[str] = set()  # interactions added through `record` in the open transaction
        self._parts_named: tuple[Any, Any] | None = None  # _index_parts() for a version of the main file
        self._glanced: tuple[Sources, dict[str, dict[str, Any] | None]] | None = None  # parts `contact` read
        self._partial: dict[str, Contact] | None = None  # while a write records: the facts of those it touched
        self._vouched: dict[tuple[str, str], Interaction] = {}  # by bucket and uid: put, and checked (`vouch`)
        self.dirty = False
        self.generation = 0  # bumped whenever what `all()` returns may have changed, for caches built on it
        self.damaged = 0  # interactions skipped by the last rebuild: they do not fit the model

    def contact(self, person_uid: str) -> Contact:
        """The facts for one person (empty if never contacted); from their part of the index without building
        everyone's, while nothing in this process asked for them all."""
        part = bucket_name(person_uid)
        stored: dict[str, Any] | None = None
        if self._partial is not None:
            if person_uid in self._partial:
                return self._partial[person_uid]
            stored = self._docs.get(part) if self._take_parts({part}) else None
        elif self._people is None and not self.dirty:
            current = self.sources()  # the same object while the version read stays the same
            if self._glanced is None or self._glanced[0] is not current:
                self._glanced = (current, {})
            glanced = self._glanced[1]
            if part not in glanced:
                found = self._read_parts(current, {part}, check=False)
                glanced[part] = found[part] if found is not None else None
            stored = glanced[part]
        if stored is not None:
            doc = stored.get(person_uid)
            if doc is None:
                return Contact()
            if _fits_contact(doc):
                return _contact(doc)
        return self.all().get(person_uid) or Contact()

    def all(self) -> dict[str, Contact]:
        """The facts for everyone: from memory or the index parts while fresh, else rebuilt."""
        if self._partial is not None:  # a write recorded interactions without reading everyone's facts
            partial, self._partial = self._partial, None
            every = self._read_parts(self._sources or {}, None)
            if every is None:  # a part lost or damaged: rebuilt from the buckets as this write leaves them
                self._people = self._rebuild()
                self._docs, self._stored, self._touched = {}, False, set(self._people)
            else:
                self._people = {uid: _contact(doc) for docs in every.values() for uid, doc in docs.items()}
                self._people.update(partial)
                self._docs = every
        if self._people is not None and self.dirty:
            return self._people
        current = self.sources()
        if self._people is not None and current == self._sources:
            return self._people
        self.generation += 1
        parts = self._read_parts(current, None)
        stored = {uid: doc for docs in parts.values() for uid, doc in docs.items()} if parts is not None else None
        if stored is None and not self.files.writing:
            stored = self._read_rebuilt()
        if stored is not None:
            self._people = {uid: _contact(doc) for uid, doc in stored.items()}
            self._docs, self._stored, self._touched = parts or {}, parts is not None, set()
        else:
            self._people = self._rebuild()
            self._docs, self._stored, self._touched = {}, False, set(self._people)
            self.dirty = bool(current)  # the next commit stores it; with no history there is nothing to store
            if current and not self.files.writing:
                self._keep_rebuilt()
        self._sources = current
        return self._people

    def _read_rebuilt(self) -> dict[str, Any] | None:
        """The facts a reader rebuilt and kept (`REBUILT`) for the journal as it is now, every entry checked."""
        kept = stored(self.files, REBUILT)
        people = kept.get("people") if kept else None
        if kept is None or not isinstance(people, dict) or not _fit_contacts(list(people.values())):
            return None
        damaged = kept.get("damaged")
        self.damaged = damaged if type(damaged) is int else 0
        return people

    def _keep_rebuilt(self) -> None:
        """Outside a write: keep the facts just rebuilt, so the next reader of this version reads them."""
        docs = {uid: contact.to_doc() for uid, contact in (self._people or {}).items()}
        derived(self.files, REBUILT, lambda: {"people": docs, "damaged": self.damaged})

    def record(self, interaction: Interaction, bucket: str) -> None:
        """Add a newly logged interaction; the caller is inside a transaction. Only the facts of the people
        it involves are built, from their parts of the index (the commit writes those parts again)."""
        parts = {bucket_name(uid) for uid in interaction.people}
        if self._people is None and self._partial is None and not self.dirty:
            current = self.sources()
            stored = self._read_parts(current, parts, check=False)  # only the entries used are checked, below
            if stored is not None:
                self._docs, self._stored, self._partial, self._sources = stored, True, {}, current
        if self._partial is not None and not (
            self._take_parts(parts)
            and all(_fits_contact(self._docs[bucket_name(uid)].get(uid, {})) for uid in interaction.people)
        ):
            self.forget()  # a damaged entry or a lost part: everyone's facts are built again, never guessed
        if self._partial is not None:
            for uid in interaction.people:
                if uid not in self._partial:
                    self._partial[uid] = _contact(self._docs[bucket_name(uid)].get(uid))
                self._partial[uid].add(interaction, bucket)
        else:
            people = self.all()
            for uid in interaction.people:
                people.setdefault(uid, Contact()).add(interaction, bucket)
        self._touched.update(interaction.people)
        self._recorded.add(interaction.uid)
        self.dirty = True
        self.generation += 1

    def _take_parts(self, parts: set[str]) -> bool:
        """While a write records: read the stored parts it has not read yet; False if they cannot serve."""
        missing = parts - set(self._docs)
        found = self._read_parts(self._sources or {}, missing, check=False) if missing else {}
        if found is not None:
            self._docs.update(found)
        return found is not None

    def knows(self, op: Any) -> bool:
        """Whether the facts in memory already account for this change of an interaction."""
        return (
            op.before is None and op.uid in self._recorded and (self._people is not None or self._partial is not None)
        )

    def invalidate(self) -> None:
        """Interactions were changed or removed: rebuild from the buckets at the next look."""
        self._people, self._partial = None, None
        self._docs, self._stored = {}, False
        self._sources = None
        self.dirty = True
        self.generation += 1

    def rebuild(self) -> None:
        """Recount everyone from the buckets as this transaction left them, after interactions were
        moved or removed (an edit, a merge, a forget); the commit stores it with the new sources."""
        self._people = self._rebuild()
        self._docs, self._stored, self._touched = {}, False, set(self._people)
        self.dirty = True
        self.generation += 1

    def payloads(self, name: Callable[[str], str]) -> tuple[dict[str, bytes], bool]:
        """The index parts the commit writes, by part (each says its file's `name`), and whether they are every
        part (the parts the main file names now are then all replaced; else those not written stay as they are)."""
        if self._partial is None and self._people is None:
            self._people = self._rebuild()
            self._docs, self._stored, self._touched = {}, False, set(self._people)
        facts = self._partial if self._partial is not None else self._people or {}
        whole = not self._stored
        if whole:  # every part, from everyone's facts (those touched among them)
            self._docs = {}
            for uid, found in facts.items():
                if (part := _part_of(uid)) is not None:
                    self._docs.setdefault(part, {})[uid] = found.to_doc()
            self._stored = True  # once committed, these are the stored parts
            written = set(self._docs)
        else:  # the parts of those touched
            for uid in self._touched:
                self._docs.setdefault(bucket_name(uid), {})[uid] = facts[uid].to_doc()
            written = {bucket_name(uid) for uid in self._touched}
        self._touched = set()
        payloads = {p: orjson.dumps({"file": name(p), "people": self._docs[p]}) for p in written if self._docs[p]}
        return payloads, whole

    def vouch(self, records: dict[tuple[str, str], Interaction]) -> None:
        """Interactions just put in the open transaction (by bucket and uid) that were checked against the model
        as they were put: a rebuild inside the transaction takes them as they are instead of checking them
        again (a sync to a new device puts a hundred thousand, and checking them twice cost about a second)."""
        self._vouched.update(records)

    def committed(self, sources: Sources) -> None:
        """The commit wrote the index for these sources."""
        self._vouched = {}
        if self._partial is not None:  # read back from the parts written, when someone asks
            self._people, self._partial, self._docs = None, None, {}
        self._sources = sources
        self._recorded = set()
        self.dirty = False

    def forget(self) -> None:
        """Drop what is in memory (a transaction failed)."""
        self._vouched = {}
        self._recorded = set()
        self._people, self._partial = None, None
        self._docs, self._stored, self._touched = {}, False, set()
        self._sources = None
        self.dirty = False

    def loaded_sources(self) -> Sources | None:
        """The bucket files the facts in memory were built from."""
        return self._sources

    def sources(self) -> Sources:
        """The bucket files the index must be built from, with their signatures."""
        return self.files.part_sources("interactions")

    def _version(self) -> tuple[Any, ...]:
        """What identifies the version of the main file read, which names the buckets and the index parts."""
        return (self.files.main.file.generation, self.files.writing, self.files.token())

    def _index_parts(self) -> tuple[object, object, dict[str, tuple[Path, list[Any]]]] | None:
        """`JournalFiles.index_parts`, looked up once for each version of the main file read."""
        generation = self._version()
        if self._parts_named is None or self._parts_named[0] != generation:
            self._parts_named = (generation, self.files.index_parts())
        return self._parts_named[1]

    def _read_parts(
        self, current: Sources, parts: set[str] | None, *, check: bool = True
    ) -> dict[str, dict[str, Any]] | None:
        """The stored facts of the people of these parts (every part: None), by part, if the index the main file
        names was built from `current`; `check`: every entry fits. None if not, or if a part is unreadable."""
        named = self._index_parts()
        if named is None or named[0] != current:
            return None
        _, damaged, paths = named
        if type(damaged) is not int:
            return None
        found: dict[str, dict[str, Any]] = {}
        try:
            for part in paths if parts is None else parts:
                path, written = paths.get(part) or (None, None)
                if path is not None and list(signature(path) or ()) != written:
                    return None  # not the file the commit wrote: cut short by a crash, edited, copied
                stored = read_once(path) if path is not None else {"file": None, "people": {}}
                people = stored["people"]
                if not isinstance(people, dict) or stored["file"] != (path and path.name):
                    return None  # a part copied from another name
                found[part] = people
        except (OSError, orjson.JSONDecodeError, TypeError, KeyError, AttributeError, ValueError):
            return None
        if check and not _fit_contacts([doc for docs in found.values() for doc in docs.values()]):
            return None  # a damaged derived file is rebuilt, never trusted
        self.damaged = damaged
        return found

    def _rebuild(self) -> dict[str, Contact]:
        people: dict[str, Contact] = {}
        self.damaged = 0
        for name in self.files.bucket_names():
            docs = list(((self.files.bucket(name).file.read() or {}).get("interactions") or {}).values())
            loaded = self._load(name, docs)
            for interaction in loaded:
                for uid in interaction.people:
                    people.setdefault(uid, Contact()).add(interaction, name)
        return people

    def _load(self, bucket: str, docs: list[Any]) -> list[Interaction]:
        """The interactions among a bucket's documents that fit the model, in their order: those vouched for as
        they are, the others checked in one call (a call a record costs seconds at 100k); the damaged are
        skipped, and counted for the warning (`kith check` names them)."""
        vouched = self._vouched
        uids = [doc.get("uid") if type(doc) is dict else None for doc in docs] if vouched else [None] * len(docs)
        known = [vouched.get((bucket, uid)) if type(uid) is str else None for uid in uids]
        rest = [n for n, record in enumerate(known) if record is None]
        loaded, damaged = Interaction.load_all([docs[n] for n in rest])
        self.damaged += len(damaged)
        skipped = {rest[position] for position, _ in damaged}
        checked = iter(loaded)  # the rest that fit, in their order
        return [next(checked) if record is None else record for n, record in enumerate(known) if n not in skipped]


_CONTACT_FIELDS = frozenset(Contact.__dataclass_fields__)


def _part_of(uid: str) -> str | None:
    """The part of the index a uid's facts go in; None for one no person can have (a hand-edited file's)."""
    try:
        return bucket_name(uid)
    except (ValueError, TypeError):
        return None


def _contact(doc: dict[str, Any] | None) -> Contact:
    """The facts as stored (checked to fit when read); `Contact.add` never changes the stored lists."""
    return Contact(**doc) if doc else Contact()


def _fits_contact(doc: object) -> bool:
    """Whether a stored index entry can be a Contact (a hand edit may have made it anything)."""
    return isinstance(doc, dict) and _fit_contacts([doc])


def _fit_contacts(docs: list[Any]) -> bool:
    """Whether every stored entry can be a Contact: known fields, each of its type, dates that are dates (a
    field at a time, in C-level passes: ten thousand entries in a few milliseconds)."""
    if set(map(type, docs)) - {dict} or not all(map(_CONTACT_FIELDS.issuperset, docs)):
        return False
    column = {name: [d[name] for d in docs if name in d] for name in _CONTACT_FIELDS}
    if set(map(type, column["count"])) - {int} or any(n < 0 for n in column["count"]):
        return False
    days = [*column["last"], *column["last_out"], *column["last_reached"]]
    if set(map(type, days)) - {str} or any(map(date_problem, set(days))):
        return False
    if set(map(type, column["buckets"])) - {list} or set(map(type, chain.from_iterable(column["buckets"]))) - {str}:
        return False
    waits = column["awaiting"]
    if set(map(type, waits)) - {list} or set(map(type, (entries := list(chain.from_iterable(waits))))) - {list}:
        return False
    if any(len(entry) < 3 for entry in entries) or set(map(type, chain.from_iterable(entries))) - {str}:
        return False
    return not any(map(date_problem, {entry[1] for entry in entries}))


VERSION = 4  # the length of `JournalFiles.version_key`: a kept answer's key is the version, then the inputs


def derived(
    files: JournalFiles,
    name: str,
    compute: Callable[[], dict[str, Any]],
    *,
    store: bool = True,
    inputs: object = None,
    update: Callable[[dict[str, Any], list[Change]], dict[str, Any] | None] | None = None,
    reads: str | None = None,
) -> dict[str, Any]:
    """A value computed from the journal as this process has read it, kept in `journal.json.d/<name>` keyed by
    that version (the main file's commit and signature, and the bucket files it names) and by `inputs` (what
    else the value depends on: the day, the settings), and computed again for any other key. Since the key
    is the version the value came from, a cache written late can be useless but never wrong. A value that
    `reads` one shelf alone (the people's: names, search words, who introduced whom) stays fresh while the
    parts of that shelf stay the same files, whatever else a change wrote (`_fresh`).

    A process that has not read the journal yet checks the key against the files on disk without parsing
    them (the commit token near the start of the main file, and file signatures): an everyday read whose
    answer is kept never builds a record. With `update`, a value kept for an older version is brought up to
    date from the changes made since (the change log says what each one touched), when the log has them all
    and `update` can (None: it cannot, and the value is computed)."""
    path = files.folder / name
    kept = stored(files, name, inputs=inputs, reads=reads)
    if kept is not None:
        return kept
    key = [*files.version_key(), inputs]  # before computing: a commit landing meanwhile makes it useless, not wrong
    head = files.head()
    value = _updated(files, path, inputs, update, key[0], head) if update is not None else None
    if value is None:
        value = compute()
    kept_here = files.path.exists() and files.folder.is_dir() and not files.folder.is_symlink()
    unchanged = not (files.writing and files.changed())  # a write that changed nothing yet reads the version on disk
    if store and unchanged and not files.read_only and kept_here:
        files.when_committed(lambda: _keep(path, {"key": key, "seq": head, "value": value}))
    return value


def _keep(path: Path, kept: dict[str, Any]) -> None:
    """Store a kept answer, and remember it as parsed."""
    if _write_kept(path, orjson.dumps(kept)) and (sig := signature(path)):
        _parsed[path] = (sig, kept)


def _write_kept(path: Path, payload: bytes) -> bool:
    """Write a kept answer's bytes (a derived file: losing it only means computing it again); whether it was."""
    try:
        disk.write_atomic(path, payload, durable=False)
    except WriteFailed:
        return False
    return True


def _updated(
    files: JournalFiles,
    path: Path,
    inputs: object,
    update: Callable[[dict[str, Any], list[Change]], dict[str, Any] | None],
    token: object,
    head: int,
) -> dict[str, Any] | None:
    """The value kept in `path` for an older version, brought up to date by `update` from the changes since,
    up to commit `head` (whose token is `token`)."""
    with contextlib.suppress(OSError, orjson.JSONDecodeError, TypeError, KeyError, AttributeError, ValueError):
        found = _kept_for(path, inputs)
        changes = changes_since(files, *found[:2], token, head) if found is not None else None
        return update(found[2], changes) if found is not None and changes is not None else None
    return None


def kept_for(files: JournalFiles, name: str, *, inputs: object = None, parse: bool = True) -> Kept | None:
    """The answer `derived` keeps in `name` for these inputs, whatever version of the journal it was computed
    from: its key, the commit it was computed at and its value (to bring up to date, see `changes_since`). None
    if there is none (not `parse`: none that this process parsed as the file is now)."""
    with contextlib.suppress(OSError, orjson.JSONDecodeError, TypeError, KeyError, AttributeError, ValueError):
        return _kept_for(files.folder / name, inputs, parse=parse)
    return None


Kept = tuple[list[Any], int, dict[str, Any]]  # a kept answer's key, the commit it was computed at, its value


def _kept_for(path: Path, inputs: object, *, parse: bool = True) -> Kept | None:
    """`kept_for` (raising what reading it may raise)."""
    key, seq, value = _read_kept(path, parse=parse)
    if not isinstance(value, dict) or type(seq) is not int or not isinstance(key, list) or len(key) != VERSION + 1:
        return None  # not a kept answer, or one of an earlier Kith, keyed otherwise
    return (key, seq, value) if orjson.dumps(inputs) == orjson.dumps(key[VERSION]) else None


def changes_since(
    files: JournalFiles, key: list[Any], seq: int, token: object = None, head: int | None = None
) -> list[Change] | None:
    """The changes from the commit an answer was kept at (`kept_for`'s key and seq) to the version read (or to
    commit `head`, whose token is `token`), oldest first; None when the log does not hold each of them, or when
    there are none (the same commit, so a file was edited by hand: computed again)."""
    if head is None:
        token, head = files.token(), files.head()
    if key[0] == token or not isinstance(key[0], str):
        return None
    changes = files.log.since(key[0], seq, head)
    return changes if changes and changes[-1].id == token else None


def stored(
    files: JournalFiles, name: str, *, inputs: object = None, parsed_only: bool = False, reads: str | None = None
) -> dict[str, Any] | None:
    """The value `derived` keeps in `name` for the version this process has read (or, before it read any,
    the version on disk) and these inputs; None if it was computed from anything else. `parsed_only`: None
    too when the file is not the one this process parsed last (it is not parsed now). `reads`: see `derived`."""
    with contextlib.suppress(OSError, orjson.JSONDecodeError, TypeError, KeyError, AttributeError, ValueError):
        key, _, value = _read_kept(files.folder / name, parse=not parsed_only)
        if not isinstance(value, dict) or len(key) != VERSION + 1 or orjson.dumps(inputs) != orjson.dumps(key[VERSION]):
            return None
        return value if _fresh(files, key[:VERSION], reads) else None
    return None


_SHELF_AT = {"people": 3}  # where a shelf's parts are in a version key (`JournalFiles.version_key`)


def _fresh(files: JournalFiles, version: list[Any], reads: str | None) -> bool:
    """Whether an answer kept for `version` holds for the journal as this process reads it (before it read any,
    as it is on disk, judged without parsing it while the main file is the same), `reads` as `derived` says."""
    loaded = files.main.file.loaded_signature() is not None or files.writing
    if not loaded and _fresh_on_disk(files, *version):
        return True
    if not loaded and reads is None:
        return False
    try:
        return _covers(version, files.version_key(), reads)  # the main file is read: it names the parts
    except KithError:  # a main file that cannot be read: whoever computes the value says so
        return False


def _covers(version: list[Any], other: list[Any], reads: str | None) -> bool:
    """Whether an answer kept for `version` holds for `other`: the same version, or for one that `reads` a shelf,
    the same files of that shelf (a journal whose shelf has no parts, one not yet split, only the same version)."""
    at = _SHELF_AT[reads] if reads is not None else None
    return version == other or (at is not None and bool(version[at]) and version[at] == other[at])


def carry(
    files: JournalFiles,
    name: str,
    before: list[Any],
    update: Callable[[Any], Any | None],
    reads: str,
    *,
    unchanged: bool = False,
) -> None:
    """After a commit that wrote the shelf a value `derived` keeps in `name` `reads` (see `derived`): the value
    kept for that shelf as the commit found it (`before`, the version key the commit started from) is kept for
    the new version as `update` makes it (None: it cannot be carried over, and is computed again when asked).
    When the caller knows the value stays as it is (`unchanged`: the commit wrote the shelf, but not what the
    value reads), its bytes are kept as they are, not parsed and written again (ten thousand names rows cost
    more than a `promise`)."""
    path = files.folder / name
    damaged = (OSError, orjson.JSONDecodeError, TypeError, KeyError, AttributeError, ValueError, IndexError)
    with contextlib.suppress(*damaged):
        if unchanged and not _is_parsed(path):
            key, value = _split_kept(path.read_bytes())
            if _covers(key[:VERSION], before, reads):
                head = orjson.dumps({"key": [*files.version_key(), key[VERSION]], "seq": files.head()})
                _write_kept(path, head[:-1] + b',"value":' + value + b"}")
            return
        key, _, value = _read_kept(path)
        if not _covers(key[:VERSION], before, reads) or (new := update(value)) is None:
            return
        _keep(path, {"key": [*files.version_key(), key[VERSION]], "seq": files.head(), "value": new})


_KEPT_HEAD = b'{"key":'
_KEPT_VALUE = re.compile(rb',"seq":(?:\d+|null),"value":')


def _split_kept(raw: bytes) -> tuple[Any, bytes]:
    """A kept answer's key, parsed, and its value's bytes, not parsed (as `_keep` wrote them: key, seq, value).
    ValueError if the file is not in that form (a key that held the text between would not parse)."""
    found = _KEPT_VALUE.search(raw)
    if not raw.startswith(_KEPT_HEAD) or not raw.endswith(b"}") or found is None:
        raise ValueError("not a kept answer")
    return orjson.loads(raw[len(_KEPT_HEAD) : found.start()]), raw[found.end() : -1]


def _is_parsed(path: Path) -> bool:
    """Whether this process has parsed `path` as it is now (then writing it from memory costs less)."""
    memo = _parsed.get(path)
    return memo is not None and memo[0] == signature(path)


_parsed: dict[Path, tuple[Signature, Any]] = {}  # a derived file read in this process, by its signature


def read_once(path: Path, *, parse: bool = True) -> Any:
    """A derived file's data, parsed once while the file stays the same (each write of one is a new file, so
    its signature tells). Not `parse`: KeyError when that would need parsing it."""
    with open(path, "rb") as f:
        sig = stat_signature(os.fstat(f.fileno()))
        memo = _parsed.get(path)
        if memo is not None and memo[0] == sig:
            return memo[1]
        if not parse:
            raise KeyError(path)
        data = orjson.loads(f.read())
    _parsed[path] = (sig, data)
    return data


def _read_kept(path: Path, *, parse: bool = True) -> tuple[Any, Any, Any]:
    """A kept answer's key, the commit it was computed at and its value."""
    kept = read_once(path, parse=parse)
    return kept["key"], kept.get("seq"), kept["value"]


def _fresh_on_disk(files: JournalFiles, token: object, main: object, sources: object, people: object) -> bool:
    """Whether the journal on disk is the version of this key, judged without parsing it: the main file's
    token and signature (they name every other file), and the signature of each bucket file and each part of
    the people it names (a hand edit changes a file without a commit)."""
    if not isinstance(token, str) or not isinstance(main, list):
        return False
    from journal.store.jsonfile import read_token

    if list(signature(files.path) or ()) != main or read_token(files.path) != token.encode():
        return False
    for folder, named in ((files.interactions_dir, sources), (files.people_dir, people)):
        if not isinstance(named, dict):
            return False
        for source in named.values():
            if not isinstance(source, list) or not source or not isinstance(source[0], str) or "/" in source[0]:
                return False
            if list(signature(folder / source[0]) or ()) != source[1:]:
                return False
    return True


class SearchText:
    """Each person's searchable text (normalised name, company, tags, handles, notes), kept in
    `search.json` beside the journal: normalising ten thousand people costs more than reading it back."""

    def __init__(self, files: JournalFiles) -> None:
        self.files = files

    def of(self, people: list[Person]) -> dict[str, str]:
        """uid -> searchable text for these people (the journal's, as the main file holds them now)."""
        from journal.matching import haystack

        texts = derived(self.files, "search.json", lambda: {p.uid: haystack(p) for p in people}, reads="people")
        return {uid: text for uid, text in texts.items() if isinstance(text, str)}
