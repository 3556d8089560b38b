"""The file system as it is: folders that refuse new files, any umask, caches written by readers."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest
from conftest import Kith

from journal.journal import Journal
from journal.model import Person
from journal.store.index import derived


def test_a_folder_that_refuses_new_files_still_reads_and_a_write_is_one_line(
    kith: Kith, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kith("add", "Ana", "--company", "Acme")
    kith("log", "ana", "-m", "coffee")
    for cache in (db.parent / "journal.json.d").glob("*.json"):
        cache.unlink()  # reading will want to write its caches again

    def no_inodes(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_inodes)
    real_open = os.open
    monkeypatch.setattr(
        os, "open", lambda path, flags, *a: no_inodes() if flags & os.O_CREAT else real_open(path, flags, *a)
    )
    reading = kith("people", "acme")
    assert reading.code == 0 and "Ana" in reading.out
    writing = kith("add", "Tom")
    assert writing.code == 1 and "disk is full" in writing.err and "Traceback" not in writing.err
    assert len(writing.err.strip().splitlines()) == 1


def test_every_folder_kith_creates_is_private_whatever_the_umask(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "c" / "journal.json"
    old = os.umask(0)
    try:
        Journal.open(db).add_person(Person(name="Ana"))
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", db.parent, *[p for p in db.parent.rglob("*") if p.is_dir()]):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_cache_computed_from_an_older_version_is_never_taken_for_the_new_one(db: Path) -> None:
    journal = Journal.open(db)
    journal.add_person(Person(name="Ana", company="Old Co"))
    reader = Journal.open(db)
    people = reader.people()  # version A

    def compute_while_someone_edits() -> dict[str, object]:
        other = Journal.open(db)
        ana = other.find_person("Ana")
        ana.company = "New Co"
        other.save_person(ana)  # version B lands while the reader computes from A
        return {p.uid: f"ana {p.company}".lower() for p in people}

    derived(reader.files, "search.json", compute_while_someone_edits)
    assert [p.name for p in Journal.open(db).search_people("new co")] == ["Ana"]
    assert Journal.open(db).search_people("old co") == []


@pytest.mark.parametrize("garbage", [b"[1, 2]", b'{"key": null, "value": [1]}', b"\x00\xff", b'{"people": {"x": 5}}'])
def test_derived_files_damaged_by_hand_are_computed_again_not_trusted(kith: Kith, db: Path, garbage: bytes) -> None:
    import json

    kith("add", "Ana", "--company", "Acme")
    kith("log", "ana", "-m", "pricing")
    kith("people", "acme")  # the caches exist now
    folder = db.parent / "journal.json.d"
    [index] = [folder / entry[0] for entry in json.loads(db.read_text())["_meta"]["1"]["index"]["parts"].values()]
    for path in [index, *(folder / name for name in ("search.json", "check.json", "summaries.json"))]:
        path.write_bytes(garbage)
    for command in (["people", "pricing"], ["due"], ["show", "ana"], ["log", "ana"], ["check"]):
        result = kith(*command)
        assert result.code == 0 and "unexpected" not in result.err, (command, result.err)
    assert "Ana" in kith("people", "pricing").out
    for path in (index, folder / "search.json", folder / "check.json", folder / "summaries.json"):
        path.write_text('{"key": [], "value": {"count": "many"}, "people": {"x": {"bogus": 1}}, "buckets": {"00": 7}}')
    assert kith("people", "acme").code == 0 and kith("due").code == 0


def test_the_damage_count_a_write_stores_is_what_a_recount_gives(kith: Kith, db: Path) -> None:
    from journal.integrity import _count_dangling, dangling

    kith("add", "Ana")
    kith("add", "Tom", "--introduced-by", "ana")
    for command in (["log", "ana", "-m", "hi"], ["promise", "tom", "slides"], ["forget", "ana", "--yes"], ["undo"]):
        assert kith(*command).code == 0, command
        journal = Journal.open(db)
        assert dangling(journal) == _count_dangling(Journal.open(db)), command
