"""vCard: one card per person (3.0 written; 2.1, 3.0 and 4.0 read), how you met kept in NOTE and X-KITH-*."""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from journal.errors import InvalidValue, UserError
from journal.formats import BadRow, Incoming, Progress, name_parts, open_wishes, place_met, sites
from journal.journal import Journal
from journal.model import Person, check_birthday, handle_kind

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
_OWN = ("email", "phone")


def write(journal: Journal, people: list[Person], progress: Progress | None = None) -> str:
    """Every person as a vCard 3.0, in name order."""
    cards = []
    wishes = open_wishes(journal)
    for n, person in enumerate(people, start=1):
        cards.append(card(journal, person, wishes).serialize())
        if progress:
            progress(n, len(people))
    return "".join(cards)


def card(
    journal: Journal,
    person: Person,
    wishes: dict[tuple[str, str], list[str]] | None = None,
    uid: str | None = None,
) -> Any:
    """A person as a vobject vCard 3.0 (the export's, and a vdir's with `uid` the card's own UID)."""
    import vobject  # slow to import: only when writing cards

    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("uid").value = uid or f"kith-{person.uid}"
    card.add("fn").value = person.name
    parts = name_parts(person)
    card.add("n").value = vobject.vcard.Name(
        family=parts.get("family", ""),
        given=parts.get("given", ""),
        additional=parts.get("additional", ""),
        prefix=parts.get("prefix", ""),
        suffix=parts.get("suffix", ""),
    )
    nicknames = list(dict.fromkeys([n for n in (person.nickname, *person.aliases) if n]))
    if nicknames:
        card.add("nickname").value = ",".join(nicknames)
    if person.nickname:  # which of NICKNAME's names is the nickname, and whether it is an alias too
        line = card.add("x-kith-nickname")
        line.value = person.nickname
        if person.nickname in person.aliases:
            line.type_param = "alias"
    if person.company:
        card.add("org").value = [person.company]
    if person.role:
        card.add("title").value = person.role
    if person.birthday:
        card.add("bday").value = person.birthday
    if person.address:
        a = person.address
        card.add("adr").value = vobject.vcard.Address(
            street=a.get("street", ""),
            city=a.get("city", ""),
            region=a.get("region", ""),
            code=a.get("postcode", ""),
            country=a.get("country", ""),
            box=a.get("pobox", ""),
            extended=a.get("extended", ""),
        )
    for platform, value in person.handles.items():
        kind = handle_kind(platform)
        label = person.labels.get(platform)
        if kind == "email":
            line = card.add("email")
            line.value = value
            line.params["TYPE"] = ["INTERNET", *([label.upper()] if label else [])]
        elif kind == "phone":
            line = card.add("tel")
            line.value = value
            if label:
                line.params["TYPE"] = ["CELL" if label == "mobile" else label.upper()]
        else:
            if value.startswith(("http://", "https://")):
                card.add("url").value = value
            line = card.add("x-kith-handle")
            line.value, line.type_param = value, platform
    if person.tags:
        card.add("categories").value = list(person.tags)
    introducer = journal.person(person.introduced_by) if person.introduced_by else None
    how = _how_met(journal, person, introducer)
    note = "\n\n".join(part for part in (person.notes, how) if part)
    if note:
        card.add("note").value = note
    extras: dict[str, str | None] = {
        "x-kith-uid": person.uid,
        "x-kith-notes": person.notes or "",
        "x-kith-met-on": person.met_on,
        "x-kith-met-at": place_met(journal, person) or None,
        "x-kith-met-how": f"online:{person.met_online}" if person.met_online else None,
        "x-kith-introduced-by": introducer.name if introducer else None,
        "x-kith-every": str(person.every) if person.every else None,
    }
    for prop, text in extras.items():
        if text is not None:
            card.add(prop).value = text
    wishes = open_wishes(journal) if wishes is None else wishes
    for kind in ("need", "offer"):
        for what in wishes.get((kind, person.uid), []):
            card.add(f"x-kith-{kind}").value = what
    return card


