"""What counts as contact with someone, said once.

Contact is any interaction, either way. Every other act that is contact logs one, so the derived
index (journal/store/index.py) and everything reading it (last contact, follow-up, keep-in-touch, the
People sort, the card, the exports) need no second rule:

- meeting someone: adding a person with a met date or event, and every `jot` line, logs a `met`;
- my promise kept (`kith done promise:…`) logs an outgoing `other` about that promise;
- a favor I give logs an outgoing `other` about that favor;
- a thank-you logs an outgoing `message`.

Follow-up asks one thing more: contact *after* the meeting, so the `met` itself does not count there.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from journal.model import Favor, Interaction, Person, Promise
from journal.store.index import Contact

if TYPE_CHECKING:
    from journal.journal import Journal


def meeting(person: Person, on: str, *, summary: str | None = None, platform: str | None = None) -> Interaction:
    """The `met` interaction that adding or jotting a person records."""
    return Interaction(
        people=[person.uid], on=on, kind="met", direction="both", platform=platform, summary=summary
    ).validated()


def promise_kept(promise: Promise, day: date) -> Interaction:
    """The contact that keeping my promise is."""
    return Interaction(
        people=[promise.person],
        on=day.isoformat(),
        kind="other",
        summary=f"Kept my promise: {promise.what}",
        about=promise.uid,
    ).validated()


def favor_given(favor: Favor) -> Interaction:
    """The contact that doing someone a favor is."""
    return Interaction(
        people=[favor.person], on=favor.on, kind="other", summary=f"Gave: {favor.what}", about=favor.uid
    ).validated()


def thank_you(favor: Favor, day: date, summary: str | None = None) -> Interaction:
    """The contact that thanking someone for a favor is."""
    return Interaction(
        people=[favor.person], on=day.isoformat(), summary=summary or f"Thanked for {favor.what}", about=favor.uid
    ).validated()


def last_contact(person: Person, facts: Contact | None) -> str | None:
    """The day of the last contact: the newest interaction; for a person met before Kith logged
    meetings (an older journal, an import), the day met."""
    last = facts.last if facts else None
    if person.met_on and (last is None or person.met_on > last):
        return person.met_on
    return last


def reached_since_meeting(person: Person, facts: Contact | None) -> bool:
    """Whether there was contact on or after the day met, besides the meeting itself (what follow-up asks)."""
    reached = facts.last_reached if facts else None
    return bool(reached) and (not person.met_on or reached >= person.met_on)  # type: ignore[operator]


def awaits_reply(journal: Journal, interaction: Interaction) -> bool:
    """Whether a message still waits for my reply, as Today sees it: nothing outgoing to any of them since."""
    if not interaction.reply_needed:
        return False
    contacts = journal.contacts()
    return all(
        any(entry[0] == interaction.uid for entry in contacts[uid].awaiting)
        for uid in interaction.people
        if uid in contacts
    )


def replies(journal: Journal, timeline: list[Interaction]) -> dict[str, str | None]:
    """For each interaction in a person's timeline that awaited my reply: None while it still does,
    else the day of the first outgoing contact that answered it ("" if that went to someone else)."""
    found: dict[str, str | None] = {}
    for interaction in timeline:
        if not interaction.reply_needed:
            continue
        if awaits_reply(journal, interaction):
            found[interaction.uid] = None
            continue
        after = [i.on for i in timeline if i.outgoing and i.on >= interaction.on and i.uid != interaction.uid]
        found[interaction.uid] = min(after, default="")
    return found


def reply_note(replied: dict[str, str | None], interaction: Interaction) -> str:
    """`awaits reply`, `replied 2026-12-03`, `replied`, or nothing, for a timeline entry."""
    if interaction.uid not in replied:
        return ""
    day = replied[interaction.uid]
    return "awaits reply" if day is None else f"replied {day}".strip()
