"""The core never loads the TUI: `journal` modules and CLI subcommands start without textual or rich."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Kith

import journal

TUI = ("textual", "rich")


def test_no_journal_module_imports_textual_or_rich() -> None:
    names = [m.name for m in pkgutil.walk_packages(journal.__path__, "journal.") if m.name != "journal.__main__"]
    assert "journal.formats.vcard" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {TUI!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


FIXTURES = Path(__file__).parent / "fixtures" / "formats"


@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["import", str(FIXTURES / "vcard" / "contacts.vcf")],
        ["export", "vcf"],
        ["export", "ics"],
        ["people", "--json"],
        ["stats"],
        ["stats", "--json"],
        ["completion", "bash"],
        ["__complete", "bash", "kith show "],
    ],
)
def test_cli_commands_never_import_textual(tmp_path: Path, args: list[str]) -> None:
    env = {**os.environ, "KITH_DB": str(tmp_path / "journal.json")}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journal", *args], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert not imported & set(TUI)
    assert "journal" in imported  # the import trace was really read


# What an everyday command has no use for, and once paid for at import (at 30,000 people a command has about
# 250 ms): shutil with bz2 and lzma (argparse's terminal width, a write's temporary file), tempfile with
# random, calendar and dateutil (reading dates typed), the modules of other commands, and, for a command that
# only reads, the backups and the lock (and for one answering from a kept answer, the change log).
EVERYDAY = {"tempfile", "calendar", "dateutil", "journal.editing"}
READING = EVERYDAY | {"shutil", "journal.store.backups", "journal.store.lock"}
NOT_LOADED_BY = {
    "show": READING | {"journal.reminders", "journal.introductions", "journal.store.changes"},
    "log": EVERYDAY | {"journal.reminders", "journal.ledger"},
    "people": READING | {"journal.reminders", "journal.store.changes"},
    "due": READING | {"journal.ledger", "journal.store.changes"},
}


@pytest.mark.parametrize(
    "args",
    [["show", "ana"], ["log", "ana", "-m", "coffee"], ["people", "ana"], ["due"]],
    ids=lambda args: args[0],
)
def test_everyday_commands_do_not_import_what_they_do_not_use(kith: Kith, db: Path, args: list[str]) -> None:
    assert kith("add", "Ana López", "--met", "2026-10-01").code == 0
    assert kith("promise", "ana", "send the deck", "--by", "fri").code == 0
    kith("due")  # the derived files a first read writes are written now, not in the run below
    env = {**os.environ, "KITH_DB": str(db)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journal", *args], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "journal.cli" in imported  # the import trace was really read
    assert sorted(imported & NOT_LOADED_BY[args[0]]) == []