def _how_met(journal: Journal, person: Person, introducer: Person | None) -> str:
    """`Met at PyData Berlin on 2026-11-20, introduced by Ana López.` — for address books that show NOTE."""
    parts = ["Met"]
    if where := journal.met_where(person):
        parts.append(where)
    if person.met_on:
        parts.append(f"on {person.met_on}")
    if introducer:
        parts.append(f"(introduced by {introducer.name})")
    return " ".join(parts) + "." if len(parts) > 1 else ""


def sniff(text: str) -> bool:
    """Whether the text starts with a vCard."""
    return bool(_BEGIN.match(text.lstrip()[:11]))


def read(text: str) -> Iterator[Incoming | BadRow]:
    """Each card in a file of many (2.1, 3.0 or 4.0, as phones and mail programs write them) as a person.
    The cards are split and parsed here, one by one, so a card that cannot be read loses none of its
    neighbours; line numbers are those of the file."""
    for position, (line, lines) in enumerate(_cards(text), start=1):
        try:
            yield _incoming(line, _properties(lines))
        except Exception as exc:  # noqa: BLE001 - whatever a card holds, its neighbours are still read
            named = next((t.split(":", 1)[1].strip() for _, t in lines if t.upper().startswith("FN:")), "")
            which = f"card {position} ({named[:40]})" if named else f"card {position}"
            yield BadRow(line, f"{which} cannot be read ({_first_line(exc)}); left out")


_LINE_ENDS = re.compile(r"\r\r\n|\r\n|\r|\n")


def _cards(text: str) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """The lines of each BEGIN:VCARD … END:VCARD block, numbered as in the file (`\\r\\r\\n`, as iPhones
    write, and a bare `\\r` each end one line), with the line the card starts on."""
    lines = _LINE_ENDS.split(text)
    if not any(_BEGIN.match(line) for line in lines):
        raise UserError("no vCard in the file (a card starts with BEGIN:VCARD); is it another format?")
    card: list[tuple[int, str]] | None = None
    for n, line in enumerate(lines, start=1):
        if _BEGIN.match(line.lstrip("\ufeff")):
            if card:
                yield card[0][0], card  # a card without END: what it has is still read
            card = [(n, line)]
        elif card is not None:
            if _END.match(line):
                yield card[0][0], card
                card = None
            else:
                card.append((n, line))
    if card:
        yield card[0][0], card


@dataclass
class _Property:
    """One property of a card: `item1.EMAIL;TYPE=WORK:ana@example.com`, its value decoded but not unescaped."""

    line: int
    group: str
    name: str
    params: dict[str, list[str]]
    value: str


def _properties(lines: list[tuple[int, str]]) -> list[_Property | tuple[int, str]]:
    """The card's properties, folded lines joined (a 2.1 quoted-printable value continues after a `=` at a
    line's end); a line that is not `NAME:value` is given back as (line, text)."""
    logical: list[tuple[int, str]] = []
    for n, line in lines[1:]:
        if logical and line[:1] in (" ", "\t"):
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
        elif logical and logical[-1][1].endswith("=") and _is_qp(logical[-1][1]):
            logical[-1] = (logical[-1][0], logical[-1][1][:-1] + line)  # a soft line break
        elif line.strip():
            logical.append((n, line))
    found: list[_Property | tuple[int, str]] = []
    for n, line in logical:
        head, colon, value = _split_head(line)
        if not colon:
            found.append((n, line))
            continue
        parts = _split_unquoted(head, ";")
        group, _, name = parts[0].rpartition(".")
        params: dict[str, list[str]] = {}
        for param in parts[1:]:
            key, eq, val = param.partition("=")
            if not eq:  # vCard 2.1 writes bare types: TEL;CELL;PREF:…
                key, val = ("ENCODING", key) if key.upper() in ("QUOTED-PRINTABLE", "BASE64", "8BIT") else ("TYPE", key)
            values = [v.strip().strip('"') for v in val.split(",")]
            params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
        found.append(_Property(n, group.lower(), name.strip().upper(), params, _decoded(value, params)))
    return found


