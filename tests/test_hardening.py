"""Recovery and privacy: old journals open, read-only folders still read, nothing raw reaches the terminal."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY, Kith, hand_edit, run_kith

from journal.errors import WriteFailed
from journal.journal import Journal
from journal.model import Person
from journal.store import files as disk
from journal.store import jsonfile, migrations
from journal.store.index import part_of

FIXTURE = Path(__file__).parent / "fixtures" / "journal-v1"


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    """A copy of the schema-version-1 journal every later Kith must open."""
    shutil.copytree(FIXTURE, tmp_path / "v1")
    return tmp_path / "v1" / "journal.json"


def test_the_schema_1_fixture_opens_with_every_record(v1: Path) -> None:
    journal = Journal.open(v1, clock=lambda: date(2024, 3, 2))
    ana = journal.find_person("ana lopez")
    assert journal.person(journal.find_person("Tom").introduced_by or "") == ana
    assert [i.summary for i in journal.interactions_of(ana.uid)] == ["coffee", "asked for slides"]
    assert journal.promises(ana.uid)[0].due == "2024-03-01"
    assert journal.contact(ana.uid).last == "2024-02-26"


def test_the_schema_1_fixture_migrates_after_a_backup(v1: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = v1.read_bytes()
    seen: list[str] = []

    def step(tables: dict, kind: str) -> dict:
        seen.append(kind)
        return tables

    monkeypatch.setattr(jsonfile, "SCHEMA_VERSION", jsonfile.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.STEPS, jsonfile.SCHEMA_VERSION - 1, step)
    journal = Journal.open(v1, clock=lambda: date(2024, 3, 2))
    assert sorted(seen) == ["kith-interactions", "kith-journal"]
    assert json.loads(v1.read_text())["_meta"]["1"]["schema_version"] == jsonfile.SCHEMA_VERSION
    assert (journal.backups()[0].path / "journal.json").read_bytes() == original
    assert len(journal.people()) == 2


@pytest.fixture
def v2(tmp_path: Path) -> Path:
    """A copy of a schema-2 journal (people in the main file), with a manual backup taken in schema 2 before
    Dana was added: the v1 fixture as Kith 2 migrated it, then Chen added and logged."""
    shutil.copytree(FIXTURE.with_name("journal-v2"), tmp_path / "v2")
    return tmp_path / "v2" / "journal.json"


def test_the_schema_2_fixture_moves_its_people_into_parts_in_one_commit(v2: Path) -> None:
    original = v2.read_bytes()
    for args in (("due",), ("people", "chen")):  # its kept answers (keyed as Kith 2 did) are computed again
        done = run_kith(*args, "--json", db=v2, today=date(2024, 3, 2))
        assert done.returncode == 0 and done.stderr == "" and ("slides" in done.stdout or "Lumen" in done.stdout)
    journal = Journal.open(v2, clock=lambda: date(2024, 3, 2))
    main = json.loads(v2.read_text())
    assert "people" not in main and main["_meta"]["1"]["schema_version"] == jsonfile.SCHEMA_VERSION
    parts = list((v2.parent / "journal.json.d" / "people").iterdir())
    assert sorted(json.loads(p.read_text())["_meta"]["1"]["kind"] for p in parts) == ["kith-people"] * len(parts)
    assert sum(len(json.loads(p.read_text())["people"]) for p in parts) == 4
    ana, chen = journal.find_person("ana lopez"), journal.find_person("chen")
    assert chen.introduced_by == ana.uid and chen.tags == ["design"]
    assert [p.name for p in journal.people()] and journal.stored_uids(introduced_by=ana.uid)
    assert [i.summary for i in journal.interactions_of(chen.uid)] == ["call about the logo"]
    assert "Dana" in journal.history(limit=1)[0].summary  # moving people between files changes none of them
    assert any((b.path / "journal.json").read_bytes() == original for b in journal.backups())
    assert Journal.open(v2).person(chen.uid) == chen  # read back by a process that reads one part


def test_a_backup_of_schema_2_restores_its_people_into_parts_and_the_restore_undoes(v2: Path) -> None:
    journal = Journal.open(v2, clock=lambda: date(2024, 3, 2))
    manual = next(b for b in journal.backups() if b.kind == "manual")
    journal.restore(manual.name)
    restored = Journal.open(v2, clock=lambda: date(2024, 3, 2))
    assert sorted(p.name for p in restored.people()) == ["Ana López", "Chen Wei", "Tom Baker"]
    assert "people" not in json.loads(v2.read_text())
    assert restored.find_person("chen").introduced_by == restored.find_person("ana").uid
    restored.undo()
    assert "Dana Kim" in [p.name for p in Journal.open(v2).people()]
    assert Journal.open(v2).files.main.file.read() is not None and not _problems(v2)


@pytest.fixture
def v3(tmp_path: Path) -> Path:
    """A copy of a schema-3 journal (promises, favors, needs and offers in the main file), with a manual backup
    taken in schema 3: the v2 fixture as Kith 3 migrated it, a favor from Chen, Dana's need, Chen's offer and
    Tom's promise; then, after the backup, a promise to Dana and a favor to Ana."""
    shutil.copytree(FIXTURE.with_name("journal-v3"), tmp_path / "v3")
    return tmp_path / "v3" / "journal.json"


