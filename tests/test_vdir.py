"""`kith vdir`: people as cards and reminders as to-dos in two vdirs, both ways. The other side's edits are
made with vobject and icalendar directly, as a phone's sync would write them, never with Kith's code."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from journal.journal import Journal
from journal.store import settings
from journal.vdir.folder import Vdir, fingerprint
from tests.conftest import TODAY, Kith


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """Two empty vdirs: contacts and tasks."""
    contacts, tasks = tmp_path / "contacts", tmp_path / "tasks"
    contacts.mkdir()
    tasks.mkdir()
    return contacts, tasks


def _ana(kith: Kith, db: Path) -> str:
    kith("add", "Ana López", "--email", "ana@example.com", "--phone", "+49 30 1234", "--tag", "pydata",
         "--met", "2026-11-20", "--every", "30")  # fmt: skip
    kith("promise", "ana", "send the slides", "--by", "2026-11-27")
    kith("promise", "ana", "an intro to Bob", "--theirs", "--by", "2026-11-26")
    return _journal(db).people()[0].uid


def _sync(kith: Kith, folders: tuple[Path, Path] | None = None, today: date = TODAY) -> str:
    args = ["--contacts", str(folders[0]), "--tasks", str(folders[1])] if folders else []
    result = kith("vdir", *args, today=today)
    assert result.code == 0, result.err
    return result.out


def _todo(path: Path) -> icalendar.Todo:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return next(iter(calendar.walk("VTODO")))


def _journal(db: Path) -> Journal:
    return Journal.open(db, clock=lambda: TODAY)


def _promise_file(tasks: Path, journal: Journal, mine: bool) -> Path:
    promise = next(p for p in journal.promises() if p.mine is mine)
    return tasks / f"{'promise' if mine else 'nudge'}-{promise.uid}.ics"


def _write_like_a_phone(path: Path, text: str) -> None:
    """A sync client's write: CRLF line ends, and a new modification time."""
    path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode())
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))


def test_everyone_not_archived_is_one_card_and_each_reminder_one_todo(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    kith("add", "Old Friend")
    kith("archive", "old friend")
    out = _sync(kith, folders)
    assert "1 card written" in out
    contacts, tasks = folders
    assert [p.name for p in contacts.iterdir()] == [f"{uid}.vcf"]
    card = vobject.readOne((contacts / f"{uid}.vcf").read_text())
    assert card.uid.value == uid
    assert card.fn.value == "Ana López"
    assert card.email.value == "ana@example.com" and card.tel.value == "+49 30 1234"
    assert card.contents["x-kith-every"][0].value == "30"
    assert card.contents["x-kith-met-on"][0].value == "2026-11-20"
    assert card.categories.value == ["pydata"]
    journal = _journal(db)
    mine = _todo(_promise_file(tasks, journal, mine=True))
    assert str(mine["UID"]).startswith("promise-") and str(mine["UID"]).endswith("@kith")
    assert mine["DUE"].dt == date(2026, 11, 27)
    assert str(mine["STATUS"]) == "NEEDS-ACTION"
    assert next(iter(mine.walk("VALARM")))["ACTION"] == "DISPLAY"
    theirs = _todo(_promise_file(tasks, journal, mine=False))
    assert "Nudge Ana López" in str(theirs["SUMMARY"])
    kinds = sorted(p.name.split("-")[0] for p in tasks.iterdir())
    assert kinds == ["follow", "keep", "nudge", "promise"]  # follow-up and keep-in-touch have dates too


def test_a_second_run_with_nothing_changed_writes_nothing(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)
    before = {p.name: p.stat().st_mtime_ns for f in folders for p in f.iterdir()}
    assert "0 cards written, 0 removed; 0 to-dos written, 0 closed" in _sync(kith)
    assert {p.name: p.stat().st_mtime_ns for f in folders for p in f.iterdir()} == before


def test_the_folders_are_remembered_per_journal(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)
    assert settings.read(db) == {"contacts": str(folders[0]), "tasks": str(folders[1])}
    assert kith("vdir").code == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((), "no vdir yet"),
        (("--contacts", "{f}/a", "--tasks", "{f}/a"), "two folders"),
        (("--contacts", "{f}/no/such/dir"), "does not exist"),
        (("--contacts", "{f}/file.txt"), "is a file"),
    ],
)
def test_bad_folders_are_one_line_exit_2_and_nothing_written(kith: Kith, db: Path, tmp_path: Path, args, said) -> None:
    _ana(kith, db)
    (tmp_path / "file.txt").write_text("x")
    result = kith("vdir", *(a.format(f=tmp_path) for a in args))
    assert result.code == 2
    assert said in result.err and len(result.err.strip().splitlines()) == 1
    assert settings.read(db) == {}
    assert not (tmp_path / "a").exists()