def _is_qp(line: str) -> bool:
    head = _split_head(line)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _split_head(line: str) -> tuple[str, str, str]:
    """`NAME;params` and the value, split at the first colon outside a quoted parameter."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return line[:i], ":", line[i + 1 :]
    return line, "", ""


def _split_unquoted(text: str, sep: str) -> list[str]:
    parts, quoted, start = [], False, 0
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def _decoded(value: str, params: dict[str, list[str]]) -> str:
    """A value with its transfer encoding undone: quoted-printable in its CHARSET (UTF-8 if none is given and
    the bytes are UTF-8, else Windows Western); base64 (photos, keys) is dropped."""
    encoding = [e.upper() for e in params.get("ENCODING", [])]
    if "B" in encoding or "BASE64" in encoding:
        return ""
    if "QUOTED-PRINTABLE" not in encoding:
        return value
    raw = quopri.decodestring(value.encode("utf-8", errors="replace"))
    for charset in [*params.get("CHARSET", []), "utf-8", "cp1252"]:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1")


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _unescape(text: str) -> str:
    """A text value with `\\n`, `\\,`, `\\;`, `\\:` and `\\\\` made what they stand for."""
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text).strip()


def _components(text: str, sep: str = ";") -> list[str]:
    """The parts of a structured value (N, ADR, ORG), split where the separator is not escaped."""
    return [_unescape(part) for part in re.split(rf"(?<!\\){re.escape(sep)}", text)]


# vCard types and Apple's labels, as the labels Kith keeps.
_TYPE_LABELS = {
    "cell": "mobile",
    "mobile": "mobile",
    "iphone": "mobile",
    "work": "work",
    "home": "home",
    "main": "main",
    "fax": "fax",
    "pager": "pager",
    "other": "other",
    "car": "car",
    "school": "school",
}


def _label(prop: _Property, apple: dict[str, str]) -> str | None:
    """What kind of email or phone a property holds (work, home, mobile…), from its types or its group's label."""
    if label := apple.get(prop.group):
        return label
    types = [t.lower() for t in prop.params.get("TYPE", [])]
    if "fax" in types:
        return "fax"
    return next((_TYPE_LABELS[t] for t in types if t in _TYPE_LABELS), None)


def _apple_labels(props: list[_Property]) -> dict[str, str]:
    """`item1.X-ABLABEL:_$!<Mobile>!$_` or a label of your own, by group."""
    labels = {}
    for prop in props:
        if prop.name == "X-ABLABEL" and prop.group:
            text = re.sub(r"^_\$!<(.*)>!\$_$", r"\1", _unescape(prop.value)).strip().lower()
            labels[prop.group] = _TYPE_LABELS.get(text, text)
    return labels


