"""Schema migrations: one step per version, applied to the tables of every file of a journal.

Schema 1 kept interactions in `interactions/XX.json`, written in place; schema 2 names every file from
the main file's `_meta` (copy-on-write commits); schema 3 keeps people in 64 parts of their own
(`people/XX.<seq>.json`) instead of the main file. The records themselves did not change shape, so these
steps leave tables as they are: the commit that writes them in the new layout is the migration, and
`split_people` is what moves people out of a main file of schema 2 or earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journal.store import jsonfile

Tables = dict[str, dict[str, Any]]
Step = Callable[[Tables, str], Tables]


def _layout_only(tables: Tables, kind: str) -> Tables:
    """Schema 1 -> 2 and 2 -> 3: the files moved, the records did not."""
    return tables


# STEPS[n] turns a file of schema n into schema n + 1; it gets the file's tables and its kind.
STEPS: dict[int, Step] = {1: _layout_only, 2: _layout_only}


def split_people(main: Tables) -> dict[str, Tables]:
    """Take the people out of the tables of a main file of schema 2 or earlier: their parts' tables, by part,
    each person in the part of their uid, in the order they were stored."""
    from journal.store.index import part_of

    parts: dict[str, dict[str, Any]] = {}
    for doc in (main.pop("people", None) or {}).values():
        part = parts.setdefault(part_of(doc.get("uid")), {})
        part[str(len(part) + 1)] = doc
    return {name: {"people": docs} for name, docs in parts.items()}


def migrate(tables: Tables, kind: str, version: int) -> Tables:
    """The tables of a file written with schema `version`, brought to the current schema."""
    for step in range(version, jsonfile.SCHEMA_VERSION):
        tables = STEPS[step](tables, kind)
    return tables
