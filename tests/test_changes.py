"""The change log: every change recorded with what was before and after; undo, redo and history stand on it;
a save from an older revision merges instead of reverting someone else's edit."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import TODAY, Kith
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from journal import editing, giving, introductions
from journal.errors import Conflict, EditConflict, KithError, NotFound
from journal.journal import Journal
from journal.model import Favor, Interaction, Person, Promise
from journal.store import files as disk
from journal.store import jsonfile
from journal.store.index import part_of
from journal.store.jsonfile import SHELVES


def names(kith: Kith) -> list[str]:
    return sorted(p["name"] for p in json.loads(kith("people", "--json", "--all").out))


def summaries(kith: Kith, who: str) -> list[str]:
    return [i["summary"] for i in json.loads(kith("show", who, "--json").out)["interactions"] if i["kind"] != "met"]


def test_undo_reverses_the_last_change_and_again_the_one_before_and_redo_brings_them_back(kith: Kith) -> None:
    kith("add", "Ana López")
    kith("log", "ana", "-m", "coffee")
    kith("promise", "ana", "send the slides", "--by", "fri")
    first = kith("undo")
    assert first.code == 0 and "send the slides" in first.out
    assert json.loads(kith("show", "ana", "--json").out)["promises"] == []
    assert kith("undo").code == 0
    assert summaries(kith, "ana") == []
    assert kith("redo").code == 0
    assert summaries(kith, "ana") == ["coffee"]
    assert kith("redo").code == 0
    assert [p["what"] for p in json.loads(kith("show", "ana", "--json").out)["promises"]] == ["send the slides"]
    nothing = kith("redo")
    assert nothing.code == 2 and "nothing to redo" in nothing.err


def test_a_new_change_after_an_undo_ends_redo(kith: Kith) -> None:
    kith("add", "Ana")
    kith("log", "ana", "-m", "coffee")
    kith("undo")
    kith("log", "ana", "-m", "tea")
    refused = kith("redo")
    assert refused.code == 2 and "a change was made after the last undo" in refused.err
    assert summaries(kith, "ana") == ["tea"]


def test_undo_of_a_named_change_refuses_when_a_later_change_touched_its_records(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("edit", "ana", "--company", "Zalando")
    edit = json.loads(kith("history", "--json").out)[0]["id"]
    kith("edit", "ana", "--company", "Acme")
    before = db.read_bytes()
    refused = kith("undo", edit[:8])
    assert refused.code == 2
    assert "kith edit ana --company Acme" in refused.err and "undo that first" in refused.err
    assert db.read_bytes() == before
    kith("undo")  # the later one first
    assert kith("undo", edit[:8]).code == 0
    assert json.loads(kith("show", "ana", "--json").out)["company"] is None


def test_history_lists_changes_newest_first_with_command_summary_and_records(kith: Kith) -> None:
    kith("add", "Ana")
    kith("add", "Tom")
    kith("log", "ana", "tom", "-m", "lunch")
    kith("undo")
    listed = json.loads(kith("history", "--json").out)
    assert [c["kind"] for c in listed] == ["undo", "change", "change", "change"]
    assert listed[1]["command"] == "kith log ana tom -m lunch"
    assert listed[0]["undoes"] == listed[1]["id"]
    assert listed[1]["records"][0]["before"] is None and listed[1]["records"][0]["after"]["summary"] == "lunch"
    text = kith("history", "tom").out.splitlines()
    assert len(text) == 3 and all("Ana" not in line or "Tom" in line or "lunch" in line for line in text)
    assert len(kith("history", "--limit", "2").out.splitlines()) == 2
    assert kith("history", "--limit", "0").code == 2


def test_an_import_of_many_people_is_one_change_and_one_undo(kith: Kith, tmp_path: Path) -> None:
    header = (Path(__file__).parent / "fixtures" / "formats" / "kith" / "people.csv").read_text().splitlines()[0]
    blank = "," * (header.count(",") - 2)
    rows = [header] + [f",Person {n}{blank}" for n in range(300)]
    (tmp_path / "people.csv").write_text("\n".join(rows) + "\n")
    kith("add", "Ana")
    assert kith("import", str(tmp_path / "people.csv"), "--format", "kith").code == 0
    assert len(names(kith)) == 301
    last = json.loads(kith("history", "--json", "--limit", "1").out)[0]
    assert len(last["records"]) == 300
    kith("undo")
    assert names(kith) == ["Ana"]


def test_a_damaged_change_file_is_skipped_not_fatal(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("add", "Tom")
    newest = max((db.parent / "journal.json.d" / "changes").glob("*.json"))
    newest.write_bytes(b'{"id": "trunc')
    listed = kith("history")
    assert listed.code == 0 and len(listed.out.splitlines()) == 1
    assert kith("undo").code == 0  # the change before it
    assert names(kith) == ["Tom"]


def test_a_form_saved_from_an_older_revision_keeps_what_changed_meanwhile(db: Path) -> None:
    journal = Journal.open(db, clock=lambda: TODAY)
    journal.add_person(Person(name="Ana", tags=["ml"]))
    opened = Journal.open(db).find_person("Ana")  # the form opens here
    other = Journal.open(db)
    meanwhile = other.find_person("Ana")
    meanwhile.company, meanwhile.tags, meanwhile.archived = "Zalando", ["ml", "berlin"], True
    other.save_person(meanwhile)  # `kith edit` and `kith archive` in another process
    opened.notes = "likes climbing"
    Journal.open(db).save_person(opened)
    ana = Journal.open(db).people(archived=True)[0]
    assert (ana.company, ana.tags, ana.archived, ana.notes) == ("Zalando", ["ml", "berlin"], True, "likes climbing")


def test_the_same_field_changed_on_both_sides_is_a_conflict_that_saves_nothing_until_resolved(db: Path) -> None:
    Journal.open(db).add_person(Person(name="Ana"))
    opened = Journal.open(db).find_person("Ana")
    other = Journal.open(db)
    theirs = other.find_person("Ana")
    theirs.company = "Zalando"
    other.save_person(theirs)
    opened.company, opened.role = "Acme", "CTO"
    journal = Journal.open(db)
    with pytest.raises(EditConflict) as caught:
        journal.save_person(opened)
    assert caught.value.fields == {"company": ("Acme", "Zalando")}
    assert "'Acme'" in str(caught.value) and "'Zalando'" in str(caught.value)
    assert Journal.open(db).find_person("Ana").role is None  # nothing saved
    journal.resolve = "theirs"
    journal.save_person(opened)
    ana = Journal.open(db).find_person("Ana")
    assert (ana.company, ana.role) == ("Zalando", "CTO")
    journal.resolve = "mine"
    journal.save_person(opened)
    assert Journal.open(db).find_person("Ana").company == "Acme"


def test_a_record_saved_again_by_the_object_that_added_it_is_not_a_conflict(journal: Journal) -> None:
    ana = journal.add_person(Person(name="Ana"))
    ana.company = "Acme"
    journal.save_person(ana)
    assert journal.find_person("Ana").company == "Acme"


def test_another_process_s_change_is_noticed_whatever_the_timestamps_say(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    second = int(time.time()) * 10**9  # a file system with one-second timestamps that reuses the inode
    monkeypatch.setattr(jsonfile, "signature", lambda path: (1, 1, second) if path.exists() else None)
    monkeypatch.setattr(jsonfile, "stat_signature", lambda st: (1, 1, second))
    reader = Journal.open(db)
    reader.add_person(Person(name="Ana"))
    assert [p.name for p in reader.people()] == ["Ana"]
    Journal.open(db).add_person(Person(name="Tom"))
    assert sorted(p.name for p in reader.people()) == ["Ana", "Tom"]
    reader.add_person(Person(name="Lin"))  # and a write in this process keeps Tom
    assert sorted(p.name for p in Journal.open(db).people()) == ["Ana", "Lin", "Tom"]


def test_a_journal_path_that_is_a_symlink_keeps_the_link_and_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "sync" / "journal.json"
    target.parent.mkdir()
    link = tmp_path / "journal.json"
    Journal.open(target).add_person(Person(name="Ana"))
    link.symlink_to(target)
    Journal.open(link).add_person(Person(name="Tom"))
    assert link.is_symlink()
    assert sorted(p.name for p in Journal.open(target).people()) == ["Ana", "Tom"]
    assert not (tmp_path / "journal.json.d").exists()


def test_a_lock_that_is_a_symlink_is_never_followed_onto_someone_else_s_file(tmp_path: Path) -> None:
    db = tmp_path / "journal.json"
    Journal.open(db).add_person(Person(name="Ana"))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock = tmp_path / "journal.json.d" / "lock"
    lock.unlink()
    lock.symlink_to(victim)
    with pytest.raises(KithError):
        Journal.open(db).add_person(Person(name="Tom"))
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("folder", ["journal.json.d", "journal.json.d/interactions"])
def test_a_journal_folder_replaced_by_a_file_is_one_line_and_exit_1(kith: Kith, db: Path, folder: str) -> None:
    kith("add", "Ana")
    kith("log", "ana")
    path = db.parent / folder
    import shutil

    shutil.rmtree(path)
    path.write_text("not a folder")
    for command in (["people"], ["add", "Tom"]):
        result = kith(*command)
        assert result.code == 1 and "Traceback" not in result.err
        assert str(path) in result.err


def test_files_written_by_a_commit_are_private_and_no_file_is_left_behind(journal: Journal, db: Path) -> None:
    ana = journal.add_person(Person(name="Ana"))
    for n in range(5):
        journal.log(Interaction(people=[ana.uid], on="2026-11-20", summary=str(n)))
    folder = db.parent / "journal.json.d"
    meta = json.loads(db.read_text())["_meta"]["1"]
    buckets = sorted(p.name for p in (folder / "interactions").glob("*.json"))
    retired = {name.split("/")[-1] for name in meta["retired"]}
    assert set(buckets) == set(meta["buckets"].values()) | (retired & set(buckets))
    assert not [p for p in folder.rglob("*") if p.name.endswith(disk.TEMP_SUFFIX)]


# hypothesis: any sequence of commands, undos and failed writes leaves a journal whose history replays to it


def replay(journal: Journal) -> dict[tuple[str, str], Any]:
    """The records the change log says the journal holds, from nothing."""
    state: dict[tuple[str, str], Any] = {}
    for change in reversed(journal.history(limit=None)):
        for op in change.ops:
            if op.after is None:
                state.pop((op.table, op.uid), None)
            else:
                state[(op.table, op.uid)] = op.after
    return state


def stored(journal: Journal) -> dict[tuple[str, str], Any]:
    """The records the journal's files hold."""
    files = journal.files
    found: dict[tuple[str, str], Any] = {}
    for name, table in (files.main.file.on_disk() or {}).items():
        if name != "_meta":
            found.update({(name, doc["uid"]): doc for doc in table.values()})
    for shelf, (_, _, held) in SHELVES.items():
        for part in files.part_names(shelf):
            tables = files.part(shelf, part).file.on_disk() or {}
            for table in held:
                found.update({(table, doc["uid"]): doc for doc in (tables.get(table) or {}).values()})
    return found


