"""Text and JSON forms of what the CLI prints; formatting only, no decisions."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

# The journal's modules are imported where they are used: every command prints through this module, and
# most need only a little of it (`kith show` does not load the reminders, `kith log` neither those nor the
# ledger); and the command line, which imports this module, starts without them: `kith` turns the cycle
# collector off before they load (see cli.run), and `kith --help` or `kith completion` never loads them.
if TYPE_CHECKING:
    from journal.journal import Journal
    from journal.model import Event, Person
    from journal.reminders import Reminder
    from journal.stats import Side, Stats
    from journal.store.changes import Change

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
    return max(60, terminal_columns(100))


def terminal_columns(fallback: int) -> int:
    """The terminal's width in columns as `shutil.get_terminal_size` finds it ($COLUMNS, else standard
    output's terminal, else `fallback`), without importing shutil, which imports bz2 and lzma."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no standard output (None), or not a terminal
            columns = 0
    return columns or fallback


def columns(text: str) -> int:
    """How many terminal columns `text` takes: accents take none, wide East Asian letters two."""
    if not text or max(text) < "\u0300":  # Latin letters, accented ones composed: one column each
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
    from journal.reminders import HEADINGS, KINDS

    if not found:
        return [f"All clear for {day:%a %d %b %Y}: nobody is waiting on you."]
    lines = [f"{day:%a %d %b %Y}: {len(found)} reminder{'s' if len(found) != 1 else ''}"]
    keys, texts, whens = [r.short_key for r in found], [r.text for r in found], [r.when(day) for r in found]
    key_width, when_width = max(map(len, keys)), max(map(len, whens))
    room = min(_width() - key_width - when_width - 6, max(map(columns, texts)))
    clipped = _clipped(texts, room)  # a column at a time: thousands of reminders at 30k people
    of_kind: dict[str, list[int]] = {}
    for n, reminder in enumerate(found):
        of_kind.setdefault(reminder.kind, []).append(n)
    for kind in KINDS:
        if group := of_kind.get(kind):
            lines += ["", f"{HEADINGS[kind]} ({len(group)})"]
            lines += [f"  {keys[n]:<{key_width}}  {clipped[n]}  {whens[n]:>{when_width}}" for n in group]
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


def people_cells(journal: Journal, found: list[Person]) -> list[tuple[str, ...]]:
    """The row `kith people` prints for each person: name, company, how met, last contact, open promises."""
    from journal.contact import last_contact

    open_by_person: dict[str, int] = {}
    few = len(found) <= 64  # their parts alone (a directory row brought up to date), not everyone's
    for promise in (p for person in found for p in journal.promises(person.uid)) if few else journal.promises():
        open_by_person[promise.person] = open_by_person.get(promise.person, 0) + 1
    return [
        (
            p.name + (" (archived)" if p.archived else ""),
            p.company or "",
            how_met(journal, p),
            last_contact(p, journal.contact(p.uid)) or "",
            str(open_by_person.get(p.uid, "")),
        )
        for p in found
    ]


def people(rows: list[tuple[str, ...]], *, archived_matches: int = 0) -> list[str]:
    """A table of people from their `people_cells`."""
    if not rows:
        if archived_matches:
            one = archived_matches == 1
            return [
                f"Nobody matches. {archived_matches} archived {'person matches' if one else 'people match'}; add --all"
            ]
        return ["Nobody matches."]
    header: tuple[str, ...] = ("NAME", "COMPANY", "HOW MET", "LAST CONTACT", "PROMISES")
    header += ("REFERRALS IN/OUT",) if len(rows[0]) > len(header) else ()  # rows `with_referrals`
    cells = list(zip(header, *rows, strict=True))  # a column at a time: most are plain ASCII, fitted in C
    plain = list(map(_plain, cells))
    natural = [max(map(len if simple else columns, column)) for column, simple in zip(cells, plain, strict=True)]
    widths = [min(28, natural[0]), min(20, natural[1]), 0, 12, 8] + [16] * (len(header) - 5)
    widths[2] = max(12, min(natural[2], _width() - sum(widths) - 2 * len(header) - 2))
    fitted = [_clipped(*column) for column in zip(cells, widths, plain, strict=True)]
    return ["  ".join(line).rstrip() for line in zip(*fitted, strict=True)] + [
        f"{len(rows)} {'person' if len(rows) == 1 else 'people'}"
    ]


def _plain(cells: Sequence[str]) -> bool:
    """Whether every cell is printable text of one column a character (below U+0300, where combining marks
    begin: ASCII and the composed Latin letters, as `columns` counts them) on one line with single spaces
    inside: a column then `clip`s to plain slicing and padding."""
    joined = "".join(cells)
    return (
        max(joined, default=" ") < "\u0300"
        and joined.isprintable()
        and "  " not in joined
        and not any(c[:1] == " " or c[-1:] == " " for c in cells)
    )


