"""Text and JSON forms of what the CLI prints; formatting only, no decisions."""

from __future__ import annotations

import shutil
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from journal.dates import format_relative
from journal.journal import Journal
from journal.ledger import ledger
from journal.model import Event, Person
from journal.reminders import HEADINGS, KINDS, Reminder

_KEPT = frozenset("\n\t\u200c\u200d")  # line breaks, tabs, and the joiners emoji and Persian need
_NEUTRALISED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))  # controls, invisible format and bidi, separators


def safe(text: str) -> str:
    """Text with control characters, bidi controls and other invisible format characters made visible
    (`\\x1b`, `\\u202e`), so nothing stored can drive the terminal or reorder what it shows."""
    if text.isprintable():
        return text
    return "".join(ch if ch in _KEPT or unicodedata.category(ch) not in _NEUTRALISED else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def say(*lines: str, err: bool = False) -> None:
    """Write lines to stdout (stderr when `err`) through `safe`: every line Kith prints goes through here."""
    (sys.stderr if err else sys.stdout).write("".join(safe(line) + "\n" for line in lines))


def print_lines(lines: Iterable[str]) -> None:
    """Write lines to stdout, control characters neutralised."""
    say(*lines)


def write_export(text: str) -> None:
    """An export on stdout: neutralised on a terminal, the bytes as they are into a file or a pipe."""
    sys.stdout.write(safe(text) if sys.stdout.isatty() else text)


def print_json(value: Any) -> None:
    """Write JSON to stdout, indented, with bidi and invisible format characters written as escapes."""
    import orjson

    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    if not text.isascii():  # orjson escapes controls but not bidi or format characters: the same text, escaped
        text = "".join(
            f"\\u{ord(ch):04x}" if ch not in _KEPT and unicodedata.category(ch) in _NEUTRALISED else ch for ch in text
        )
    sys.stdout.write(text + "\n")


def toml_value(value: object) -> str:
    """A config value as written in TOML."""
    return f'"{value}"' if isinstance(value, str) else str(value)


def size(n: int) -> str:
    """A byte count for people."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _width() -> int:
    """The terminal's width; wide when the output goes to a file or a pipe, so nothing is clipped."""
    if not sys.stdout.isatty():
        return 240
    return max(60, shutil.get_terminal_size((100, 24)).columns)


def columns(text: str) -> int:
    """How many terminal columns `text` takes: accents take none, wide East Asian letters two."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int) -> str:
    """One line of at most `width` columns, padded to exactly that."""
    text = " ".join(text.split())
    used = columns(text)
    if used > width:
        kept, used = [], 0
        for ch in text:
            size = columns(ch)
            if used + size > width - 1:
                break
            kept.append(ch)
            used += size
        text, used = "".join(kept) + "…", used + 1
    return text + " " * (width - used)


def due(found: list[Reminder], day: date) -> list[str]:
    """Reminders grouped by kind, each with its key."""
    if not found:
        return [f"All clear for {day:%a %d %b %Y}: nobody is waiting on you."]
    lines = [f"{day:%a %d %b %Y}: {len(found)} reminder{'s' if len(found) != 1 else ''}"]
    width = _width()
    key_width = max(len(r.short_key) for r in found)
    whens = {r.key: r.when(day) for r in found}
    when_width = max(len(w) for w in whens.values())
    room = min(width - key_width - when_width - 6, max(columns(r.text) for r in found))
    for kind in KINDS:
        group = [r for r in found if r.kind == kind]
        if not group:
            continue
        lines += ["", f"{HEADINGS[kind]} ({len(group)})"]
        for r in group:
            lines.append(f"  {r.short_key:<{key_width}}  {clip(r.text, room)}  {whens[r.key]:>{when_width}}")
    lines += ["", "kith done KEY · kith drop KEY · kith snooze KEY fri"]
    return lines


def how_met(journal: Journal, person: Person) -> str:
    """How you met someone, in a few words."""
    parts = [person.met_on or "", journal.met_where(person)]
    if person.introduced_by and (introducer := journal.person(person.introduced_by)):
        parts.append(f"via {introducer.name}")
    return " ".join(p for p in parts if p)


def how_met_suffix(journal: Journal, person: Person) -> str:
    """`, met …` for confirmation lines."""
    return f", met {how_met(journal, person)}"


def people(journal: Journal, found: list[Person]) -> list[str]:
    """A table of people: name, company, how met, last contact, open promises."""
    if not found:
        return ["Nobody matches."]
    contacts = journal.contacts()
    open_by_person: dict[str, int] = {}
    for promise in journal.promises():
        open_by_person[promise.person] = open_by_person.get(promise.person, 0) + 1
    rows = [
        (
            p.name + (" (archived)" if p.archived else ""),
            p.company or "",
            how_met(journal, p),
            (contacts[p.uid].last or "") if p.uid in contacts else "",
            str(open_by_person.get(p.uid, "")),
        )
        for p in found
    ]
    header = ("NAME", "COMPANY", "HOW MET", "LAST CONTACT", "PROMISES")
    natural = [max(columns(r[i]) for r in [header, *rows]) for i in range(5)]
    widths = [min(28, natural[0]), min(20, natural[1]), 0, 12, 8]
    widths[2] = max(12, min(natural[2], _width() - sum(widths) - 8))
    return [
        "  ".join(clip(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ] + [f"{len(found)} {'person' if len(found) == 1 else 'people'}"]


def person_json(journal: Journal, person: Person) -> dict[str, Any]:
    """The stable JSON form of a person in `kith people --json`."""
    contact = journal.contact(person.uid)
    doc = person.to_doc()
    return {
        "uid": person.uid,
        "name": person.name,
        "company": person.company,
        "role": person.role,
        "email": person.email,
        "phone": person.handles.get("phone"),
        "tags": person.tags,
        "handles": person.handles,
        "aliases": person.aliases,
        "met_on": person.met_on,
        "met_at": journal.met_at(person),
        "met_how": f"online:{person.met_online}" if person.met_online else "offline",
        "introduced_by": doc.get("introduced_by"),
        "keep_in_touch_days": person.every,
        "last_contact": contact.last,
        "archived": person.archived,
        "notes": person.notes,
    }


def card_json(journal: Journal, person: Person, day: date) -> dict[str, Any]:
    """The stable JSON form of `kith show --json`."""
    book = ledger(journal, person, day)
    return {
        **person_json(journal, person),
        "interactions": [i.to_doc() for i in journal.interactions_of(person.uid)],
        "promises": [p.to_doc() for p in journal.promises(person.uid, status=None)],
        "favors": [f.to_doc() for f in journal.favors(person.uid)],
        "ledger": {
            "given": book.given,
            "received": book.received,
            "unthanked": book.unthanked,
            "warning": book.warning,
        },
    }


def card(journal: Journal, person: Person, day: date) -> list[str]:
    """A person's context card."""
    width = _width()
    title = (
        person.name + (f" · {person.role}" if person.role else "") + (f" at {person.company}" if person.company else "")
    )
    lines = [title + ("  (archived)" if person.archived else ""), ""]

    def field(label: str, value: str | None) -> None:
        if value:
            lines.append(f"  {label:<11}{value}")

    contact = journal.contact(person.uid)
    field("met", how_met(journal, person))
    field("aka", ", ".join(person.aliases))
    field("handles", " · ".join(f"{k} {v}" for k, v in person.handles.items()))
    field("tags", ", ".join(person.tags))
    last = f"{contact.last} ({format_relative(date.fromisoformat(contact.last), day)})" if contact.last else "never"
    field("last", last + (f" · keep in touch every {person.every} days" if person.every else ""))
    field("uid", person.uid)
    if person.notes:
        lines += ["", *("  " + line for line in person.notes.splitlines())]

    open_promises = journal.promises(person.uid)
    lines += ["", f"Open promises ({len(open_promises)})"]
    texts = [p.what + (f" (due {p.due})" if p.due else "") for p in open_promises]
    room = min(width - 34, max((columns(t) for t in texts), default=0))
    for promise in open_promises:
        way = "you owe" if promise.mine else "they owe"
        due_text = f" (due {promise.due})" if promise.due else ""
        key = f"{'promise' if promise.mine else 'nudge'}:{promise.uid[:8]}"  # the key done/drop/snooze take
        lines.append(f"  {way:<9}{clip(promise.what + due_text, room)}  {key}".rstrip())
    if not open_promises:
        lines.append("  none")

    book = ledger(journal, person, day)
    thanks = f", {book.unthanked} not thanked yet" if book.unthanked else ""
    lines += ["", f"Favors: given {book.given} · received {book.received}{thanks}"]
    favor_room = min(width - 50, max((columns(f.what) for f in journal.favors(person.uid)), default=0))
    for favor in journal.favors(person.uid):
        way = "given" if favor.given else "received"
        state = "" if favor.given else (f"thanked {favor.thanked}" if favor.thanked else "not thanked")
        lines.append(f"  {favor.on}  {way:<9}{clip(favor.what, favor_room)}  {state}".rstrip())
    if book.warning:
        lines.append(f"  ! {book.warning}")

    timeline = journal.interactions_of(person.uid)
    lines += ["", f"Timeline ({len(timeline)})"]
    for i in timeline[:50]:
        arrow = {"in": "←", "out": "→", "both": "↔"}[i.direction]
        where = f" on {i.platform}" if i.platform and i.platform != i.kind else ""
        flag = " (awaits reply)" if i.reply_needed else ""
        summary = (i.summary or "").splitlines()[0] if i.summary else ""
        lines.append(f"  {i.on}  {arrow} {i.kind}{where}{flag}  {clip(summary, width - 40)}".rstrip())
    if len(timeline) > 50:
        lines.append(f"  … and {len(timeline) - 50} older (kith show --json has them all)")
    if not timeline:
        lines.append("  nothing logged yet")
    return lines


def events(journal: Journal, found: list[Event]) -> list[str]:
    """Events, one a line, with how many people were met there."""
    if not found:
        return ["No events yet; `kith event NAME --on DATE --at PLACE` adds one."]
    met: dict[str, int] = {}
    for p in journal.people(archived=True):
        if p.met_event:
            met[p.met_event] = met.get(p.met_event, 0) + 1
    lines = []
    for e in found:
        where = e.place or (f"online ({e.platform})" if e.platform else "")
        count = met.get(e.uid, 0)
        lines.append(f"{e.on or '':<10}  {e.name}{f' · {where}' if where else ''} · {count} met")
    return lines