def test_the_schema_3_fixture_moves_promises_and_favors_into_the_parts_in_one_commit(v3: Path) -> None:
    original = v3.read_bytes()
    last = Journal.open(v3, read=False).history(limit=1)[0].summary
    due = run_kith("due", "--json", db=v3, today=date(2024, 3, 2))  # its kept answers are computed again
    assert due.returncode == 0 and due.stderr == ""
    assert {r["text"] for r in json.loads(due.stdout)} >= {
        "Thank Chen Wei for reviewed the logo brief",
        "You promised Ana López: send slides (due 2024-03-01)",
    }
    journal = Journal.open(v3, clock=lambda: date(2024, 3, 2))
    main = json.loads(v3.read_text())
    assert main["_meta"]["1"]["schema_version"] == jsonfile.SCHEMA_VERSION
    assert not {"promises", "favors"} & set(main) and len(main["needs"]) == len(main["offers"]) == 1
    folder = v3.parent / "journal.json.d" / "people"
    parts = {name: json.loads((folder / file).read_text()) for name, file in main["_meta"]["1"]["people"].items()}
    for table, count in (("promises", 3), ("favors", 3)):
        docs = [(name, doc) for name, part in parts.items() for doc in part.get(table, {}).values()]
        assert len(docs) == count and all(name == part_of(doc["person"]) for name, doc in docs), table
    dana, chen = journal.find_person("dana"), journal.find_person("chen")
    assert [p.what for p in journal.promises(dana.uid)] == ["send the illustrator shortlist"]
    assert [f.what for f in journal.favors(chen.uid)] == ["reviewed the logo brief"]
    assert journal.history(limit=1)[0].summary == last  # moving records between files changes none of them
    assert any((b.path / "journal.json").read_bytes() == original for b in journal.backups())
    assert not _problems(v3)


def test_a_backup_of_schema_3_restores_promises_and_favors_into_parts_and_the_restore_undoes(v3: Path) -> None:
    journal = Journal.open(v3, clock=lambda: date(2024, 3, 2))
    manual = next(b for b in journal.backups() if b.kind == "manual")
    journal.restore(manual.name)
    restored = Journal.open(v3, clock=lambda: date(2024, 3, 2))
    assert not {"promises", "favors"} & set(json.loads(v3.read_text()))
    assert sorted(p.what for p in restored.promises()) == ["send slides", "send the venue list"]
    assert "introduced her to a printer" not in [f.what for f in restored.favors()]
    tom = restored.find_person("tom")
    assert [p.what for p in restored.promises(tom.uid)] == ["send the venue list"]  # found in Tom's part
    restored.undo()
    again = Journal.open(v3)
    assert [p.what for p in again.promises(again.find_person("dana").uid)] == ["send the illustrator shortlist"]
    assert not _problems(v3)


def _problems(db: Path) -> list[object]:
    from journal import integrity

    return integrity.check(Journal.open(db))