def _clipped(cells: Sequence[str], width: int, plain: bool | None = None) -> list[str]:
    """`clip` for a column of cells (`plain`: what `_plain` says of them, if known)."""
    if width < 1 or not (_plain(cells) if plain is None else plain):
        return [clip(cell, width) for cell in cells]
    return [cell.ljust(width) if len(cell) <= width else cell[: width - 1] + "…" for cell in cells]


def with_referrals(journal: Journal, found: list[Person], rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The `people_cells` rows with one more cell: referrals each person sent you / you sent them."""
    from journal.ledger import referrals

    counts = referrals(journal)
    return [(*row, "{1} / {0}".format(*counts.get(p.uid, (0, 0)))) for row, p in zip(rows, found, strict=True)]


def person_json(journal: Journal, person: Person) -> dict[str, Any]:
    """The stable JSON form of a person in `kith people --json`."""
    from journal.contact import last_contact

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
        "last_contact": last_contact(person, contact),
        "archived": person.archived,
        "notes": person.notes,
        "emails": _labelled(person, "email"),
        "phones": _labelled(person, "phone"),
        "birthday": person.birthday,
        "nickname": person.nickname,
        "address": person.address,
        "name_parts": person.name_parts,
    }


def _labelled(person: Person, kind: str) -> list[dict[str, str | None]]:
    """Every email (or phone) of a person, the primary first, each with its label (work, home…) or null."""
    from journal.model import handle_kind

    return [
        {"value": value, "label": person.labels.get(key)}
        for key, value in person.handles.items()
        if handle_kind(key) == kind
    ]


def _shared(record: Any) -> dict[str, Any]:
    """A record's stored form without its revision, which each copy of the journal counts for itself (two
    devices that synced show the same card)."""
    doc: dict[str, Any] = record.to_doc()
    doc.pop("rev", None)
    return doc


def card_json(journal: Journal, person: Person, day: date) -> dict[str, Any]:
    """The stable JSON form of `kith show --json`."""
    from journal import giving
    from journal.contact import replies
    from journal.ledger import ledger
    from journal.model import key_of

    book = ledger(journal, person, day)
    timeline = journal.interactions_of(person.uid)
    replied = replies(journal, timeline)
    event = journal.event(person.met_event) if person.met_event else None
    return {
        **person_json(journal, person),
        "met_event_key": key_of(event) if event else None,
        "interactions": [
            {**_shared(i), "key": key_of(i), "awaits_reply": replied.get(i.uid, "") is None} for i in timeline
        ],
        "promises": [{**_shared(p), "key": key_of(p)} for p in journal.promises(person.uid, status=None)],
        "needs": [{**_shared(r), "key": key_of(r)} for r in giving.of_person(journal, person.uid, "need")],
        "offers": [{**_shared(r), "key": key_of(r)} for r in giving.of_person(journal, person.uid, "offer")],
        "introductions_made": [
            {"on": f.on, "to": f.introduced, "key": key_of(f)} for f in giving.introductions_made(journal, person.uid)
        ],
        "introduced_to_you": [p.uid for p in giving.introduced_by(journal, person.uid)],
        "favors": [{**_shared(f), "key": key_of(f)} for f in journal.favors(person.uid)],
        "ledger": {
            "given": book.given,
            "received": book.received,
            "unthanked": book.unthanked,
            "referrals_given": book.referrals_given,
            "referrals_received": book.referrals_received,
            "warning": book.warning,
            "reasons": list(book.reasons),
        },
    }


def card(journal: Journal, person: Person, day: date) -> list[str]:
    """A person's context card."""
    from journal.contact import last_contact, replies, reply_note
    from journal.dates import format_relative
    from journal.ledger import ledger
    from journal.model import key_of

    width = _width()
    title = (
        person.name + (f" · {person.role}" if person.role else "") + (f" at {person.company}" if person.company else "")
    )
    lines = [title + ("  (archived)" if person.archived else ""), ""]

    def field(label: str, value: str | None) -> None:
        if value:
            lines.append(f"  {label:<11}{value}")

    contact = journal.contact(person.uid)
    event = journal.event(person.met_event) if person.met_event else None
    field("met", how_met(journal, person) + (f"  {key_of(event)}" if event else ""))
    field("aka", ", ".join(person.aliases))
    field(
        "handles",
        " · ".join(
            f"{k}{f' ({person.labels[k]})' if k in person.labels else ''} {v}" for k, v in person.handles.items()
        ),
    )
    field("nickname", person.nickname)
    field("birthday", person.birthday)
    field("address", ", ".join(person.address.values()))
    field("tags", ", ".join(person.tags))
    last_day = last_contact(person, contact)
    last = f"{last_day} ({format_relative(date.fromisoformat(last_day), day)})" if last_day else "never"
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

    lines += _giving(journal, person)

    book = ledger(journal, person, day)
    thanks = f", {book.unthanked} not thanked yet" if book.unthanked else ""
    lines += ["", f"Favors: given {book.given} · received {book.received}{thanks}{referral_counts(book)}"]
    favor_room = min(
        width - 50, max((columns(f.what) + 10 * f.referral for f in journal.favors(person.uid)), default=0)
    )
    for favor in journal.favors(person.uid):
        way = "given" if favor.given else "received"
        state = "" if favor.given else (f"thanked {favor.thanked}" if favor.thanked else "not thanked")
        what = clip(("referral: " if favor.referral else "") + favor.what, favor_room)
        lines.append(f"  {favor.on}  {way:<9}{what}  {key_of(favor)}  {state}".rstrip())
    lines += [f"  ! {reason}" for reason in book.reasons]

    timeline = journal.interactions_of(person.uid)
    replied = replies(journal, timeline)
    lines += ["", f"Timeline ({len(timeline)})"]
    firsts = [(i.summary or "").split("\n")[0] for i in timeline[:50]]
    summary_room = max(1, min(width - 60, max((columns(t) for t in firsts), default=0)))
    heads = []
    for i in timeline[:50]:
        where = f" on {i.platform}" if i.platform and i.platform != i.kind else ""
        flag = f" ({note})" if (note := reply_note(replied, i)) else ""
        heads.append(f"{i.kind}{where}{flag}")
    head_room = max((columns(h) for h in heads), default=0)
    for i, head, summary in zip(timeline[:50], heads, firsts, strict=True):
        arrow = {"in": "←", "out": "→", "both": "↔"}[i.direction]
        lines.append(f"  {i.on}  {arrow} {clip(head, head_room)}  {clip(summary, summary_room)}  {key_of(i)}")
    if len(timeline) > 50:
        lines.append(f"  … and {len(timeline) - 50} older (kith show --json has them all)")
    if not timeline:
        lines.append("  nothing logged yet")
    return lines


