"""The storage guarantees: atomic, private, locked, backed up, versioned, never overwriting what it cannot read."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import orjson
import pytest
from conftest import TODAY, Kith

from journal.errors import JournalUnreadable, WriteFailed
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person, Promise
from journal.store import files as disk
from journal.store import jsonfile, migrations
from journal.store.index import bucket_name


def add(journal: Journal, name: str) -> Person:
    return journal.add_person(Person(name=name))  # no met date: no `met` interaction to count


def index_parts(db: Path) -> dict[str, Path]:
    """The parts of the contact index the main file names now, by bucket."""
    parts = json.loads(db.read_text())["_meta"]["1"]["index"]["parts"]
    return {part: db.parent / "journal.json.d" / entry[0] for part, entry in parts.items()}


def index_of(db: Path, person: Person) -> Path:
    """The part of the contact index the main file names now for a person's facts."""
    return index_parts(db)[bucket_name(person.uid)]


def stored_facts(db: Path) -> dict[str, dict]:
    """Everyone's facts as the parts of the contact index the main file names now hold them."""
    return {
        uid: doc for path in index_parts(db).values() for uid, doc in orjson.loads(path.read_bytes())["people"].items()
    }


def edit_in_place(path: Path, data: bytes) -> None:
    """Change a file as a hand edit that keeps its inode and time would (its size says the rest)."""
    st = path.stat()
    with open(path, "r+b") as f:
        f.write(data)
        f.truncate()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_journal_round_trips_every_kind_of_record(journal: Journal, db: Path) -> None:
    ana = add(journal, "Ana López")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20", kind="call", summary="pricing"))
    journal.add_promise(Promise(person=ana.uid, what="send slides", made="2026-11-20", due="2026-11-27"))
    journal.add_favor(Favor(person=ana.uid, what="intro to Tom", on="2026-11-21", given=False))
    again = Journal.open(db)
    assert again.find_person("ana lopez").name == "Ana López"
    assert [i.summary for i in again.interactions_of(ana.uid)] == ["pricing"]
    assert again.promises(ana.uid)[0].due == "2026-11-27"
    assert again.favors(ana.uid)[0].given is False


def test_schema_version_is_an_integer_in_the_meta_table(journal: Journal, db: Path) -> None:
    add(journal, "Ana")
    data = json.loads(db.read_text())
    assert data["_meta"]["1"]["schema_version"] == jsonfile.SCHEMA_VERSION
    assert isinstance(data["_meta"]["1"]["schema_version"], int)


def test_a_log_writes_one_bucket_of_history_and_leaves_the_others_alone(journal: Journal, db: Path) -> None:
    people = [add(journal, f"Person {n}") for n in range(6)]
    journal.add_records([Interaction(people=[p.uid], on="2026-11-20") for p in people])
    folder = db.parent / "journal.json.d" / "interactions"
    before = {p.name: p.stat().st_ino for p in folder.glob("*.json")}
    journal.log(Interaction(people=[people[0].uid], on="2026-11-21"))
    after = {p.name: p.stat().st_ino for p in folder.glob("*.json")}
    assert len(set(after) - set(before)) == 1  # one bucket written anew, under a new name
    assert all(after[name] == ino for name, ino in before.items() if name in after)


def test_files_are_private(journal: Journal, db: Path) -> None:
    ana = add(journal, "Ana")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20"))
    journal.backup()
    folder = db.with_name(db.name + ".d")
    for path in [db, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


def test_a_failed_write_leaves_the_previous_file_and_no_temporary(
    journal: Journal, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(journal, "Ana")
    before = db.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(WriteFailed, match="disk is full"):
        add(journal, "Tom")
    monkeypatch.undo()
    assert db.read_bytes() == before
    assert not [p for p in db.parent.rglob("*") if p.name.endswith(disk.TEMP_SUFFIX)]
    assert [p.name for p in Journal.open(db).people()] == ["Ana"]


def test_a_failed_write_leaves_nothing_half_done_in_memory(
    journal: Journal, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(journal, "Ana")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EROFS, "read-only")))
    with pytest.raises(WriteFailed):
        add(journal, "Tom")
    monkeypatch.undo()
    assert [p.name for p in journal.people()] == ["Ana"]