def _incoming(line: int, found: list[_Property | tuple[int, str]]) -> Incoming:
    props = [p for p in found if isinstance(p, _Property)]
    person = Incoming(line=line, name="")
    for n, text in (f for f in found if isinstance(f, tuple)):
        person.leave_out(f"the line {n}", text[:60], "is not NAME:value")
    apple = _apple_labels(props)
    first: dict[str, str] = {}
    urls: list[str] = []
    for prop in props:
        name, value = prop.name, prop.value
        if name in ("EMAIL", "TEL"):
            value = _unescape(value).removeprefix("tel:").removeprefix("mailto:").strip()
            if not value:
                continue
            values = person.emails if name == "EMAIL" else person.phones
            if value not in values:
                values.append(value)
                if label := _label(prop, apple):
                    person.labels[value] = label
        elif name == "N":
            parts = (_components(value) + [""] * 5)[:5]
            person.name_parts = {
                k: " ".join(v.split())
                for k, v in zip(("family", "given", "additional", "prefix", "suffix"), parts, strict=True)
                if v.strip()
            }
        elif name == "ADR" and not person.address:
            parts = (_components(value) + [""] * 7)[:7]
            keys = ("pobox", "extended", "street", "city", "region", "postcode", "country")
            person.address = {
                k: ", ".join(v.split("\n")).strip() for k, v in zip(keys, parts, strict=True) if v.strip()
            }
        elif name == "ORG" and not person.company:
            person.company = next((p for p in _components(value) if p), None)
        elif name in ("CATEGORIES",):
            person.tags += [t.strip() for t in re.split(r"\\?,", value) if _unescape(t)]
        elif name == "NICKNAME":
            for nick in (n for n in (_unescape(t) for t in re.split(r"\\?,", value)) if n):  # as CATEGORIES
                person.aliases.append(nick)
                person.nickname = person.nickname or nick
        elif name == "URL":
            urls.append(_unescape(value))
        elif name in ("X-SOCIALPROFILE", "X-KITH-HANDLE"):
            platform = (prop.params.get("TYPE") or ["web"])[0].lower()
            if name == "X-KITH-HANDLE" or platform not in person.handles:
                person.handles[platform] = _unescape(value)
        elif name in ("X-KITH-NEED", "X-KITH-OFFER"):
            if text := _unescape(value).strip():
                (person.needs if name == "X-KITH-NEED" else person.offers).append(text)
        elif name not in first:
            first[name] = _unescape(value)
    person.tags = [_unescape(t) for t in person.tags]
    for platform, url in sites([u for u in urls if u and u not in person.handles.values()]).items():
        person.handles.setdefault(platform, url)
    person.name = _name(first.get("FN", ""), person.name_parts)
    person.role = first.get("TITLE") or first.get("ROLE") or None
    if bday := first.get("BDAY"):
        person.birthday = _birthday(bday)
        if person.birthday is None:
            person.leave_out("BDAY", bday, "is not a birthday like 1985-05-14 or --05-14")
    kith = "X-KITH-UID" in first
    if kith:  # Kith's own card tells the nickname apart from the other names in NICKNAME
        marked = next((p for p in props if p.name == "X-KITH-NICKNAME"), None)
        person.nickname = _unescape(marked.value) if marked else None
        if marked is not None and "alias" not in [t.lower() for t in marked.params.get("TYPE", [])]:
            person.aliases = [a for a in person.aliases if a != person.nickname]
    person.notes = (first.get("X-KITH-NOTES") if kith else first.get("NOTE")) or None
    person.uid = first.get("X-KITH-UID") or None
    person.met_on = first.get("X-KITH-MET-ON") or None
    person.met_at = first.get("X-KITH-MET-AT") or None
    how = first.get("X-KITH-MET-HOW", "").lower()
    person.met_online = how.removeprefix("online:") if how.startswith("online:") else None
    person.introduced_by = first.get("X-KITH-INTRODUCED-BY") or None
    every = first.get("X-KITH-EVERY", "")
    if every:
        person.every = int(every) if every.isdigit() else None
        if person.every is None:
            person.leave_out("X-KITH-EVERY", every, "is not a number of days")
    return person


def _name(formatted: str, parts: dict[str, str]) -> str:
    """The name to call someone by: FN, unless it was cut short or written family-first (`Doe, Jane`) and N
    holds the whole name."""
    whole = " ".join(parts[k] for k in ("given", "additional", "family") if k in parts)
    if not formatted or not whole:
        return formatted or whole or " ".join(parts[k] for k in ("prefix", "suffix") if k in parts)
    words, full = set(formatted.replace(",", " ").split()), set(whole.split())
    reversed_ = "," in formatted and words == full
    cut = words < full
    return whole if reversed_ or cut else formatted


_BDAY = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(T.*)?")


def _birthday(text: str) -> str | None:
    """A BDAY (`19850514`, `1985-05-14`, `--0514`, `--05-14`, with or without a time) as Kith keeps it."""
    found = _BDAY.fullmatch(text.strip())
    if not found:
        return None
    year, month, day = found[1], found[2], found[3]
    iso = f"--{month}-{day}" if year == "--" else f"{year}-{month}-{day}"
    try:
        return check_birthday("birthday", iso)
    except InvalidValue:
        return None


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]


def first_values(text: str, *names: str) -> dict[str, str]:
    """The first value of each named property (UID, REV…) of the first card in the text, unescaped; the
    same tolerant reading as `read`, for readers that need what a person does not hold."""
    wanted = {n.upper() for n in names}
    found: dict[str, str] = {}
    for _, lines in _cards(text):
        for prop in _properties(lines):
            if isinstance(prop, _Property) and prop.name in wanted and prop.name not in found:
                found[prop.name] = _unescape(prop.value)
        break
    return found
