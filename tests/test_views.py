"""Kept answers (agenda.json, directory.json, check.json): an everyday read builds no record, and a kept
answer is never taken for a version of the journal, a day or settings it was not computed from."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TODAY, Kith

from journal import editing, reminders, views
from journal.config import Config
from journal.errors import PersonNotFound
from journal.journal import Journal
from journal.model import Interaction, Person, Promise
from journal.store import index


def on(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.fixture
def filled(db: Path) -> Path:
    """A journal with a reply owed to Ana, a promise to Tom and Lin met at a meetup."""
    journal = Journal.open(db, clock=lambda: TODAY)
    ana = journal.add_person(Person(name="Ana López", company="Acme", aliases=["Anita"]))
    tom = journal.add_person(Person(name="Tom Baker", tags=["design"]))
    journal.add_person(Person(name="Lin Wei", met_on=on(-5), archived=True))
    journal.log(Interaction(people=[ana.uid], on=on(-3), direction="in", reply_needed=True, summary="slides?"))
    journal.add_promise(Promise(person=tom.uid, what="send the deck", mine=True, made=on(-10), due=on(-1)))
    return db


def fresh(db: Path, config: Config | None = None) -> Journal:
    return Journal.open(db, clock=lambda: TODAY, config=config)


def due(journal: Journal, day: object = TODAY) -> list[tuple[str, str, int]]:
    return [(r.kind, r.person, r.days) for r in reminders.reminders(journal, day)]  # type: ignore[arg-type]


def test_a_kept_agenda_is_read_without_parsing_the_journal(filled: Path) -> None:
    first = due(fresh(filled))  # computes and keeps it
    reader = fresh(filled)
    assert due(reader) == first == [("reply", "Ana López", 3), ("promise", "Tom Baker", 2)]
    assert reader.files.main.file.loaded_signature() is None  # the main file was never parsed
    assert (filled.parent / "journal.json.d" / "agenda.json").exists()


def test_people_and_names_are_read_from_the_directory(filled: Path) -> None:
    rows, _ = views.listing(fresh(filled), "acme")
    reader = fresh(filled)
    assert views.listing(reader, "acme") == (rows, 0) and rows[0][1][0] == "Ana López"
    assert views.listing(reader, "lin") == ([], 1)  # archived: counted, not shown
    assert [cells[0] for _, cells in views.listing(reader, "lin", archived=True)[0]] == ["Lin Wei (archived)"]
    assert views.listing(reader, "", tag="#Design")[0][0][1][0] == "Tom Baker"
    assert reader.files.main.file.loaded_signature() is None
    assert reader.find_person("anita").name == "Ana López"  # then only Ana is built


def test_people_at_hand_are_the_rows_listed_whole_while_the_journal_on_disk_is_theirs(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The People screen filters at once, on the UI thread, only when nothing needs reading: each keystroke
    gets exactly what `listing` would say, and None (a search in another thread) whenever the journal or
    the kept directory changed since everyone was listed."""
    monkeypatch.setattr(views, "_listed_whole", None)
    reader = fresh(filled)
    assert views.listing_at_hand(reader, "ana") is None  # nobody listed whole yet
    assert views.listing(reader, "ana")[0] and views.listing_at_hand(reader, "ana") is None
    everyone, _ = views.listing(reader, "")
    assert views.listing_at_hand(reader, "") == everyone
    for query in ("ana", "acme", "lin", "design", "zz"):
        for archived in (False, True):
            assert (
                views.listing_at_hand(reader, query, archived=archived)
                == views.listing(reader, query, archived=archived)[0]
            )
    reader.people()  # the main file parsed too, as a TUI that opened a card has
    fresh(filled).add_person(Person(name="Zoë Hopper"))  # another process writes
    from journal.store.jsonfile import JsonStorage

    with monkeypatch.context() as patched:  # and finding that out parses nothing (it runs on the UI thread)
        patched.setattr(JsonStorage, "_load", lambda self: pytest.fail("parsed"))
        assert views.listing_at_hand(reader, "zoe") is None
    assert [cells[0] for _, cells in views.listing(reader, "zoe")[0]] == ["Zoë Hopper"]
    views.listing(reader, "")
    assert [cells[0] for _, cells in views.listing_at_hand(reader, "zoe") or []] == ["Zoë Hopper"]
    kept = filled.parent / "journal.json.d" / "directory.json"
    kept.write_bytes(kept.read_bytes().replace("Zoë".encode(), b"Zoe"))
    assert views.listing_at_hand(reader, "zoe") is None  # a hand edit of the kept rows is read (and checked) again