def test_a_phone_edit_of_phone_and_email_updates_the_person_and_keeps_its_photo(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    _sync(kith, folders)
    path = folders[0] / f"{uid}.vcf"
    card = vobject.readOne(path.read_text())
    del card.contents["tel"]
    del card.contents["email"]
    tel = card.add("tel")
    tel.value, tel.type_param = "+49 170 5555", "CELL"
    email = card.add("email", group="item1")
    email.value = "ana@lopez.example"
    card.add("x-ablabel", group="item1").value = "_$!<Work>!$_"
    card.add("note").value = "a long note " * 20  # folded over several lines
    text = card.serialize().replace("END:VCARD", "PHOTO;ENCODING=b;TYPE=JPEG:aGVsbG8=\r\nEND:VCARD")
    _write_like_a_phone(path, text)

    assert "1 updated" in _sync(kith)
    ana = _journal(db).person(uid)
    assert ana is not None
    assert ana.handles["phone"] == "+49 170 5555" and ana.labels["phone"] == "mobile"
    assert ana.handles["email"] == "ana@lopez.example" and ana.labels["email"] == "work"
    assert "PHOTO" in path.read_text()  # what Kith does not write is kept when it writes the card again
    assert "0 updated" in _sync(kith)


def _phone_edits_my_promise(folders: tuple[Path, Path], db: Path, edit: Callable[[icalendar.Todo], None]) -> Path:
    """Change the to-do of my promise to Ana as a phone would: read with icalendar, edited, written back;
    its file."""
    path = _promise_file(folders[1], _journal(db), mine=True)
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    edit(next(iter(calendar.walk("VTODO"))))
    _write_like_a_phone(path, calendar.to_ical().decode())
    return path


def test_ticking_a_task_closes_the_promise_as_one_undoable_change(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)

    def tick(todo: icalendar.Todo) -> None:
        todo["STATUS"] = icalendar.vText("COMPLETED")
        todo.add("percent-complete", 100)
        todo.add("completed", datetime(2026, 11, 24, 8, 30, tzinfo=UTC))

    _phone_edits_my_promise(folders, db, tick)

    out = _sync(kith)
    assert "1 done" in out
    journal = _journal(db)
    assert [p.what for p in journal.promises(status="done")] == ["send the slides"]
    latest = journal.history(limit=1)[0]
    assert latest.command.startswith("kith vdir")
    assert kith("undo").code == 0
    assert [p.what for p in _journal(db).promises()] == ["send the slides", "an intro to Bob"]


def test_a_new_due_on_the_other_side_snoozes_the_reminder(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)

    def move(todo: icalendar.Todo) -> None:
        del todo["DUE"]
        todo.add("due", datetime(2026, 12, 2, 17, 0, tzinfo=UTC))  # a phone writes a time

    path = _phone_edits_my_promise(folders, db, move)

    assert "1 snoozed" in _sync(kith)
    promise = next(p for p in _journal(db).promises() if p.mine)
    assert _journal(db).snoozes() == {f"promise:{promise.uid}": "2026-12-02"}
    assert _todo(path)["DUE"].dt == date(2026, 12, 2)
    assert "0 snoozed" in _sync(kith)


def test_a_promise_closed_in_kith_is_ticked_there_not_deleted(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)
    journal = _journal(db)
    mine, theirs = _promise_file(folders[1], journal, True), _promise_file(folders[1], journal, False)
    promises = {p.mine: p for p in journal.promises()}
    kith("done", f"promise:{promises[True].uid[:8]}")
    kith("drop", f"nudge:{promises[False].uid[:8]}")
    assert "3 closed" in _sync(kith)  # and the follow-up, since keeping a promise is contact
    assert str(_todo(mine)["STATUS"]) == "COMPLETED" and _todo(mine)["PERCENT-COMPLETE"] == 100
    assert str(_todo(theirs)["STATUS"]) == "CANCELLED"


def test_an_archived_persons_card_is_removed(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    _sync(kith, folders)
    kith("archive", "ana")
    assert "1 removed" in _sync(kith)
    assert not (folders[0] / f"{uid}.vcf").exists()


GOOGLE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tom Baker\r\nN:Baker;Tom;;;\r\n"
    "item1.EMAIL;TYPE=INTERNET:tom@example.org\r\nitem1.X-ABLabel:\r\n"
    "TEL;TYPE=CELL:+44 20 7946 0000\r\nORG:Baker &\r\n  Sons\r\nUID:3b1f0c4e-google-card\r\nEND:VCARD\r\n"
)


def test_a_card_made_on_the_phone_becomes_a_person_met_nowhere_known(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)
    (folders[0] / "3b1f0c4e-google-card.vcf").write_bytes(GOOGLE_CARD.encode())
    assert "1 added" in _sync(kith)
    tom = next(p for p in _journal(db).people() if p.name == "Tom Baker")
    assert tom.handles == {"email": "tom@example.org", "phone": "+44 20 7946 0000"}
    assert tom.company == "Baker & Sons"
    assert tom.met_on is None and tom.met_place is None and tom.met_event is None
    card = vobject.readOne((folders[0] / "3b1f0c4e-google-card.vcf").read_text())
    assert card.uid.value == "3b1f0c4e-google-card"  # the phone's card keeps its UID; Kith's uid rides along
    assert card.contents["x-kith-uid"][0].value == tom.uid
    assert "0 added" in _sync(kith)


def test_a_card_deleted_there_forgets_the_person_only_if_kith_did_not_change_them(
    kith: Kith, db: Path, folders
) -> None:
    uid = _ana(kith, db)
    kith("add", "Bea Stone", "--email", "bea@example.com")
    _sync(kith, folders)
    bea = next(p for p in _journal(db).people() if p.name == "Bea Stone")
    kith("edit", "ana", "--company", "Acme")
    (folders[0] / f"{uid}.vcf").unlink()
    (folders[0] / f"{bea.uid}.vcf").unlink()
    out = _sync(kith)
    assert "1 forgotten" in out and "written again" in out
    names = [p.name for p in _journal(db).people()]
    assert names == ["Ana López"]
    assert (folders[0] / f"{uid}.vcf").exists() and not (folders[0] / f"{bea.uid}.vcf").exists()


def test_many_cards_vanishing_at_once_forget_no_one(kith: Kith, db: Path, folders) -> None:
    for n in range(8):
        kith("add", f"Person {n}")
    _sync(kith, folders)
    for path in folders[0].iterdir():
        path.unlink()
    out = _sync(kith)
    assert "vanished at once" in out and "0 forgotten" in out
    assert len(_journal(db).people()) == 8
    assert len(list(folders[0].iterdir())) == 8


def test_a_value_changed_on_both_sides_goes_to_the_newest_change(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    _sync(kith, folders)
    path = folders[0] / f"{uid}.vcf"

    def phone_edit(number: str, rev: datetime) -> None:
        card = vobject.readOne(path.read_text())
        card.tel.value = number
        card.add("rev").value = rev.strftime("%Y%m%dT%H%M%SZ")
        _write_like_a_phone(path, card.serialize())

    kith("edit", "ana", "--phone", "+49 30 2222")
    phone_edit("+49 30 3333", datetime.now(UTC) - timedelta(days=1))  # older than Kith's edit
    out = _sync(kith)
    assert "kept Ana López's phone from Kith" in out
    assert _journal(db).person(uid).handles["phone"] == "+49 30 2222"  # type: ignore[union-attr]
    assert "+49 30 2222" in path.read_text()

    kith("edit", "ana", "--phone", "+49 30 4444")
    phone_edit("+49 30 5555", datetime.now(UTC) + timedelta(minutes=5))  # newer
    out = _sync(kith)
    assert "took Ana López's phone from the address book" in out
    assert _journal(db).person(uid).handles["phone"] == "+49 30 5555"  # type: ignore[union-attr]
    said = [c.summary for c in _journal(db).history(uid, limit=3)]
    assert any("phone" in s or "handles" in s for s in said)  # both changes are in the history


HOSTILE = {
    "garbage.vcf": b"\x00\x01\xff\xfe not a card at all",
    "two.vcf": b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n",
    "escape.vcf": b"BEGIN:VCARD\r\nFN:\x1b[31mRed\x1b]0;pwned\x07\r\nEMAIL:x@example.com\r\nEND:VCARD\r\n",
    "markup.vcf": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:[@click=app.quit]Mallory[/]\r\nEND:VCARD\r\n",
    "huge.vcf": b"BEGIN:VCARD\r\nFN:" + b"x" * 1_100_000 + b"\r\nEND:VCARD\r\n",
}


def test_damaged_and_hostile_files_are_skipped_and_named_never_fatal(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)
    for name, data in HOSTILE.items():
        (folders[0] / name).write_bytes(data)
    (folders[1] / "broken.ics").write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nDUE:notadate\r\n")
    (folders[1] / "mine.ics").write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:my-own\r\nSUMMARY:buy milk\r\n"
        b"END:VTODO\r\nEND:VCALENDAR\r\n"
    )
    result = kith("vdir")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out
    for name in ("garbage.vcf", "two.vcf", "huge.vcf", "broken.ics"):
        assert f"/{name} skipped" in result.out
    names = [p.name for p in _journal(db).people()]
    assert not any("\x1b" in n for n in names)
    assert "[@click=app.quit]Mallory[/]" in names  # kept as plain text: the screens never read it as markup
    assert (folders[1] / "mine.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")  # the user's own to-do: untouched
    assert (folders[0] / "garbage.vcf").read_bytes() == HOSTILE["garbage.vcf"]
    assert "skipped" not in _sync(kith)  # each is named once, until it changes
    _write_like_a_phone(folders[0] / "garbage.vcf", "still not a card")
    assert _sync(kith).count("skipped") == 1


def test_a_file_that_changed_under_a_write_is_left_for_the_next_run(tmp_path: Path) -> None:
    folder = Vdir(tmp_path, ".vcf")
    assert folder.write("a.vcf", b"one", None) is not None
    assert folder.write("a.vcf", b"two", None) is None  # a file appeared that was not expected
    assert folder.write("a.vcf", b"two", fingerprint(b"something else")) is None
    assert (tmp_path / "a.vcf").read_bytes() == b"one"
    assert folder.write("a.vcf", b"two", fingerprint(b"one")) is not None
    assert (tmp_path / "a.vcf").read_bytes() == b"two"
    assert not folder.remove("a.vcf", fingerprint(b"one"))
    assert [p.name for p in tmp_path.iterdir()] == ["a.vcf"]  # no temporary file left behind


def test_a_keep_in_touch_ticked_on_the_phone_logs_contact_and_comes_back_later(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    _sync(kith, folders)
    path = folders[1] / f"keep-in-touch-{uid}.ics"
    before = _todo(path)["DUE"].dt
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    next(iter(calendar.walk("VTODO")))["STATUS"] = icalendar.vText("COMPLETED")
    _write_like_a_phone(path, calendar.to_ical().decode())
    assert "1 done" in _sync(kith)
    again = _todo(path)
    assert str(again["STATUS"]) == "NEEDS-ACTION" and again["DUE"].dt > before


def test_a_follow_up_whose_window_passed_without_contact_is_cancelled_not_ticked(kith: Kith, db: Path, folders) -> None:
    kith("add", "Cy Young", "--met", "2026-11-20")
    kith("add", "Di Bell", "--met", "2026-11-20")
    _sync(kith, folders)
    journal = _journal(db)
    cy, di = (next(p for p in journal.people() if p.name == name) for name in ("Cy Young", "Di Bell"))
    kith("log", "di", "-m", "coffee", "--on", "2026-11-24")
    _sync(kith, today=date(2026, 12, 25))
    assert str(_todo(folders[1] / f"follow-up-{cy.uid}.ics")["STATUS"]) == "CANCELLED"
    assert str(_todo(folders[1] / f"follow-up-{di.uid}.ics")["STATUS"]) == "COMPLETED"


def test_what_kith_kept_over_the_other_sides_value_is_named_in_the_change_log(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    kith("add", "Bea Stone")
    _sync(kith, folders)
    kith("edit", "ana", "--email", "ana@new.example")
    path = folders[0] / f"{uid}.vcf"
    card = vobject.readOne(path.read_text())
    card.email.value = "ana@phone.example"
    card.tel.value = "+49 30 7777"
    card.add("rev").value = "20200101T000000Z"
    _write_like_a_phone(path, card.serialize())
    _sync(kith)
    latest = _journal(db).history(limit=1)[0]
    assert "from the vdirs: 1 person updated" in latest.summary
    assert "the address book had ana@phone.example" in latest.summary
    ana = _journal(db).person(uid)
    assert ana is not None and ana.handles["email"] == "ana@new.example" and ana.handles["phone"] == "+49 30 7777"


APPLE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nN:Ng;Mai;;;\r\nFN:Mai Ng\r\n"
    "item1.TEL;type=pref:+33 6 12 34 56 78\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\n"
    "item2.EMAIL;type=INTERNET;type=pref:mai@exam\r\n ple.fr\r\nitem2.X-ABLabel:_$!<Home>!$_\r\n"
    "NOTE:met at the bakery\\, Tuesday\r\nEND:VCARD\r\n"
)
VCARD_4 = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0a6e2b52-4a55-4f4f-9d64-5f0e2c1a1a1a\r\nFN:Jo Park\r\n"
    "TEL;VALUE=uri;TYPE=cell:tel:+1-555-0100\r\nEMAIL;TYPE=work:jo@example.com\r\nEND:VCARD\r\n"
)


@pytest.mark.parametrize(
    ("text", "name", "handles"),
    [
        (APPLE_CARD, "Mai Ng", {"phone": "+33 6 12 34 56 78", "email": "mai@example.fr"}),
        (VCARD_4, "Jo Park", {"phone": "+1-555-0100", "email": "jo@example.com"}),
    ],
)
def test_cards_as_phones_write_them_become_people(kith: Kith, db: Path, folders, text, name, handles) -> None:
    _sync(kith, folders)
    (folders[0] / "from-phone.vcf").write_bytes(text.encode())
    assert "1 added" in _sync(kith)
    person = next(p for p in _journal(db).people() if p.name == name)
    assert {k: v for k, v in person.handles.items() if k in handles} == handles
    assert "0 added, 0 updated" in _sync(kith)


def test_json_says_what_was_done_and_where(kith: Kith, db: Path, folders) -> None:
    import json

    _ana(kith, db)
    result = kith("vdir", "--contacts", str(folders[0]), "--tasks", str(folders[1]), "--json")
    said = json.loads(result.out)
    assert said["contacts"] == str(folders[0]) and said["cards_written"] == 1 and said["tasks_written"] == 4
    assert said["notes"] == []


def test_a_deleted_todo_forgets_the_promise_only_if_kith_did_not_change_it(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)
    journal = _journal(db)
    mine, theirs = _promise_file(folders[1], journal, True), _promise_file(folders[1], journal, False)
    nudge = next(p for p in journal.promises() if not p.mine)
    kith("edit", f"promise:{nudge.uid[:8]}", "--by", "2026-11-29")
    mine.unlink()
    theirs.unlink()
    out = _sync(kith)
    assert "1 forgotten" in out and "written again" in out
    assert [p.what for p in _journal(db).promises(status=None)] == ["an intro to Bob"]
    assert theirs.exists() and not mine.exists()


def test_a_state_file_that_cannot_be_read_starts_afresh_and_forgets_no_one(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    _sync(kith, folders)
    (db.parent / "journal.json.d" / "vdir.json").write_text("{not json")
    (folders[0] / f"{uid}.vcf").unlink()
    out = _sync(kith)
    assert "started afresh" in out and "0 forgotten" in out
    assert (folders[0] / f"{uid}.vcf").exists()
    assert "0 cards written" in _sync(kith)


def test_a_vdir_that_went_away_is_one_line_and_forgets_no_one(kith: Kith, db: Path, folders) -> None:
    _ana(kith, db)
    _sync(kith, folders)
    for path in folders[0].iterdir():
        path.unlink()
    folders[0].rmdir()
    result = kith("vdir")
    assert result.code == 2 and "is not a folder" in result.err
    assert len(_journal(db).people()) == 1


def test_a_server_that_reformats_cards_and_todos_gets_nothing_written_back(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    _sync(kith, folders)
    card = folders[0] / f"{uid}.vcf"
    reformatted = vobject.readOne(card.read_text())
    reformatted.add("prodid").value = "-//Some Server//EN"
    reformatted.add("x-abuid").value = "1234-5678:ABPerson"
    _write_like_a_phone(card, reformatted.serialize())
    todo = _promise_file(folders[1], _journal(db), mine=True)
    calendar = icalendar.Calendar.from_ical(todo.read_bytes())
    calendar["PRODID"] = icalendar.vText("-//Some Server//EN")
    next(iter(calendar.walk("VTODO"))).add("sequence", 1)
    _write_like_a_phone(todo, calendar.to_ical().decode())
    before = card.read_bytes(), todo.read_bytes()
    out = _sync(kith)
    assert "0 cards written" in out and "0 to-dos written" in out
    assert (card.read_bytes(), todo.read_bytes()) == before
    assert "0 cards written" in _sync(kith)


def test_a_card_edited_there_with_a_broken_photo_is_still_taken_in(kith: Kith, db: Path, folders) -> None:
    uid = _ana(kith, db)
    _sync(kith, folders)
    path = folders[0] / f"{uid}.vcf"
    text = path.read_text().replace("+49 30 1234", "+49 30 8888")
    _write_like_a_phone(path, text.replace("END:VCARD", "PHOTO;ENCODING=b;TYPE=JPEG:!!!notbase64***\r\nEND:VCARD"))
    assert "1 updated" in _sync(kith)
    assert "+49 30 8888" in path.read_text()


class _Killed(BaseException):
    """A kill of the process at one moment of a run (nothing after it happens)."""


@pytest.mark.parametrize("moment", ["_tasks_out", "write"])
def test_a_run_killed_after_its_commit_does_not_apply_the_phones_edit_twice(
    kith: Kith, db: Path, folders, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    """The commit that takes the phone's edit in also keeps what the run read (a side file of that commit),
    so a run killed before its state file was written does not take the same edit in again next time."""
    from journal.vdir import engine
    from journal.vdir import state as kept

    _ana(kith, db)
    _sync(kith, folders)

    def move(todo: icalendar.Todo) -> None:
        todo["DUE"] = icalendar.vDDDTypes(date(2026, 12, 2))

    path = _phone_edits_my_promise(folders, db, move)

    def kill(*args: object, **kwargs: object) -> None:
        raise _Killed

    with monkeypatch.context() as patch:
        patch.setattr(engine if moment == "_tasks_out" else kept, moment, kill)
        with pytest.raises(_Killed):
            kith("vdir")
    head = _journal(db).files.head()

    out = _sync(kith)

    assert "0 snoozed" in out and "0 done" in out
    assert _journal(db).files.head() == head  # nothing taken in twice
    promise = next(p for p in _journal(db).promises() if p.mine)
    assert _journal(db).snoozes() == {f"promise:{promise.uid}": "2026-12-02"}
    assert _todo(path)["DUE"].dt == date(2026, 12, 2)
    assert "0 snoozed" in _sync(kith) and "0 to-dos written" in _sync(kith)