def referral_counts(book: Any) -> str:
    """` · referrals: 1 sent you, you sent 2` for a ledger with referrals; nothing without."""
    if not (book.referrals_given or book.referrals_received):
        return ""
    return f" · referrals: {book.referrals_received} sent you, you sent {book.referrals_given}"


def _giving(journal: Journal, person: Person) -> list[str]:
    """The card's needs, offers and introductions both ways; only the sections that have something."""
    from journal import giving
    from journal.model import key_of

    lines: list[str] = []
    for kind, heading in (("need", "Needs"), ("offer", "Offers")):
        found = giving.open_ones(journal, kind, person.uid)
        if found:
            lines += ["", f"{heading} ({len(found)})"]
            lines += [f"  {n}. {r.added}  {r.what}  {kind}:{r.uid[:8]}" for n, r in enumerate(found, 1)]
    made = giving.introductions_made(journal, person.uid)
    if made:
        lines += ["", f"Introductions you made ({len(made)})"]
        for favor in made:
            other = journal.person(favor.introduced or "")
            lines.append(f"  {favor.on}  to {other.name if other else '?'}  {key_of(favor)}")
    theirs = giving.introduced_by(journal, person.uid)
    if theirs:
        lines += ["", f"People they introduced you to ({len(theirs)})"]
        lines += [f"  {p.name}" + (f" (met {p.met_on})" if p.met_on else "") for p in theirs]
    return lines


def events(journal: Journal, found: list[Event]) -> list[str]:
    """Events, one a line, with how many people were met there."""
    from journal.model import key_of

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
        lines.append(f"{e.on or '':<10}  {e.name}{f' · {where}' if where else ''} · {count} met  {key_of(e)}")
    return lines


def change_json(change: Change) -> dict[str, Any]:
    """The stable JSON form of one change in `kith history --json`."""
    return {
        "id": change.id,
        "seq": change.seq,
        "at": change.at,
        "command": change.command,
        "summary": change.summary,
        "kind": change.kind,
        "undoes": change.target if change.kind == "undo" else None,
        "redoes": change.target if change.kind == "redo" else None,
        "device": change.device,
        "records": [{"table": op.table, "uid": op.uid, "before": op.before, "after": op.after} for op in change.ops],
    }