class JournalMachine(RuleBasedStateMachine):
    """Random commands, undos, redos and writes that fail midway, against one journal."""

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.db = Path(tempfile.mkdtemp()) / "journal.json"
        self.journal = Journal.open(self.db, clock=lambda: TODAY)
        self.people: list[str] = []

    @rule(name=st.sampled_from(["Ana", "Tom", "Lin", "Priya"]))
    def add(self, name: str) -> None:
        self.people.append(self.journal.add_person(Person(name=name), force=True).uid)

    @precondition(lambda self: self.people)
    @rule(n=st.integers(0, 50), summary=st.text(alphabet="abc xyzé", max_size=8))
    def log(self, n: int, summary: str) -> None:
        who = self.people[n % len(self.people)]
        if self.journal.person(who):
            self.journal.log(Interaction(people=[who], on="2026-11-20", summary=summary.strip() or None))

    @precondition(lambda self: self.people)
    @rule(n=st.integers(0, 50), company=st.sampled_from(["Acme", "Zalando", None]))
    def edit(self, n: int, company: str | None) -> None:
        person = self.journal.person(self.people[n % len(self.people)])
        if person:
            person.company = company
            self.journal.save_person(person)

    @precondition(lambda self: self.people)
    @rule(n=st.integers(0, 50))
    def promise(self, n: int) -> None:
        who = self.people[n % len(self.people)]
        if self.journal.person(who):
            self.journal.add_promise(Promise(person=who, what="slides", made="2026-11-20"))

    @rule()
    def undo(self) -> None:
        with contextlib.suppress(NotFound, Conflict):
            self.journal.undo()

    @rule()
    def redo(self) -> None:
        with contextlib.suppress(NotFound, Conflict):
            self.journal.redo()

    @precondition(lambda self: self.people)
    @rule(n=st.integers(0, 50))
    def failed_write(self, n: int) -> None:
        """A change that dies after writing to its working copies: nothing of it may remain."""
        who = self.people[n % len(self.people)]
        with pytest.raises(RuntimeError), self.journal.writing():
            self.journal.add_person(Person(name="Ghost"))
            if self.journal.person(who):
                self.journal.log(Interaction(people=[who], on="2026-11-21", summary="ghost"))
            raise RuntimeError("killed")

    @invariant()
    def history_replays_to_the_journal(self) -> None:
        fresh = Journal.open(self.db, clock=lambda: TODAY)
        assert replay(fresh) == stored(fresh)
        assert all(p.name != "Ghost" for p in fresh.people())
        for person in fresh.people():
            assert fresh.contact(person.uid).count == len(fresh.interactions_of(person.uid))


JournalMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_any_sequence_of_commands_undos_and_failures_replays_from_the_history = JournalMachine.TestCase


def test_old_changes_are_compacted_away_without_touching_records(
    kith: Kith, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.store import changes

    monkeypatch.setattr(changes, "KEEP", 5)
    for n in range(8):
        kith("add", f"Person {n}")
    assert len(json.loads(kith("history", "--json").out)) == 5
    assert len(list((db.parent / "journal.json.d" / "changes").glob("*.json"))) == 5
    assert len(names(kith)) == 8
    undone = 0
    while (result := kith("undo")).code == 0:
        undone += 1
    assert "nothing to undo" in result.err and "keeps the last 5" in result.err
    assert undone == 3  # each undo is a change of its own, kept among the five
    assert names(kith) == [f"Person {n}" for n in range(5)]


def test_the_storage_layer_imports_in_one_direction_only() -> None:
    import ast

    order = ["files", "lock", "settings", "jsonfile", "changes", "index", "migrations", "backups", "fileset", "undo"]
    folder = Path(__file__).parent.parent / "journal" / "store"
    for position, name in enumerate(order):
        tree = ast.parse((folder / f"{name}.py").read_text())
        for block in [n for n in ast.walk(tree) if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)]:
            block.body = []  # imports for type hints only do not run
        used = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("journal.store"):
                parts = node.module.split(".")
                used |= {parts[2]} if len(parts) > 2 else {alias.name for alias in node.names}
        later = used & set(order[position + 1 :])
        assert not later, f"journal/store/{name}.py imports {later}, which come after it"
        below = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        above = {m for m in below if m.startswith("journal.") and not m.startswith("journal.store")}
        assert above <= {"journal.model", "journal.errors", "journal.matching"}, (name, above)


