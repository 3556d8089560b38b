"""Undo and redo: a change applied backwards or forwards again, as a new change of its own.

`undo` with no change named reverses the newest change not yet undone (again: the one before it), like
`task undo`; `redo` re-applies what the newest undo reversed, until a new change is made. A change can be
reversed only while every record it touched still reads as it left them; otherwise the later change that
touched them is named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journal.errors import Conflict, NotFound, UserError
from journal.store.changes import Change, Op

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
        if change.kind in ("change", "migration") and change.id not in undone:
            last_applied.setdefault(change.id, change.seq)
        elif change.kind == "redo" and change.target:
            last_applied.setdefault(change.target, change.seq)
    candidates = [c for c in changes if c.id in last_applied and c.ops and c.kind == "change"]
    if not candidates:
        raise NotFound(f"nothing to undo: the history holds no change that is not undone (it keeps the last {_kept()})")
    return max(candidates, key=lambda c: last_applied[c.id])


def redo_target(files: JournalFiles) -> Change:
    """The undo `kith redo` reverses: the newest one, if no change was made after it."""
    redone_since: set[str | None] = set()
    for change in files.log.newest_first(files.head()):
        if change.kind == "change":
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
        table = _table(files, op)
        doc_id, current = _find(table, op.uid)
        if not _same(current, expected):
            later = _later_change(files, change, op)
            who = f"change {later.id[:8]} ({later.command}: {later.summary})" if later else "a later change"
            verb = "undo" if backwards else "redo"
            raise Conflict(
                f"cannot {verb} change {change.id[:8]}: {who} touched the same records since; undo that first"
            )
        if wanted is None:
            if doc_id is not None:
                table.remove(doc_ids=[doc_id])
        elif doc_id is None:
            table.insert({k: v for k, v in wanted.items() if k != "rev"})
        else:
            keep = {k: v for k, v in wanted.items() if k != "rev"}

            def swap(doc: Any, keep: dict[str, Any] = keep) -> None:
                rev = doc.get("rev")
                doc.clear()
                doc.update(keep)
                if rev is not None:
                    doc["rev"] = rev

            table.update(swap, doc_ids=[doc_id])
    if any(op.table == "interactions" for op in change.ops):
        files.index.invalidate()


def _table(files: JournalFiles, op: Op) -> Any:
    if op.file == "main":
        return files.main.records(op.table)
    return files.bucket(op.file).records(op.table)


def _find(table: Any, uid: str) -> tuple[int | None, dict[str, Any] | None]:
    for doc_id, doc in table._read_table().items():
        if doc.get("uid") == uid:
            return int(doc_id), doc
    return None, None


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
