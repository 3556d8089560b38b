"""Undo and redo: a change applied backwards or forwards again, as a new change of its own.

`undo` with no change named reverses the newest change not yet undone (again: the one before it), like
`task undo`; `redo` re-applies what the newest undo reversed, until a new change is made. A change can be
reversed only while every record it touched still reads as it left them; otherwise the later change that
touched them is named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from journal.errors import Conflict, NotFound, UserError
from journal.store.changes import Change, Op
from journal.store.index import home_part
from journal.store.jsonfile import SHELF

if TYPE_CHECKING:
    from journal.store.fileset import JournalFiles


def history(files: JournalFiles, person_uid: str | None = None, limit: int | None = 20) -> list[Change]:
    """Changes newest first, only those concerning a person when one is given."""
    found = []
    for change in files.log.newest_first(files.head()):
        if person_uid is None or change.touches(person_uid):
            found.append(change)
            if limit is not None and len(found) >= limit:
                break
    return found


def find(files: JournalFiles, prefix: str) -> Change:
    """The change a user means by the start of its id (or its sequence number)."""
    text = prefix.strip().lower()
    if not text:
        raise UserError("name a change by its id from `kith history` (e.g. kith undo 3fa2c1d0)")
    matches = [c for c in files.log.newest_first(files.head()) if c.id.startswith(text) or str(c.seq) == text]
    if not matches:
        raise NotFound(f"no change {prefix!r} in the history; `kith history` lists them")
    if len(matches) > 1:
        raise UserError(f"{prefix!r} matches {len(matches)} changes; type more of the id")
    return matches[0]


def undo_target(files: JournalFiles, change_id: str | None) -> Change:
    """The change `kith undo` reverses: the one named, or the newest not yet undone."""
    changes = list(files.log.newest_first(files.head()))
    if change_id is not None:
        target = find(files, change_id)
        if target.kind == "undo":
            raise UserError(f"change {target.id[:8]} is itself an undo; `kith redo` re-applies what it reversed")
        if target.id in _undone(changes):
            raise Conflict(f"change {target.id[:8]} is already undone; `kith redo` brings it back")
        return target
    undone = _undone(changes)
    last_applied: dict[str, int] = {}
    for change in changes:
        if change.kind in ("change", "migration", "sync") and change.id not in undone:
            last_applied.setdefault(change.id, change.seq)
        elif change.kind == "redo" and change.target:
            last_applied.setdefault(change.target, change.seq)
    candidates = [c for c in changes if c.id in last_applied and c.ops and c.kind in ("change", "sync")]
    if not candidates:
        raise NotFound(f"nothing to undo: the history holds no change that is not undone (it keeps the last {_kept()})")
    return max(candidates, key=lambda c: last_applied[c.id])


def redo_target(files: JournalFiles) -> Change:
    """The undo `kith redo` reverses: the newest one, if no change was made after it."""
    redone_since: set[str | None] = set()
    for change in files.log.newest_first(files.head()):
        if change.kind in ("change", "sync"):
            raise NotFound("nothing to redo: a change was made after the last undo")
        if change.kind == "redo":
            redone_since.add(change.target)
        elif change.kind == "undo":
            if change.target not in redone_since:
                return change
            redone_since.discard(change.target)
    raise NotFound("nothing to redo")


def _undone(changes: list[Change]) -> set[str]:
    """Ids of changes currently undone (an undo not followed by a redo of the same change)."""
    state: dict[str, bool] = {}
    for change in reversed(changes):  # oldest first
        if change.kind == "undo" and change.target:
            state[change.target] = True
        elif change.kind == "redo" and change.target:
            state[change.target] = False
    return {uid for uid, undone in state.items() if undone}


def apply(files: JournalFiles, change: Change, *, backwards: bool) -> None:
    """Inside a transaction: put every record the change touched back as it was (backwards) or as it left
    them (forwards), refusing when a later change touched one of them since."""
    ops = list(reversed(change.ops)) if backwards else list(change.ops)
    for op in ops:
        expected, wanted = (op.after, op.before) if backwards else (op.before, op.after)
        current = get(files, op.table, op.uid, hint=op.after or op.before)
        if not _same(current, expected):
            later = _later_change(files, change, op)
            who = f"change {later.id[:8]} ({later.command}: {later.summary})" if later else "a later change"
            verb = "undo" if backwards else "redo"
            raise Conflict(
                f"cannot {verb} change {change.id[:8]}: {who} touched the same records since; undo that first"
            )
        put(files, op.table, op.uid, wanted, hints={op.uid: current})


# Where a record lives. Everything that puts records by uid (undo, redo, sync) comes through here, so that a
# change of the storage layout is adapted in one place: the main file holds every table but the shelved ones,
# people with what is theirs (in parts by their uid) and interactions (in buckets chosen by their first person).


def records(files: JournalFiles, table: str) -> Iterator[dict[str, Any]]:
    """Every stored document of a table, wherever it lives."""
    for db in _homes(files, table):
        for doc in ((db.file.read() or {}).get(table) or {}).values():
            if isinstance(doc, dict):
                yield doc


def get(files: JournalFiles, table: str, uid: str, *, hint: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The stored document of record `uid` (`hint`: a version of it, to find its bucket without a search)."""
    found = _locate(files, table, {uid}, {uid: hint})
    if uid not in found:
        return None
    home, doc_id = found[uid]
    doc = ((home.file.read() or {}).get(table) or {}).get(str(doc_id))
    return dict(doc) if isinstance(doc, dict) else None