def test_a_read_only_folder_still_reads_and_a_write_fails_clearly(
    kith: Kith, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kith("add", "Ana", "--met", "2026-11-01")
    kith("log", "Ana", "--on", "2026-11-02", "--reply-needed", "-m", "slides?")
    for index in (db.parent / "journal.json.d").glob("index*.json"):
        index.unlink()  # reading will want to rebuild it

    def refuse(path: Path, payload: bytes, **_: object) -> None:
        raise WriteFailed(disk.write_failure(path, OSError(errno.EROFS, "Read-only file system")))

    monkeypatch.setattr(disk, "write_atomic", refuse)
    monkeypatch.setattr(disk, "write_new", refuse)
    before = db.read_bytes()
    reading = kith("due", "--json")
    assert reading.code == 0 and json.loads(reading.out)[0]["person"] == "Ana"
    writing = kith("add", "Tom")
    assert writing.code == 1 and "not writable" in writing.err and "nothing was changed" in writing.err
    assert db.read_bytes() == before


def test_backup_backups_and_restore_from_the_command_line(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    taken = kith("backup")
    assert taken.code == 0 and "Backed up to" in taken.out
    kith("add", "Tom")
    listed = kith("backups").out.splitlines()
    assert listed and all(line.split()[0][:4] == str(TODAY.year) for line in listed)
    name = taken.out.split("/")[-1].strip()
    assert kith("restore", name).code == 0
    assert [p["name"] for p in json.loads(kith("people", "--json").out)] == ["Ana"]
    assert kith("restore").code == 0  # the newest: the state just before the restore
    assert sorted(p["name"] for p in json.loads(kith("people", "--json").out)) == ["Ana", "Tom"]
    for backup in (db.parent / "journal.json.d" / "backups").rglob("*"):
        assert stat.S_IMODE(backup.stat().st_mode) == (0o700 if backup.is_dir() else 0o600)


def test_the_lock_is_private_too(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    assert stat.S_IMODE((db.parent / "journal.json.d" / "lock").stat().st_mode) == 0o600


def test_control_characters_in_a_file_never_reach_the_terminal_raw(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    hand_edit(db, lambda data: next(iter(data["people"].values())).update(company="Evil\x1b[2J\x07Corp"))
    out = kith("people").out + kith("show", "Ana").out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out


def test_a_form_that_meets_an_unexpected_error_keeps_what_was_typed(tmp_path: Path) -> None:
    import asyncio

    from screens.app import make_app
    from screens.forms import FormScreen

    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)

    def broken(person: Person, *, force: bool = False) -> Person:
        raise RuntimeError("the disk caught fire")

    journal.add_person = broken  # type: ignore[method-assign]

    async def run() -> None:
        app = make_app(journal, lambda: TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*"Ana", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, FormScreen)
            assert app.screen.query_one("#f-name").value == "Ana"  # type: ignore[attr-defined]
            said = [str(n.message) for n in app._notifications]
            assert any("unexpected error (RuntimeError) while saving" in m for m in said)
            assert not any("disk caught fire" in m for m in said)  # messages may hold names and values

    asyncio.run(run())
    assert Journal.open(tmp_path / "j.json").people() == []


def test_a_bug_shows_one_line_and_saves_a_report_without_personal_data(
    kith: Kith, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal import reminders

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    kith("add", "Ana Secretname")

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("Ana Secretname owes 987654321 EUR")

    monkeypatch.setattr(reminders, "reminders", broken)
    result = kith("due")
    assert result.code == 1 and "unexpected error (ValueError)" in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    [report] = (tmp_path / "state" / "kith" / "crashes").iterdir()
    text = report.read_text()
    assert "cli.py" in text and "Secretname" not in text and "987654321" not in text
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_a_reader_that_stops_early_gets_no_traceback(db: Path) -> None:
    journal = Journal.open(db, clock=lambda: TODAY)
    journal.add_records([Person(name=f"Person {n}", company="Acme") for n in range(3000)])
    env = {**os.environ, "KITH_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "journal", "people"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"NAME")
    proc.stdout.close()  # like `kith people | head -1`: far more than a pipe holds is still to come
    err = proc.stderr.read()
    assert proc.wait(timeout=60) in (0, 1) and err == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_the_output_is_one_line_not_a_crash(db: Path) -> None:
    Journal.open(db, clock=lambda: TODAY).add_records([Person(name=f"Person {n}") for n in range(2000)])
    env = {**os.environ, "KITH_DB": str(db)}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "journal", "export", "csv"], stdout=full, stderr=subprocess.PIPE, env=env, text=True
        )
    assert done.returncode == 1
    assert done.stderr == "kith: could not write the output (No space left on device)\n"
