"""Schema migrations: one step per version, applied to the tables of every file of a journal.

Schema 1 kept interactions in `interactions/XX.json`, written in place; schema 2 names every file from
the main file's `_meta` (copy-on-write commits); schema 3 keeps people in 64 parts of their own
(`people/XX.<seq>.json`) instead of the main file; schema 4 keeps each person's promises and favors
in their part too. The records themselves did not change shape, so these steps leave tables as they
are: the commit that writes them in the new layout is the migration, and `split_shelved` is what moves
records out of a main file of an earlier schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journal.store import jsonfile

Tables = dict[str, dict[str, Any]]
Step = Callable[[Tables, str], Tables]


def _layout_only(tables: Tables, kind: str) -> Tables:
    """Schema 1 -> 2, 2 -> 3 and 3 -> 4: the files moved, the records did not."""
    return tables


# STEPS[n] turns a file of schema n into schema n + 1; it gets the file's tables and its kind.
STEPS: dict[int, Step] = {1: _layout_only, 2: _layout_only, 3: _layout_only}


def split_shelved(main: Tables) -> dict[str, Tables]:
    """Take the tables kept in the people's parts out of the tables of a main file of an earlier schema: the
    parts' tables, by part, each record in the part of its person (a person: their own uid), in the order they
    were stored."""
    from journal.store.index import home_part

    parts: dict[str, Tables] = {}
    for table in jsonfile.SHELVES["people"][2]:
        for doc in (main.pop(table, None) or {}).values():
            docs = parts.setdefault(home_part(table, doc) or "00", {}).setdefault(table, {})
            docs[str(len(docs) + 1)] = doc
    return parts


def migrate(tables: Tables, kind: str, version: int) -> Tables:
    """The tables of a file written with schema `version`, brought to the current schema."""
    for step in range(version, jsonfile.SCHEMA_VERSION):
        tables = STEPS[step](tables, kind)
    return tables
