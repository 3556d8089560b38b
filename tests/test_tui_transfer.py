"""Import and export from the command palette: pilot tests on an empty journal and a frozen day."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from conftest import TODAY
from textual.widgets import Checkbox, Input, ProgressBar, Select, Static
from tui_support import workers_done

from journal.journal import Journal
from screens.app import KithApp, make_app
from screens.people import PeopleScreen
from screens.people_list import PeopleList
from screens.transfer import ExportScreen, ImportScreen

TESTS = Path(__file__).parent
CONNECTIONS = TESTS / "fixtures" / "formats" / "linkedin" / "Connections.csv"
LINKEDIN_NAMES = {
    "Ana López",
    "Tomasz Wójcik",
    "Søren Kierkegaard-Holm",
    "美咲 佐藤",
    "Priya Raman",
    "Léa Dubois",
    "Jonas Berg",
    "private-person",
}
SIZE = (100, 40)
S = TypeVar("S", ImportScreen, ExportScreen)


@pytest.fixture
def app(journal: Journal) -> KithApp:
    return make_app(journal, lambda: TODAY)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def open_dialog(pilot, action: str, cls: type[S]) -> S:  # type: ignore[no-untyped-def]
    """Open a dialog as the command palette does, once the app is idle."""
    await settle(pilot)
    await pilot.app.run_action(action)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, cls)
    return screen


async def open_import(pilot) -> ImportScreen:  # type: ignore[no-untyped-def]
    return await open_dialog(pilot, "import", ImportScreen)


async def run_import(pilot, path: str, *, dry_run: bool = False) -> str:  # type: ignore[no-untyped-def]
    """Type the path, tick dry run if asked, press enter; the result area's text."""
    screen = pilot.app.screen
    screen.query_one("#dry-run", Checkbox).value = dry_run
    screen.query_one("#path", Input).focus()
    await pilot.press(*path, "enter")
    await settle(pilot)
    return str(screen.query_one("#result", Static).content)


async def open_export(pilot) -> ExportScreen:  # type: ignore[no-untyped-def]
    return await open_dialog(pilot, "export", ExportScreen)


async def run_export(pilot, path: Path) -> str:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    screen.query_one("#path", Input).value = str(path)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return str(screen.query_one("#result", Static).content)


