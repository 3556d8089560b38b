"""The Give group on Today: `i` records the introduction it suggests, `x` dismisses the pair for good."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from textual.widgets import OptionList, TextArea
from tui_support import highlight, ready

from journal import giving, reminders
from journal.introductions import dismissed_pairs
from journal.journal import Journal
from journal.model import Favor, Need
from screens.app import KithApp, make_app
from screens.forms import FormScreen, edit_person
from screens.person import PersonScreen


def introductions(journal: Journal) -> list[str]:
    return [r.person for r in reminders.reminders(journal, TODAY) if r.kind == "introduce"]


def pairs(journal: Journal) -> list[str]:
    return [r.text for r in reminders.reminders(journal, TODAY) if r.kind == "introduce"]


async def test_the_give_group_lists_introductions_and_i_records_one(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(pilot)
        prompts = [str(o.prompt) for o in screen.query_one("#reminders", OptionList).options]
        assert "Give (3)" in prompts
        assert any("Introduce Zoë Müller (brand design and illustration) to Tom Baker" in p for p in prompts)
        highlight(screen, "introduce", "Tom Baker")
        await pilot.press("i")
        await pilot.pause()
        assert "Tom Baker" not in introductions(demo)
        tom_need = next(n for n in demo.records(Need) if n.what.startswith("a freelance brand designer"))
        assert tom_need.closed == TODAY.isoformat() and tom_need.reason == "introduced to Zoë Müller"
        made = [f for f in demo.records(Favor) if f.introduced]
        assert sorted(demo.person(f.person).name for f in made) == ["Tom Baker", "Zoë Müller"]  # type: ignore[union-attr]
        assert not any(r.kind == "introduce" and r.person == "Tom Baker" for r in screen.found)
        assert "ctrl+z" not in str(pilot.app.screen)  # still on Today
        await pilot.press("ctrl+z")  # the whole introduction is one change
        await pilot.pause()
        assert "Tom Baker" in introductions(demo)
        assert not [f for f in demo.records(Favor) if f.introduced]


async def test_x_dismisses_the_pair_for_good(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(pilot)
        key = highlight(screen, "introduce", "Kofi Mensah")
        assert any(t.startswith("Introduce Aiyana Redcloud") for t in pairs(demo))
        await pilot.press("x")
        await pilot.pause()
        assert not any(t.startswith("Introduce Aiyana Redcloud") for t in pairs(demo))
        assert key not in {r.key for r in screen.found}
        assert dismissed_pairs(demo) == {key.partition(":")[2]}
        assert key not in {r.key for r in reminders.reminders(demo, TODAY.replace(year=TODAY.year + 1))}


async def test_i_on_another_row_only_explains(app: KithApp, demo: Journal) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(pilot)
        before = demo.history(limit=1)
        highlight(screen, "birthday", "Priya Rao")
        await pilot.press("i")
        await pilot.pause()
        assert demo.history(limit=1) == before


async def test_the_card_shows_needs_offers_and_introductions(app: KithApp, demo: Journal) -> None:
    tom = demo.find_person("Tom Baker")
    async with app.run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        pilot.app.push_screen(PersonScreen(tom.uid))
        await pilot.pause()
        shown = str(pilot.app.screen.query_one("#giving").render())
        assert "Needs" in shown and "a freelance brand designer for the new shop" in shown


async def test_needs_and_offers_are_written_one_a_line_in_the_person_forms(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 50)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*"Nova")
        form.query_one("#f-needs", TextArea).text = "a designer\na lawyer"
        form.query_one("#f-offers", TextArea).text = "[b]pricing[/b] advice"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
        nova = journal.find_person("Nova")
        assert [n.what for n in giving.open_ones(journal, "need", nova.uid)] == ["a designer", "a lawyer"]
        assert [o.what for o in giving.open_ones(journal, "offer", nova.uid)] == ["[b]pricing[/b] advice"]
        edit_person(pilot.app, nova)
        await pilot.pause()
        form = pilot.app.screen
        assert form.query_one("#f-needs", TextArea).text == "a designer\na lawyer"
        form.query_one("#f-needs", TextArea).text = "a lawyer\nan accountant"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    needs = sorted(journal.records(Need), key=lambda n: n.what)
    assert [(n.what, n.closed) for n in needs] == [
        ("a designer", TODAY.isoformat()),
        ("a lawyer", None),
        ("an accountant", None),
    ]
    assert journal.history(limit=1)[0].command.startswith("TUI: Edit Nova")


async def test_a_need_too_long_for_a_line_is_refused_in_the_form(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.json", clock=lambda: TODAY)
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 50)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*"Nova")
        form.query_one("#f-needs", TextArea).text = "x" * 400
        await pilot.pause()
        assert "need: is longer than 300 characters" in str(form.query_one("#form-error").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
    assert journal.people() == []


async def test_needs_are_shown_as_text_never_as_markup(app: KithApp, demo: Journal) -> None:
    tom = demo.find_person("Tom Baker")
    giving.add(demo, "need", tom, "[@click=app.quit]a [b]bold[/b] designer[/]", TODAY)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        pilot.app.push_screen(PersonScreen(tom.uid))
        await pilot.pause()
        shown = str(pilot.app.screen.query_one("#giving").render())
        assert "[@click=app.quit]a [b]bold[/b] designer[/]" in shown
