"""Untrusted text and damaged journals on the command line: nothing stored drives the terminal, nothing
that passed validation crashes later, and damaged records are skipped, counted, named and set aside."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, Kith, hand_edit, run_kith
from hypothesis import given
from hypothesis import strategies as st

from journal import render
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person, Promise

OSC52 = "\x1b]52;c;aGk=\x07"  # writes "hi" to the clipboard of a terminal that honours it
RLO = "\u202e"  # right-to-left override: makes `evil.exe` look like `exe.live`
HOSTILE = f"Mallory{OSC52}{RLO}Smith"


def hostile_journal(db: Path) -> dict[str, str]:
    """A journal as a sync or a hand edit could leave it: escapes in every stored text (validation
    refuses them, so they are written straight into the file)."""
    journal = Journal.open(db, clock=lambda: TODAY)
    mallory = Person(name="Mallory Smith", company="Acme", met_on="2026-11-01")
    other = Person(name="Mallory Smyth")
    event = Event(name="Meetup", on="2026-11-01")
    talk = Interaction(people=[mallory.uid], on="2026-11-20", direction="in", reply_needed=True, summary="hi")
    mine = Promise(person=mallory.uid, what="slides", made="2026-11-01", due="2026-11-20")
    theirs = Favor(person=mallory.uid, what="intro", on="2026-11-02", given=False)
    mallory.met_event = event.uid
    journal.add_records([mallory, other, event, talk, mine, theirs])

    def hostile_text(data: dict) -> None:
        for table in ("people", "events", "promises", "favors"):
            for doc in data[table].values():
                for field in ("name", "company", "what"):
                    if field in doc:
                        doc[field] = doc[field].replace("Mallory", HOSTILE).replace("slides", f"sl{OSC52}ides{RLO}")
                        doc[field] = doc[field].replace("intro", f"in{RLO}tro").replace("Meetup", f"Meet{OSC52}up")

    hand_edit(db, hostile_text)
    folder = db.parent / "journal.json.d" / "interactions"
    for bucket in folder.iterdir():
        stored = json.loads(bucket.read_text())
        for doc in stored.get("interactions", {}).values():
            doc["summary"] = f"hi{OSC52}{RLO}"
        bucket.write_text(json.dumps(stored))
    return {"mallory": mallory.uid, "promise": mine.uid, "favor": theirs.uid}


def assert_neutralised(text: str) -> None:
    for raw in ("\x1b", "\x07", RLO):
        assert raw not in text, f"{raw!r} reached the terminal raw"


def test_stored_escapes_and_bidi_never_reach_the_terminal_from_any_command(kith: Kith, db: Path) -> None:
    uids = hostile_journal(db)
    mallory = uids["mallory"][:8]
    runs = [
        ("due",),
        ("due", "--json"),
        ("people",),
        ("people", "Mallory"),
        ("show", mallory),
        ("events",),
        ("log", mallory, "-m", "coffee"),
        ("promise", mallory, "coffee"),
        ("favor", mallory, "a ride", "--received"),
        ("thank", mallory, "ride"),
        ("snooze", f"promise:{uids['promise'][:8]}", "fri"),
        ("done", f"thanks:{uids['favor'][:8]}"),
        ("edit", mallory, "--role", "CTO"),
        ("archive", mallory),
        ("archive", mallory, "--undo"),
        ("add", "Tom", "--introduced-by", mallory),
        ("show", "Mallory"),  # two people match: the error names both
        ("log", "Mallory"),
        ("check",),
        ("drop", f"promise:{uids['promise'][:8]}"),
    ]
    for args in runs:
        result = kith(*args)
        assert "unexpected error" not in result.err, args
        assert_neutralised(result.out + result.err)
    ambiguous = kith("log", "Mallory")
    assert ambiguous.code == 2 and "\\x1b]52" in ambiguous.err and "\\u202e" in ambiguous.err


def test_an_export_is_neutralised_on_a_terminal_and_exact_into_a_file(
    kith: Kith, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile_journal(db)
    piped = kith("export", "csv")
    assert piped.code == 0 and OSC52 in piped.out  # a file or a pipe gets the bytes as stored

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    render.write_export(piped.out)
    assert_neutralised(screen.getvalue())
    assert "Mallory\\x1b]52;c;aGk=\\x07\\u202eSmith" in screen.getvalue()


def test_safe_keeps_joiners_and_neutralises_every_invisible_format_character() -> None:
    assert render.safe("👩\u200d💻 می\u200cخواهم") == "👩\u200d💻 می\u200cخواهم"
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u00ad\ufeff\u2028\x85\x9b":
        assert ch not in render.safe(f"a{ch}b")


def test_names_with_bidi_overrides_are_refused_on_the_way_in(kith: Kith) -> None:
    result = kith("add", f"evil{RLO}exe.txt")
    assert result.code == 2 and "invisible formatting" in result.err and len(result.err.splitlines()) == 1
    assert RLO not in result.err
    assert kith("people", "--json").out.strip() == "[]"


@pytest.mark.parametrize("command", [("add", "caf\udce9"), ("log", "caf\udce9"), ("people", "caf\udce9")])
def test_an_argument_that_is_not_utf8_is_one_line_and_exit_2(kith: Kith, command: tuple[str, ...]) -> None:
    kith("add", "Ana")
    result = kith(*command)
    assert result.code == 2 and result.err.count("\n") == 1 and "not valid UTF-8" in result.err
    assert "'caf\\xe9'" in result.err  # the byte the terminal sent


def test_a_latin1_terminal_typing_cafe_gets_one_line_from_a_real_process(db: Path) -> None:
    env = {**os.environ, "KITH_DB": str(db), "KITH_TODAY": TODAY.isoformat()}
    done = subprocess.run([sys.executable, "-m", "journal", "add", b"caf\xe9"], capture_output=True, env=env)
    assert done.returncode == 2 and b"not valid UTF-8" in done.stderr and b"Traceback" not in done.stderr
    assert not db.exists()


@pytest.mark.parametrize("every", ["²", "٣", "1e3", "99999999999"])
def test_a_cadence_that_does_not_convert_is_refused_with_the_usual_line(kith: Kith, every: str) -> None:
    result = kith("add", "Ana", "--every", every)
    assert result.code == 2 and "--every" in result.err and "unexpected" not in result.err


def test_a_met_date_far_in_the_future_is_reported_per_row_and_never_stored(kith: Kith, tmp_path: Path) -> None:
    card = tmp_path / "far.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Far Future\nX-KITH-MET-ON:9999-12-31\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Near Past\nEND:VCARD\n"
    )
    result = kith("import", str(card))
    assert result.code == 0 and "9999-12-31" in result.out  # named, left out, the rest of the card kept
    people = {p["name"]: p for p in json.loads(kith("people", "--json").out)}
    assert sorted(people) == ["Far Future", "Near Past"] and people["Far Future"]["met_on"] is None
    sheet = tmp_path / "people.csv"
    header = (Path(__file__).parent / "fixtures" / "formats" / "kith" / "people.csv").read_text().splitlines()[0]
    with sheet.open("w", newline="") as out:
        rows = csv.DictWriter(out, header.split(","))
        rows.writeheader()
        rows.writerows([{"name": "Far Future", "met_on": "9999-12-31"}, {"name": "Okay", "met_on": "2026-01-02"}])
    assert "9999-12-31" in kith("import", str(sheet), "--format", "kith").out
    people = {p["name"]: p for p in json.loads(kith("people", "--json").out)}
    assert sorted(people) == ["Far Future", "Near Past", "Okay"] and people["Far Future"]["met_on"] is None


def test_a_stored_date_that_fails_validation_is_named_by_check_and_crashes_nothing(kith: Kith, db: Path) -> None:
    kith("add", "Ana", "--every", "30")
    kith("add", "Tom")
    hand_edit(
        db, lambda data: next(d for d in data["people"].values() if d["name"] == "Ana").update(met_on="9999-12-31")
    )
    for args in (("due",), ("people",), ("export", "ics"), ("export", "vcf"), ("show", "Tom"), ("log", "Tom")):
        result = kith(*args)
        assert result.code == 0 and "unexpected" not in result.err, args
        assert "2 records point at nothing or cannot be read" in result.err  # Ana, and her meeting with nobody
    found = kith("check")
    assert found.code == 1 and "met_on '9999-12-31' is outside the years 1900-2200" in found.out


def test_check_fix_sets_damaged_records_aside_and_lists_them(kith: Kith, db: Path) -> None:
    kith("add", "Ana")
    kith("add", "Tom")
    kith("log", "Tom", "-m", "coffee")
    unusable = ["not", "a", "uid"]
    hand_edit(db, lambda data: next(d for d in data["people"].values() if d["name"] == "Ana").update(uid=unusable))
    buckets = (db.parent / "journal.json.d" / "interactions").iterdir()
    bucket = next(b for b in buckets if "coffee" in b.read_text())
    stored = json.loads(bucket.read_text())
    next(d for d in stored["interactions"].values() if d.get("summary") == "coffee")["on"] = "2026-02-30"
    bucket.write_text(json.dumps(stored))
    assert "3 records point at nothing or cannot be read" in kith("people").err  # and Ana's meeting
    found = kith("check").out
    assert re.search(
        r"people part [0-9a-f]{2} #1: cannot be read: uid \['not', 'a', 'uid'\] is not a record uid", found
    )
    assert "cannot be read: on '2026-02-30' is not a date" in found
    fixed = kith("check", "--fix")
    assert "2 damaged records are set aside in" in fixed.out and fixed.code == 0
    kept = db.parent / "journal.json.d" / "quarantine.json"
    docs = [entry["doc"] for entry in json.loads(kept.read_text())["records"].values()]
    assert {"name": "Ana", "uid": ["not", "a", "uid"], "met_on": TODAY.isoformat(), "rev": 1} in docs
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kith("people").err == "" and "set aside" in kith("check").out
    assert kith("check", "--fix").code == 0 and len(json.loads(kept.read_text())["records"]) == 2


@pytest.mark.parametrize("replaced", ["journal.json.d", "journal.json.d/interactions"])
def test_a_journal_folder_replaced_by_a_file_is_one_line_and_exit_1(db: Path, replaced: str) -> None:
    assert run_kith("add", "Ana", db=db).returncode == 0
    target = db.parent / replaced
    target.rename(db.parent / "moved")
    target.write_text("")
    for args in (("people",), ("due",), ("log", "Ana")):
        done = run_kith(*args, db=db)
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and "should be a folder" in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_export_refuses_a_pipe_or_a_device_and_leaves_it_alone(kith: Kith, tmp_path: Path, kind: str) -> None:
    kith("add", "Ana")
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = Path("/dev/null")
    result = kith("export", "csv", "-o", str(target))
    assert result.code == 2 and "not a regular file" in result.err and result.err.count("\n") == 1
    assert stat.S_ISFIFO(target.stat().st_mode) if kind == "fifo" else stat.S_ISCHR(target.stat().st_mode)


def test_export_onto_an_existing_regular_file_or_a_new_path_still_works(kith: Kith, tmp_path: Path) -> None:
    kith("add", "Ana")
    (tmp_path / "old.csv").write_text("old")
    assert kith("export", "csv", "-o", str(tmp_path / "old.csv")).code == 0
    assert kith("export", "vcf", "-o", str(tmp_path / "new.vcf")).code == 0
    assert "Ana" in (tmp_path / "old.csv").read_text() and "Ana" in (tmp_path / "new.vcf").read_text()


def test_two_demos_started_together_build_one_demo_in_private_folders(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "fresh" / "cache"), "KITH_TODAY": TODAY.isoformat()}
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "journal", "--demo", "people", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            preexec_fn=lambda: os.umask(0),  # noqa: PLW1509 - the umask of a careless shell
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in started]
    assert [p.returncode for p in started] == [0, 0], [err for _, err in outputs]
    first, second = (sorted(p["uid"] for p in json.loads(out)) for out, _ in outputs)
    assert first == second and len(first) == len(set(first))
    demo = tmp_path / "fresh" / "cache" / "kith" / "demo"
    assert [d.name for d in demo.iterdir()] == [TODAY.isoformat()]
    again = Journal.open(demo / TODAY.isoformat() / "journal.json", clock=lambda: TODAY)
    assert len(again.people(archived=True)) == len(first) + sum(p.archived for p in again.people(archived=True))
    for folder in (tmp_path / "fresh", tmp_path / "fresh" / "cache", demo.parent, demo):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.parametrize("every", ["²", "٣", "1e3", "x"])
def test_the_person_form_refuses_a_cadence_that_does_not_convert(journal: Journal, every: str) -> None:
    from journal import forms
    from journal.errors import InvalidValue

    with pytest.raises(InvalidValue, match="every"):
        forms.person(journal, {"name": "Ana", "every": every}, TODAY)
    assert forms.person(journal, {"name": "Ana", "every": "2w"}, TODAY).every == 14


LATIN = st.text(st.characters(max_codepoint=0x3FF), max_size=40)  # composed and combining accents, controls


@given(st.lists(st.text(max_size=40) | LATIN, min_size=1, max_size=6), st.integers(min_value=0, max_value=30))
def test_a_column_of_people_cells_is_clipped_as_each_cell_alone_would_be(cells: list[str], width: int) -> None:
    """`kith people` and `kith due` fit a column of cells of one column a character (ASCII and composed Latin
    letters) by slicing; whatever the cells hold, that is exactly what `clip` makes of each (wide letters,
    combining accents, tabs, runs of spaces, controls take the careful way)."""
    assert render._clipped(cells, width) == [render.clip(cell, width) for cell in cells]


def test_wide_letters_keep_the_people_table_aligned(kith: Kith) -> None:
    kith("add", "王小明", "--company", "Acme")
    kith("add", "Ana López", "--company", "Globex")
    lines = kith("people").out.splitlines()
    at = {render.columns(line[: line.index(c)]) for c in ("Acme", "Globex") for line in lines if c in line}
    assert len(at) == 1  # each company starts in the same terminal column
