"""Answers to everyday reads, kept beside the journal for the version they came from.

Naming a person (every command that takes PERSON) and `kith people QUERY` need a few strings of everyone:
the names to match what was typed, what a search word may match, the row `kith people` prints. Building
ten thousand records to get them costs more than the rest of the command, so the first command after a
change computes them and keeps them in `journal.json.d/directory.json` (`store.index.derived`: keyed by the
journal's version and checked without parsing the journal); later commands read that one file. Inside a
write they come from the working copy, never from the file.
"""

from __future__ import annotations

from typing import Any, overload

from journal.errors import PersonNotFound
from journal.journal import Journal
from journal.matching import Named, resolve, resolve_uid
from journal.model import Person, normalise

# a row: uid, name, label, archived, normalised names, search text, normalised tags, the `kith people` cells
_TYPES = (str, str, str, bool, list, str, list, list)


def find(journal: Journal, query: str) -> Person:
    """The person a user means by a uid, name, alias or the start of a name (see `matching.resolve_uid`)."""
    rows = _directory(journal, compute=not journal.files.writing)
    if rows is None:  # inside a write, with no directory kept for what it reads: everyone's names will do
        return resolve(journal.records(Person), query)
    try:
        uid = resolve_uid(rows, query)  # a row starts with the fields of a `Named`
    except (TypeError, AttributeError):  # a name in a damaged file that is not text
        uid = resolve_uid(_rows(journal), query)
    person = journal.person(uid)
    if person is None:  # gone since the directory was kept: a write in between
        raise PersonNotFound(query, [])
    return person


def listing(
    journal: Journal, query: str = "", *, tag: str | None = None, archived: bool = False
) -> tuple[list[tuple[str, ...]], int]:
    """The `kith people` rows of everyone matching every word of `query` (and `tag`), most recently
    contacted first; and, when none matches, how many archived people would."""
    found = _matching(_directory(journal), query, tag)
    shown = [tuple(r[7]) for r in found if archived or not r[3]]
    if not all(len(cells) == 5 and set(map(type, cells)) == {str} for cells in shown):  # a damaged file
        found = _matching(_rows(journal), query, tag)
        shown = [tuple(r[7]) for r in found if archived or not r[3]]
    return shown, (len(found) if not shown and not archived else 0)


def _matching(rows: list[list[Any]], query: str, tag: str | None) -> list[list[Any]]:
    for word in normalise(query).split():  # one pass a word: 10k people filter in a few ms
        rows = [r for r in rows if word in r[5]]
    if tag:
        wanted = normalise(tag.lstrip("#"))
        rows = [r for r in rows if wanted in r[6]]
    return rows


@overload
def _directory(journal: Journal) -> list[list[Any]]: ...
@overload
def _directory(journal: Journal, *, compute: bool) -> list[list[Any]] | None: ...


def _directory(journal: Journal, *, compute: bool = True) -> list[list[Any]] | None:
    """Everyone's row, most recently contacted first, kept for the version read: inside a write, the
    version it started from while it changed nothing yet. Not kept: computed (and kept) if `compute`."""
    files = journal.files
    if files.writing and (files.main.file.dirty or any(files.bucket(n).file.dirty for n in files.bucket_names())):
        return _rows(journal) if compute else None
    from journal.store.index import derived, stored

    kept = (
        derived(files, "directory.json", lambda: {"rows": _rows(journal)})
        if compute
        else stored(files, "directory.json")
    )
    rows = kept.get("rows") if kept else None
    if isinstance(rows, list) and all(type(row) is list and tuple(map(type, row)) == _TYPES for row in rows):
        return rows  # the names inside are checked where they are read (resolve_uid, listing)
    return _rows(journal) if compute else None  # a damaged file is computed again, never trusted


def _rows(journal: Journal) -> list[list[Any]]:
    from journal import render

    entries = journal.directory()
    cells = render.people_cells(journal, [p for p, _ in entries])
    rows = []
    for (person, text), row in zip(entries, cells, strict=True):
        named = Named.of(person)
        tags = [normalise(t) for t in person.tags]
        rows.append([person.uid, person.name, named.label, named.archived, list(named.keys), text, tags, list(row)])
    return rows