def test_stray_temporaries_of_a_crashed_write_are_removed_on_open(journal: Journal, db: Path) -> None:
    add(journal, "Ana")
    stray = db.parent / f".journal.json.abc{disk.TEMP_SUFFIX}"
    stray.write_bytes(b'{"half": ')
    inner = db.with_name(db.name + ".d") / "interactions" / f".00.json.x{disk.TEMP_SUFFIX}"
    inner.write_bytes(b"")
    Journal.open(db)
    assert not stray.exists() and not inner.exists()


def test_a_second_writer_sees_what_the_first_wrote(db: Path) -> None:
    first, second = Journal.open(db), Journal.open(db)
    ana = add(first, "Ana")
    assert second.people()[0].uid == ana.uid  # parsed before, re-read now
    add(second, "Tom")
    first.log(Interaction(people=[ana.uid], on="2026-11-20"))
    add(first, "Lin")
    names = sorted(p.name for p in Journal.open(db).people())
    assert names == ["Ana", "Lin", "Tom"]
    assert Journal.open(db).contact(ana.uid).count == 1


def test_the_data_is_parsed_once_per_process(journal: Journal, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ana = add(journal, "Ana")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20"))
    loads = []
    real = orjson.loads
    monkeypatch.setattr(orjson, "loads", lambda raw: loads.append(raw) or real(raw))
    fresh = Journal.open(db)
    for n in range(3):
        fresh.people()
        fresh.find_person("Ana")
        fresh.interactions_of(ana.uid)
        fresh.contacts()
        if n == 0:
            first = len(loads)
    assert len(loads) == first  # nothing parsed again while nothing changed (a kept names row neither)
    files = [raw for raw in loads if isinstance(raw, bytes)]  # a kept row is parsed from its text, a file from bytes
    assert len(files) <= 4  # the main file, the index, the one bucket, and the stored damage count


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"_meta": {"1": {"kind": "kith-journal", "schema_version": 1}}, "people": {"1": {"na', "not valid JSON"),
        (bytes(range(256)) * 4, "not valid JSON"),
        (b"", "empty"),
        (b'{"users": [1, 2, 3]}', "not a Kith journal"),
        (b'{"people": {}}', "not a Kith file"),
        (b'{"_meta": {"1": {"kind": "kith-journal", "schema_version": 99}}}', "newer Kith"),
        (b'{"_meta": {"1": {"kind": "kith-journal", "schema_version": "1"}}}', "schema_version"),
        (b"[]", "not a Kith journal"),
    ],
)
def test_a_file_it_cannot_read_is_refused_and_left_untouched(db: Path, content: bytes, reason: str) -> None:
    journal = Journal.open(db)
    add(journal, "Ana")
    journal.backup()
    db.write_bytes(content)
    with pytest.raises(JournalUnreadable) as caught:
        Journal.open(db).add_person(Person(name="Tom"))
    message = str(caught.value)
    assert reason in message and str(db) in message and "backups" in message
    assert len(message.splitlines()) <= 3
    assert db.read_bytes() == content


def test_a_damaged_bucket_is_refused_too(journal: Journal, db: Path) -> None:
    ana = add(journal, "Ana")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20"))
    bucket = next((db.parent / "journal.json.d" / "interactions").glob("*.json"))
    bucket.write_bytes(b"{trunc")
    with pytest.raises(JournalUnreadable, match="interactions"):
        Journal.open(db).log(Interaction(people=[ana.uid], on="2026-11-21"))
    assert bucket.read_bytes() == b"{trunc"


def test_a_damaged_index_is_rebuilt_from_the_buckets(journal: Journal, db: Path) -> None:
    ana = add(journal, "Ana")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20"))
    index = index_of(db, ana)
    index.write_bytes(b"garbage")
    assert Journal.open(db).contact(ana.uid).last == "2026-11-20"


def test_an_index_left_stale_by_a_crash_is_rebuilt(journal: Journal, db: Path) -> None:
    ana = add(journal, "Ana")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20"))
    old = index_of(db, ana).read_bytes()
    journal.log(Interaction(people=[ana.uid], on="2026-11-22"))
    edit_in_place(index_of(db, ana), old)  # a part that does not describe the buckets (a hand edit, an old copy)
    assert Journal.open(db).contact(ana.uid).last == "2026-11-22"
    assert Journal.open(db).contacts()[ana.uid].last == "2026-11-22"


@pytest.mark.parametrize("entry", [{"last": "2026-11-20", "stolen": 1}, "garbage", ["2026-11-20"]])
def test_a_log_never_builds_on_a_damaged_index_entry(journal: Journal, db: Path, entry: object) -> None:
    """A log reads the index without checking every entry, so the entries of the people it logs are checked."""
    ana, tom = add(journal, "Ana"), add(journal, "Tom")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20", direction="in", reply_needed=True))
    journal.log(Interaction(people=[tom.uid], on="2026-11-19"))
    stored = orjson.loads(index_of(db, ana).read_bytes())
    stored["people"][ana.uid] = entry
    index_of(db, ana).write_bytes(orjson.dumps(stored))
    Journal.open(db).log(Interaction(people=[ana.uid], on="2026-11-22", direction="out"))
    fresh = Journal.open(db)
    assert fresh.contact(ana.uid).last == "2026-11-22" and fresh.contact(ana.uid).awaiting == []
    assert fresh.contact(tom.uid).last == "2026-11-19"


def test_the_index_written_after_each_log_is_what_a_rebuild_gives(journal: Journal, db: Path) -> None:
    ana, tom, lin = add(journal, "Ana"), add(journal, "Tom"), add(journal, "Lin")
    journal.add_records([Interaction(people=[lin.uid], on="2026-10-01")])
    steps = [
        Interaction(people=[ana.uid], on="2026-11-20", direction="in", reply_needed=True, summary="a question"),
        Interaction(people=[ana.uid, tom.uid], on="2026-11-21", kind="call"),
        Interaction(people=[tom.uid], on="2026-11-22", direction="in", reply_needed=True),
        Interaction(people=[ana.uid], on="2026-11-23", direction="out"),
    ]
    for step in steps:
        Journal.open(db, clock=lambda: TODAY).log(step)  # a fresh process each time: the index read, then updated
        stored = stored_facts(db)
        fresh = Journal.open(db, clock=lambda: TODAY)
        rebuilt = {uid: c.to_doc() for uid, c in fresh.files.index._rebuild().items()}
        for doc in [*stored.values(), *rebuilt.values()]:
            doc["buckets"].sort()  # which bucket a person's history is in, not in which order they were found
        assert stored == rebuilt


def test_restore_puts_a_backup_back_after_backing_up_the_present(journal: Journal, db: Path) -> None:
    ana = add(journal, "Ana")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20"))
    taken = journal.backup()
    assert taken is not None
    add(journal, "Tom")
    journal.log(Interaction(people=[ana.uid], on="2026-11-23"))
    journal.restore(taken.name)
    again = Journal.open(db)
    assert [p.name for p in again.people()] == ["Ana"]
    assert again.contact(ana.uid).last == "2026-11-20"
    assert len(journal.backups()) >= 2


def test_an_older_schema_is_migrated_after_a_backup(
    journal: Journal, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = add(journal, "Ana")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20"))
    original = db.read_bytes()

    def step(tables: dict, kind: str) -> dict:
        for doc in tables.get("people", {}).values():
            doc["notes"] = "migrated"
        return tables

    monkeypatch.setattr(jsonfile, "SCHEMA_VERSION", jsonfile.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.STEPS, jsonfile.SCHEMA_VERSION - 1, step)
    upgraded = Journal.open(db)
    assert upgraded.people()[0].notes == "migrated"
    assert json.loads(db.read_text())["_meta"]["1"]["schema_version"] == jsonfile.SCHEMA_VERSION
    found = upgraded.backups()
    assert (found[-1].path / "journal.json").read_bytes() == original
    assert upgraded.contact(ana.uid).count == 1


def test_many_records_in_one_write_keep_every_one(journal: Journal, db: Path) -> None:
    people = [Person(name=f"Person {n}") for n in range(50)]
    talks = [Interaction(people=[p.uid], on="2026-11-20") for p in people for _ in range(3)]
    assert journal.add_records([*people, *talks]) == 200
    again = Journal.open(db)
    assert len(again.people()) == 50
    assert sum(again.contact(p.uid).count for p in people) == 150
    assert all(len(again.interactions_of(p.uid)) == 3 for p in people)


def spread(journal: Journal, count: int = 40) -> list[Person]:
    """`count` people, one in each of as many buckets, each with one interaction."""
    people = [Person(name=f"Person {n}", uid=f"{n:02x}" + "a" * 30) for n in range(count)]
    journal.add_records([*people, *(Interaction(people=[p.uid], on="2026-11-01") for p in people)])
    return people


def facts_rebuilt(db: Path) -> dict[str, dict]:
    """Everyone's facts as a rebuild from the buckets gives them, each person's buckets in one order."""
    rebuilt = {uid: c.to_doc() for uid, c in Journal.open(db).files.index._rebuild().items()}
    for doc in rebuilt.values():
        doc["buckets"].sort()
    return rebuilt


def test_a_log_writes_again_only_the_parts_of_the_index_of_the_people_it_logged(journal: Journal, db: Path) -> None:
    """The contact facts are kept in parts, one for the people of each bucket: a log writes the parts of the
    people it logged and leaves the main file naming the others as they were (at 10k people a log rewrote
    everyone's facts, 1.4 MB). Whether the process read everyone's facts first or not."""
    people = spread(journal)
    ana, tom, lin = people[3], people[10], people[33]
    for read_everyone in (False, True):
        reader = Journal.open(db)
        if read_everyone:
            reader.contacts()
        before = index_parts(db)
        reader.log(Interaction(people=[ana.uid, tom.uid], on="2026-11-20", direction="in", reply_needed=True))
        after = index_parts(db)
        assert {part for part in after if after[part] != before[part]} == {bucket_name(ana.uid), bucket_name(tom.uid)}
        assert set(after) == set(before) and len(after) == 40
        ana, tom = tom, lin
    stored = stored_facts(db)
    for doc in stored.values():
        doc["buckets"].sort()
    assert stored == facts_rebuilt(db) and stored[lin.uid]["awaiting"]


def test_a_card_reads_the_part_of_the_index_of_its_person_alone(
    journal: Journal, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.store import index

    people = spread(journal)
    read: list[str] = []
    real = index.read_once
    monkeypatch.setattr(index, "read_once", lambda path, **kw: (read.append(path.name), real(path, **kw))[1])
    index._parsed.clear()
    assert Journal.open(db).contact(people[7].uid).last == "2026-11-01"
    assert [name for name in read if name.startswith("index.")] == [index_of(db, people[7]).name]


def files_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The journal files parsed from now on, as `folder/XX` (the part or bucket they are of), in order."""
    read: list[str] = []
    real = jsonfile.JsonStorage._load
    monkeypatch.setattr(
        jsonfile.JsonStorage,
        "_load",
        lambda self: (read.append(self.path.parent.name + "/" + self.path.name[:2]), real(self))[1],
    )
    return read


def test_a_card_a_log_and_a_uid_read_the_part_of_the_people_of_their_person_alone(
    journal: Journal, db: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """People are kept in 64 parts by uid (schema 3): `show`, `log` and finding a person by (the start of)
    their uid read their person's part, and the parts of the people the card names, never everyone's."""
    people = spread(journal)
    ana, tom = people[7], people[12]
    journal.save_person(Person(**{**tom.to_doc(), "introduced_by": ana.uid}))
    assert kith("show", ana.uid).code == 0  # keeps what a card needs of everyone (the introductions)
    read = files_read(monkeypatch)
    for args, parts in (
        (["show", ana.uid[:8]], {bucket_name(ana.uid), bucket_name(tom.uid)}),  # Tom, whom Ana introduced
        (["log", ana.uid, "-m", "coffee"], {bucket_name(ana.uid)}),
        (["show", ana.uid], {bucket_name(ana.uid), bucket_name(tom.uid)}),
    ):
        read.clear()
        assert kith(*args).code == 0, args
        assert {name.split("/")[1] for name in read if name.startswith("people/")} == parts, args
    assert "Person 12" in kith("show", ana.uid).out


def test_a_persons_promises_and_favors_are_kept_in_their_part_and_closing_one_reads_that_part_alone(
    journal: Journal, db: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 4: promises and favors live in the part of their person, so a card, `done` and `thank` read and
    write that part alone; the main file keeps only events, needs, offers and snoozes."""
    people = spread(journal)
    ana, tom = people[7], people[12]
    slides = Promise(person=ana.uid, what="send slides", made="2026-11-01", due="2026-11-20")
    journal.add_records([slides, Promise(person=tom.uid, what="a call", made="2026-11-02", due="2026-11-21")])
    journal.add_favor(Favor(person=ana.uid, what="an intro to Acme", on="2026-11-03", given=False))
    parts = db.parent / "journal.json.d" / "people"
    named = json.loads(db.read_text())["_meta"]["1"]["people"]
    held = json.loads((parts / named[bucket_name(ana.uid)]).read_text())
    assert [d["what"] for d in held["promises"].values()] == ["send slides"]
    assert [d["what"] for d in held["favors"].values()] == ["an intro to Acme"]
    assert not {"promises", "favors"} & set(json.loads(db.read_text()))
    assert kith("due").code == 0 and kith("show", tom.uid).code == 0  # keeps the agenda and what cards need
    read = files_read(monkeypatch)
    for args in (["show", ana.uid], ["done", f"promise:{slides.uid[:8]}"], ["thank", ana.uid]):
        read.clear()
        done = kith(*args)
        assert done.code == 0, (args, done.err)
        assert {name.split("/")[1] for name in read if name.startswith("people/")} == {bucket_name(ana.uid)}, args
    again = Journal.open(db)
    assert [p.status for p in again.promises(ana.uid, status=None)] == ["done"]
    assert again.favors(ana.uid)[0].thanked == TODAY.isoformat()
    assert [p.what for p in again.promises()] == ["a call"]  # everyone's, from every part


def test_an_edit_of_history_writes_every_part_of_the_index_again(journal: Journal, db: Path) -> None:
    """Changing or removing an interaction means everyone's facts are counted again from the buckets, and every
    part written anew; the parts it replaced are kept a while for readers of the commit before, then removed."""
    people = spread(journal)
    talk = Journal.open(db).interactions_of(people[5].uid)[0]
    before = index_parts(db)
    with journal.writing():
        bucket = journal.files.bucket(bucket_name(people[5].uid))
        bucket.records("interactions").remove(lambda doc: doc.get("uid") == talk.uid)
    after = index_parts(db)
    assert not set(before.values()) & set(after.values()) and len(after) == 39
    assert all(path.exists() for path in before.values())  # retired, not yet removed
    assert stored_facts(db) == facts_rebuilt(db)


def test_the_single_index_file_of_an_earlier_kith_is_read_as_none_and_replaced_by_parts(
    journal: Journal, db: Path
) -> None:
    people = spread(journal, 3)
    data = json.loads(db.read_text())
    meta = data["_meta"]["1"]
    folder = db.parent / "journal.json.d"
    (folder / "index.7.json").write_bytes(orjson.dumps({"people": {people[0].uid: {"count": 99}}, "sources": {}}))
    meta["index"] = "index.7.json"
    db.write_text(json.dumps(data))
    assert Journal.open(db).contact(people[0].uid).count == 1  # rebuilt: never read as this Kith's index
    Journal.open(db).log(Interaction(people=[people[1].uid], on="2026-11-20"))
    assert len(index_parts(db)) == 3 and "index.7.json" in json.loads(db.read_text())["_meta"]["1"]["retired"]
    assert Journal.open(db).contact(people[0].uid).count == 1 and Journal.open(db).contact(people[1].uid).count == 2


def test_logs_in_one_process_and_one_change_keep_the_index_what_a_rebuild_gives(journal: Journal, db: Path) -> None:
    ana, tom = add(journal, "Ana"), add(journal, "Tom")
    journal.log(Interaction(people=[ana.uid], on="2026-11-01"))
    one = Journal.open(db, clock=lambda: TODAY)
    one.log(Interaction(people=[ana.uid], on="2026-11-20", direction="in", reply_needed=True, summary="q"))
    assert one.contact(ana.uid).awaiting and one.contacts()[ana.uid].count == 2
    with one.writing():  # two in one change, the second answering the first
        one.log(Interaction(people=[ana.uid, tom.uid], on="2026-11-21", direction="in", reply_needed=True))
        one.log(Interaction(people=[ana.uid], on="2026-11-22", direction="out"))
    one.log(Interaction(people=[tom.uid], on="2026-11-23"))
    stored = stored_facts(db)
    rebuilt = {uid: c.to_doc() for uid, c in Journal.open(db).files.index._rebuild().items()}
    for doc in [*stored.values(), *rebuilt.values()]:
        doc["buckets"].sort()
    assert stored == rebuilt and stored[tom.uid]["last"] == "2026-11-23" and "awaiting" not in stored[ana.uid]


def test_a_write_that_touches_no_history_neither_reads_nor_rebuilds_the_index(
    journal: Journal, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = add(journal, "Ana")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20"))
    index = index_of(db, ana).read_bytes()
    from journal.store.index import ContactIndex

    def rebuild(self: ContactIndex) -> dict[str, object]:
        raise AssertionError("rebuilt the index from every interaction for a promise")

    monkeypatch.setattr(ContactIndex, "_rebuild", rebuild)
    Journal.open(db, clock=lambda: TODAY).add_promise(
        Promise(person=ana.uid, what="slides", mine=True, made="2026-11-20")
    )
    assert index_of(db, ana).read_bytes() == index


@pytest.mark.parametrize("collecting", [False, True])
def test_reading_a_file_leaves_the_cycle_collector_as_it_found_it(journal: Journal, db: Path, collecting) -> None:
    """A command runs without the collector (cli.run): one parse turning it back on made every later
    allocation of the command pay for collections; the TUI runs with it, and must keep it."""
    import gc

    add(journal, "Ana López")
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        assert Journal.open(db).people()
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_a_rewrite_that_keeps_the_signature_is_seen_by_its_commit_token(journal: Journal, db: Path) -> None:
    """Within RACY_SECONDS of a write, inode, size and modification time cannot tell two versions apart (a
    rewrite in place within the file system's timestamp granularity): the commit token near the start is
    read again on every look."""
    journal.add_event(Event(name="PyCon López"))
    reader = Journal.open(db)
    assert [e.name for e in reader.events()] == ["PyCon López"]
    st = db.stat()
    raw = db.read_bytes()
    token = json.loads(raw)["_meta"]["1"]["commit"]
    swapped = raw.replace(token.encode(), b"f" * len(token)).replace("PyCon López".encode(), "PyCom López".encode())
    with open(db, "r+b") as f:  # in place: the same inode
        f.write(swapped)
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (db.stat().st_ino, db.stat().st_size, db.stat().st_mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)
    assert [e.name for e in reader.events()] == ["PyCom López"]


@pytest.mark.parametrize("damage", ["missing", "cut short", "empty", "a count as text", "a date that is not one"])
def test_a_contact_index_a_crash_did_not_keep_is_rebuilt(journal: Journal, db: Path, damage: str) -> None:
    """The contact index is derived and written without fsync: after a power cut the main file may name an
    index file that is missing, cut short or empty; readers rebuild the facts from the interactions. An index
    edited by hand into other types is rebuilt too, never trusted."""
    ana = add(journal, "Ana López")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20", direction="in", reply_needed=True, summary="hi?"))
    expected = Journal.open(db).contact(ana.uid)
    assert expected.count == 1 and expected.awaiting
    [index] = [p for p in (db.parent / "journal.json.d").glob("index.*.json")]
    raw = index.read_bytes()
    if damage == "missing":
        index.unlink()
    elif damage == "a count as text":
        edit_in_place(index, raw.replace(b'"count":1', b'"count":"1"'))
    elif damage == "a date that is not one":  # the same size, inode and time: only reading it tells
        edit_in_place(index, raw.replace(b'"2026-11-20"', b'"2026-13-45"'))
    else:
        edit_in_place(index, raw[: len(raw) // 2] if damage == "cut short" else b"")
    assert index.exists() is (damage != "missing") and (damage == "missing" or index.read_bytes() != raw)
    assert Journal.open(db).contact(ana.uid) == expected
    journal = Journal.open(db)
    journal.log(Interaction(people=[ana.uid], on="2026-11-21", direction="out", summary="yes"))
    assert Journal.open(db).contact(ana.uid).count == 2 and not Journal.open(db).contact(ana.uid).awaiting


def test_a_copied_journal_rebuilds_the_contact_facts_once_not_on_every_read(
    journal: Journal, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy has new inodes, so the index file the main file names no longer matches its bucket files and the
    facts are rebuilt; a reader keeps what it rebuilt (contacts.json, keyed by the version), so the next
    reader of that copy reads it instead of rebuilding, until a write names a fresh index again."""
    import shutil

    from journal.store.index import ContactIndex

    ana = add(journal, "Ana López")
    journal.log(Interaction(people=[ana.uid], on="2026-11-20", direction="in", reply_needed=True, summary="hi?"))
    expected = Journal.open(db).contact(ana.uid)
    copy = tmp_path / "copy" / "journal.json"
    copy.parent.mkdir()
    shutil.copy(db, copy)
    shutil.copytree(db.parent / "journal.json.d", copy.parent / "journal.json.d")
    assert Journal.open(copy).contact(ana.uid) == expected  # rebuilt, and kept
    assert (copy.parent / "journal.json.d" / "contacts.json").is_file()
    rebuild = ContactIndex._rebuild
    monkeypatch.setattr(ContactIndex, "_rebuild", lambda self: pytest.fail("rebuilt again"))
    assert Journal.open(copy).contact(ana.uid) == expected
    assert Journal.open(copy).contacts()[ana.uid] == expected
    monkeypatch.setattr(ContactIndex, "_rebuild", rebuild)
    kept = copy.parent / "journal.json.d" / "contacts.json"
    kept.write_bytes(kept.read_bytes().replace(b'"count":1', b'"count":"lots"'))
    assert Journal.open(copy).contact(ana.uid) == expected  # a damaged kept file is rebuilt, never trusted
    Journal.open(copy).log(Interaction(people=[ana.uid], on="2026-11-21", direction="out", summary="yes"))
    monkeypatch.setattr(ContactIndex, "_rebuild", lambda self: pytest.fail("rebuilt after the write"))
    assert Journal.open(copy).contact(ana.uid).count == 2


def test_everyone_is_indexed_by_uid_once_while_a_write_leaves_the_people_as_they_were(
    journal: Journal, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Naming the person, the change's summary and the damage count after the commit all look people up by
    uid; a log changes no person, so they share one index of everyone (each costs about 5 ms at 10k). A write
    that does change people is seen at once."""
    ana = add(journal, "Ana López")
    reader = Journal.open(db)
    indexed: list[int] = []
    by_uid = jsonfile.by_uid
    monkeypatch.setattr(jsonfile, "by_uid", lambda table: indexed.append(len(table)) or by_uid(table))
    person = reader.find_person("Ana")
    reader.log(Interaction(people=[person.uid], on="2026-11-20", direction="out", summary="hello"))
    assert indexed.count(1) == 1  # everyone (Ana), indexed once
    assert "Ana López" in (reader.last_change().summary if reader.last_change() else "")
    reader.add_person(Person(name="Ben Okafor"))
    assert {p.name for p in reader.people()} == {"Ana López", "Ben Okafor"}
    assert reader.person(ana.uid) is not None and reader.find_person("Ben").name == "Ben Okafor"


def test_interactions_vouched_for_are_taken_in_their_place_and_the_rest_still_checked(journal: Journal) -> None:
    """A rebuild inside a transaction takes the interactions vouched for (put and checked there) as they are;
    the others of the same file are checked, the damaged skipped and counted: the facts come out as a plain
    rebuild's, in the same order (replies awaited keep their order)."""
    ana = add(journal, "Ana López")
    for n, day in enumerate(("2026-11-01", "2026-11-03", "2026-11-05", "2026-11-07")):
        journal.log(Interaction(people=[ana.uid], on=day, direction="in", reply_needed=True, summary=f"q{n}"))
    files = journal.files
    bucket = files.bucket(bucket_name(ana.uid))
    with pytest.raises(KeyboardInterrupt), files.transaction():  # dropped at the end: nothing is written
        bucket.records("interactions").insert({"uid": "f" * 32, "people": [ana.uid], "on": "2026-13-45"})
        plain, plain_damaged = files.index._rebuild(), files.index.damaged
        docs = list(((bucket.file.read() or {}).get("interactions") or {}).values())
        loaded, _ = Interaction.load_all(docs)
        files.index.vouch({(bucket_name(ana.uid), r.uid): r for r in loaded[1::2]})  # the damaged among the rest
        assert files.index._rebuild() == plain and files.index.damaged == plain_damaged == 1
        assert [a[2] for a in plain[ana.uid].awaiting] == ["q0", "q1", "q2", "q3"]
        raise KeyboardInterrupt
    assert "f" * 32 not in str(bucket.file.read())


def test_a_due_after_a_log_reads_the_contact_facts_of_the_people_logged_not_of_everyone_owed_a_reply(
    journal: Journal, db: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agenda is brought up to date for the people a change touched and everyone owed a reply together with
    them: a kept reply names its group, so the replies owed to others are not looked up in the contact index."""
    from journal.store import index

    people = spread(journal)
    asked = [Interaction(people=[p.uid], on="2026-11-20", direction="in", reply_needed=True) for p in people]
    group = Interaction(people=[people[3].uid, people[9].uid], on="2026-11-21", direction="in", reply_needed=True)
    journal.add_records([*asked, group])
    assert len(json.loads(kith("due", "--json").out)) == 41  # keeps the agenda
    assert kith("log", people[3].uid, "-m", "answered").code == 0
    read: list[str] = []
    real = index.read_once
    monkeypatch.setattr(index, "read_once", lambda path, **kw: (read.append(path.name), real(path, **kw))[1])
    due = json.loads(kith("due", "--json").out)
    assert len(due) == 39 and {r["text"] for r in due} >= {"Reply to Person 9"}, due  # 3 answered, with 9
    parts = {name[6:8] for name in read if name.startswith("index.")}
    assert parts == {bucket_name(people[3].uid), bucket_name(people[9].uid)}, read