def history(changes: list[Change], journal: Journal) -> list[str]:
    """`kith history`: one line a change, newest first."""
    if not changes:
        return ["No changes recorded yet"]
    lines = []
    for change in changes:
        when = change.at[:16].replace("T", " ")
        records = change.records()
        what = f"{records} record{'s' if records != 1 else ''}"
        lines.append(f"{change.id[:8]}  {when}  {change.summary}  ({what}; {change.command})")
    return lines


def bar(value: float, most: float, width: int) -> str:
    """A bar of `width` columns at most for `value` out of `most`, in eighths of a block; a sliver for any
    value above zero, so a one never looks like a nought."""
    if value <= 0 or most <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / most * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")


def stats(found: Stats) -> list[str]:
    """`kith stats`: the picture of your network in text, with small bar charts."""
    width = min(_width(), 100)
    name_room = 22
    chart = max(6, (width - name_room - 20) // 2)
    favors = found.favors
    lines = [f"Your network on {found.day}: {found.people:,} {'person' if found.people == 1 else 'people'}", ""]
    unthanked = f" · {favors.unthanked} not thanked yet" if favors.unthanked else ""
    lines += [
        f"Favors: given {favors.given:,} · received {favors.received:,}{unthanked}",
        f"Referrals: {favors.referrals_received:,} sent you · you sent {favors.referrals_given:,}",
        "",
        "Favors by month",
        f"  {'':9} {'given':>{chart + 4}} │ received",
    ]
    most = max((max(m.given, m.received) for m in found.monthly), default=0)
    for month in found.monthly:
        label = date.fromisoformat(month.month + "-01").strftime("%b %Y")
        given = f"{bar(month.given, most, chart):>{chart}} {month.given:>3}"
        lines.append(f"  {label:<9} {given} │ {month.received:<3} {bar(month.received, most, chart)}".rstrip())

    lines += ["", "They gave more than you (you owe them)"]
    lines += _sides(found.one_sided.they_gave_more, name_room) or ["  nobody: you have given as much as you got"]
    lines += ["", "You gave more than they did"]
    lines += _sides(found.one_sided.you_gave_more, name_room) or ["  nobody"]

    lines += ["", "Going cold (keep in touch, most overdue first)"]
    lines += [
        f"  {clip(c.person, name_room)} {c.overdue_days:>4} days overdue · every {c.every} days · last {c.last_contact}"
        for c in found.going_cold
    ] or ["  nobody: every keep-in-touch is on time"]

    lines += ["", "Connectors (who introduced you to the most people)"]
    most = max((c.introduced for c in found.connectors), default=0)
    for c in found.connectors:
        through = f" · {c.referrals} referral{'s' if c.referrals != 1 else ''} through them" if c.referrals else ""
        who = ", ".join(c.people) + ("…" if c.introduced > len(c.people) else "")
        who = clip(who, max(10, width - name_room - chart // 2 - 40)).rstrip()
        shown = bar(c.introduced, most, chart // 2)
        lines.append(f"  {clip(c.person, name_room)} {shown:<{chart // 2}} {c.introduced:>3}{through}  ({who})")
    if not found.connectors:
        lines.append("  nobody yet: `kith add NAME --introduced-by PERSON` records who introduced you")

    sources = found.sources
    lines += ["", "Where your people come from"]
    rows = [("offline", sources.offline), ("online", sources.online)]
    rows += [("unknown", sources.unknown)] if sources.unknown else []
    most = max((n for _, n in rows), default=0)
    lines += [f"  {clip(name, name_room)} {bar(n, most, chart):<{chart}} {n:,}" for name, n in rows]
    lines.append(f"  {sources.introduced:,} of them introduced by someone")
    for title, counts in (("Events", sources.events), ("Platforms", sources.platforms)):
        if counts:
            lines += ["", f"  {title}"]
            most = max(c.people for c in counts)
            lines += [f"  {clip(c.name, name_room)} {bar(c.people, most, chart):<{chart}} {c.people:,}" for c in counts]

    lines += ["", "Days you take to reply (median, per platform)"]
    longest = max((r.median_days for r in found.reply_days), default=0.0)
    for r in found.reply_days:
        median = f"{r.median_days:g} day{'s' if r.median_days != 1 else ''}" if r.replies else "never replied"
        waiting = f", {r.unanswered} unanswered" if r.unanswered else ""
        lines.append(
            f"  {clip(r.platform, name_room)} {bar(r.median_days, longest, chart):<{chart}} {median} "
            f"({r.replies:,} repl{'ies' if r.replies != 1 else 'y'}{waiting})"
        )
    if not found.reply_days:
        lines.append("  no messages yet: `kith log NAME --from-them --online email` records one")
    return lines


def _sides(sides: list[Side], room: int) -> list[str]:
    return [f"  {clip(s.person, room)} given {s.given:>3} · received {s.received:>3}  ({s.balance:+d})" for s in sides]
