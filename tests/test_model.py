"""The model refuses bad values with a message naming the field, and keeps any text exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.errors import InvalidValue, RecordDamaged
from journal.journal import Journal
from journal.model import BIDI_CONTROLS, Event, Favor, Interaction, Person, Promise, Snooze, new_uid, normalise


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Person(name="  "), "name"),
        (lambda: Person(name="Ana\x1b[31m"), "name"),
        (lambda: Person(name="Ana", handles={"email": "nope"}), "email"),
        (lambda: Person(name="Ana", handles={"bad platform!": "x"}), "handle"),
        (lambda: Person(name="Ana", every=0), "every"),
        (lambda: Person(name="Ana", met_on="2026-02-30"), "met"),
        (lambda: Person(name="Ana", tags=["a,b"]), "tag"),
        (lambda: Person(name="x" * 10_001), "name"),
        (lambda: Interaction(people=[], on="2026-11-24"), "people"),
        (lambda: Interaction(people=[new_uid()], on="2026-11-24", kind="telepathy"), "kind"),
        (lambda: Interaction(people=[new_uid()], on="24.11.2026"), "date"),
        (lambda: Interaction(people=[new_uid()], on="2026-11-24", direction="out", reply_needed=True), "reply"),
        (lambda: Promise(person="", what="x", made="2026-11-24"), "person"),
        (lambda: Promise(person=new_uid(), what=" ", made="2026-11-24"), "promise"),
        (lambda: Promise(person=new_uid(), what="x", made="2026-11-24", status="maybe"), "status"),
        (lambda: Favor(person=new_uid(), what="x", on="2026-11-24", given=True, thanked="2026-11-24"), "thanked"),
        (lambda: Event(name=""), "event name"),
        (lambda: Snooze(key="reply:x", until="soon"), "until"),
    ],
)
def test_bad_values_are_refused_naming_the_field(make, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidValue) as caught:
        make().validated()
    assert str(caught.value).startswith(field)


def test_names_compare_without_case_accents_or_spacing() -> None:
    assert normalise("  Ana   LÓPEZ ") == normalise("ana lopez") == "ana lopez"
    assert normalise("Zoë") == "zoe" and normalise("Straße") == "strasse"


one_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf")) | st.sampled_from("\u200c\u200d"),
    min_size=1,
    max_size=300,
).filter(lambda t: t.strip() != "")
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")).filter(lambda ch: ch not in BIDI_CONTROLS),
    min_size=1,
    max_size=300,
).filter(lambda t: t.strip() != "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=one_line, notes=text)
def test_any_unicode_name_and_note_round_trip_through_storage(tmp_path: Path, name: str, notes: str) -> None:
    db = tmp_path / f"{new_uid()}.json"
    person = Journal.open(db).add_person(Person(name=name, notes=notes, company=name), force=True)
    again = Journal.open(db).person(person.uid)
    assert again is not None
    assert (again.name, again.notes, again.company) == (name.strip(), notes.strip(), name.strip())


@pytest.mark.parametrize(
    "bad", ["Mallory\u202eevil", "A\u2066b", "a\u200eb", "x\u061cy", "soft\u00adhyphen", "\ufeffBOM"]
)
def test_names_refuse_bidi_controls_and_invisible_format_characters(bad: str) -> None:
    with pytest.raises(InvalidValue, match="invisible formatting"):
        Person(name=bad).validated()


def test_joiners_stay_allowed_for_emoji_and_persian() -> None:
    assert Person(name="👩\u200d💻 Sara", company="می\u200cخواهم").validated().name == "👩\u200d💻 Sara"


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "2201-01-01"])
def test_dates_outside_1900_to_2200_are_refused(day: str) -> None:
    with pytest.raises(InvalidValue, match="outside the years 1900-2200"):
        Person(name="Ana", met_on=day).validated()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("name", 5, "name 5 is not a text"),
        ("uid", ["x"], "uid ['x'] is not a record uid"),
        ("met_on", "2026-02-30", "is not a date"),
        ("met_on", "9999-12-31", "outside the years"),
        ("tags", "ml", "is not a list of texts"),
        ("handles", {"x": 1}, "is not a set of"),
        ("every", True, "is not a number of days"),
        ("archived", "yes", "is not true or false"),
    ],
)
def test_a_stored_person_that_does_not_fit_is_named_by_field(field: str, value: object, says: str) -> None:
    doc = {"name": "Ana", "uid": new_uid(), field: value}
    with pytest.raises(RecordDamaged, match=re.escape(says)):
        Person.load(doc)


def test_load_all_skips_and_places_what_does_not_fit() -> None:
    good = Interaction(people=[new_uid()], on="2026-11-01").to_doc()
    loaded, damaged = Interaction.load_all([good, {**good, "people": "abc"}, {**good, "on": None}, [1]])
    assert [i.uid for i in loaded] == [good["uid"]]
    assert [(n, e.field) for n, e in damaged] == [(1, "people"), (2, "on"), (3, "record")]