def locate(files: JournalFiles, table: str, uid: str, *, hint: dict[str, Any] | None = None) -> Any | None:
    """The table of the file that holds record `uid` now (`hint`: a version of it, to find its part first)."""
    found = _locate(files, table, {uid}, {uid: hint})
    return found[uid][0].records(table) if uid in found else None


def put(
    files: JournalFiles, table: str, uid: str, doc: dict[str, Any] | None, *, hints: dict[str, Any] | None = None
) -> None:
    """Inside a transaction: make record `uid` of `table` this document (its revision kept), or remove it
    (None)."""
    put_many(files, table, {uid: doc}, hints=hints)


def put_many(
    files: JournalFiles,
    table: str,
    docs: dict[str, dict[str, Any] | None],
    *,
    hints: dict[str, Any] | None = None,
) -> None:
    """Inside a transaction: `put` for many records of one table at once (one pass over each file).
    `hints`: a version of each record as stored now, if known, so its bucket is found without a search."""
    if not docs:
        return
    found = _locate(files, table, set(docs), hints or {})
    home_of = _homes_by_doc(files, table)
    removed: dict[int, tuple[Any, list[int]]] = {}
    replaced: dict[int, tuple[Any, list[int], dict[str, dict[str, Any]]]] = {}
    added: dict[int, tuple[Any, list[dict[str, Any]]]] = {}
    for uid, doc in docs.items():
        home = home_of(doc) if doc is not None else None
        where = found.get(uid)
        if where is not None and where[0] is not home:
            removed.setdefault(id(where[0]), (where[0], []))[1].append(where[1])
        if doc is None:
            continue
        kept = {k: v for k, v in doc.items() if k != "rev"} if "rev" in doc else doc  # the table stores a copy
        if where is not None and where[0] is home:
            entry = replaced.setdefault(id(home), (home, [], {}))
            entry[1].append(where[1])
            entry[2][uid] = kept
        else:
            added.setdefault(id(home), (home, []))[1].append(kept)
    for home, doc_ids in removed.values():
        home.records(table).remove(doc_ids=doc_ids)
    for home, doc_ids, by_uid in replaced.values():

        def swap(stored: Any, by_uid: dict[str, dict[str, Any]] = by_uid) -> None:
            rev = stored.get("rev")
            new = by_uid[stored["uid"]]
            stored.clear()
            stored.update(new)
            if rev is not None:
                stored["rev"] = rev

        home.records(table).update(swap, doc_ids=doc_ids)
    for home, new_docs in added.values():
        home.records(table).insert_multiple(new_docs)
    if table == "interactions":
        files.index.invalidate()


def _homes(files: JournalFiles, table: str) -> list[Any]:
    """The files that may hold records of `table`."""
    shelf = SHELF.get(table)
    if shelf is None:
        return [files.main]
    return [files.part(shelf, name) for name in files.part_names(shelf)]


