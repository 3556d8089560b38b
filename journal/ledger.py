"""The reciprocity ledger: favors given and received, and whether it is a good moment to ask."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from journal.journal import Journal
    from journal.model import Person

TOO_NEW_DAYS = 30
TOO_FEW_CONTACTS = 3
ONE_SIDED_BY = 2


class Ledger(NamedTuple):
    """Favors both ways with one person, and a warning when asking would be too soon or too much. (A named
    tuple: as immutable as a frozen dataclass, and a fifth of its cost at import, which every card pays.)"""

    given: int
    received: int
    unthanked: int
    known_since: date | None
    contacts: int
    reasons: tuple[str, ...]
    referrals_given: int = 0
    referrals_received: int = 0

    @property
    def warning(self) -> str | None:
        """Every reason not to ask yet, in one line; None when it is a good moment."""
        return " ".join(self.reasons) or None

    @property
    def balance(self) -> int:
        """Favors given minus favors received: above zero, you have given more."""
        return self.given - self.received


def ledger(journal: Journal, person: Person, day: date) -> Ledger:
    """The favor ledger with `person` as of `day`."""
    favors = journal.favors(person.uid)
    given = sum(1 for f in favors if f.given)
    received = len(favors) - given
    unthanked = sum(1 for f in favors if not f.given and not f.thanked)
    referrals_given = sum(1 for f in favors if f.given and f.referral)
    referrals_received = sum(1 for f in favors if not f.given and f.referral)
    contact = journal.contact(person.uid)
    starts = [d for d in (person.met_on, *(i.on for i in journal.interactions_of(person.uid)[-1:])) if d]
    known_since = date.fromisoformat(min(starts)) if starts else None
    return Ledger(
        given,
        received,
        unthanked,
        known_since,
        contact.count,
        _reasons(person, day, known_since, contact.count, given, received, unthanked),
        referrals_given,
        referrals_received,
    )


def referrals(journal: Journal) -> dict[str, tuple[int, int]]:
    """Referrals with each person, by uid: (given, received); people with none are left out."""
    found: dict[str, tuple[int, int]] = {}
    for favor in journal.favors():
        if favor.referral:
            given, received = found.get(favor.person, (0, 0))
            found[favor.person] = (given + 1, received) if favor.given else (given, received + 1)
    return found


def by_referrals(journal: Journal, people: list[Person]) -> list[Person]:
    """People who sent you the most referrals first, then those you sent the most; otherwise as they came."""
    counts = referrals(journal)
    return sorted(people, key=lambda p: tuple(-n for n in reversed(counts.get(p.uid, (0, 0)))))


def _reasons(
    person: Person, day: date, known_since: date | None, contacts: int, given: int, received: int, unthanked: int
) -> tuple[str, ...]:
    """Every reason that holds not to ask `person` for something yet, most pressing first."""
    first = person.name.split()[0]
    found = []
    if unthanked:
        found.append(f"Thank {first} first: {unthanked} favor{'s' if unthanked > 1 else ''} not yet thanked.")
    if received - given >= ONE_SIDED_BY:
        found.append(f"Too one-sided to ask: {first} did you {received} favors, you did {given}. Give before you ask.")
    if known_since is None or (day - known_since).days < TOO_NEW_DAYS or contacts < TOO_FEW_CONTACTS:
        days = (day - known_since).days if known_since else 0
        since = (
            ("you met today" if days == 0 else f"you met {days} day{'s' if days != 1 else ''} ago")
            if known_since
            else "you have no record of meeting"
        )
        found.append(f"Too new to ask: {since}, {contacts} contact{'s' if contacts != 1 else ''} so far. Give first.")
    return tuple(found)
