"""Answers to everyday reads, kept beside the journal for the version they came from.

Naming a person (every command that takes PERSON) and `kith people QUERY` need a few strings of everyone:
the names to match what was typed (`names.json`), and what a search word may match and the row `kith people`
prints (`directory.json`: everyone's search text, and each row as JSON text of its own, so that a search parses
the rows it found, not everyone's). Building ten thousand records to get them costs more than the rest of the command,
so the first command after a change computes them (`store.index.derived`: keyed by the journal's version and
checked without parsing the journal; brought up to date from the change log for the people it touched);
later commands read one file. The directory is brought up to date beside itself (`directory.delta.json`: the
rows of those changed since it was kept), so that a `log` does not mean writing everyone's rows again. Inside
a write that changed something they come from the working copy.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, pairwise
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeGuard

from journal.errors import KithError, PersonNotFound, RecordDamaged
from journal.journal import Journal
from journal.matching import Named, resolve, resolve_uid, uid_start
from journal.model import Person, normalise
from journal.store.jsonfile import SHELF

if TYPE_CHECKING:
    from journal.store.changes import Change
    from journal.store.index import Kept

NAMES_FORMAT = 3  # the shape of names.json (`Roster`) and its rows (`_name_row`); one kept in another is computed again
_NAME_ROW = (str, str, str, bool, list, list, str)  # uid, name, label, archived, normalised names, aliases, about
DIRECTORY_FORMAT = 2  # the shape of a directory row (`_TYPES`); one kept in another shape is computed again
_TYPES = (str, str, bool, list, list)  # a directory row: uid, name, archived, normalised tags, `kith people` cells


def find(journal: Journal, query: str) -> Person:
    """The person a user means by a uid, name, alias or the start of a name (see `matching.resolve_uid`). A uid
    or its start that is one person's is found among the stored uids, without everyone's names."""
    if (key := uid_start(query)) is not None:
        stored = journal.files.stored_near(Person.table, key)  # its uid's part: every uid that starts with it
        found = [key] if key in stored else [uid for uid in stored if uid.startswith(key)]
        if len(found) == 1 and (person := journal.person(found[0])) is not None:
            return person
    roster = names(journal)
    if roster is None:  # inside a write that changed people: the working copy's
        return resolve(journal.records(Person), query)
    person = journal.person(roster.named(query))
    if person is None:  # gone since the names were kept: a write in between
        raise PersonNotFound(query, [])
    return person


class Roster:
    """Everyone's names as names.json keeps them: each person's normalised names (one string, a line each) and
    their row (`_name_row`) as JSON text. A look scans the names and parses the rows of the people it finds:
    parsing everyone's rows (30k lists of lists) cost more than the rest of a command. A damaged row is never
    trusted: the rows are computed again from the journal (`compute`), or, without it, ValueError."""

    def __init__(self, keys: list[str], lines: list[str], compute: Callable[[], list[list[Any]]] | None) -> None:
        self.keys, self.lines, self.compute = keys, lines, compute
        self._parsed: dict[int, list[Any]] = {}  # the rows read so far, by their place

    @staticmethod
    def packed(rows: list[list[Any]]) -> dict[str, list[str]]:
        """Rows as names.json keeps them."""
        import orjson

        bare = [[*row[:4], "", *row[5:]] for row in rows]  # each name once: in the keys
        return {"keys": ["\n".join(row[4]) for row in rows], "rows": [orjson.dumps(row).decode() for row in bare]}

    @classmethod
    def of(cls, people: Iterable[Person]) -> Roster:
        """The names of these people (the working copy's, inside a write that changed people)."""
        packed = cls.packed([_name_row(person) for person in people])
        return cls(packed["keys"], packed["rows"], None)

    def add(self, person: Person) -> None:
        """One more person (a jot's earlier line adds them)."""
        more = self.packed([_name_row(person)])
        self.keys, self.lines = self.keys + more["keys"], self.lines + more["rows"]  # the kept lists stay as read

    def holding(self, text: str) -> list[list[Any]]:
        """The rows of everyone with a name or alias (normalised) that holds `text`."""
        return self._rows(lambda: self._holding(text))

    def _holding(self, text: str) -> list[int]:
        return [n for n, keys in enumerate(self.keys) if text in keys]

    def where(self, test: Callable[[str], bool]) -> list[list[Any]]:
        """The rows of everyone whose names (a line each) pass `test` (a call for each person: `holding` is quicker)."""
        return self._rows(lambda: [n for n, keys in enumerate(self.keys) if test(keys)])

    def everyone(self) -> list[list[Any]]:
        """Everyone's rows."""
        return self._rows(lambda: range(len(self.lines)))

    def named(self, query: str) -> str:
        """The uid of the one person `query` names (`matching.resolve_uid`), read from the rows that can match
        (a name holding it, a uid starting with it); everyone's only to say which names come closest when none does."""
        wanted, key = normalise(query), uid_start(query)

        def can_match() -> list[int]:
            found = set(self._holding(wanted)) if wanted else set()
            if key is not None:
                found.update(n for n, line in enumerate(self.lines) if line.startswith(key, 2))
            return sorted(found)

        try:
            return resolve_uid(self._rows(can_match), query)
        except PersonNotFound:  # nobody has it: the names that come closest are looked for among everyone
            return resolve_uid(self.everyone() if wanted else [], query)

    def _rows(self, picked: Callable[[], Sequence[int]]) -> list[list[Any]]:
        import orjson

        for _ in range(2):
            chosen = picked()
            with contextlib.suppress(ValueError, TypeError, IndexError, AttributeError):
                new = [n for n in chosen if n not in self._parsed]
                rows = [orjson.loads(self.lines[n]) for n in new]
                for row, n in zip(rows, new, strict=True):
                    row[4] = self.keys[n].split("\n")
                if _whole(rows):
                    self._parsed.update(zip(new, rows, strict=True))
                    return [self._parsed[n] for n in chosen]
            if self.compute is None:
                raise ValueError("a damaged names row")
            fresh = self.packed(self.compute())
            self.keys, self.lines, self.compute, self._parsed = fresh["keys"], fresh["rows"], None, {}
        raise ValueError("a damaged names row")  # computed rows are whole: never here


def follow(journal: Journal, change: Change, before: list[Any]) -> None:
    """After a change that wrote the people's parts: keep the names for the new version, with the people the
    change added, changed or forgot, so the next command that names a person reads them instead of building
    everyone. (A change that wrote no part of the people, a `log`, leaves the names kept for them as they are:
    see `index.derived`.)"""
    from journal.store.index import carry

    if not any(SHELF.get(op.table) == "people" for op in change.ops):
        return  # the names kept for the people's parts stay fresh
    changed = {op.uid: op.after for op in change.ops if op.table == Person.table}
    were = {op.uid for op in change.ops if op.table == Person.table and op.before is not None}  # not new

    def names(value: Any) -> dict[str, Any] | None:
        if (kept := _roster(value, None)) is None or not _led_by_uids(kept.lines):
            return None  # damaged: computed again
        out = [n for n in (_row_of(kept.lines, uid) for uid in were) if n >= 0]  # a jot's new people: none
        fresh = Roster.packed([_name_row(Person.load(doc)) for doc in changed.values() if doc is not None])
        return {"keys": _without(kept.keys, out) + fresh["keys"], "rows": _without(kept.lines, out) + fresh["rows"]}

    with contextlib.suppress(RecordDamaged):
        carry(journal.files, "names.json", before, names, reads="people", unchanged=not changed)


Listed = tuple[str, list[str]]  # a person's uid and their `kith people` cells
Directory = tuple[list[str], list[str]]  # everyone's search text, and their row (`_TYPES`) as JSON
_listed_whole: tuple[list[str], list[Any]] | None = None  # the kept rows last listed whole: as JSON, and parsed


def listing(
    journal: Journal, query: str = "", *, tag: str | None = None, archived: bool = False
) -> tuple[list[Listed], int]:
    """The `kith people` rows (with each one's uid) of everyone matching every word of `query` (and `tag`),
    most recently contacted first, as the People screen lists them too; and, when none matches, how many
    archived people would."""
    global _listed_whole
    texts, lines = _directory(journal)
    whole = _listed_whole
    try:  # the kept rows are parsed and checked as far as they are read: the rows found (all, when all are)
        every = whole is not None and whole[0] is lines
        found = _matching(texts, whole[1] if whole is not None and every else lines, query, tag, parse=not every)
        fine = every or _shaped(found, _TYPES) and _shaped(list(map(itemgetter(4), found)), (str,) * 5)
    except (TypeError, AttributeError, IndexError, KeyError, ValueError):
        fine = False
    if not fine:  # damaged: computed from the journal instead
        found = _matching(*_rows(journal, journal.directory()), query, tag)
    elif not query and not tag and len(found) == len(lines):
        _listed_whole = (lines, found)
    shown = [(r[0], r[4]) for r in found if archived or not r[2]]
    return shown, (len(found) if not shown and not archived else 0)


def listing_at_hand(journal: Journal, query: str = "", *, archived: bool = False) -> list[Listed] | None:
    """`listing`'s rows when nothing needs reading or checking: everyone's rows were listed whole from the
    directory kept for the journal as it is on disk now (judged by signatures; nothing is parsed). None
    otherwise: then `listing` reads, which may take long enough to want another thread."""
    whole = _listed_whole  # one look: a search in another thread may list everyone again meanwhile
    files = journal.files
    if whole is None or files.writing:
        return None
    try:
        if files.main.file.loaded_signature() is not None and not files.main.file.unchanged():
            return None  # another process wrote: finding out what needs the file parsed
        kept = _directory_parsed(journal)
    except KithError:
        return None
    if kept is None or kept[1] is not whole[0]:  # the very rows listed whole (and checked)
        return None
    found: list[Any] = _matching(kept[0], whole[1], query, None)
    return [(r[0], r[4]) for r in found if archived or not r[2]]


def _directory_parsed(journal: Journal) -> Directory | None:
    """The directory `_directory` gives for the journal on disk now when it needs nothing parsed: the kept files
    are those this process parsed (and merged) last; None otherwise."""
    from journal.store.index import kept_for, stored

    files = journal.files
    if (kept := stored(files, "directory.json", inputs=DIRECTORY_FORMAT, parsed_only=True)) is not None:
        return _directory_shaped(kept)
    merged, base = _merged_last, kept_for(files, "directory.json", inputs=DIRECTORY_FORMAT, parse=False)
    if merged is None or base is None or base[2].get("rows") is not merged[0]:
        return None
    delta = stored(files, DELTA, inputs=[DIRECTORY_FORMAT, base[0]], parsed_only=True)
    return merged[2] if delta is not None and delta.get("rows") is merged[1] else None


def _matching(texts: list[str], rows: list[Any], query: str, tag: str | None, *, parse: bool = False) -> list[Any]:
    """The rows whose search text holds every word of `query` (and whose tags hold `tag`), in order (`parse`:
    rows as JSON, parsed once found)."""
    found: Sequence[int] = range(len(rows))
    for word in normalise(query).split():  # one pass a word: 10k people filter in a few ms
        found = [n for n in found if word in texts[n]]
    picked = [rows[n] for n in found] if len(found) != len(rows) else rows
    if parse:
        import orjson

        picked = list(map(orjson.loads, picked))
    if tag:
        wanted = normalise(tag.lstrip("#"))
        picked = [r for r in picked if wanted in r[3]]
    return picked


def _as_json(rows: list[list[Any]]) -> list[str]:
    """Rows as the directory keeps them: each as JSON text of its own."""
    import orjson

    return [orjson.dumps(row).decode() for row in rows]


def _name_row(person: Person) -> list[Any]:
    """A person's row in names.json: the `Named` fields, then the aliases as written and what they do (role,
    company), which shell completion offers with the names."""
    named = Named.of(person)
    about = ", ".join(x for x in (person.role, person.company) if x)
    return [*named[:4], list(named.keys), list(person.aliases), about]


def kept_roster(journal: Journal) -> Roster | None:
    """Everyone's names as kept for the journal on disk; None when none is kept for it. Computes nothing (shell
    completion must not write): a damaged row raises ValueError where it is read."""
    from journal.store.index import stored

    return _roster(stored(journal.files, "names.json", inputs=NAMES_FORMAT, reads="people") or {}, None)


def _roster(kept: dict[str, Any], compute: Callable[[], list[list[Any]]] | None) -> Roster | None:
    """The roster names.json keeps, if it holds a list of strings of each, one for everyone."""
    keys, lines = kept.get("keys"), kept.get("rows")
    if not isinstance(keys, list) or not isinstance(lines, list) or len(keys) != len(lines):
        return None
    global _roster_read
    if _roster_read is not None and _roster_read.lines is lines and _roster_read.keys is keys:
        _roster_read.compute = _roster_read.compute or compute
        return _roster_read  # the same kept names (parsed once: `index.read_once`), its rows read so far with them
    if set(map(type, keys)) - {str} or set(map(type, lines)) - {str}:
        return None
    _roster_read = Roster(keys, lines, compute)
    return _roster_read


_roster_read: Roster | None = None  # the roster of the names.json last read


def _whole(rows: object) -> TypeGuard[list[list[Any]]]:
    """Whether kept names rows have the shape `_name_row` makes, every one."""
    return _shaped(rows, _NAME_ROW, strings=(4, 5))


def _shaped(rows: object, shape: tuple[type, ...], strings: tuple[int, ...] = ()) -> TypeGuard[list[list[Any]]]:
    """Whether every row is a list of values of these types, the columns `strings` lists of strings (checked a
    column at a time, in C-level passes: 30k rows in a few milliseconds)."""
    if not isinstance(rows, list) or set(map(type, rows)) - {list} or set(map(len, rows)) - {len(shape)}:
        return False
    columns = list(zip(*rows, strict=True)) or [()] * len(shape)
    if any(set(map(type, column)) - {kind} for column, kind in zip(columns, shape, strict=True)):
        return False
    return not set(map(type, chain.from_iterable(chain.from_iterable(columns[n] for n in strings)))) - {str}


def introduced(journal: Journal, person_uid: str) -> list[str]:
    """The uids of the people `person_uid` introduced me to, from a kept map of every introducer to the people
    they introduced (a card must not read everyone to list them); brought up to date from the change log."""
    files = journal.files
    if Person in journal._cache or (files.writing and files.changed()):
        return journal.stored_uids(introduced_by=person_uid)
    from journal.store.index import derived

    def compute() -> dict[str, Any]:
        found: dict[str, list[str]] = {}
        for uid, doc in journal.stored(Person).items():
            if isinstance(by := doc.get("introduced_by"), str) and by:
                found.setdefault(by, []).append(uid)
        return found

    def update(kept: dict[str, Any], changes: list[Change]) -> dict[str, Any] | None:
        found = {by: list(uids) for by, uids in kept.items() if isinstance(uids, list)}  # the kept one stays
        for op in (op for change in changes for op in change.ops if op.table == Person.table):
            before, after = (op.before or {}).get("introduced_by"), (op.after or {}).get("introduced_by")
            if before == after and op.after is not None and op.before is not None:
                continue
            if isinstance(before, str) and before in found:
                found[before] = [uid for uid in found[before] if uid != op.uid]
            if op.after is not None and isinstance(after, str) and after:
                found.setdefault(after, []).append(op.uid)
        return {by: uids for by, uids in found.items() if uids}

    uids = derived(files, "introduced.json", compute, update=update, reads="people").get(person_uid)
    return [uid for uid in uids if isinstance(uid, str)] if isinstance(uids, list) else []


def names(journal: Journal) -> Roster | None:
    """Everyone's names (`Roster`), kept for the version read; inside a write, the version it started from
    while it changed nothing yet, else None. Rows are checked by whoever reads them."""
    files = journal.files
    if files.writing and files.changed():
        return None
    from journal.store.index import derived

    def rows() -> list[list[Any]]:
        return [_name_row(person) for person in journal.records(Person)]

    kept = derived(files, "names.json", lambda: Roster.packed(rows()), inputs=NAMES_FORMAT, reads="people")
    return _roster(kept, rows) or Roster.of(journal.records(Person))  # not a roster at all: computed, never trusted


def _directory(journal: Journal) -> Directory:
    """Everyone's search text and row, most recently contacted first, kept for the version read: in
    directory.json, and while few people changed since it was kept, with their rows in directory.delta.json
    (`_delta`): rewriting everyone's rows for a `log` (10 MB at 30k) cost more than the rest of a search."""
    files = journal.files
    if files.writing and files.changed():
        return _computed(journal)
    from journal.store.index import derived, kept_for, stored

    if (kept := stored(files, "directory.json", inputs=DIRECTORY_FORMAT)) is not None:
        found = _directory_shaped(kept)  # each row is checked where it is read (listing): as far as it is parsed
    else:
        base = kept_for(files, "directory.json", inputs=DIRECTORY_FORMAT)  # of an earlier version
        found = _brought_up_to_date(journal, base) if base is not None else None
    if found is not None:
        return found

    def compute() -> dict[str, Any]:
        texts, rows = _computed(journal)
        return {"texts": texts, "rows": rows}

    found = _directory_shaped(derived(files, "directory.json", compute, inputs=DIRECTORY_FORMAT))
    return found or _computed(journal)  # a damaged file is computed again, never trusted


def _brought_up_to_date(journal: Journal, base: Kept) -> Directory | None:
    """The directory kept for an older version (`base`) with the rows of those changed since (`_delta`, kept
    for the version read and for that directory.json); once many changed, kept whole again. None when it
    cannot be brought up to date: computed again."""
    from journal.store.index import changes_since, derived

    files = journal.files
    key, seq, value = base
    if (shaped := _directory_shaped(value)) is None:
        return None

    def since_base() -> dict[str, Any]:
        if (found := _delta(journal, shaped, _NO_DELTA, changes_since(files, key, seq))) is None:
            raise _TooFar
        return found

    try:
        delta = derived(
            files,
            DELTA,
            since_base,
            inputs=[DIRECTORY_FORMAT, key],  # for this directory.json alone
            update=lambda kept, changes: _delta(journal, shaped, kept, changes),
        )
    except _TooFar:
        return None
    if (merged := _merged(shaped, delta)) is not None and len(delta["at"]) > DELTA_AT_MOST:
        derived(files, "directory.json", lambda: {"texts": merged[0], "rows": merged[1]}, inputs=DIRECTORY_FORMAT)
    return merged


def _computed(journal: Journal) -> Directory:
    """Everyone's search text and row (as JSON), computed from the journal."""
    texts, rows = _rows(journal, journal.directory())
    return texts, _as_json(rows)


def _directory_shaped(kept: dict[str, Any]) -> Directory | None:
    """A kept directory's texts and rows as JSON, if it holds a list of each of strings, one for everyone."""
    texts, rows = kept.get("texts"), kept.get("rows")
    if not isinstance(texts, list) or not isinstance(rows, list) or len(texts) != len(rows):
        return None
    return (texts, rows) if not set(map(type, texts)) - {str} and not set(map(type, rows)) - {str} else None


def _rows(journal: Journal, entries: list[tuple[Person, str]]) -> tuple[list[str], list[list[Any]]]:
    """The search texts and the rows (`_TYPES`) of these people, in that order."""
    from journal import render

    cells = render.people_cells(journal, [p for p, _ in entries])
    rows = [
        [person.uid, person.name, bool(person.archived), [normalise(t) for t in person.tags], list(row)]
        for (person, _), row in zip(entries, cells, strict=True)
    ]
    return [text for _, text in entries], rows


DELTA = "directory.delta.json"
DELTA_AT_MOST = 64  # people changed since directory.json was kept, beyond which it is kept again with their rows
_NO_DELTA: dict[str, Any] = {"at": {}, "texts": [], "rows": []}


class _TooFar(Exception):
    """The directory kept is too far from the journal read to bring it up to date: computed again."""


def _delta(
    journal: Journal, base: Directory, kept: dict[str, Any], changes: list[Change] | None
) -> dict[str, Any] | None:
    """What changed in the directory since `base` was kept: where the rows of the people changed since are in
    `base` (`at`, by uid; -1: none there), which no longer hold, and the rows of those still there (their search
    texts and rows as JSON, in the directory's order). From the delta `kept` for a later version than `base` and
    the `changes` since it: the rows of everyone they touched made again. None when a change reaches further
    than the people it names (an event: everyone met there), too many people changed (computing everyone costs
    less) or something kept is damaged."""
    from journal.store.changes import people_touched

    texts, lines = base
    found = _delta_shaped(kept, lines)
    if found is None or changes is None or (touched := people_touched(changes)) is None:
        return None
    at, kept_texts, kept_lines = found
    renamed = {op.uid for change in changes for op in change.ops if op.table == Person.table}
    shows_a_name = {uid for by in renamed for uid in introduced(journal, by)}  # who they introduced shows their name
    touched |= shows_a_name
    if len(touched) > max(64, len(lines) // 4):
        return None  # cheaper to compute everyone
    first = {uid: _row_of(lines, uid) for uid in touched - set(at)}  # changed for the first time since `base`
    before = dict(zip(map(itemgetter(_UID), kept_lines), kept_texts, strict=True))  # the latest text of each
    before |= {uid: texts[n] for uid, n in first.items() if n >= 0}
    at = at | first
    from journal.search import texts_after

    present = [p for p in map(journal.person, touched) if p is not None]
    said = texts_after(journal, present, changes, before, again=shows_a_name)
    fresh_texts, fresh = _rows(journal, [(p, said[p.uid]) for p in present])
    import orjson

    stays = [(text, line) for text, line in zip(kept_texts, kept_lines, strict=True) if line[_UID] not in touched]
    rows = [(text, orjson.loads(line), line) for text, line in stays]
    rows += [(text, row, line) for text, row, line in zip(fresh_texts, fresh, _as_json(fresh), strict=True)]
    rows.sort(key=lambda found: (found[1][1].casefold(), found[1][0]))
    rows.sort(key=lambda found: found[1][4][3], reverse=True)  # the last contact, newest first (a stable sort)
    return {"at": at, "texts": [r[0] for r in rows], "rows": [r[2] for r in rows]}


def _row_of(lines: list[str], uid: str) -> int:
    """Where a person's row is among the directory's rows (as JSON); -1 if nowhere."""
    global _uids_last
    if _uids_last is None or _uids_last[0] is not lines:
        _uids_last = (lines, list(map(itemgetter(_UID), lines)))  # C-level: a few ms at 30k, once for each read
    try:
        n = _uids_last[1].index(uid)
    except ValueError:
        return -1
    return n if _leads(lines[n], uid) else -1


_uids_last: tuple[list[str], list[str]] | None = None


def _leads(line: str, uid: str) -> bool:
    """Whether a row (as JSON) is this person's, as a kept row starts: with their uid."""
    return line.startswith(f'["{uid}",')


def _delta_shaped(kept: dict[str, Any], lines: list[str]) -> tuple[dict[str, int], list[str], list[str]] | None:
    """A kept delta's places of the people changed in the directory's rows `lines`, its texts and rows (as JSON),
    if it holds a list of strings of each, a row for each text, each row led by the uid of one changed, and each
    place the row of its person."""
    found = _directory_shaped(kept)
    at = kept.get("at")
    if found is None or not isinstance(at, dict) or set(map(type, at.values())) - {int}:
        return None
    if any(n >= len(lines) or n >= 0 and not _leads(lines[n], uid) for uid, n in at.items()):
        return None
    if not _led_by_uids(found[1]) or not set(map(itemgetter(_UID), found[1])) <= set(at):
        return None
    return at, *found


def _merged(base: Directory, delta: dict[str, Any]) -> Directory | None:
    """The directory as `base` and a delta kept for it (`_delta`) say it is now: the rows of those changed taken
    out, and their rows now put each in its place; None if a row it compares with is damaged. The same lists
    while the same files are read."""
    global _merged_last
    if _merged_last is not None and _merged_last[0] is base[1] and _merged_last[1] is delta.get("rows"):
        return _merged_last[2]
    if (found := _delta_shaped(delta, base[1])) is None:
        return None
    at, delta_texts, delta_lines = found
    out = [n for n in at.values() if n >= 0]
    texts, lines = _without(base[0], out), _without(base[1], out)
    import orjson

    place = 0
    try:
        for text, line in zip(delta_texts, delta_lines, strict=True):
            place = _place(lines, orjson.loads(line), place)  # in order: each after the one before
            texts.insert(place, text)
            lines.insert(place, line)
            place += 1
    except (TypeError, IndexError, KeyError, AttributeError, ValueError):
        return None
    _merged_last = (base[1], delta_lines, (texts, lines))
    return texts, lines


_merged_last: tuple[list[str], list[str], Directory] | None = None  # the base rows and delta rows merged last


def _without(rows: list[str], out: Iterable[int]) -> list[str]:
    """`rows` but those at the places `out` (a new list): the stretches between them copied whole, not a row at a
    time (30k rows in well under a millisecond)."""
    ends = [-1, *sorted(set(out)), len(rows)]
    return list(chain.from_iterable(rows[start + 1 : end] for start, end in pairwise(ends)))


_OPENS, _UID, _CLOSES = slice(0, 2), slice(2, 34), slice(34, 36)  # of a row's JSON: `["<uid>",`


def _led_by_uids(lines: list[str]) -> bool:
    """Whether each row (as JSON) starts with its uid, as a kept row does (else it is damaged), so that
    `_UID` reads it without parsing the row."""
    return not set(map(itemgetter(_OPENS), lines)) - {'["'} and not set(map(itemgetter(_CLOSES), lines)) - {'",'}


def _place(lines: list[str], row: list[Any], low: int = 0) -> int:
    """Where `row` goes among rows (as JSON) in the directory's order, at `low` or after: the last contact (its
    fourth cell) newest first, then by name and uid, as `Journal.directory` orders them; parses the rows it
    compares."""
    import orjson

    high, key = len(lines), (row[1].casefold(), row[0])
    while low < high:
        middle = (low + high) // 2
        other = orjson.loads(lines[middle])
        if other[4][3] > row[4][3] or (other[4][3] == row[4][3] and (other[1].casefold(), other[0]) < key):
            low = middle + 1
        else:
            high = middle
    return low
