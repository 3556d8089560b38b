"""Real exports lose nothing: LinkedIn of every vintage and its whole export (messages and invitations
too), Outlook CSV in a legacy encoding, vCards as phones and mail programs write them, matching."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import TODAY, Kith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import formats, importing, reminders
from journal.errors import UserError
from journal.formats import READABLE
from journal.journal import Journal
from journal.model import Person, normalise

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
EXPORT = FIXTURES / "linkedin" / "export"
_STARTS = [
    b"",
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:",
    b"First Name,Last Name,E-mail Address\r\n",
    b"CONVERSATION ID,FROM,DATE,CONTENT\r\n",
    b"\xff\xfeF\x00",
]


def by_name(journal: Journal) -> dict[str, Person]:
    return {p.name: p for p in journal.people(archived=True)}


# LinkedIn


def test_every_linkedin_date_form_keeps_the_person_and_an_unreadable_one_only_loses_the_date(
    journal: Journal,
) -> None:
    report = importing.import_file(journal, FIXTURES / "linkedin" / "Connections-2018.csv")
    assert (report.created, report.skipped, report.left_out) == (5, 0, 1)
    people = by_name(journal)
    assert people["Rosa Mendes"].met_on == "2018-01-08"  # 1/8/18, 6:14 PM: month first
    assert people["Karl Ek"].met_on == "2023-04-23"
    assert people["Bea Young"].met_on == "2019-07-04"
    assert people["Cai Lun"].met_on == "2021-03-05"
    assert people["Dov Amit"].met_on is None and people["Dov Amit"].met_online == "linkedin"
    assert report.lines() == ["line 6: Connected On 'sometime' is not a date like 12 Mar 2024; kept the rest"]


def test_the_whole_linkedin_export_folder_imports_every_file_it_knows(journal: Journal) -> None:
    report = importing.import_file(journal, EXPORT)
    assert report.format.label == "LinkedIn export"
    assert report.lines() == [
        "Connections.csv line 7: email 'none' is not an email address like ana@example.com; kept the rest",
        "ImportedContacts.csv line 4: has no name, email, phone or profile to know the person by "
        "(email 'urn:li:member:664293716' is not an email address like ana@example.com)",
    ]
    people = by_name(journal)
    assert set(people) == {"Maren Holt", "Diego Ferreira", "Ines Kowal", "Tove Lind", "Nadia Osei", "Ola Brandt"}
    maren = people["Maren Holt"]  # from Connections.csv and ImportedContacts.csv: one person
    assert maren.handles["email2"] == "maren.private@mail.example" and maren.handles["phone"] == "+47 555 01 234"
    assert people["Nadia Osei"].met_online == "linkedin"  # an unknown correspondent, met on LinkedIn
    assert people["Ola Brandt"].met_on == "2026-06-02"  # on the day of the first message
    assert people["Nadia Osei"].handles == {"linkedin": "https://www.linkedin.com/in/nadia-osei"}
    assert "Sam Rivera" not in people  # the one in every conversation is you


def test_unanswered_linkedin_conversations_are_replies_owed_and_answered_ones_are_not(journal: Journal) -> None:
    importing.import_file(journal, EXPORT)
    owed = [r for r in reminders.reminders(journal, journal.today()) if r.kind == "reply"]
    assert sorted(r.person for r in owed) == ["Maren Holt", "Nadia Osei"]  # Diego was answered; Ola too old
    nadia = by_name(journal)["Nadia Osei"]
    (message,) = journal.interactions_of(nadia.uid)
    assert (message.on, message.direction, message.platform, message.kind) == (
        "2026-11-23",
        "in",
        "linkedin",
        "message",
    )
    assert message.summary == "Quick question: Hello Sam, are you hiring designers?"
    diego = by_name(journal)["Diego Ferreira"]
    summaries = [(i.direction, i.summary) for i in journal.interactions_of(diego.uid)]
    assert summaries == [
        ("out", "Yes please, thank you!"),
        ("in", "Intro: Would you like an intro to our CFO?"),
        ("in", "Invitation to connect: Hi Sam, we met at the Lisbon meetup - let's stay in touch!"),
    ]


def test_importing_messages_again_adds_nothing_and_a_zip_is_read_like_the_folder(
    journal: Journal, tmp_path: Path
) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport_11-24-2026.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in EXPORT.iterdir():
            zipped.write(path, path.name)
    first = importing.import_file(journal, archive)
    assert (first.created, first.interactions) == (6, 8)
    again = importing.import_file(journal, EXPORT)
    assert (again.created, again.updated, again.interactions) == (0, 0, 0)
    assert sum(len(journal.interactions_of(p.uid)) for p in journal.people()) == 8


def test_who_you_are_in_messages_can_be_given_and_otherwise_must_be_told_apart(
    journal: Journal, tmp_path: Path
) -> None:
    lines = (EXPORT / "messages.csv").read_text(encoding="utf-8").splitlines()
    one = tmp_path / "messages.csv"
    one.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")  # one conversation: either could be me
    report = importing.import_file(journal, one)
    assert report.interactions == 0 and "add --me YOUR-NAME" in report.lines()[0]
    report = importing.import_file(journal, one, me="https://www.linkedin.com/in/samrivera/")
    assert report.interactions == 2 and list(by_name(journal)) == ["Maren Holt"]


def test_invitations_tell_who_you_are_when_conversations_cannot(journal: Journal, tmp_path: Path) -> None:
    lines = (EXPORT / "messages.csv").read_text(encoding="utf-8").splitlines()
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "messages.csv").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    (folder / "Invitations.csv").write_bytes((EXPORT / "Invitations.csv").read_bytes())
    report = importing.import_file(journal, folder)
    assert report.interactions == 4 and "Sam Rivera" not in by_name(journal)


def test_the_reply_window_comes_from_the_config(db: Path) -> None:
    from journal.config import Config

    journal = Journal.open(db, clock=lambda: TODAY, config=Config(reply_within_days=200))
    importing.import_file(journal, EXPORT)
    owed = sorted(r.person for r in reminders.reminders(journal, TODAY) if r.kind == "reply")
    assert owed == ["Maren Holt", "Nadia Osei", "Ola Brandt"]


def test_cli_import_takes_me_and_the_export_folder(kith: Kith) -> None:
    result = kith("import", str(EXPORT), "--me", "Sam Rivera")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "Imported LinkedIn export: 6 created, 1 updated, 0 unchanged, 1 skipped, 1 value left out, 8 interactions added"
    )


# Outlook and encodings


def test_an_outlook_csv_in_cp1252_keeps_every_email_phone_label_and_name_part(journal: Journal) -> None:
    report = importing.import_file(journal, FIXTURES / "outlook" / "contacts-cp1252.csv")
    assert report.format.name == "outlook"
    assert report.summary().endswith("(read as cp1252)")
    assert report.lines() == [
        "line 3: email 'email@localhost' is not an email address like ana@example.com; kept the rest"
    ]
    people = by_name(journal)
    rene = people["René Fàbregas"]
    assert rene.handles == {
        "email": "rene@fabregas.example",
        "email2": "r.fabregas@work.example",
        "phone": "+34 655 500 103",
        "phone2": "+34 93 555 0102",
        "phone3": "+34 93 555 0101",
        "web": "https://fabregas.example",
    }
    assert rene.labels == {"phone": "mobile", "phone2": "work", "phone3": "home"}
    assert (rene.birthday, rene.nickname, rene.tags) == ("1985-05-14", "Reno", ["Clients", "Barcelona"])
    assert rene.name_parts == {"prefix": "Dr.", "given": "René", "family": "Fàbregas", "suffix": "Jr."}
    assert rene.address == {
        "street": "Carrer de Mallorca 1",
        "city": "Barcelona",
        "postcode": "08013",
        "country": "Spain",
    }
    assert rene.notes == "Café lover – met at Smart City Expo"
    assert people["Zoë Müller"].handles == {"phone": "+49 151 5550199"}


def test_google_s_outlook_csv_imports(journal: Journal) -> None:
    report = importing.import_file(journal, FIXTURES / "outlook" / "google-outlook.csv")
    aiko = by_name(journal)["Aiko Tanaka"]
    assert (report.format.name, report.encoding) == ("outlook", None)
    assert (aiko.email, aiko.handles["phone"], aiko.birthday, aiko.role) == (
        "aiko@tanaka.example",
        "+81 90 5550 1234",
        "1990-12-04",
        "Designer",
    )


def test_a_latin1_google_csv_and_a_bomless_utf16_file_are_read(journal: Journal, tmp_path: Path) -> None:
    text = "First Name,Last Name,Labels,E-mail 1 - Value\r\nJosé,Núñez,,jose@example.es\r\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(text.encode("latin-1"))
    assert importing.import_file(journal, latin).created == 1
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.replace("José", "Ana").replace("jose", "ana").encode("utf-16-le"))
    assert importing.import_file(journal, utf16).created == 1
    assert {"José Núñez", "Ana Núñez"} <= set(by_name(journal))


# Matching


def test_the_same_email_under_another_name_is_one_person_with_both_names(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    path.write_text(
        "First Name,Last Name,Labels,E-mail 1 - Value\nJane,Doe,,jane@doe.example\nJ.,Doe-Smith,,JANE@doe.example\n",
        encoding="utf-8",
    )
    report = importing.import_file(journal, path)
    assert (report.created, report.updated) == (1, 1)
    (jane,) = journal.people()
    assert (jane.name, jane.aliases) == ("Jane Doe", ["J. Doe-Smith"])


def test_one_name_with_different_phones_and_nothing_shared_is_two_people_reported(
    journal: Journal, tmp_path: Path
) -> None:
    path = tmp_path / "google.csv"
    path.write_text(
        "First Name,Last Name,Labels,Phone 1 - Value,Organization Name\n"
        "Alex,,,+1 555 0100,\nAlex,,,+44 20 5550 0101,\nAlex,,,+44 (20) 5550-0101,Acme\n",
        encoding="utf-8",
    )
    report = importing.import_file(journal, path)
    assert (report.created, report.updated) == (2, 1)  # the third is the second: the same phone
    assert sorted(p.company or "" for p in journal.people()) == ["", "Acme"]
    first, second = sorted(journal.people(), key=lambda p: p.company or "")
    assert report.lines() == [
        "line 3: Alex may be the one on line 2 (a different email or phone, nothing shared); "
        f"kept apart: if they are one, `kith merge {second.uid[:8]} {first.uid[:8]}` joins them"
    ]


def test_strict_still_refuses_a_file_with_a_value_left_out(journal: Journal) -> None:
    with pytest.raises(UserError, match="--strict: nothing imported; line 3: email 'email@localhost'"):
        importing.import_file(journal, FIXTURES / "outlook" / "contacts-cp1252.csv", strict=True)
    assert journal.people() == []


# vCard as phones and mail programs write it

VCARDS = FIXTURES / "vcard"


def test_android_2_1_quoted_printable_with_soft_breaks_and_charsets(journal: Journal) -> None:
    report = importing.import_file(journal, VCARDS / "android-2.1.vcf")
    assert (report.created, report.skipped, report.left_out) == (3, 0, 0)
    people = by_name(journal)
    angela = people["Ángela Muñoz Madero"]
    assert angela.name_parts == {"family": "Muñoz Madero", "given": "Ángela"}
    assert angela.notes == (
        "Conocida en la feria de Valencia. Hablámos de logística y de su nuevo almacén.\nSegunda línea."
    )
    assert angela.handles == {
        "email": "angela@munoz.example",
        "email2": "a.munoz@oficina.example",
        "phone": "+34 687 555 010",
        "phone2": "+34 91 555 0111",
    }
    assert angela.labels == {"email": "home", "email2": "work", "phone": "mobile", "phone2": "work"}
    assert (angela.company, angela.birthday) == ("Cooperativa Niño", "1988-02-29")
    assert people["only.email@example.net"].email == "only.email@example.net"
    assert people["Jörg Grün"].handles == {"phone": "+49 30 5550 123"}  # QP in ISO-8859-1


def test_an_iphone_card_with_double_carriage_returns_groups_and_escapes(journal: Journal) -> None:
    report = importing.import_file(journal, VCARDS / "iphone.vcf")
    assert (report.created, report.skipped, report.lines()) == (3, 0, [])
    people = by_name(journal)
    jane = people["Jane Q. Doe"]  # FN `Doe, Jane` is N written family-first
    assert jane.name_parts == {"family": "Doe", "given": "Jane", "additional": "Q.", "prefix": "Dr.", "suffix": "PhD"}
    assert jane.labels == {"email": "other", "email2": "work", "phone": "mobile", "phone2": "studio"}
    assert jane.handles["web"] == "https://nimbus.example/tea"
    assert jane.address == {
        "street": "1 Main St, Apt 4",
        "city": "San Francisco",
        "region": "CA",
        "postcode": "94105",
        "country": "United States",
    }
    assert (jane.birthday, jane.nickname, jane.tags) == ("--12-04", "JD", ["friends", "family"])
    assert jane.notes == "Met at the tea fair, booth 12; loves oolong.\nFollow up in spring."
    assert "Chinedu Emmanuel Okafor" in people  # FN cut short: N has the whole name
    assert people["Harbour Plumbing Ltd"].handles == {"phone": "+44 20 5550 0188"}  # only an organisation


def test_8bit_cards_with_bare_carriage_returns_and_bad_values_keep_the_rest(journal: Journal) -> None:
    report = importing.import_file(journal, VCARDS / "outlook-cp1252.vcf")
    assert report.encoding == "cp1252"
    assert report.lines() == [
        "line 17: BDAY 'sometime' is not a birthday like 1985-05-14 or --05-14; kept the rest",
        "line 17: email 'none' is not an email address like ana@example.com; kept the rest",
    ]
    people = by_name(journal)
    assert people["Jürgen Weiß"].address["street"] == "Hauptstraße 5"
    assert people["Lotus Notes Person"].email == "lotus@notes.example"
    assert people["Bad Values"].handles == {"email": "bad@values.example"}


def test_a_card_that_cannot_be_read_loses_none_of_its_neighbours(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "mixed.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:First\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:No End\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Last;Lara\nBDAY:2026-02-30\nEND:VCARD\n",
        encoding="utf-8",
    )
    report = importing.import_file(journal, path)
    assert set(by_name(journal)) == {"First", "No End", "Lara Last"}
    assert report.lines() == ["line 8: BDAY '2026-02-30' is not a birthday like 1985-05-14 or --05-14; kept the rest"]


# What the model holds: set from the command line, shown, and exported whole


def test_cli_sets_labelled_emails_phones_birthday_nickname_address_and_name_parts(kith: Kith) -> None:
    added = kith(
        "add", "Ana López", "--email", "work:ana@example.com", "--email", "ana@home.example",
        "--phone", "mobile:+49 170 5550101", "--birthday", "05-14", "--nickname", "Ani",
        "--address", "Karl-Marx-Allee 1; Berlin; ; 10178; Germany", "--prefix", "Dr.",
    )  # fmt: skip
    assert added.code == 0, added.err
    shown = kith("show", "Ana").out
    assert "email (work) ana@example.com · email2 ana@home.example · phone (mobile) +49 170 5550101" in shown
    assert "birthday   --05-14" in shown and "address    Karl-Marx-Allee 1, Berlin, 10178, Germany" in shown
    import json

    (ana,) = json.loads(kith("people", "--json").out)
    assert ana["emails"] == [
        {"value": "ana@example.com", "label": "work"},
        {"value": "ana@home.example", "label": None},
    ]
    assert ana["phones"] == [{"value": "+49 170 5550101", "label": "mobile"}]
    assert (ana["birthday"], ana["nickname"], ana["name_parts"]) == ("--05-14", "Ani", {"prefix": "Dr."})
    assert ana["address"] == {
        "street": "Karl-Marx-Allee 1",
        "city": "Berlin",
        "postcode": "10178",
        "country": "Germany",
    }
    bad = kith("edit", "Ana", "--birthday", "1990-13-01")
    assert bad.code == 2 and "is not a birthday like 1990-12-04" in bad.err
    assert kith("edit", "Ana", "--email", "").code == 0
    assert json.loads(kith("people", "--json").out)[0]["emails"] == []


def test_vcard_and_google_exports_write_every_phone_email_label_birthday_address_and_name_part(
    journal: Journal, db: Path
) -> None:
    import vobject

    from journal import exporting

    importing.import_file(journal, VCARDS / "iphone.vcf")
    importing.import_file(journal, VCARDS / "android-2.1.vcf")
    text = exporting.render(journal, exporting.choose("vcf", None))
    cards = {c.fn.value: c for c in vobject.readComponents(text)}
    jane = cards["Jane Q. Doe"]
    assert (jane.n.value.prefix, jane.n.value.additional, jane.n.value.suffix) == ("Dr.", "Q.", "PhD")
    assert [(t.value, t.params["TYPE"]) for t in jane.contents["tel"]] == [
        ("+1 (415) 555-0142", ["CELL"]),
        ("+1 415 555 0199", ["STUDIO"]),
    ]
    assert jane.bday.value == "--12-04" and jane.adr.value.city == "San Francisco"
    angela = cards["Ángela Muñoz Madero"]
    assert (angela.n.value.given, angela.n.value.family) == ("Ángela", "Muñoz Madero")  # not split at the last word
    google = exporting.render(journal, exporting.choose("csv", "google"))
    rows = {r["First Name"]: r for r in csv.DictReader(io.StringIO(google, newline=""))}
    assert (rows["Ángela"]["Last Name"], rows["Ángela"]["Phone 1 - Value"]) == ("Muñoz Madero", "+34 687 555 010")
    assert (rows["Ángela"]["Phone 1 - Label"], rows["Ángela"]["Birthday"]) == ("Mobile", "1988-02-29")
    assert (rows["Jane"]["Name Suffix"], rows["Jane"]["Address 1 - Postal Code"]) == ("PhD", "94105")
    assert rows["Jane"]["Phone 1 - Value"] == "+1 (415) 555-0142"  # a phone is written as it is
    fresh = Journal.open(db.with_name("fresh.json"), clock=journal.clock)
    importing.import_text(fresh, google, importing.formats.FORMATS["google"])
    again = by_name(fresh)["Jane Q. Doe"]
    mine = by_name(journal)["Jane Q. Doe"]
    assert (again.handles, again.labels, again.birthday) == (mine.handles, mine.labels, mine.birthday)
    assert (again.address, again.name_parts) == (mine.address, mine.name_parts)


# Any input: people or line-numbered messages, never a traceback; nothing silently lost


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300), fmt=st.sampled_from(sorted(READABLE)), prefix=st.sampled_from(_STARTS))
def test_any_bytes_to_any_reader_give_people_or_numbered_messages(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, fmt: str, prefix: bytes
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / "file.csv"
    path.write_bytes(prefix + raw)
    journal = Journal.open(folder / "j.json", clock=lambda: TODAY)
    try:
        report = importing.import_file(journal, path, fmt, dry_run=True)
    except UserError as exc:
        assert "\n" not in str(exc)
        return
    assert all(re.match(r"line \d+: ", line) for line in report.lines())


_value = st.text(st.characters(blacklist_characters="':\x00", codec="utf-8"), max_size=14)
_email = st.one_of(_value, st.from_regex(r"[a-z]{1,6}@[a-z]{1,6}\.(com|org)", fullmatch=True))
_phone = st.one_of(_value, st.from_regex(r"\+?[0-9][0-9 ]{3,10}", fullmatch=True))
_bday = st.one_of(_value, st.dates().map(str))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_value, _value, _email, _phone, _bday), min_size=1, max_size=5))
def test_every_value_a_row_holds_is_on_the_person_or_named_in_a_message(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str, str, str]]
) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["First Name", "Last Name", "Labels", "E-mail 1 - Value", "Phone 1 - Value", "Birthday"])
    writer.writerows([first, last, "", email, phone, bday] for first, last, email, phone, bday in rows)
    journal = Journal.open(tmp_path_factory.mktemp("rows") / "j.json", clock=lambda: TODAY)
    report = importing.import_text(journal, out.getvalue(), formats.FORMATS["google"])
    said = "\n".join(report.lines())
    people = journal.people()
    emails = {v.lower() for p in people for k, v in p.handles.items() if k.startswith("email")}
    phones = {re.sub(r"[^0-9+]", "", v) for p in people for k, v in p.handles.items() if k.startswith("phone")}
    names = {normalise(n) for p in people for n in (p.name, *p.aliases)}
    for first, last, email, phone, bday in rows:
        email, phone, bday = email.strip(), phone.strip(), bday.strip()
        name = " ".join(x.strip() for x in (first, last) if x.strip())
        assert not email or email.lower() in emails or repr(email) in said, email
        assert not phone or re.sub(r"[^0-9+]", "", phone) in phones or repr(phone) in said, phone
        assert not bday or any(p.birthday for p in people) or repr(bday) in said, bday
        assert not name or normalise(name) in names or repr(name) in said or "has no name" in said, name


def test_kith_csv_carries_labels_birthday_nickname_address_and_name_parts_both_ways(journal: Journal, db: Path) -> None:
    from journal import exporting

    importing.import_file(journal, VCARDS / "iphone.vcf")
    text = exporting.render(journal, exporting.choose("csv", "kith"))
    fresh = Journal.open(db.with_name("fresh.json"), clock=journal.clock)
    report = importing.import_text(fresh, text, formats.FORMATS["kith"])
    assert report.problems == []
    for mine in journal.people():
        again = next(p for p in fresh.people() if p.uid == mine.uid)
        assert again.to_doc() == mine.to_doc()
    assert exporting.render(fresh, exporting.choose("csv", "kith")) == text


def test_kith_vcards_round_trip_nickname_and_aliases_exactly(journal: Journal, db: Path) -> None:
    from journal import exporting

    journal.add_person(Person(name="Jane Doe", nickname="JD", aliases=["JD", "Janey"], birthday="--12-04"))
    journal.add_person(Person(name="Sam Roe", nickname="Sammy", aliases=["S. Roe"]))
    text = exporting.render(journal, exporting.choose("vcf", None))
    fresh = Journal.open(db.with_name("fresh.json"), clock=journal.clock)
    importing.import_text(fresh, text, formats.FORMATS["vcf"])
    assert sorted(p.to_doc().items() for p in fresh.people()) == sorted(p.to_doc().items() for p in journal.people())


def test_a_card_the_reader_fails_on_is_named_and_its_neighbours_kept(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.formats import vcard

    real = vcard._incoming

    def fragile(line: int, found: list) -> object:  # type: ignore[type-arg]
        if line == 5:
            raise ValueError("something inside the card\nand more")
        return real(line, found)

    monkeypatch.setattr(vcard, "_incoming", fragile)
    path = tmp_path / "three.vcf"
    path.write_text("".join(f"BEGIN:VCARD\nFN:Person {n}\nEND:VCARD\n\n" for n in range(3)), encoding="utf-8")
    report = importing.import_file(journal, path)
    assert set(by_name(journal)) == {"Person 0", "Person 2"}
    assert report.lines() == ["line 5: card 2 (Person 1) cannot be read (something inside the card); left out"]
