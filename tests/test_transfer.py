"""Import and export: every format against hand-written files in its real shape, round trips,
idempotence, spreadsheet safety, and the calendar and address-book output parsed back."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from conftest import TODAY, Kith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import exporting, formats, importing
from journal.errors import UserError
from journal.formats import cells
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person, Promise
from journal.progress import Bar

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
LINKEDIN = FIXTURES / "linkedin" / "Connections.csv"


def by_name(journal: Journal) -> dict[str, Person]:
    return {p.name: p for p in journal.people(archived=True)}


def export(journal: Journal, kind: str, style: str | None = None) -> str:
    return exporting.render(journal, exporting.choose(kind, style))


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# LinkedIn


def test_linkedin_connections_become_people_met_on_linkedin(journal: Journal) -> None:
    report = importing.import_file(journal, LINKEDIN)
    assert report.format.name == "linkedin"
    assert (report.created, report.updated, report.unchanged, report.skipped, report.left_out) == (8, 0, 0, 0, 1)
    people = by_name(journal)
    assert people["private-person"].handles == {"linkedin": "https://www.linkedin.com/in/private-person"}
    assert people["Jonas Berg"].met_on is None and people["Jonas Berg"].company == "Spotify"
    ana = people["Ana López"]
    assert (ana.company, ana.role, ana.met_on, ana.met_online) == ("Zalando", "Head of Data", "2024-03-12", "linkedin")
    assert ana.handles == {"linkedin": "https://www.linkedin.com/in/ana-lopez-4b2a1"}
    assert people["Tomasz Wójcik"].company == "Wójcik, Nowak & Partners"
    assert people["Tomasz Wójcik"].email == "tomasz.wojcik@example.com"
    assert people["Søren Kierkegaard-Holm"].company == 'The "Quiet" Studio'
    assert people["Søren Kierkegaard-Holm"].role == "Designer, Illustrator"
    assert people["美咲 佐藤"].met_on == "2026-11-07"
    assert people["Priya Raman"].company == '=HYPERLINK("http://evil.example")'  # kept as text, made safe on export


def test_linkedin_bad_values_are_named_by_their_line_in_the_file_counting_the_notes(journal: Journal) -> None:
    report = importing.import_file(journal, LINKEDIN)
    assert report.lines() == ["line 11: Connected On '31 Feb 2024' is not a date like 12 Mar 2024; kept the rest"]
    assert report.summary().endswith("0 skipped, 1 value left out")


def test_importing_linkedin_twice_adds_nobody(journal: Journal) -> None:
    importing.import_file(journal, LINKEDIN)
    before = journal.files.main.file.path.read_bytes()
    again = importing.import_file(journal, LINKEDIN)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)
    assert len(journal.people()) == 8
    assert journal.files.main.file.path.read_bytes() == before  # nothing to change: nothing written


def test_the_older_linkedin_export_without_urls_imports(journal: Journal) -> None:
    report = importing.import_file(journal, FIXTURES / "linkedin" / "Connections-old.csv")
    assert (report.created, report.skipped) == (2, 0)
    grace = by_name(journal)["Grace O'Neil"]
    assert (grace.company, grace.met_on, grace.handles) == ("Acme, Inc.", "2020-05-05", {})


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("12 Mar 2024", "2024-03-12"),
        ("7 Nov 2026", "2026-11-07"),
        ("05 May 2020", "2020-05-05"),
        ("1 September 2021", "2021-09-01"),
        ("2024-02-29", "2024-02-29"),
        ("31 Feb 2024", None),
        ("23-Apr-23", "2023-04-23"),
        ("1/8/18, 6:14 PM", "2018-01-08"),  # LinkedIn's US exports: month first
        ("03/12/24", "2024-03-12"),
        ("12/31/2019", "2019-12-31"),
        ("Mar 12, 2024", "2024-03-12"),
        ("March 5 2021", "2021-03-05"),
        ("2026-08-01 10:00:00 UTC", "2026-08-01"),
        ("2019-06-30T08:15:00Z", "2019-06-30"),
        ("13/13/2020", None),
        ("soon", None),
    ],
)
def test_connected_on_dates(cell: str, iso: str | None) -> None:
    from journal.formats.linkedin_csv import connected_on

    assert connected_on(cell) == iso


# Google Contacts


def test_google_contacts_with_several_emails_phones_and_labels(journal: Journal) -> None:
    report = importing.import_file(journal, FIXTURES / "google" / "contacts.csv")
    assert report.format.name == "google"
    assert (report.created, report.skipped, report.left_out) == (5, 0, 1)
    assert report.lines() == [
        "line 7: email 'not-an-email' is not an email address like ana@example.com; kept the rest"
    ]
    people = by_name(journal)
    ana = people["Ana López"]
    assert ana.handles == {
        "email": "ana@example.com",
        "email2": "ana.lopez@mail.example",
        "phone": "+49 170 5550101",
        "phone2": "+49 30 5550102",
        "phone3": "+49 30 5550103",
        "linkedin": "https://www.linkedin.com/in/ana-lopez-4b2a1",
    }
    assert ana.tags == ["Berlin", "Clients"]  # without * myContacts
    assert (ana.company, ana.role, ana.aliases) == ("Zalando", "Head of Data", ["Ani"])
    assert ana.notes == "Met at PyData.\nLikes pricing talk."
    assert people["Björn Erik Åström"].handles["web"] == "https://bjorn.example.se"
    assert people["Zenith Printing"].tags == ["Suppliers"]  # a company-only contact is named after it
    assert people["Kwame Mensah"].tags == ["starred"]
    assert people["Kwame Mensah"].notes == "+1 owes me lunch"


def test_the_legacy_google_export_in_utf16_imports(journal: Journal) -> None:
    report = importing.import_file(journal, FIXTURES / "google" / "contacts-legacy.csv")
    assert (report.format.name, report.created, report.skipped) == ("google", 2, 0)
    elodie = by_name(journal)["Élodie Martin"]
    assert (elodie.company, elodie.role, elodie.tags) == ("Meetup Lyon", "Organiser", ["Meetups"])
    assert elodie.handles["email2"] == "e.martin@work.example"
    assert elodie.handles["linkedin"] == "https://fr.linkedin.com/in/elodie-martin"


def test_google_and_linkedin_of_the_same_people_merge_without_duplicates(journal: Journal) -> None:
    importing.import_file(journal, LINKEDIN)
    report = importing.import_file(journal, FIXTURES / "google" / "contacts.csv")
    assert (report.created, report.updated) == (4, 1)  # Ana matched by her LinkedIn profile
    ana = by_name(journal)["Ana López"]
    assert ana.met_on == "2024-03-12" and ana.met_online == "linkedin"  # kept
    assert ana.email == "ana@example.com" and ana.tags == ["Berlin", "Clients"]  # filled in
    again = importing.import_file(journal, FIXTURES / "google" / "contacts.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_an_import_never_overwrites_what_the_user_wrote(journal: Journal) -> None:
    mine = Person(name="Ana Lopez", company="Freelance", handles={"email": "ana@example.com"}, notes="my words")
    journal.add_person(mine)
    report = importing.import_file(journal, FIXTURES / "google" / "contacts.csv")
    assert report.updated == 1
    ana = journal.person(mine.uid)
    assert ana is not None
    assert (ana.name, ana.company, ana.notes) == ("Ana Lopez", "Freelance", "my words")
    assert ana.role == "Head of Data"  # was empty: filled
    assert len([p for p in journal.people() if "Ana" in p.name]) == 1


def test_same_name_with_different_emails_is_two_people(journal: Journal) -> None:
    journal.add_person(Person(name="Ana López", handles={"email": "someone.else@example.org"}))
    report = importing.import_file(journal, FIXTURES / "vcard" / "contacts.vcf")
    assert len([p for p in journal.people() if p.name == "Ana López"]) == 2
    assert any("kith merge" in line and "Ana López" in line for line in report.lines())


def test_an_exact_name_without_other_identity_matches(journal: Journal) -> None:
    known = journal.add_person(Person(name="ana lopez"))
    report = importing.import_file(journal, FIXTURES / "google" / "contacts-legacy.csv")
    assert report.updated == 1
    assert journal.person(known.uid).email == "ana@example.com"  # type: ignore[union-attr]


# vCard


def test_vcards_3_and_4_with_folded_lines_and_any_script(journal: Journal) -> None:
    report = importing.import_file(journal, FIXTURES / "vcard" / "contacts.vcf")
    assert (report.format.name, report.created, report.skipped) == ("vcf", 6, 0)
    assert report.lines() == [
        "line 36: the line 39 'EMAIL;TYPE=INTERNET ana@example.com' is not NAME:value; kept the rest"
    ]
    people = by_name(journal)
    assert people["nobody@example.com"].email == "nobody@example.com"  # a card with only an email
    assert people["Broken Card"].handles == {}
    ana = people["Ana López"]
    assert ana.notes == "Met at PyData Berlin. Talked about pricing models for a long time, and then about hiring."
    assert ana.handles["email2"] == "ana.lopez@mail.example"
    assert (ana.aliases, ana.tags, ana.company) == (["Ani"], ["clients", "berlin"], "Zalando")
    zoe = people["Zoë Ångström"]
    assert zoe.handles == {"email": "zoe@angstrom.example", "phone": "+46-70-555-0106", "web": "https://zoe.example.se"}
    assert "佐藤 美咲" in people
    assert people["Kofi Boateng"].handles["linkedin"] == "https://www.linkedin.com/in/kofiboateng"


def test_exported_vcards_parse_back_with_vobject_and_round_trip(demo_people: Journal, db: Path) -> None:
    text = export(demo_people, "vcf")
    cards = list(vobject.readComponents(text))
    assert len(cards) == len(demo_people.people())
    ana = next(c for c in cards if c.fn.value == "Ana López")
    assert ana.version.value == "3.0"
    assert ana.n.value.family == "López" and ana.org.value == ["Zalando"]
    assert "Met at PyData Berlin on 2026-11-20" in ana.note.value
    assert ana.contents["x-kith-introduced-by"][0].value == "Tom Baker"
    fresh = Journal.open(db.with_name("fresh.json"), clock=lambda: TODAY)
    importing.import_text(fresh, text, formats.FORMATS["vcf"])
    assert export(fresh, "csv") == export(demo_people, "csv")


# Kith CSV


@pytest.fixture
def demo_people(journal: Journal) -> Journal:
    """A journal of people with every field Kith CSV carries, and nothing else that changes derived columns."""
    event = Event(name="PyData Berlin", on="2026-11-20")
    tom = Person(name="Tom Baker", company="=cmd|' /C calc'!A0", role="@ops", handles={"phone": "+44 20 5550100"})
    ana = Person(
        name="Ana López",
        aliases=["Ani"],
        company="Zalando",
        role="Head of Data",
        tags=["ml", "berlin"],
        handles={"email": "ana@example.com", "linkedin": "https://linkedin.com/in/ana", "x": "@ana"},
        met_on="2026-11-20",
        met_event=event.uid,
        introduced_by=tom.uid,
        every=30,
        notes='Likes "pricing" talk,\nand long walks; -2 on the pitch',
    )
    lin = Person(name="Lin Wei", met_online="linkedin", met_on="2026-10-01", notes="-just met")
    grace = Person(name="Grace Hopper", met_place="Café Kranzler", handles={"email": "grace@example.com"})
    journal.add_records([event, tom, ana, lin, grace])
    return journal


def test_kith_csv_has_the_documented_columns_and_quoting(demo_people: Journal) -> None:
    text = export(demo_people, "csv")
    assert text.startswith(
        "uid,name,company,role,email,phone,handles,tags,met_on,met_at,met_how,introduced_by,keep_in_touch_days,"
        "last_contact,open_promises_mine,open_promises_theirs,favors_given,favors_received,notes"
    )
    assert "\r\n" in text
    ana = next(r for r in rows(text) if r["name"] == "Ana López")
    assert ana["handles"] == "linkedin=https://linkedin.com/in/ana; x=@ana"
    assert ana["tags"] == "ml, berlin"
    assert (ana["met_at"], ana["met_how"], ana["introduced_by"]) == ("PyData Berlin", "offline", "Tom Baker")
    assert ana["notes"] == 'Likes "pricing" talk,\nand long walks; -2 on the pitch'
    assert next(r for r in rows(text) if r["name"] == "Lin Wei")["met_how"] == "online:linkedin"


def test_kith_csv_derived_columns_count_what_is_open(demo_people: Journal) -> None:
    ana = by_name(demo_people)["Ana López"]
    demo_people.log(Interaction(people=[ana.uid], on="2026-11-21"))
    demo_people.add_promise(Promise(person=ana.uid, what="slides", mine=True, made="2026-11-21"))
    demo_people.add_promise(Promise(person=ana.uid, what="intro", mine=False, made="2026-11-21"))
    demo_people.add_promise(Promise(person=ana.uid, what="old", mine=True, made="2026-11-01", status="done"))
    demo_people.add_favor(Favor(person=ana.uid, what="ticket", given=False, on="2026-11-21"))
    row = next(r for r in rows(export(demo_people, "csv")) if r["name"] == "Ana López")
    derived = ("last_contact", "open_promises_mine", "open_promises_theirs", "favors_given", "favors_received")
    assert [row[k] for k in derived] == ["2026-11-21", "1", "1", "0", "1"]


def test_export_import_export_gives_an_identical_file(demo_people: Journal, db: Path) -> None:
    first = export(demo_people, "csv")
    fresh = Journal.open(db.with_name("fresh.json"), clock=lambda: TODAY)
    report = importing.import_text(fresh, first, formats.FORMATS["kith"])
    assert (report.created, report.skipped, report.problems) == (4, 0, [])
    assert export(fresh, "csv") == first
    assert by_name(fresh)["Ana López"].introduced_by == by_name(demo_people)["Tom Baker"].uid


def test_no_exported_cell_runs_as_a_formula_and_kith_import_restores_them(demo_people: Journal, db: Path) -> None:
    for style in ("kith", "google"):
        text = export(demo_people, "csv", style)
        for row in csv.reader(io.StringIO(text, newline="")):
            risky = [c for c in row if c.startswith(cells.FORMULA_STARTS)]
            assert not risky if style == "kith" else all(cells.is_number_like(c) for c in risky), row
    text = export(demo_people, "csv")
    assert "'=cmd|' /C calc'!A0" in text and "'+44 20 5550100" in text and "'@ops" in text
    fresh = Journal.open(db.with_name("fresh.json"), clock=lambda: TODAY)
    importing.import_text(fresh, text, formats.FORMATS["kith"])
    tom = by_name(fresh)["Tom Baker"]
    assert (tom.company, tom.role, tom.handles["phone"]) == ("=cmd|' /C calc'!A0", "@ops", "+44 20 5550100")
    assert by_name(fresh)["Lin Wei"].notes == "-just met"


def test_kith_csv_bad_rows_say_what_to_type(journal: Journal) -> None:
    report = importing.import_file(journal, FIXTURES / "kith" / "people.csv")
    assert report.lines() == [
        "line 5: met_on: 'yesterday' is not a date like 2026-11-24",
        "line 6: handles: 'mastodon' is not platform=value (write linkedin=https://…; x=@ana)",
        "line 7: met_how: 'somewhere' is not offline or online:PLATFORM (online:linkedin)",
        "line 8: keep_in_touch_days: 'every month' is not a number of days (30, or empty)",
        "line 9: introduced_by 'Nobody Known' is nobody in the journal or the file; left empty",
    ]
    people = by_name(journal)
    assert people["Ana López"].notes == 'Likes "pricing" talk,\nand long walks.'  # CRLF inside a cell: one newline
    assert people["Tom Baker"].introduced_by == people["Ana López"].uid  # named on an earlier line
    assert people["Tom Baker"].company == "=cmd|' /C calc'!A0"
    assert people["Ana López"].uid == "5c1b3a0e9d2f4e6a8b7c1d2e3f4a5b6c"


def test_google_csv_export_reads_back_as_google(demo_people: Journal, db: Path) -> None:
    text = export(demo_people, "csv", "google")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:3] == ["First Name", "Middle Name", "Last Name"] and "Labels" in header
    ana = next(r for r in rows(text) if r["First Name"] == "Ana")
    assert (ana["Last Name"], ana["Labels"], ana["E-mail 1 - Value"]) == ("López", "ml ::: berlin", "ana@example.com")
    fresh = Journal.open(db.with_name("fresh.json"), clock=lambda: TODAY)
    assert formats.detect(Path("x.csv"), text).name == "google"
    importing.import_text(fresh, text, formats.FORMATS["google"])
    again = by_name(fresh)["Ana López"]
    assert (again.company, again.tags, again.aliases) == ("Zalando", ["ml", "berlin"], ["Ani"])


# one write, dry run, strict


def test_a_dry_run_on_a_new_journal_creates_no_file(db: Path) -> None:
    journal = Journal.open(db, clock=lambda: TODAY)
    report = importing.import_file(journal, LINKEDIN, dry_run=True)
    assert report.created == 8
    assert not db.parent.exists()


def test_dry_run_and_strict_write_nothing(journal: Journal) -> None:
    journal.add_person(Person(name="Someone"))
    before = journal.path.read_bytes()
    report = importing.import_file(journal, LINKEDIN, dry_run=True)
    assert (report.created, report.written) == (8, False)
    assert "Would import" in report.summary()
    with pytest.raises(UserError, match=r"--strict: nothing imported; line 11: Connected On .*; kept the rest$"):
        importing.import_file(journal, LINKEDIN, strict=True)
    assert journal.path.read_bytes() == before
    assert [p.name for p in journal.people()] == ["Someone"]


def test_an_import_that_fails_halfway_leaves_the_journal_as_it_was(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.add_person(Person(name="Ana López"))
    before = journal.path.read_bytes()

    def crash(people: list[Person]) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(journal, "save_people", crash)  # the creates are done; the updates fail
    with pytest.raises(OSError):
        importing.import_file(journal, FIXTURES / "google" / "contacts.csv")
    assert journal.path.read_bytes() == before
    assert [p.name for p in Journal.open(journal.path, clock=lambda: TODAY).people()] == ["Ana López"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "cannot tell what kind of file"),
        (b"a,b,c\r\n1,2,3\r\n", "other.csv", "cannot tell what kind of file"),
        (b"not a card\r\n", "phone.vcf", "no vCard in the file"),
        (b"First Name;Last Name;Connected On\r\nAna;Lopez;1 Mar 2024\r\n", "semi.csv", "separated by semicolons"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 binary", "photo.csv", "binary data|not text"),
        (b"First Name,Last Name\x00,Connected On", "nul.csv", "binary data"),
    ],
)
def test_files_that_are_not_contacts_are_refused_in_one_line(
    journal: Journal, tmp_path: Path, content: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        importing.import_file(journal, path)


def test_a_forced_format_without_its_header_is_refused(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(UserError, match="no header row found"):
        importing.import_file(journal, path, "linkedin")
    with pytest.raises(UserError, match="no vCard in the file"):
        importing.import_file(journal, path, "vcf")
    with pytest.raises(UserError, match="unknown format 'outlook-2003'"):
        importing.import_file(journal, path, "outlook-2003")


def test_an_unclosed_quote_skips_the_rest_and_says_where(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        'First Name,Last Name,Connected On\nAna,López,12 Mar 2024\nTom,"Baker,12 Mar 2024\nX,Y,1 Jan 2020\n'
    )
    report = importing.import_file(journal, path)
    assert report.created == 1 and report.skipped == 1
    assert report.lines()[0].startswith("line 3: the CSV cannot be read from here on")


def test_a_row_with_too_many_cells_is_skipped(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,Connected On\nAna,López,12 Mar 2024,extra\nTom,Baker,12 Mar 2024,,\n")
    report = importing.import_file(journal, path)
    assert report.lines() == ["line 2: has 4 cells but the header has 3; is a comma unquoted?"]
    assert [p.name for p in journal.people()] == ["Tom Baker"]


# iCalendar


def test_ics_holds_every_reminder_as_a_todo_with_an_alarm(journal: Journal) -> None:
    ana = journal.add_person(Person(name="Ana", met_on="2026-11-01", every=30))
    tom = journal.add_person(Person(name="Tom", met_on="2026-06-01", every=30))
    gone = journal.add_person(Person(name="Gone", archived=True))
    journal.log(Interaction(people=[tom.uid], on="2026-07-01"))
    slides = Promise(person=ana.uid, what="send the slides", mine=True, made="2026-11-20", due="2026-12-05")
    undated = Promise(person=ana.uid, what="an intro", mine=True, made="2026-11-22")
    theirs = Promise(person=tom.uid, what="feedback", mine=False, made="2026-11-10", due="2026-11-30")
    closed = Promise(person=tom.uid, what="done already", mine=True, made="2026-11-01", status="done")
    hidden = Promise(person=gone.uid, what="archived", mine=True, made="2026-11-01")
    for p in (slides, undated, theirs, closed, hidden):
        journal.add_promise(p)
    calendar = icalendar.Calendar.from_ical(export(journal, "ics"))
    todos = {str(t["uid"]): t for t in calendar.walk("VTODO")}
    assert set(todos) == {
        f"promise-{slides.uid}@kith",
        f"promise-{undated.uid}@kith",
        f"nudge-{theirs.uid}@kith",
        f"keep-in-touch-{ana.uid}@kith",
        f"keep-in-touch-{tom.uid}@kith",
        f"follow-up-{ana.uid}@kith",  # met on the 1st, never contacted since: Today shows it too
    }
    due = {uid: t.decoded("due") for uid, t in todos.items()}
    assert due[f"promise-{slides.uid}@kith"] == date(2026, 12, 5)
    assert due[f"promise-{undated.uid}@kith"] == date(2026, 11, 29)  # made + 7 days: the day its reminder shows
    assert due[f"nudge-{theirs.uid}@kith"] == date(2026, 12, 3)  # due the 30th, nudged 3 days later
    assert due[f"keep-in-touch-{tom.uid}@kith"] == TODAY  # overdue since July: due today
    assert due[f"keep-in-touch-{ana.uid}@kith"] == date(2026, 12, 1)
    for todo in todos.values():
        alarms = todo.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["action"]) == "DISPLAY"
        assert alarms[0]["trigger"].params["RELATED"] == "START"
        assert str(todo["status"]) == "NEEDS-ACTION" and "dtstamp" in todo
    assert str(todos[f"promise-{slides.uid}@kith"]["summary"]) == "You promised Ana: send the slides (due 2026-12-05)"


def test_ics_uids_are_stable_so_a_calendar_updates_instead_of_duplicating(journal: Journal) -> None:
    ana = journal.add_person(Person(name="Ana", met_on="2026-11-01", every=30))
    journal.log(Interaction(people=[ana.uid], on="2026-11-02"))
    first = {str(t["uid"]) for t in icalendar.Calendar.from_ical(export(journal, "ics")).walk("VTODO")}
    journal.log(Interaction(people=[ana.uid], on="2026-11-23"))
    later = icalendar.Calendar.from_ical(export(journal, "ics")).walk("VTODO")
    assert {str(t["uid"]) for t in later} == first
    assert later[0].decoded("due") == date(2026, 11, 23) + timedelta(30)


def test_ics_shows_every_reminder_on_the_day_kith_due_does(kith: Kith, db: Path) -> None:
    kith("add", "Ana", "--met", "2026-11-20", "--every", "10")
    kith("add", "Tom", "--met", "2026-10-01", "--every", "45")
    kith("add", "Lin", "--online", "linkedin")
    kith("log", "Lin", "--reply-needed", "--online", "linkedin", "-m", "API?")
    kith("promise", "Ana", "slides", "--by", "2026-12-05")
    kith("promise", "Ana", "an intro", "--on", "2026-11-23")
    kith("promise", "Tom", "feedback", "--theirs", "--by", "2026-11-30")
    kith("favor", "Tom", "a ticket", "--received", "--on", "2026-11-22")
    kith("snooze", f"keep-in-touch:{json.loads(kith('show', 'Tom', '--json').out)['uid'][:8]}", "2026-12-10")
    calendar = icalendar.Calendar.from_ical(kith("export", "ics").out)
    todos = {str(t["uid"]).removesuffix("@kith"): t for t in calendar.walk("VTODO")}
    for n in range(60):
        day = TODAY + timedelta(days=n)
        due = {r["key"].replace(":", "-", 1) for r in json.loads(kith("due", "--json", "--on", day.isoformat()).out)}
        in_calendar = {
            key
            for key, todo in todos.items()
            if todo.decoded("dtstart") <= day and (not key.startswith("follow-up") or day <= todo.decoded("due"))
        }
        assert due == in_calendar, day
    promise = next(t for k, t in todos.items() if str(t["summary"]).endswith("slides (due 2026-12-05)"))
    assert promise.decoded("due") == date(2026, 12, 5) and promise.decoded("dtstart") == date(2026, 12, 4)
    nudge = next(t for k, t in todos.items() if k.startswith("nudge"))
    assert nudge.decoded("due") == nudge.decoded("dtstart") == date(2026, 12, 3)


# the command line


def test_cli_export_to_stdout_and_to_a_file(kith: Kith, tmp_path: Path) -> None:
    kith("add", "Ana López", "--email", "ana@example.com", "--company", "=evil()")
    out = kith("export", "csv")
    assert out.code == 0 and "'=evil()" in out.out
    target = tmp_path / "people.vcf"
    done = kith("export", "vcf", "-o", str(target))
    assert done.code == 0 and done.err == f"Wrote vCard for 1 person to {target}\n"
    assert target.read_text().startswith("BEGIN:VCARD")
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "pdf"], "unknown KIND 'pdf'"),
        (["export", "vcf", "--format", "google"], "--format only applies to csv"),
        (["export", "csv", "--format", "outlook"], "unknown csv format 'outlook'; choose kith or google"),
        (["export", "csv", "-o", "/nonexistent-folder/x.csv"], "the folder /nonexistent-folder does not exist"),
        (["import", "/nonexistent/file.csv"], "cannot read /nonexistent/file.csv: No such file or directory"),
        (["import", str(LINKEDIN), "--format", "excel"], "unknown format 'excel'; choose one of"),
        (["import", str(LINKEDIN), "--strict"], "--strict: nothing imported; line 11"),
    ],
)
def test_cli_bad_transfers_are_one_line_exit_2_and_write_nothing(
    kith: Kith, db: Path, args: list[str], message: str
) -> None:
    kith("add", "Someone")
    before = db.read_bytes()
    result = kith(*args)
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert db.read_bytes() == before


def test_cli_refuses_to_export_over_the_journal(kith: Kith, db: Path) -> None:
    kith("add", "Someone")
    before = db.read_bytes()
    result = kith("export", "csv", "-o", str(db))
    assert result.code == 2 and "part of the journal itself" in result.err
    assert db.read_bytes() == before


def test_cli_import_prints_problems_then_counts(kith: Kith) -> None:
    result = kith("import", str(LINKEDIN))
    assert result.code == 0
    assert result.out.splitlines()[-1] == (
        "Imported LinkedIn Connections.csv: 8 created, 0 updated, 0 unchanged, 0 skipped, 1 value left out"
    )
    assert result.out.splitlines()[0].startswith("line 11: Connected On")
    again = kith("import", str(LINKEDIN), "--dry-run")
    assert again.out.splitlines()[-1].endswith(
        "0 created, 0 updated, 8 unchanged, 0 skipped, 1 value left out (dry run: nothing written)"
    )


# progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_is_wiped() -> None:
    stream = Terminal()
    with Bar("Importing", stream, delay=0) as bar:
        bar(50, 100)
    assert "Importing [###############...............]  50%" in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_is_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with Bar("Importing", stream, delay=0) as bar:
        bar(50, 100)
    assert stream.getvalue() == ""


def test_an_import_reports_progress_up_to_the_end(journal: Journal) -> None:
    seen: list[tuple[int, int]] = []
    importing.import_file(journal, LINKEDIN, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)


# fuzzing

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)
_field = _text.map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=_field,
    company=st.none() | _field,
    notes=st.none() | st.lists(_field, min_size=1, max_size=3).map("\n".join),
    tags=st.lists(_field.filter(lambda t: not (set(t) & set(",;")) and t.lstrip("#").strip() == t), max_size=3),
)
def test_any_person_survives_a_kith_csv_round_trip(
    tmp_path_factory: pytest.TempPathFactory, name: str, company: str | None, notes: str | None, tags: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    source = Journal.open(folder / "a.json", clock=lambda: TODAY)
    try:
        person = source.add_person(Person(name=name, company=company, notes=notes, tags=tags))
    except Exception:  # values the model refuses are not the export's concern
        return
    text = export(source, "csv")
    fresh = Journal.open(folder / "b.json", clock=lambda: TODAY)
    report = importing.import_text(fresh, text, formats.FORMATS["kith"])
    assert report.problems == []
    (back,) = fresh.people()
    stored = source.person(person.uid)
    assert back.to_doc() == stored.to_doc()  # type: ignore[union-attr]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=9), max_size=6),
    fmt=st.sampled_from(["kith", "google", "linkedin"]),
)
def test_any_rows_under_a_real_header_import_or_are_skipped_never_crash(
    tmp_path_factory: pytest.TempPathFactory, body: list[list[str]], fmt: str
) -> None:
    headers = {
        "kith": ["uid", "name", "met_on", "met_how", "handles", "keep_in_touch_days", "email", "tags"],
        "google": ["First Name", "Last Name", "Labels", "E-mail 1 - Value", "Phone 1 - Value", "Website 1 - Value"],
        "linkedin": ["First Name", "Last Name", "URL", "Email Address", "Company", "Connected On"],
    }
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers[fmt])
    writer.writerows(body)
    journal = Journal.open(tmp_path_factory.mktemp("fuzz") / "j.json", clock=lambda: TODAY)
    report = importing.import_text(journal, out.getvalue(), formats.FORMATS[fmt])
    assert report.created == len(journal.people())
    assert report.created + report.updated + report.unchanged + report.skipped >= len([r for r in body if any(r)]) - 1


@pytest.mark.parametrize(("kind", "style"), [("csv", "kith"), ("csv", "google"), ("vcf", None)])
def test_every_export_reports_progress_per_person(demo_people: Journal, kind: str, style: str | None) -> None:
    seen: list[tuple[int, int]] = []
    exporting.render(demo_people, exporting.choose(kind, style), progress=lambda d, t: seen.append((d, t)))
    assert seen == [(n, 4) for n in range(1, 5)]


_vcard_line = st.sampled_from(["FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "NOTE", "CATEGORIES", "NICKNAME",
                               "X-KITH-UID", "X-KITH-EVERY", "X-KITH-MET-ON", "X-KITH-MET-HOW", "X-SOCIALPROFILE",
                               "BDAY", "PHOTO;ENCODING=b"])  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cards=st.lists(st.lists(st.tuples(_vcard_line, st.text(max_size=20)), max_size=6), min_size=1, max_size=4))
def test_any_vcards_import_or_are_skipped_never_crash(
    tmp_path_factory: pytest.TempPathFactory, cards: list[list[tuple[str, str]]]
) -> None:
    text = "".join(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "".join(f"{k}:{v}\r\n" for k, v in card) + "END:VCARD\r\n" for card in cards
    )
    journal = Journal.open(tmp_path_factory.mktemp("fuzz") / "j.json", clock=lambda: TODAY)
    report = importing.import_text(journal, text, formats.FORMATS["vcf"])
    assert report.created + report.updated + report.unchanged + report.skipped == len(cards)


def test_met_at_links_an_event_of_that_name_or_is_kept_as_a_place(journal: Journal) -> None:
    older = journal.add_event(Event(name="PyData Berlin", on="2025-11-20"))
    newer = journal.add_event(Event(name="PyData Berlin", on="2026-11-20"))
    text = cells.to_csv(
        ["uid", "name", "met_at", "met_how"], [["", "Ana", "pydata berlin", ""], ["", "Tom", "Café", ""]]
    )
    importing.import_text(journal, text, formats.FORMATS["kith"])
    people = by_name(journal)
    assert (people["Ana"].met_event, people["Ana"].met_place) == (newer.uid, None)
    assert (people["Tom"].met_event, people["Tom"].met_place) == (None, "Café")
    assert older.uid != newer.uid


_names = st.sampled_from(["Ana López", "Ana Lopez", "Tom Baker", "美咲 佐藤", "Zoë", "Léa Dubois"])
_emails = st.none() | st.sampled_from(["ana@example.com", "tom@example.com", "x@example.org"])
_sites = st.none() | st.sampled_from(
    ["https://www.linkedin.com/in/ana", "https://linkedin.com/in/ana/", "https://a.example"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(
        st.tuples(_names, _emails, _sites, st.sampled_from([None, "Acme", "=1+1"])), min_size=1, max_size=6
    ),
    kind=st.sampled_from([("csv", "kith"), ("csv", "google"), ("vcf", None)]),
)
def test_importing_any_export_twice_changes_nothing_the_second_time(
    tmp_path_factory: pytest.TempPathFactory, people: list[tuple[str, str | None, str | None, str | None]], kind: tuple
) -> None:
    folder = tmp_path_factory.mktemp("twice")
    source = Journal.open(folder / "a.json", clock=lambda: TODAY)
    records = []
    for name, email, site, company in people:
        handles = {
            k: v for k, v in (("email", email), ("linkedin" if site and "linkedin" in site else "web", site)) if v
        }
        records.append(Person(name=name, company=company, handles=handles))
    source.add_records(records)
    fmt = exporting.choose(*kind)
    text = exporting.render(source, fmt)
    target = Journal.open(folder / "b.json", clock=lambda: TODAY)
    first = importing.import_text(target, text, fmt)
    assert first.skipped == 0 and len(target.people()) == first.created
    second = importing.import_text(target, text, fmt)
    assert (second.created, second.updated, second.skipped) == (0, 0, 0)
    assert second.unchanged == len(people)


def test_a_row_matches_the_namesake_who_holds_all_of_it_whatever_order_people_are_kept_in(
    journal: Journal, tmp_path: Path
) -> None:
    """Two people share a name and an email; a row that is exactly one of them finds that one, not whoever is
    kept first (people are kept in parts by uid, so the order they were added in is not the order they are read)."""
    plain = Person(uid="00" + "1" * 30, name="Ana López", handles={"email": "ana@example.com"})
    at_acme = Person(uid="ff" + "2" * 30, name="Ana López", company="Acme", handles={"email": "ana@example.com"})
    journal.add_records([plain, at_acme])
    source = Journal.open(tmp_path / "source.json", clock=lambda: TODAY)
    source.add_person(Person(name="Ana López", company="Acme", handles={"email": "ana@example.com"}))
    google = exporting.choose("csv", "google")
    report = importing.import_text(journal, exporting.render(source, google), google)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert journal.person(plain.uid).company is None  # nothing was filled in from another's row


@pytest.mark.parametrize("value", ["=SUM(A1)", "+49 30 1", "-2", "@cmd", "\tx", "\rx", "'=quoted", "''-twice"])
def test_every_formula_start_is_neutralised_and_restored(value: str) -> None:
    cell = cells.neutralise(value)
    assert not cell.startswith(cells.FORMULA_STARTS)
    assert cells.unneutralise(cell) == value
    assert cells.neutralise("plain") == "plain" and cells.unneutralise("'plain") == "'plain"


NOTE = "Kids: Mia\r\nLikes: climbing\tand tea\rAsk about Lisbon"
NOTE_STORED = "Kids: Mia\nLikes: climbing\tand tea\nAsk about Lisbon"


def test_multi_line_notes_keep_their_lines_through_every_format(kith: Kith, db: Path) -> None:
    assert kith("add", "Ana López", "--note", NOTE, "--email", "ana@example.com").code == 0
    assert json.loads(kith("show", "Ana", "--json").out)["notes"] == NOTE_STORED
    journal = Journal.open(db, clock=lambda: TODAY)
    for kind, style, name in (("csv", "kith", "kith"), ("csv", "google", "google"), ("vcf", None, "vcf")):
        text = export(journal, kind, style)
        fresh = Journal.open(db.with_name(f"fresh-{name}.json"), clock=lambda: TODAY)
        report = importing.import_text(fresh, text.replace("\n", "\r\n") if kind == "csv" else text,
                                       formats.FORMATS[name])  # fmt: skip
        assert report.problems == [], (name, report.lines())
        assert by_name(fresh)["Ana López"].notes == NOTE_STORED, name
    bell = kith("add", "Bob", "--note", "ring\x07")
    assert bell.code == 2 and "control characters" in bell.err and bell.err.count("\n") == 1


def test_an_interaction_summary_keeps_its_lines_and_the_calendar_shows_the_first(kith: Kith) -> None:
    kith("add", "Ana")
    kith("log", "Ana", "--reply-needed", "-m", "Two asks:\r\n1. slides\r\n2. intro")
    card = json.loads(kith("show", "Ana", "--json").out)
    assert card["interactions"][0]["summary"] == "Two asks:\n1. slides\n2. intro"
    assert "Reply to Ana: Two asks:" in kith("export", "ics").out
