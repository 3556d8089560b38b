"""The model refuses bad values with a message naming the field, and keeps any text exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.errors import InvalidValue
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Person, Promise, Snooze, new_uid, normalise


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


text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=300).filter(
    lambda t: t.strip() != ""
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text, notes=text)
def test_any_unicode_name_and_note_round_trip_through_storage(tmp_path: Path, name: str, notes: str) -> None:
    db = tmp_path / f"{new_uid()}.json"
    person = Journal.open(db).add_person(Person(name=name, notes=notes, company=name), force=True)
    again = Journal.open(db).person(person.uid)
    assert again is not None
    assert (again.name, again.notes, again.company) == (name.strip(), notes.strip(), name.strip())