def _homes_by_doc(files: JournalFiles, table: str) -> Callable[[dict[str, Any]], Any]:
    """`_home_of` for many documents of one table: each file looked up once."""
    if table not in SHELF:
        return lambda doc: files.main
    found: dict[str | None, Any] = {}  # by the part it names: a sync puts a hundred thousand

    def home_of(doc: dict[str, Any]) -> Any:
        part = home_part(table, doc)
        home = found.get(part)
        if home is None:
            home = found[part] = _home_of(files, table, doc)
        return home

    return home_of


def _home_of(files: JournalFiles, table: str, doc: dict[str, Any]) -> Any:
    """The file a document of `table` belongs in."""
    shelf = SHELF.get(table)
    if shelf is None:
        return files.main
    name = home_part(table, doc)
    if name is None:
        raise UserError(f"an interaction without people cannot be stored ({doc.get('uid')})")
    return files.part(shelf, name)


def _locate(files: JournalFiles, table: str, uids: set[str], hints: dict[str, Any]) -> dict[str, tuple[Any, int]]:
    """Where each of these records is stored now: its file and document id (the parts their uid or a hint
    names first)."""
    found: dict[str, tuple[Any, int]] = {}
    dbs = _homes(files, table)
    if (shelf := SHELF.get(table)) is not None:
        names = files.part_names(shelf)
        first = {n for n in (home_part(table, hints.get(uid) or {"uid": uid}) for uid in uids) if n in names}
        rest = [n for n in names if n not in first] if table != "people" else []  # a person: their uid's part
        dbs = [files.part(shelf, n) for n in [*sorted(first), *rest]]
    for db in dbs:
        for doc_id, doc in ((db.file.read() or {}).get(table) or {}).items():
            uid = doc.get("uid") if isinstance(doc, dict) else None
            if uid in uids and uid not in found:
                found[uid] = (db, int(doc_id))
        if len(found) == len(uids):
            break
    return found


def _same(current: dict[str, Any] | None, expected: dict[str, Any] | None) -> bool:
    if current is None or expected is None:
        return current is None and expected is None
    return {k: v for k, v in current.items() if k != "rev"} == {k: v for k, v in expected.items() if k != "rev"}


def _later_change(files: JournalFiles, change: Change, op: Op) -> Change | None:
    for later in files.log.newest_first(files.head()):
        if later.seq <= change.seq:
            return None
        if any(o.uid == op.uid and o.table == op.table for o in later.ops):
            return later
    return None


def _kept() -> int:
    from journal.store.changes import KEEP

    return KEEP


def reorder(files: JournalFiles, table: str, near: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> None:
    """Inside a transaction: store the records of `table` that share a file with any of `near` in the order
    `key` gives (sync keeps every device's files in one order, so lists that follow it agree everywhere). Only
    the records of `near` are taken to be out of place: when each is in order with its neighbours, the file
    is left as it is. The records themselves are unchanged, so the change log sees nothing."""
    home_of = _homes_by_doc(files, table)
    homes: dict[int, tuple[Any, set[str]]] = {}
    for doc in near:
        home = home_of(doc)
        homes.setdefault(id(home), (home, set()))[1].add(str(doc.get("uid")))
    for db, moved in homes.values():
        stored = [doc for doc in ((db.file.read() or {}).get(table) or {}).values() if isinstance(doc, dict)]
        if _in_order(stored, moved, key):
            continue
        db.records(table).truncate()
        db.records(table).insert_multiple(sorted(stored, key=key))


def _in_order(stored: list[dict[str, Any]], moved: set[str], key: Callable[[dict[str, Any]], Any]) -> bool:
    """Whether every record of `moved` is in order with the records beside it (the others are, by invariant)."""
    if len(moved) > len(stored) // 4:
        return stored == sorted(stored, key=key)
    keys: dict[int, Any] = {}

    def at(n: int) -> Any:
        if n not in keys:
            keys[n] = key(stored[n])
        return keys[n]

    for n, doc in enumerate(stored):
        if doc.get("uid") in moved:
            if n > 0 and at(n - 1) > at(n):
                return False
            if n + 1 < len(stored) and at(n) > at(n + 1):
                return False
    return True