def test_a_change_is_recognised_by_its_first_bytes_however_large(journal: Journal, db: Path) -> None:
    """Bringing a kept answer up to date checks that the log starts at the change it was kept for; an import's
    change can be a hundred megabytes, so that check reads only the id and sequence at the start of the file."""
    from journal.store.changes import Change, ChangeLog

    log = ChangeLog(db.parent / "journal.json.d" / "changes")
    journal.add_records([Person(name=f"P{n}", notes="x" * 500) for n in range(300)])
    journal.add_person(Person(name="Ana"))
    first, second = log.read(1), log.read(2)
    assert first is not None and second is not None
    assert log.header(1) == (first.id, 1) and log.header(2) == (second.id, 2)
    assert log.since(first.id, 1, 2) == [second]
    assert log.since(second.id, 1, 2) is None  # another commit's token: not the change kept
    log.path(1).write_bytes(b'{"seq":1,"id":"' + first.id.encode() + b'"}')  # not how a change starts
    assert log.header(1) is None and log.since(first.id, 1, 2) is None
    doc = Change("ab" * 16, 7, "2026-11-24T10:00:00+00:00", "kith", "s", "dev").to_doc()
    assert orjson.dumps(doc).startswith(b'{"id":"' + b"ab" * 16 + b'","seq":7,')