async def test_the_palette_lists_import_and_export(app: KithApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Import contacts" in titles
        assert "Export" in titles


async def test_importing_linkedin_connections_creates_the_people_once(app: KithApp, journal: Journal) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        result = await run_import(pilot, str(CONNECTIONS))
        assert result.splitlines()[0] == (
            "Imported LinkedIn Connections.csv: 8 created, 0 updated, 0 unchanged, 0 skipped, 1 value left out"
        )
        assert "line 11: Connected On '31 Feb 2024' is not a date" in result
        assert not screen.query_one("#result", Static).has_class("error")
        assert screen.query_one("#progress", ProgressBar).percentage == 1
        assert {p.name for p in journal.people()} == LINKEDIN_NAMES

        again = await run_import(pilot, "")  # the path is still typed
        assert again.splitlines()[0].startswith("Read LinkedIn Connections.csv: 0 created,")
    assert {p.name for p in Journal.open(journal.path).people()} == LINKEDIN_NAMES


async def test_people_underneath_show_the_imported_people_when_the_dialog_closes(app: KithApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_people()
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen)
        assert people.query_one("#people", PeopleList).row_count == 0
        await open_import(pilot)
        await run_import(pilot, str(CONNECTIONS))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is people
        assert people.query_one("#people", PeopleList).row_count == len(LINKEDIN_NAMES)


async def test_many_problems_show_the_first_eight_and_a_count(app: KithApp, tmp_path: Path) -> None:
    rows = "".join(f"Pat,Doe{n},,none,,,31 Feb 2024\n" for n in range(11))
    source = tmp_path / "Connections.csv"
    source.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        lines = (await run_import(pilot, str(source))).splitlines()
        assert "11 created" in lines[0] and "22 values left out" in lines[0]
        assert len(lines) == 10
        assert lines[1] == "line 2: Connected On '31 Feb 2024' is not a date like 12 Mar 2024; kept the rest"
        assert lines[-1] == "and 14 more"


async def test_a_missing_file_is_one_error_line_and_writes_nothing(app: KithApp, journal: Journal) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        result = await run_import(pilot, str(TESTS / "no-such-file.csv"))
        assert result.startswith("cannot read ") and "\n" not in result
        assert screen.query_one("#result", Static).has_class("error")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
    assert journal.people() == []
    assert not journal.path.exists() or Journal.open(journal.path).people() == []


async def test_a_dry_run_writes_nothing(app: KithApp, journal: Journal) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        result = await run_import(pilot, str(CONNECTIONS), dry_run=True)
        assert "8 created" in result and "dry run: nothing written" in result
    assert journal.people() == []
    assert not journal.path.exists() or Journal.open(journal.path).people() == []


async def test_an_empty_path_asks_for_one(app: KithApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        result = await run_import(pilot, "")
        assert "path" in result
        assert screen.query_one("#result", Static).has_class("error")


async def test_export_writes_a_kith_csv(app: KithApp, journal: Journal, tmp_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        await run_import(pilot, str(CONNECTIONS))
        await pilot.press("escape")
        screen = await open_export(pilot)
        assert screen.query_one("#path", Input).value == f"~/kith-export-{TODAY:%Y-%m-%d}.csv"
        target = tmp_path / "out.csv"
        result = await run_export(pilot, target)
        assert result == f"Wrote 8 people to {target} (Kith CSV)"
        assert screen.query_one("#progress", ProgressBar).percentage == 1
    assert target.read_text(encoding="utf-8").lstrip("\ufeff").startswith("uid,name")


async def test_the_export_file_name_follows_the_format(app: KithApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot)
        screen.query_one("#format", Select).value = ("ics", "ics")
        await pilot.pause()
        assert screen.query_one("#path", Input).value == f"~/kith-export-{TODAY:%Y-%m-%d}.ics"


async def test_export_to_a_missing_folder_shows_the_error(app: KithApp, tmp_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot)
        result = await run_export(pilot, tmp_path / "nowhere" / "out.csv")
        assert result.startswith("the folder ") and "does not exist" in result
        assert screen.query_one("#result", Static).has_class("error")
    assert not (tmp_path / "nowhere").exists()


def test_snapshot_import(  # type: ignore[no-untyped-def]
    snap_compare, app: KithApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(TESTS)  # a relative path, the same on every machine

    async def imported(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_import(pilot)
        await run_import(pilot, "fixtures/formats/linkedin/Connections.csv")

    assert snap_compare(app, terminal_size=SIZE, run_before=imported)


async def test_escape_waits_for_a_running_import(app: KithApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        screen.running = True  # as while the worker writes
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        screen.running = False
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


@pytest.mark.parametrize("seed", [1, 2])
async def test_random_keys_in_the_dialogs_never_crash_the_app(
    app: KithApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    import random

    monkeypatch.setenv("HOME", str(tmp_path))  # the default export path is under ~
    monkeypatch.chdir(tmp_path)  # and a typed relative path lands here
    keys = list("ab/.~ ") + ["enter", "escape", "down", "up", "tab", "shift+tab", "ctrl+s", "backspace"]
    rng = random.Random(seed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for opener in (app.action_import, app.action_export):
            opener()
            await pilot.pause()
            for _ in range(80):
                key = rng.choice(keys)
                await pilot.press(key)
            await settle(pilot)
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
async def test_the_outcome_is_brought_into_view_in_a_short_terminal(app: KithApp, dry_run: bool) -> None:
    async with app.run_test(size=(40, 15)) as pilot:
        screen = await open_import(pilot)
        said = await run_import(pilot, str(CONNECTIONS), dry_run=dry_run)
        await settle(pilot)
        assert said
        result = screen.query_one("#result", Static)
        area = screen.query_one("#form-fields").region
        shown = area.intersection(result.region)  # as much of it as the dialog has room for, from its first line
        assert shown.y == result.region.y and shown.height >= min(result.region.height, area.height), (shown, area)
