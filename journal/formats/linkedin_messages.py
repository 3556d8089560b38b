"""LinkedIn's conversations: `messages.csv` (every message, each an interaction) and `Invitations.csv`
(who invited whom to connect, when, and what they wrote)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from journal.formats import BadRow, Message, cells
from journal.formats.linkedin_csv import connected_on

_messages = cells.header_has("CONVERSATION ID", "FROM", "DATE", "CONTENT")
_invitations = cells.header_has("From", "To", "Sent At", "Direction")


def _is_header(row: list[str]) -> bool:
    return _messages(row) or _invitations(row)


def sniff(text: str) -> bool:
    """Whether the text starts with the header of messages.csv or Invitations.csv."""
    return cells.sniff(text, _is_header)


def read(text: str | TextIO) -> Iterator[Message | BadRow]:
    """Each message or invitation, with its date, sender and recipients; drafts are left out."""
    for item in cells.records(text, _is_header):
        if isinstance(item, BadRow):
            yield item
            continue
        line, row = item
        try:
            message = _invitation(line, row) if "Direction" in row else _message(line, row)
        except ValueError as exc:
            yield BadRow(line, str(exc))
            continue
        if message is not None:
            yield message


def _message(line: int, row: dict[str, str]) -> Message | None:
    if row.get("IS MESSAGE DRAFT", "").strip().lower() in ("yes", "true"):
        return None
    stamp = row.get("DATE", "")
    on = connected_on(stamp)
    if on is None:
        raise ValueError(f"DATE {stamp!r} is not a date like 2026-08-01 10:00:00 UTC; message left out")
    sender, sender_url = row.get("FROM", ""), row.get("SENDER PROFILE URL", "")
    if not sender and not sender_url:
        raise ValueError("has no sender (FROM or SENDER PROFILE URL); message left out")
    return Message(
        line=line,
        conversation=row.get("CONVERSATION ID", ""),
        on=on,
        sender=sender,
        sender_url=sender_url,
        recipients=_pairs(row.get("TO", ""), row.get("RECIPIENT PROFILE URLS", "")),
        text=row.get("CONTENT", ""),
        subject=row.get("SUBJECT", ""),
        at=stamp,
    )


def _invitation(line: int, row: dict[str, str]) -> Message:
    stamp = row.get("Sent At", "")
    on = connected_on(stamp)
    if on is None:
        raise ValueError(f"Sent At {stamp!r} is not a date like 1/8/18, 6:14 PM; invitation left out")
    direction = row.get("Direction", "").strip().upper()
    if direction not in ("INCOMING", "OUTGOING"):
        raise ValueError(f"Direction {direction!r} is not INCOMING or OUTGOING; invitation left out")
    sender, sender_url = row.get("From", ""), row.get("inviterProfileUrl", "")
    return Message(
        line=line,
        conversation="",
        on=on,
        sender=sender,
        sender_url=sender_url,
        recipients=[(row.get("To", ""), row.get("inviteeProfileUrl", ""))],
        text=row.get("Message", ""),
        kind="invitation",
        at=stamp,
        from_me=direction == "OUTGOING",
    )


def _pairs(names: str, urls: str) -> list[tuple[str, str]]:
    """Recipients as (name, profile URL): paired in order when LinkedIn gives as many of each."""
    name_list = [n.strip() for n in names.split(",") if n.strip()] if names else []
    url_list = [u.strip() for u in re.split(r"[;,\s]+", urls) if u.strip()] if urls else []
    if len(name_list) > 1 and len(url_list) != len(name_list) and len(url_list) <= 1:
        name_list = [names.strip()]  # one name with a comma in it ("Doe, Jane"), not several
    if len(name_list) == len(url_list):
        return list(zip(name_list, url_list, strict=True))
    return [(n, "") for n in name_list] + [("", u) for u in url_list]
