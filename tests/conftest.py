"""Fixtures: temporary journals seen from a frozen day, and ways to run `kith`."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from journal.journal import Journal

TODAY = date(2026, 11, 24)  # a Tuesday
pytest_plugins = ["tui_support"]  # the pilot tests' `demo` and `app` fixtures


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real journal or config; see the day as TODAY."""
    monkeypatch.setenv("KITH_DB", str(tmp_path / "default" / "journal.json"))
    monkeypatch.setenv("KITH_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("KITH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The path of a journal that does not exist yet."""
    return tmp_path / "j" / "journal.json"


@pytest.fixture
def journal(db: Path) -> Journal:
    """An empty journal seen from TODAY."""
    return Journal.open(db, clock=lambda: TODAY)


def hand_edit(db: Path, edit: Callable[[dict], None]) -> None:
    """Change a journal's files as a hand or another program would, without a commit: `edit` gets the main
    file's tables with every part's people, promises and favors gathered in tables of those
    names; each part file is then written again in place (a record added goes into the part of its person, or
    the first part if that one is not named)."""
    import json

    from journal.store.index import home_part
    from journal.store.jsonfile import SHELVES

    held = SHELVES["people"][2]
    folder = db.parent / (db.name + ".d") / "people"
    data = json.loads(db.read_text())
    named = data["_meta"]["1"].get("people") or {}
    parts = {name: json.loads((folder / filename).read_text()) for name, filename in named.items()}
    came_from = {}
    for table in held:
        gathered = data.setdefault(table, {})
        for name, part in parts.items():
            for doc_id, doc in (part.get(table) or {}).items():
                gathered[f"{name}.{doc_id}"] = doc
                came_from[id(doc)] = name
    edit(data)
    for part in parts.values():
        for table in held:
            part[table] = {}
    for table in held:
        for doc in data.pop(table).values():
            home = came_from.get(id(doc)) or home_part(table, doc)
            docs = parts[home if home in parts else min(parts)][table]
            docs[str(len(docs) + 1)] = doc
    for name, part in parts.items():
        (folder / named[name]).write_text(json.dumps(part))
    db.write_text(json.dumps(data))


@dataclass
class Result:
    """What one `kith` run printed and returned."""

    code: int
    out: str
    err: str


Kith = Callable[..., Result]


@pytest.fixture
def kith(db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Kith:
    """Run `kith` in this process against `db`; `today=` moves the day."""

    from journal.cli import main

    def run(*args: str, today: date = TODAY) -> Result:
        monkeypatch.setenv("KITH_TODAY", today.isoformat())
        capsys.readouterr()
        code = main(["--db", str(db), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_kith(*args: str, db: Path, today: date = TODAY, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `kith` as its own process, as a user would."""
    env = {**os.environ, "KITH_TODAY": today.isoformat(), "KITH_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "journal", *args], capture_output=True, text=True, env=env, timeout=timeout
    )
