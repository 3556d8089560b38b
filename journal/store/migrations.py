"""Schema migrations: one step per version, applied to the tables of every file of a journal.

Schema 1 kept interactions in `interactions/XX.json`, written in place; schema 2 names every file from
the main file's `_meta` (copy-on-write commits). The records themselves did not change shape, so the step
from 1 to 2 leaves tables as they are: the commit that writes them in the new layout is the migration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journal.store import jsonfile

Tables = dict[str, dict[str, Any]]
Step = Callable[[Tables, str], Tables]


def _layout_only(tables: Tables, kind: str) -> Tables:
    """Schema 1 -> 2: the files moved, the records did not."""
    return tables


# STEPS[n] turns a file of schema n into schema n + 1; it gets the file's tables and its kind.
STEPS: dict[int, Step] = {1: _layout_only}


def migrate(tables: Tables, kind: str, version: int) -> Tables:
    """The tables of a file written with schema `version`, brought to the current schema."""
    for step in range(version, jsonfile.SCHEMA_VERSION):
        tables = STEPS[step](tables, kind)
    return tables