def test_a_record_that_moves_to_another_part_is_one_operation_where_it_went(db: Path) -> None:
    """A merge moves the source's promises and favors into the part of the person kept, often another file.
    The change names each moved record once, as it was and as it is: as a remove in one part and an add in
    another, whatever follows the log one operation at a time (the matcher's kept inputs, undo, sync) read it
    as gone or as there depending on which part's name sorts first."""
    journal = Journal.open(db, clock=lambda: TODAY)
    journal.add_records([Person(name=f"P{n}") for n in range(12)])
    everyone = journal.people()
    source = everyone[0]
    # the kept person in another part, and a third the source is introduced to
    target = next(p for p in everyone if part_of(p.uid) != part_of(source.uid))
    third = next(p for p in everyone if p.uid not in (source.uid, target.uid))
    journal.add_promise(Promise(person=source.uid, what="send the deck", made=TODAY.isoformat()))
    giving.add(journal, "need", third, "a designer", TODAY)
    introductions.introduce(journal, source, third, TODAY)
    introductions.suggestions(Journal.open(db, clock=lambda: TODAY))  # the matcher's inputs kept at this version

    opened = Journal.open(db, clock=lambda: TODAY)
    editing.merge_people(opened, source, target)
    change = Journal.open(db, clock=lambda: TODAY).history(limit=1)[0]
    moved = [op for op in change.ops if op.table in ("promises", "favors")]
    assert sorted(op.table for op in moved) == ["favors", "favors", "promises"]
    assert len({op.uid for op in moved}) == len(moved)
    for op in moved:
        assert op.before is not None and op.after is not None
        assert source.uid in (op.before.get("person"), op.before.get("introduced"))
        assert op.file == f"people/{part_of(op.after['person'])}"

    after = Journal.open(db, clock=lambda: TODAY)
    assert introductions._kept_inputs(after) == introductions._inputs(Journal.open(db, clock=lambda: TODAY))
    assert {f.uid: f.person for f in after.records(Favor) if f.introduced} == {
        op.uid: op.after["person"] for op in moved if op.table == "favors" and op.after
    }
    after.undo()
    back = Journal.open(db, clock=lambda: TODAY)
    assert back.person(source.uid) is not None
    assert [p.person for p in back.records(Promise)] == [source.uid]
    assert introductions._kept_inputs(back) == introductions._inputs(Journal.open(db, clock=lambda: TODAY))
    back.redo()
    again = Journal.open(db, clock=lambda: TODAY)
    assert [p.person for p in again.records(Promise)] == [target.uid]
    assert introductions._kept_inputs(again) == introductions._inputs(Journal.open(db, clock=lambda: TODAY))
