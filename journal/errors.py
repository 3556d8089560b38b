"""The mistakes a user can make and the states a journal can be in, each with its message."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class KithError(Exception):
    """Anything Kith reports to the user as one line; `str()` is that line."""

    exit_code = 2


class UserError(KithError):
    """Bad input: a clear message, exit code 2, nothing written."""


class InvalidValue(UserError):
    """A field got a value the model refuses."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason} (got {value!r})")


class DateNotUnderstood(UserError):
    """A date typed by a person that Kith cannot read."""

    def __init__(self, text: str, hint: str | None = None) -> None:
        self.text = text
        super().__init__(
            hint or f"could not understand the date {text!r} (try: fri, next friday, in 3 days, 2026-12-05)"
        )


class PersonNotFound(UserError):
    """No person matches what was typed."""

    def __init__(self, query: str, closest: list[str]) -> None:
        self.query = query
        self.closest = closest
        hint = f"; did you mean {', '.join(closest)}?" if closest else "; see `kith people`"
        super().__init__(f"no person matches {query!r}{hint}")


class AmbiguousPerson(UserError):
    """Several people match what was typed."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        super().__init__(
            f"{query!r} matches {len(candidates)} people: {', '.join(candidates)}; type more of the name or the uid"
        )


class NotFound(UserError):
    """A reminder key, event or record that does not exist."""


class Conflict(UserError):
    """The change would contradict what the journal holds (a duplicate, nothing to thank)."""


class EditConflict(Conflict):
    """A record saved from an older revision, whose fields someone else changed differently meanwhile."""

    def __init__(self, name: str, fields: dict[str, tuple[object, object]], theirs: dict[str, object] | None) -> None:
        self.name = name
        self.fields = fields
        self.theirs = theirs
        if fields:
            both = "; ".join(f"{k}: yours {m!r}, now {t!r}" for k, (m, t) in sorted(fields.items()))
            text = f"{name} was changed meanwhile ({both}); nothing was saved: keep yours or take theirs"
        else:
            text = f"{name} was changed meanwhile by a change no longer in the history; nothing was saved: reopen it"
        super().__init__(text)


class RecordDamaged(ValueError):
    """A stored record that does not fit the model: which field, and what is wrong with it.

    Not a KithError: commands skip such a record and count it; `kith check` names it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field} {problem}")


class JournalError(KithError):
    """The journal cannot be used as it is: exit code 1, never overwritten."""

    exit_code = 1


class JournalUnreadable(JournalError):
    """A journal file that cannot be read; it is left exactly as it is."""

    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        restore = f"newest backup: {backup} (kith restore puts it back)" if backup else "no backup found"
        super().__init__(f"cannot use the journal {path}\n{reason}; it was left untouched\n{restore}")


class JournalLocked(JournalError):
    """Another Kith process held the journal for too long."""


class WriteFailed(JournalError):
    """The disk refused a write; the previous file is intact."""
