"""A mistyped command, option or choice is one line naming the closest one, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Kith


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["peple"], "kith: unknown command 'peple' — did you mean 'people'?"),
        (["lgo", "ana"], "kith: unknown command 'lgo' — did you mean 'log'?"),
        (["hist"], "kith: unknown command 'hist' — did you mean 'history'?"),
        (["people", "--josn"], "kith: unknown option '--josn' — did you mean '--json'?"),
        (["log", "ana", "--reply-neded"], "kith: unknown option '--reply-neded' — did you mean '--reply-needed'?"),
        (["export", "cvs"], "kith: unknown KIND 'cvs' — did you mean 'csv'?"),
        (["completion", "fsh"], "kith: unknown SHELL 'fsh' — did you mean 'fish'?"),
    ],
)
def test_a_typo_names_the_closest_and_writes_nothing(kith: Kith, db: Path, args: list[str], line: str) -> None:
    result = kith(*args)
    assert result.code == 2
    assert result.err.splitlines() == [line]
    assert result.out == ""
    assert not db.parent.exists()


def test_nothing_close_lists_what_there_is(kith: Kith) -> None:
    command = kith("xyzzy")
    assert command.code == 2 and "unknown command 'xyzzy'; choose from add, edit" in command.err
    option = kith("due", "--frobnicate")
    assert option.err.strip() == "kith: unknown option '--frobnicate'; `kith due --help` lists them"
    extra = kith("show", "ana", "bob")
    assert extra.code == 2 and "unrecognized arguments: bob" in extra.err


def test_a_mistype_after_a_typo_free_journal_change_leaves_it_as_it_was(kith: Kith, db: Path) -> None:
    assert kith("add", "Ana").code == 0
    before = sorted((p, p.stat().st_mtime_ns) for p in db.parent.rglob("*"))
    assert kith("ad", "Tom").code == 2
    assert kith("add", "Tom", "--compnay", "Acme").err.strip() == (
        "kith: unknown option '--compnay' — did you mean '--company'?"
    )
    assert sorted((p, p.stat().st_mtime_ns) for p in db.parent.rglob("*")) == before
