"""Sync between devices through a shared folder: convergence, nothing lost, file-sync faults, bad input."""

from __future__ import annotations

import os
import shutil
import time
import traceback
from pathlib import Path
from typing import Any

import orjson
import pytest
from sync_support import Device, deliver

from journal.model import Interaction
from journal.sync import clock, engine
from journal.sync.folder import pack, unpack


@pytest.fixture
def a(tmp_path: Path) -> Device:
    return Device(tmp_path, "laptop")


@pytest.fixture
def b(tmp_path: Path) -> Device:
    return Device(tmp_path, "desktop")


def converged(*devices: Device) -> None:
    for _ in range(2):
        for device in devices:
            device.sync()
    first = devices[0].picture()
    for device in devices[1:]:
        assert device.picture() == first


def test_a_journal_synced_to_a_new_device_arrives_whole(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez", "--company", "Acme", "--tag", "founder")
    a.ok("log", "ana", "-m", "coffee")
    a.ok("promise", "ana", "send the deck", "--by", "fri")
    a.sync()
    b.sync()
    assert b.picture() == a.picture()
    assert "coffee" in b.ok("show", "ana").out


def test_the_contact_facts_a_sync_rebuilds_take_what_the_merge_checked(
    a: Device, b: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge checks each record it puts against the model; the contact facts the commit then rebuilds take
    those interactions as checked, rather than checking a hundred thousand again (about a second at 10k
    people). What was not put by the merge is still checked."""
    a.ok("add", "Ana Lopez")
    a.ok("add", "Ben Okafor")
    for n in range(4):
        a.ok("log", "ana", "-m", f"coffee {n}", *(["--from-them", "--reply-needed"] if n == 3 else []))
    a.ok("log", "ben", "-m", "lunch", "--on", "2026-11-02")
    a.sync()
    b.ok("add", "Cleo Park")  # b's own: not put by the merge
    by_rebuild: list[str] = []
    load_all = Interaction.load_all.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Interaction], docs: list[Any]) -> Any:
        if "_rebuild" in {frame.name for frame in traceback.extract_stack()}:
            by_rebuild.extend(str(doc.get("uid")) for doc in docs if isinstance(doc, dict))
        return load_all(cls, docs)

    with monkeypatch.context() as patched:
        patched.setattr(Interaction, "load_all", classmethod(counted))
        b.sync()
    assert len(by_rebuild) == 1  # Cleo's "met", b's own; none of the seven a sent
    a.sync()
    assert b.picture() == a.picture()  # last contact, replies awaited: alike on both


def test_edits_on_both_devices_merge_field_by_field_and_nothing_logged_is_lost(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez", "--company", "Acme")
    a.sync()
    b.sync()
    a.ok("edit", "ana", "--role", "CTO", "--tag", "from-laptop")
    b.ok("edit", "ana", "--note", "met at PyCon", "--tag", "from-desktop")
    a.ok("log", "ana", "-m", "laptop talk")
    b.ok("log", "ana", "-m", "desktop talk")
    b.ok("promise", "ana", "intro to Tom")
    converged(a, b)
    card = a.ok("show", "ana", "--json").json()
    assert card["role"] == "CTO" and card["notes"] == "met at PyCon"
    assert {"from-laptop", "from-desktop"} <= set(card["tags"])
    summaries = {i.get("summary") for i in card["interactions"]}
    assert {"laptop talk", "desktop talk"} <= summaries


def test_the_same_field_changed_on_both_the_later_wins_and_the_loser_can_undo_it_back(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez", "--company", "Acme")
    a.sync()
    b.sync()
    a.ok("edit", "ana", "--company", "Laptop Inc")
    time.sleep(1.1)  # change times are kept to the second
    b.ok("edit", "ana", "--company", "Desktop Ltd")
    converged(a, b)
    assert a.ok("show", "ana", "--json").json()["company"] == "Desktop Ltd"
    history = a.ok("history", "--json").json()
    sync_change = next(c for c in history if c["kind"] == "sync")
    assert sync_change["command"] == "kith sync"
    assert any("Laptop Inc" in str(c) or "company" in c["summary"] for c in history if c["kind"] == "change")
    a.ok("undo")  # the laptop takes its value back: a newer change, which wins everywhere
    assert a.ok("show", "ana", "--json").json()["company"] == "Laptop Inc"
    converged(a, b)
    assert b.ok("show", "ana", "--json").json()["company"] == "Laptop Inc"


def test_a_forgotten_person_stays_forgotten_unless_changed_later_elsewhere(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.ok("add", "Ben Okafor")
    converged(a, b)
    a.ok("forget", "ana", "--yes")
    b.ok("log", "ben", "-m", "still here")
    converged(a, b)
    assert [p["name"] for p in b.ok("people", "--json").json()] == ["Ben Okafor"]
    a.ok("forget", "ben", "--yes")
    time.sleep(1.1)
    b.ok("edit", "ben", "--company", "Later Co")  # changed after the forget, elsewhere: Ben comes back
    converged(a, b)
    assert [p["name"] for p in a.ok("people", "--json").json()] == ["Ben Okafor"]


def test_a_third_device_joins_with_an_empty_journal(tmp_path: Path, a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.sync()
    b.ok("add", "Ben Okafor")
    b.sync()
    a.sync()
    c = Device(tmp_path, "server")
    assert not c.db.exists()
    c.sync()
    assert c.picture() == a.picture()
    assert c.ok("sync", "--status").out.count("last synced") == 3


def test_a_half_copied_file_is_waited_for_then_taken_in(tmp_path: Path, a: Device) -> None:
    b = Device(tmp_path, "desktop", folder=tmp_path / "b-view")
    a.ok("add", "Ana Lopez")
    a.sync()
    deliver(a.folder, b.folder)
    change = next((b.folder / "kith").glob("*/changes/000000001.json"))
    whole = change.read_bytes()
    change.write_bytes(whole[: len(whole) // 2])  # the sync engine is still copying
    ran = b.sync()
    assert "still being copied" in ran.out
    assert b.ok("people", "--json").json() == []
    change.write_bytes(whole)
    b.sync()
    assert [p["name"] for p in b.ok("people", "--json").json()] == ["Ana Lopez"]


def test_a_conflict_copy_of_a_change_file_is_a_harmless_duplicate(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.ok("log", "ana", "-m", "once")
    a.sync()
    change = next((a.folder / "kith").glob("*/changes/000000001.json"))
    shutil.copyfile(change, change.with_name("000000001 (desktop's conflicted copy 2026-11-24).json"))
    shutil.copyfile(change, change.with_name("000000001.sync-conflict-20261124-101010-ABCDEF.json"))
    ran = b.sync()
    assert "skipped" not in ran.out
    timeline = b.ok("show", "ana", "--json").json()["interactions"]
    assert [i.get("summary") for i in timeline].count("once") == 1


def test_changes_arriving_out_of_order_are_applied_in_order(tmp_path: Path, a: Device) -> None:
    b = Device(tmp_path, "desktop", folder=tmp_path / "b-view")
    a.ok("add", "Ana Lopez", "--company", "First")
    a.sync()
    a.ok("edit", "ana", "--company", "Second")
    a.sync()
    device = a.device_id()
    second = f"kith/{device}/changes/000000002.json"
    deliver(a.folder, b.folder, only={second, f"kith/{device}/device.json"})  # the later file came first
    ran = b.sync()
    assert "has not arrived yet" in ran.out
    assert b.ok("people", "--json").json() == []
    deliver(a.folder, b.folder)
    b.sync()
    assert b.ok("show", "ana", "--json").json()["company"] == "Second"


def test_a_device_whose_clock_is_a_year_ahead_does_not_win_over_what_is_done_after_seeing_it(
    a: Device, b: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    a.ok("add", "Ana Lopez", "--company", "Acme")
    converged(a, b)
    year = 365 * 24 * 3600 * 1000
    real = clock.millis_of
    monkeypatch.setattr(clock, "millis_of", lambda at: real(at) + year)
    b.ok("edit", "ana", "--company", "From the future")
    b.sync()
    monkeypatch.setattr(clock, "millis_of", real)
    a.sync()  # the laptop sees the future edit: its clock moves past it
    assert a.ok("show", "ana", "--json").json()["company"] == "From the future"
    a.ok("edit", "ana", "--company", "Fixed today")
    converged(a, b)
    assert b.ok("show", "ana", "--json").json()["company"] == "Fixed today"


def test_damaged_and_foreign_files_are_named_and_skipped_never_fatal(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.sync()
    root = a.folder / "kith"
    (root / "notes.txt").write_text("mine")
    device = next(p for p in root.iterdir() if p.is_dir())
    (device / "changes" / "recipe.json").write_text("{}")
    change = device / "changes" / "000000001.json"
    raw = bytearray(change.read_bytes())
    raw[-3] ^= 1  # one bit flipped: the checksum no longer matches
    change.write_bytes(bytes(raw))
    ran = b.sync()
    assert ran.code == 0
    assert "notes.txt" in ran.out and "recipe.json" in ran.out and "checksum" in ran.out
    assert b.ok("people", "--json").json() == []


def _craft(a: Device, edit: dict[str, object], *, schema: int = 2) -> None:
    """Write a change from the laptop's device folder as another Kith would."""
    device = a.device_id()
    manifest = unpack((a.folder / "kith" / device / "device.json").read_bytes())
    seq = manifest["published"] + 1
    body = {"kind": "kith-sync-change", "device": device, "seq": seq, "schema": schema, "ops": [edit]}
    (a.folder / "kith" / device / "changes" / f"{seq:09d}.json").write_bytes(pack(body))
    manifest["published"] = seq
    (a.folder / "kith" / device / "device.json").write_bytes(pack(manifest))


def test_a_change_from_a_newer_kith_is_kept_not_applied(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.sync()
    uid = a.ok("people", "--json").json()[0]["uid"]
    stamp = clock.make(clock.wall_millis() + 1000, 0, a.device_id())
    _craft(a, {"k": f"people/{uid}", "v": {"hologram": "3d"}, "s": {"*": stamp}})
    ran = b.sync()
    assert "newer Kith" in ran.out and "upgrade" in ran.out.lower()
    assert [p["name"] for p in b.ok("people", "--json").json()] == ["Ana Lopez"]
    assert "publication to take in" in b.ok("sync", "--status").out  # kept, still pending


def test_a_document_that_fails_the_models_rules_is_skipped_and_named(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.sync()
    uid = a.ok("people", "--json").json()[0]["uid"]
    stamp = clock.make(clock.wall_millis() + 1000, 0, a.device_id())
    _craft(a, {"k": f"people/{uid}", "v": {"name": "", "every": "often"}, "s": {"*": stamp}})
    ran = b.sync()
    assert "skipped" in ran.out and uid[:8] in ran.out
    assert [p["name"] for p in b.ok("people", "--json").json()] == ["Ana Lopez"]


def test_bad_folders_are_one_line_and_exit_2_with_nothing_written(tmp_path: Path, a: Device) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    for folder in (afile, a.db.parent, a.db.parent / "journal.json.d" / "share", tmp_path / "afile" / "sub"):
        ran = a("sync", str(folder))
        assert ran.code == 2, (folder, ran.err)
        assert ran.err.count("\n") == 1 and "Traceback" not in ran.err
        assert not a.db.exists() and not (a.db.parent / "journal.json.d").exists()
    ran = a("sync")
    assert ran.code == 2 and "kith sync FOLDER" in ran.err


def test_the_folder_is_remembered_and_status_and_json_say_what_happened(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez")
    sent = a.sync("--json").json()
    assert sent["sent"][0]["records"] == 2  # Ana and the meeting logged with her
    a.ok("add", "Ben Okafor")
    assert "1 change here not yet sent" in a.ok("sync", "--status").out
    again = a.ok("sync", "--json").json()  # no folder named: the remembered one
    assert again["folder"] == str(a.folder)
    received = b.sync("--json").json()
    assert {r["device"] for r in received["received"]} == {a.device_id()}


def test_old_changes_are_compacted_into_a_snapshot_a_new_device_starts_from(
    tmp_path: Path, a: Device, b: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "SNAPSHOT_EVERY", 3)
    b.sync()
    for n in range(8):
        a.ok("add", f"Person {n}")
        a.sync()
        b.sync()
    a.sync()
    changes = sorted((a.folder / "kith" / a.device_id() / "changes").glob("*.json"))
    assert len(changes) < 8
    assert (a.folder / "kith" / a.device_id() / "snapshot.json").exists()
    c = Device(tmp_path, "server")
    c.sync()
    assert c.picture() == a.picture()


def test_two_copies_of_one_journal_never_publish_as_one_device(tmp_path: Path, a: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.sync()
    copy = Device(tmp_path, "copy")
    shutil.copytree(a.db.parent, copy.db.parent)
    a.ok("add", "Ben Okafor")
    a.sync()
    ran = copy("sync", str(a.folder))
    assert ran.code == 2 and "copied" in ran.err


def test_the_sync_state_is_committed_with_the_records(a: Device, b: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.sync()
    b.sync()
    meta = orjson.loads(b.db.read_bytes())["_meta"]["1"]
    assert "sync" in meta["sides"]
    assert all((b.db.parent / "journal.json.d" / name).exists() for name in meta["sides"].values())
    assert os.listdir(b.db.parent / "journal.json.d" / "changes")


def test_a_journal_copied_to_a_new_machine_becomes_a_device_of_its_own(tmp_path: Path, a: Device) -> None:
    a.ok("add", "Ana Lopez")
    a.sync()
    copy = Device(tmp_path, "copy", folder=tmp_path / "other-share")
    shutil.copytree(a.db.parent, copy.db.parent)
    (copy.db.parent / "journal.json.d" / "device").unlink()  # as when only the journal file was copied
    (copy.db.parent / "journal.json.d" / "settings.json").unlink()
    assert copy.sync("--json").json()["sent"][0]["records"] == 2
    fresh = Device(tmp_path, "fresh", folder=copy.folder)
    fresh.sync()
    assert fresh.picture() == copy.picture()


async def test_the_tui_syncs_on_start_and_after_a_change_and_says_when(tmp_path: Path, a: Device, b: Device) -> None:
    import asyncio

    from conftest import TODAY

    from journal.journal import Journal
    from journal.model import Person
    from screens.app import make_app

    a.ok("add", "Ana Lopez")
    a.sync()
    b.ok("add", "Ben Okafor")
    b.sync()  # remembers the folder; the TUI syncs through it
    a.ok("add", "Cleo Park")
    a.sync()
    journal = Journal.open(b.db, clock=lambda: TODAY)
    app = make_app(journal, lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(40):
            await asyncio.sleep(0.25)
            await pilot.pause()
            if app.sub_title.startswith("synced") and journal.people(archived=True) and len(journal.people()) == 3:
                break
        assert app.sub_title.startswith("synced")
        assert sorted(p.name for p in journal.people()) == ["Ana Lopez", "Ben Okafor", "Cleo Park"]
        journal.add_person(Person(name="Dan Wu"))  # a change made here is sent at once
        for _ in range(40):
            await asyncio.sleep(0.25)
            await pilot.pause()
            a.sync()
            if "Dan Wu" in a.ok("people").out:
                break
        assert "Dan Wu" in a.ok("people").out


def test_a_big_first_publication_goes_out_as_a_snapshot_only(
    a: Device, b: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BIG", 3)
    for name in ("Ana Lopez", "Ben Okafor", "Cleo Park"):
        a.ok("add", name)
    a.sync()
    mine = a.folder / "kith" / a.device_id()
    assert (mine / "snapshot.json").exists() and not list(mine.glob("changes/*.json"))
    b.sync()
    assert b.picture() == a.picture()
    a.ok("log", "ana", "-m", "after the snapshot")  # small again: a change file
    a.sync()
    assert list(mine.glob("changes/*.json"))
    b.sync()
    assert "after the snapshot" in b.ok("show", "ana").out