def test_reminders_at_hand_are_the_kept_agenda_of_the_journal_on_disk(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today shows its reminders before its first frame (on the UI thread) only when the kept agenda answers
    them: exactly what `reminders` says, with nothing computed or parsed; None whenever that would be needed."""
    assert reminders.at_hand(fresh(filled), TODAY) is None  # nothing kept yet
    expected = reminders.reminders(fresh(filled), TODAY)
    assert expected
    reader = fresh(filled)
    from journal.store.jsonfile import JsonStorage

    with monkeypatch.context() as patched:
        patched.setattr(JsonStorage, "_load", lambda self: pytest.fail("parsed"))
        patched.setattr(reminders, "_candidates", lambda *args, **kwargs: pytest.fail("computed"))
        assert reminders.at_hand(reader, TODAY) == expected
        assert reminders.at_hand(reader, TODAY + timedelta(days=1)) is None  # kept for another day
        assert reminders.at_hand(fresh(filled, Config(promise_lead_days=5)), TODAY) is None  # other settings
    writer = fresh(filled)
    with writer.writing("a change under way"):
        assert reminders.at_hand(writer, TODAY) is None
    writer.add_person(Person(name="Zoë Hopper", met_on=on(-2)))
    assert reminders.at_hand(fresh(filled), TODAY) is None  # kept for the version before the change
    assert reminders.at_hand(reader, TODAY) is None
    assert reminders.reminders(fresh(filled), TODAY) == reminders.at_hand(fresh(filled), TODAY)
    path = filled.parent / "journal.json.d" / "agenda.json"
    kept = json.loads(path.read_text())
    kept["value"]["reminders"] = [[1, 2, 3]]
    path.write_text(json.dumps(kept))  # the key still matches the journal
    assert reminders.at_hand(fresh(filled), TODAY) is None  # a damaged agenda is computed again, never shown


def test_a_kept_answer_follows_every_change_made_elsewhere(filled: Path) -> None:
    reader = fresh(filled)
    assert ("reply", "Ana López", 3) in due(reader)
    assert views.listing(reader, "zoe") == ([], 0)
    writer = fresh(filled)
    ana = writer.find_person("Ana")
    writer.log(Interaction(people=[ana.uid], on=on(-1), direction="out", summary="sent them"))
    writer.add_person(Person(name="Zoë Hopper"))
    assert ("reply", "Ana López", 3) not in due(fresh(filled))
    assert [cells[0] for _, cells in views.listing(fresh(filled), "zoe")[0]] == ["Zoë Hopper"]
    assert ("reply", "Ana López", 3) not in due(reader)  # the same process sees it too


def test_the_day_and_the_settings_are_part_of_the_key(filled: Path) -> None:
    assert ("promise", "Tom Baker", 2) in due(fresh(filled))
    assert ("promise", "Tom Baker", 3) in due(fresh(filled), TODAY + timedelta(days=1))
    early = Config(promise_lead_days=5)
    assert fresh(filled, early) and ("promise", "Tom Baker", 6) in due(fresh(filled, early))


def test_a_hand_edit_of_a_history_file_is_seen(filled: Path) -> None:
    assert ("reply", "Ana López", 3) in due(fresh(filled))
    for bucket in fresh(filled).files.bucket_paths().values():
        data = json.loads(bucket.read_text())
        for doc in data["interactions"].values():
            doc["reply_needed"] = False
        bucket.write_text(json.dumps(data))  # the main file and its token stay as they were
    assert ("reply", "Ana López", 3) not in due(fresh(filled))


@pytest.mark.parametrize("name", ["agenda.json", "directory.json"])
@pytest.mark.parametrize(
    "damage",
    [
        lambda rows: [[1, 2, 3]],
        lambda rows: [[None] * len(row) for row in rows],
        lambda rows: [[*row[:4], [7], *row[5:]] for row in rows],
        lambda rows: [[*row[:7], [1, 2, 3, 4, 5]] if len(row) == 8 else row for row in rows],
        lambda rows: "rows",
    ],
)
def test_a_damaged_kept_answer_is_computed_again(filled: Path, kith: Kith, name: str, damage: object) -> None:
    expected = (kith("due").out, kith("people").out, kith("show", "anita").out)
    path = filled.parent / "journal.json.d" / name
    kept = json.loads(path.read_text())
    field = "reminders" if name == "agenda.json" else "rows"
    kept["value"][field] = damage(kept["value"][field])  # type: ignore[operator]
    path.write_text(json.dumps(kept))  # the key still matches the journal
    assert (kith("due").out, kith("people").out, kith("show", "anita").out) == expected


def test_kith_due_and_people_after_a_change_match_a_fresh_computation(filled: Path, kith: Kith) -> None:
    kith("due")
    kith("people")
    kith("done", "promise:" + fresh(filled).promises()[0].uid[:8])
    kept = (kith("due").out, kith("people").out)
    for name in ("agenda.json", "directory.json", "check.json"):
        (filled.parent / "journal.json.d" / name).unlink()
    assert (kith("due").out, kith("people").out) == kept


def test_a_change_keeps_the_names_for_the_next_command(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = fresh(filled)
    assert writer.find_person("anita").name == "Ana López"  # keeps names.json
    ana = writer.find_person("ana")
    writer.log(Interaction(people=[ana.uid], on=on(0), summary="coffee"))  # no person changed
    writer.add_person(Person(name="Zoë Hopper", aliases=["Z"]))
    ana.name = "Ana María López"
    writer.save_person(ana)
    editing.forget_person(writer, writer.find_person("Tom"))

    def everyone(self: Journal, cls: type) -> list[object]:
        raise AssertionError("built every record to find one person")

    reader = fresh(filled)
    monkeypatch.setattr(Journal, "records", everyone)
    assert reader.find_person("z").uid == reader.find_person("zoe hopper").uid
    assert reader.find_person("ana maría").uid == ana.uid
    with pytest.raises(PersonNotFound):
        reader.find_person("Tom")
    monkeypatch.undo()
    carried = views.kept_roster(fresh(filled))
    (filled.parent / "journal.json.d" / "names.json").unlink()
    rebuilt = views.names(fresh(filled))
    assert carried is not None and rebuilt is not None  # each person once, as they are now: Ana renamed, Tom gone
    assert sorted(map(json.dumps, carried.everyone())) == sorted(map(json.dumps, rebuilt.everyone()))


def test_the_directory_brought_up_to_date_from_the_change_log_equals_a_fresh_one(
    filled: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = filled.parent / "journal.json.d"
    updated = []
    real = views._delta
    monkeypatch.setattr(views, "_delta", lambda *args: updated.append(real(*args)) or updated[-1])
    steps = [
        ["add", "Zoë Hopper", "--company", "Globex", "--introduced-by", "Ana López"],
        ["log", "Zoë", "-m", "talked about pricing models"],
        ["jot", "--at", "New Meetup", "--new", "Kai Lund, CTO at Acme; needs: pricing advice"],
        ["promise", "Zoë", "intro to Tom"],
        ["edit", "Ana López", "--name", "Ana María López"],  # Zoë's "via" shows the new name
        ["log", "Tom", "Zoë", "-m", "group call on the launch"],
        ["promise", "Tom", "the launch deck", "--theirs"],  # touches Tom, not what his text holds
        ["log", "Tom", "-m", "zeppelin rides"],
        ["undo"],  # the words of an interaction taken back are gone from his text
        ["archive", "Tom"],
        ["undo"],
        ["forget", "Lin Wei", "--yes"],
    ]
    queries = [["--all"], ["pricing"], ["launch"], ["zeppelin"], ["--all", "globex"]]
    for step in steps:
        kith("people", "--all")
        updated.clear()
        result = kith(*step)
        assert result.code == 0, (step, result.err)
        kept = [kith("people", *query).out for query in queries]
        # brought up to date, not computed again (done and snooze find their key in one not kept, then `due`)
        assert updated and None not in updated, step
        assert json.loads((folder / views.DELTA).read_text())["seq"] == fresh(filled).files.head()
        (folder / "directory.json").unlink()
        assert [kith("people", *query).out for query in queries] == kept


def test_the_directory_kept_with_the_rows_changed_since_lists_what_a_fresh_one_does_after_each_write(
    filled: Path, kith: Kith, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day of writes: directory.json stays as it was kept while the rows of those changed since gather in
    directory.delta.json, each write's brought up to date from the last; once more people changed than
    DELTA_AT_MOST, directory.json is kept again with them. Every search lists what one computed afresh does."""
    import shutil

    monkeypatch.setattr(views, "DELTA_AT_MOST", 3)
    folder = filled.parent / "journal.json.d"
    queries = [["--all"], ["pricing"], ["acme"], ["--all", "zeppelin"], ["lin"]]
    kith("people", "--all")
    base = (folder / "directory.json").read_bytes()
    steps = [
        ["log", "Tom", "-m", "zeppelin rides"],
        ["add", "Zoë Hopper", "--company", "Acme", "--introduced-by", "Tom Baker"],
        ["log", "Zoë", "Ana", "-m", "pricing models", "--on", on(-20)],  # an older contact: placed after others
        ["edit", "Tom Baker", "--name", "Thomas Baker"],  # Zoë's "via" shows the new name
        ["forget", "Lin Wei", "--yes"],
        ["log", "Ana", "-m", "pricing again"],
    ]
    for n, step in enumerate(steps):
        assert kith(*step).code == 0, step
        listed = [kith("people", *query).out for query in queries]
        gone = json.loads((folder / views.DELTA).read_text())["value"]["at"]
        if n < 3:  # Tom; Zoë (and Tom, who introduced her); Zoë and Ana
            assert (folder / "directory.json").read_bytes() == base and len(gone) == [1, 2, 3][n], step
        copy = tmp_path / f"copy{n}"
        shutil.copytree(filled.parent, copy)  # new files: every kept answer there is computed afresh
        assert [kith("--db", str(copy / filled.name), "people", *query).out for query in queries] == listed, step
    assert (folder / "directory.json").read_bytes() != base  # kept again once four people changed


def test_the_agenda_brought_up_to_date_from_the_change_log_equals_a_fresh_one(
    filled: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = filled.parent / "journal.json.d"
    updated = []
    real = reminders._agenda_after
    monkeypatch.setattr(
        reminders, "_agenda_after", lambda *args, **kwargs: updated.append(real(*args, **kwargs)) or updated[-1]
    )
    kith("add", "Zoë Hopper", "--met", on(-4), "--every", "7")
    steps = [
        ["log", "Tom", "Zoë", "--from-them", "--reply-needed", "-m", "group question", "--on", on(-2)],
        ["log", "Zoë", "-m", "answered Zoë only"],  # the group's reply is no longer owed to all
        ["log", "Ana", "Tom", "--from-them", "--reply-needed", "-m", "another", "--on", on(-1)],
        ["edit", "Tom", "--name", "Tom Baker Jr"],  # the group reminder names him
        ["favor", "Ana", "lent a mic", "--received"],
        ["jot", "--at", "New Meetup", "--on", on(-1), "--new", "Kai Lund, CTO at Acme; I owe: the slides"],
        ["snooze", "reply:" + "", "+3d"],  # filled in below
        ["archive", "Ana"],
        ["undo"],
        ["done", "promise:"],
        ["forget", "Tom Baker Jr", "--yes"],
    ]
    for step in steps:
        if step[0] in ("snooze", "done"):
            kind = step[1].split(":")[0]
            step[1] = next(r.key for r in reminders.reminders(fresh(filled), TODAY) if r.kind == kind)
        kith("due")
        updated.clear()
        result = kith(*step)
        assert result.code == 0, (step, result.err)
        kept = (kith("due").out, kith("due", "--on", on(9)).out)
        # brought up to date, not computed again (done and snooze find their key in one not kept, then `due`)
        assert updated and None not in updated, step
        for name in ("agenda.json",):
            (folder / name).unlink()
        assert (kith("due").out, kith("due", "--on", on(9)).out) == kept, step


def test_whom_a_change_touched() -> None:
    from journal.store.changes import Change, Op, people_touched

    def change(*ops: Op) -> Change:
        return Change(id="t", seq=1, at="", command="kith", summary="", device="d", ops=list(ops))

    log = Op("00", "interactions", "i1", None, {"uid": "i1", "people": ["ana", "tom"]})
    moved = Op("main", "promises", "p1", {"uid": "p1", "person": "lin"}, {"uid": "p1", "person": "zoe"})
    assert people_touched([change(log), change(moved, Op("main", "people", "kim", None, {"uid": "kim"}))]) == {
        "ana",
        "tom",
        "lin",
        "zoe",
        "kim",
    }
    assert people_touched([change(Op("main", "snoozes", "s", None, {"key": "reply:1"}))]) == set()
    added = Op("main", "events", "e1", None, {"uid": "e1", "name": "Meetup"})
    assert people_touched([change(log), change(added)]) == {"ana", "tom"}  # nobody was met at a new event before
    renamed = Op("main", "events", "e1", {"uid": "e1", "name": "Meetup"}, {"uid": "e1", "name": "Meetup 2"})
    assert people_touched([change(log), change(renamed)]) is None  # everyone met there reads its name


@pytest.mark.parametrize(
    "row",
    [
        [],
        ["x"],
        {"uid": 1},
        [1, 2, 3, 4, 5, 6, 7, 8],
        ["u", "Ana", False, "not a list", []],  # a directory row's shape, its tags not a list
        ["u", "Ana", "Ana [u]", False, "", "not a list", ""],  # a names row's shape, its aliases not a list
        None,
    ],
)
def test_a_damaged_kept_row_is_never_trusted(filled: Path, row: object) -> None:
    """names.json and directory.json are checked as far as a command reads them, not up front: a row of
    another shape falls back to the journal itself, with the same answer."""
    views.listing(fresh(filled), "acme")
    fresh(filled).find_person("anita")
    folder = filled.parent / "journal.json.d"
    for name in ("names.json", "directory.json"):
        kept = json.loads((folder / name).read_text())
        text = "texts" if name == "directory.json" else "keys"  # a row is kept as JSON text, beside its text
        kept["value"]["rows"].insert(0, json.dumps(row))
        kept["value"][text].insert(0, "acme" if name == "directory.json" else "anita")
        (folder / name).write_text(json.dumps(kept))
    reader = fresh(filled)
    assert reader.find_person("anita").name == "Ana López"
    assert views.listing(reader, "acme")[0][0][1][0] == "Ana López"
    assert views.listing(reader, "")[0][0][1][0] in {"Ana López", "Tom Baker"}


@pytest.mark.parametrize("damage", ["row", "place", "another's place", "places", "a row of nobody changed"])
def test_a_damaged_delta_of_the_directory_is_never_trusted(filled: Path, kith: Kith, damage: str) -> None:
    """directory.delta.json (the rows of those changed since directory.json was kept) is checked before it is
    merged: a row of another shape, a place out of the rows or another person's, a row of someone it does not
    say changed. Then the rows are brought up to date from directory.json again, with the same answer."""
    kith("people", "--all")
    assert kith("log", "Tom", "-m", "zeppelin rides").code == 0
    assert kith("add", "Zoë Hopper", "--company", "Acme").code == 0
    queries = [["--all"], ["acme"], ["zeppelin"]]
    listed = [kith("people", *query).out for query in queries]
    path = filled.parent / "journal.json.d" / views.DELTA
    kept = json.loads(path.read_text())
    delta = kept["value"]
    tom = next(uid for uid, n in delta["at"].items() if n >= 0)
    if damage == "row":
        delta["rows"][0] = json.dumps(["x"])
    elif damage == "place":
        delta["at"][tom] = 99
    elif damage == "another's place":
        rows = json.loads((path.parent / "directory.json").read_text())["value"]["rows"]
        delta["at"][tom] = next(n for n, row in enumerate(rows) if not row.startswith(f'["{tom}"'))
    elif damage == "places":
        delta["at"] = [tom]
    else:
        delta["at"] = {uid: n for uid, n in delta["at"].items() if uid != tom}
    path.write_text(json.dumps(kept))
    assert [kith("people", *query).out for query in queries] == listed


def test_commands_that_only_write_keep_the_names_current(
    filled: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day of writes that name people: the names a write computed for the version it started from hold for
    the versions it made. A `log` writes no part of the people, so nobody writes the names again; a promise or a
    favor writes a part (they live beside their person), and the names' bytes are kept under the new version.
    Never computed again from everyone (at 30k people that cost a second)."""
    from journal.store import index

    names = filled.parent / "journal.json.d" / "names.json"
    names.unlink(missing_ok=True)
    assert kith("log", "ana", "-m", "call 0").code == 0
    kept = names.read_bytes(), names.stat().st_ino
    for n in range(1, 3):
        assert kith("log", "ana", "-m", f"call {n}").code == 0
        assert views.kept_roster(fresh(filled)) is not None  # fresh for the version the log made
        assert (names.read_bytes(), names.stat().st_ino) == kept
    computed: list[int] = []  # how many rows each packing of names rows had
    real = views.Roster.packed
    monkeypatch.setattr(views.Roster, "packed", staticmethod(lambda rows: computed.append(len(rows)) or real(rows)))
    for args in (["promise", "tom", "send the slides"], ["favor", "ana", "an intro", "--received"], ["log", "tom"]):
        assert kith(*args).code == 0
        assert views.kept_roster(fresh(filled)) is not None, args
    assert not any(computed)  # no names row made: none for everyone, and nobody changed
    assert index.read_once(names)["value"]["keys"] == json.loads(kept[0])["value"]["keys"]


def test_done_after_a_new_person_does_not_match_introductions_again(
    filled: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding a promise's key needs no introductions: matching them again after people changed takes a second
    at 30k, so `done` leaves that to the next `due` (which shows them)."""
    from journal import introductions

    assert kith("jot", "--new", "Kai Lund (Acme, designer); needs: a printer for posters").code == 0
    kith("due")
    matched = []
    real = introductions._matching
    monkeypatch.setattr(introductions, "_matching", lambda *args: matched.append(1) or real(*args))
    assert kith("jot", "--new", "Pia Berg (Druckerei, prints posters)").code == 0  # a company and role to match
    key = next(r.uid for r in fresh(filled).promises() if r.mine)
    assert kith("done", f"promise:{key}").code == 0
    assert matched == []
    assert kith("due").code == 0 and matched  # the next `due` matches them again


def test_a_search_text_keeps_each_word_once_and_matches_as_before(filled: Path) -> None:
    """A summary said many times is kept once in the directory; a search still finds every word of it."""
    journal = fresh(filled)
    tom = journal.find_person("Tom")
    for _ in range(5):
        journal.log(Interaction(people=[tom.uid], on=on(-2), direction="out", summary="Pricing of the Pro plan"))
    views.listing(fresh(filled), "")
    kept = json.loads((filled.parent / "journal.json.d" / "directory.json").read_text())["value"]
    [text] = [text for text, row in zip(kept["texts"], kept["rows"], strict=True) if json.loads(row)[1] == "Tom Baker"]
    assert text.count("pricing") == 1 and "pro plan" in text
    for query in ("pricing", "pro", "plan pricing", "desig", "tom pro"):
        assert [cells[0] for _, cells in views.listing(fresh(filled), query)[0]] == ["Tom Baker"], query
    assert views.listing(fresh(filled), "pricingpro")[0] == []


def test_a_uid_or_its_start_finds_the_person_without_everyones_names(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kith show UID` (and a key's start, six characters or more) needs the stored uids, not names.json; a
    name made of hex letters is still a name when no uid starts with it."""
    journal = fresh(filled)
    ana = journal.find_person("ana")
    decade = journal.add_person(Person(name="Decade", uid="0" * 32))
    looked: list[str] = []
    real = views.names
    monkeypatch.setattr(views, "names", lambda journal: (looked.append("names"), real(journal))[1])
    for query in (ana.uid, ana.uid[:8].upper(), f" {ana.uid[:6]} "):
        assert fresh(filled).find_person(query).uid == ana.uid
    assert looked == []
    assert fresh(filled).find_person("decade").uid == decade.uid and looked == ["names"]
    with pytest.raises(PersonNotFound):
        fresh(filled).find_person("abcdef" * 2)


def test_names_a_change_leaves_as_they_were_are_kept_without_being_read(
    filled: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `log` by uid reads no names and writes none: names.json is kept for the people's parts, which a log does
    not write (copying them to the new version cost more than the log at 30k). What the next command reads is
    what a rebuild gives; a change of people carries them to the parts it wrote."""
    from journal.store import index

    names = filled.parent / "journal.json.d" / "names.json"
    ana = fresh(filled).find_person("ana")
    views.names(fresh(filled))
    before = names.read_bytes()
    parsed: list[str] = []
    real = index.read_once
    monkeypatch.setattr(index, "read_once", lambda path, **kw: (parsed.append(path.name), real(path, **kw))[1])
    index._parsed.clear()
    fresh(filled).log(Interaction(people=[ana.uid], on=on(0), summary="coffee"))
    assert "names.json" not in parsed and names.read_bytes() == before
    kept = views.names(fresh(filled))
    names.unlink()
    assert kept is not None and (rebuilt := views.names(fresh(filled))) is not None
    assert kept.everyone() == rebuilt.everyone()
    fresh(filled).add_person(Person(name="Noor Haddad"))
    assert json.loads(names.read_bytes())["key"][0] == fresh(filled).files.token()  # carried to the new parts
    assert "Noor Haddad" in [row[1] for row in views.kept_roster(fresh(filled)).everyone()]  # type: ignore[union-attr]


def test_names_kept_for_the_people_are_computed_again_when_a_part_of_them_is_edited_by_hand(filled: Path) -> None:
    """The names are kept for the files of the people's parts: a part edited by hand (the same commit, another
    file) is never read through the names kept before it."""
    views.names(fresh(filled))
    ana = fresh(filled).find_person("ana")
    part = fresh(filled).files.part_paths("people")[index.bucket_name(ana.uid)]
    part.write_text(part.read_text().replace("Ana López", "Ana Lopesmith"))
    assert views.kept_roster(fresh(filled)) is None  # not fresh: not offered to a TAB
    assert fresh(filled).find_person("ana lopesmith").uid == ana.uid
    with pytest.raises(PersonNotFound):
        fresh(filled).find_person("ana lópez")


def test_who_a_person_introduced_brought_up_to_date_from_the_change_log_equals_a_fresh_one(
    filled: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card lists the people its person introduced from a kept map, not by reading everyone: after each
    change the map brought up to date equals one computed from the records."""
    folder = filled.parent / "journal.json.d"
    steps = [
        ["add", "Zoë Hopper", "--introduced-by", "Ana López"],
        ["add", "Kai Lund", "--introduced-by", "Ana López"],
        ["edit", "Kai", "--introduced-by", "Tom Baker"],
        ["merge", "Zoë", "Tom"],  # Zoë's introduction goes with her into Tom
        ["undo"],
        ["forget", "Ana López", "--yes"],  # nobody is introduced by someone who is gone
        ["undo"],
    ]
    updated = []
    real = index._updated
    monkeypatch.setattr(index, "_updated", lambda *args: updated.append(real(*args)) or updated[-1])

    def shown() -> dict[str, list[str]]:
        journal = fresh(filled)
        return {uid: sorted(views.introduced(journal, uid)) for uid in list(journal.stored(Person))}

    for step in steps:
        shown()
        updated.clear()
        assert kith(*step).code == 0, step
        kept = shown()
        assert updated and None not in updated, step  # brought up to date, not computed again
        (folder / "introduced.json").unlink()
        assert shown() == kept, step
    names = {p.uid: p.name for p in fresh(filled).people(archived=True)}
    assert {names[by]: [names[u] for u in uids] for by, uids in shown().items() if uids} == {
        "Ana López": ["Zoë Hopper"],
        "Tom Baker": ["Kai Lund"],
    }


def test_a_search_parses_the_rows_it_found_not_everyones(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory keeps each row as JSON text beside its search text: `kith people QUERY` parses the rows
    that match (at 30k people, parsing every row cost more than the rest of the command). A row it never
    parses cannot mislead it; listing everyone parses it, finds it damaged, and computes the rows instead."""
    monkeypatch.setattr(views, "_listed_whole", None)
    views.listing(fresh(filled), "")
    path = filled.parent / "journal.json.d" / "directory.json"
    kept = json.loads(path.read_text())
    rows = kept["value"]["rows"]
    assert all(isinstance(row, str) for row in rows) and len(rows) == len(kept["value"]["texts"]) == 3
    rows[next(n for n, row in enumerate(rows) if json.loads(row)[1] == "Tom Baker")] = "{not a row"
    path.write_text(json.dumps(kept))
    reader = fresh(filled)
    with monkeypatch.context() as patched:
        patched.setattr(Journal, "directory", lambda self: pytest.fail("computed everyone's rows"))
        assert [cells[0] for _, cells in views.listing(reader, "acme")[0]] == ["Ana López"]
    assert sorted(cells[0] for _, cells in views.listing(reader, "")[0]) == ["Ana López", "Tom Baker"]


def test_naming_a_person_parses_the_names_rows_it_found_not_everyones(
    filled: Path, kith: Kith, monkeypatch: pytest.MonkeyPatch
) -> None:
    """names.json keeps each person's normalised names beside their row as JSON text: naming a person, a jot's
    near-duplicate look and a TAB parse the rows whose names can match (at 30k people, parsing every row was
    most of a `jot`). A row none of them reaches cannot mislead them; a damaged row one of them reaches is
    never trusted: the names are computed again (a TAB, which computes nothing, reads the stored people)."""
    assert kith("add", "Anita Borg").code == 0
    fresh(filled).find_person("anita")
    path = filled.parent / "journal.json.d" / "names.json"
    kept = json.loads(path.read_text())
    keys, rows = kept["value"]["keys"], kept["value"]["rows"]
    assert all(isinstance(row, str) for row in rows) and len(rows) == len(keys) == 4
    rows[next(n for n, row in enumerate(rows) if json.loads(row)[1] == "Tom Baker")] = "{not a row"
    path.write_text(json.dumps(kept))
    with monkeypatch.context() as patched:
        patched.setattr(Journal, "records", lambda self, cls: pytest.fail(f"computed everyone's {cls.__name__}"))
        assert fresh(filled).find_person("anita b").name == "Anita Borg"
        assert kith("jot", "--new", "Anika Borg (Acme)").code == 0  # near Anita: looked at without Tom's row
        assert sorted(offered(filled, "ani")) == ["Anika Borg", "Anita", "Anita Borg"]
    assert fresh(filled).find_person("tom").name == "Tom Baker"  # his row is read, found damaged, computed
    assert offered(filled, "to") == ["Tom Baker"]


def offered(db: Path, typed: str) -> list[str]:
    """What a TAB after `kith show` offers."""
    from journal.completion import complete

    return [offer.value for offer in complete(["--db", str(db), "show", typed], today=lambda: TODAY).offers]


def test_a_name_nobody_has_suggests_the_closest_names_among_everyone(kith: Kith) -> None:
    """Naming reads the rows whose names hold what was typed; when none is the one meant, the names that come
    closest are looked for among everyone, as before: "lena" (in Helena, who is not meant) suggests Lina."""
    for name in ("Lina", "Helena Fox"):
        assert kith("add", name).code == 0
    assert kith("show", "lina").code == 0  # names.json kept
    result = kith("show", "lena")
    assert result.code == 2 and "Lina" in result.err, result.err
