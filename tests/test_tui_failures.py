"""The TUI never dies silently and never leaks: a bug is a crash report without values and a non-zero exit;
a journal that becomes unreadable while the app is open is said in words, keeps what was typed, and is retried."""

from __future__ import annotations

import argparse
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from textual.widgets import Input, OptionList, Static
from tui_support import workers_done

from journal import cli
from journal.crash import crash_report
from journal.journal import Journal
from journal.model import Interaction, Person
from screens import people, person, today
from screens.app import make_app
from screens.forms import FormScreen
from screens.people import PeopleScreen
from screens.person import PersonScreen
from screens.today import TodayScreen


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    journal = Journal.open(tmp_path / "j" / "journal.json", clock=lambda: TODAY)
    ana = journal.add_person(Person(name="Ana Secretname", met_on="2026-11-01"))
    journal.log(Interaction(people=[ana.uid], on="2026-11-20", direction="in", reply_needed=True, summary="slides?"))
    return journal


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


def crashes(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "state" / "kith" / "crashes"
    return sorted(folder.iterdir()) if folder.exists() else []


async def test_a_bug_in_the_tui_is_a_report_without_values_and_exit_code_1(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: PersonScreen) -> None:
        raise ValueError("Ana Secretname owes 987654321 EUR")

    monkeypatch.setattr(PersonScreen, "fill", broken)
    app = make_app(journal, lambda: TODAY)
    with pytest.raises(ValueError):  # a pilot test re-raises what ended the app
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
    assert app.return_code == 1
    assert app.crash is not None and app.crash.startswith("kith: unexpected error (ValueError); details in ")
    assert app._exit_renderables == []  # no traceback with local variables is printed
    [report] = crashes(tmp_path)
    text = report.read_text()
    assert "Secretname" not in text and "987654321" not in text and "test_tui_failures.py" in text
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_run_app_prints_the_crash_line_and_returns_the_apps_code(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import screens.app

    class Crashed:
        crash = "kith: unexpected error (ValueError); details in /x"
        return_code = 1

        def run(self) -> None:
            pass

    monkeypatch.setattr(screens.app, "make_app", lambda *args: Crashed())
    code = cli.run_app(argparse.Namespace(db=str(journal.path), demo=False))
    assert code == 1 and capsys.readouterr().err == "kith: unexpected error (ValueError); details in /x\n"


async def test_a_bug_while_acting_on_a_reminder_is_reported_and_the_app_goes_on(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Ana Secretname")

    monkeypatch.setattr(today.reminders, "drop", broken)
    async with make_app(journal, lambda: TODAY).run_test() as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert pilot.app.is_running and isinstance(pilot.app.screen, TodayScreen)
        said = [str(n.message) for n in pilot.app._notifications]
        assert any("unexpected error (RuntimeError)" in m and "details in" in m for m in said)
        assert not any("Secretname" in m for m in said)
    assert len(crashes(tmp_path)) == 1


def test_two_crashes_in_the_same_second_get_two_private_reports(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        reports = []
        for n in range(2):
            try:
                raise KeyError(n)
            except KeyError as exc:
                reports.append(crash_report(exc))
    finally:
        os.umask(old)
    assert len(set(reports)) == 2 and all(r.exists() for r in reports)
    for folder in (tmp_path / "state", tmp_path / "state" / "kith", tmp_path / "state" / "kith" / "crashes"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def newer_schema(journal: Journal) -> bytes:
    """What a sync from a newer Kith leaves: a journal this one must refuse to read; returns the original."""
    before = journal.path.read_bytes()
    data = json.loads(before)
    data["_meta"]["1"]["schema_version"] = 99
    journal.path.write_text(json.dumps(data))
    return before


async def test_a_journal_that_becomes_unreadable_is_said_kept_and_retried(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (today, people, person):
        monkeypatch.setattr(module, "RETRY", 0.2)
    async with make_app(journal, lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TodayScreen)
        original = newer_schema(journal)
        screen.load()
        await settle(pilot)
        summary = str(screen.query_one("#summary", Static).content)
        assert "cannot be read right now" in summary and "newer Kith" in summary

        await pilot.press("a")  # a form: what is typed stays, the problem is shown under it
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"Tom")
        form.query_one("#f-at", Input).value = "PyData"
        await pilot.pause()
        assert "newer Kith" in str(form.query_one("#form-error", Static).content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form and form.query_one("#f-name", Input).value == "Tom"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PeopleScreen)
        assert "cannot be read right now" in str(pilot.app.screen.query_one("#count", Static).content)

        journal.path.write_bytes(original)  # the sync settles: the next try reads it again
        await pilot.pause(0.5)
        await settle(pilot)
        assert "1 person" in str(pilot.app.screen.query_one("#count", Static).content)
        await pilot.press("escape")
        await pilot.pause(0.5)
        await settle(pilot)
        assert pilot.app.is_running
        assert isinstance(pilot.app.screen, TodayScreen)
        assert pilot.app.screen.query_one("#reminders", OptionList).option_count > 1


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        (Person, "uid", ["x"]),
        (Person, "met_on", "9999-12-31"),
        (Interaction, "on", None),
        (Interaction, "people", "abc"),
        ("Promise", "person", 5),
        ("Favor", "on", "2026-02-30"),
        ("Event", "name", {}),
        ("Snooze", "until", []),
    ],
)
async def test_the_first_screens_open_on_a_damaged_journal(tmp_path: Path, kind: Any, field: str, value: Any) -> None:
    from test_damage_fuzz import KINDS, build, damage

    kind = next(k for k in KINDS if k is kind or k.__name__ == kind)
    db = tmp_path / "d" / "journal.json"
    build(db)
    damage(db, kind, field, value)
    async with make_app(Journal.open(db, clock=lambda: TODAY), lambda: TODAY).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert pilot.app.is_running


async def test_damaged_records_are_said_once_drawn_and_never_counted_before(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line warns before each command; the TUI says it in a toast once Today is drawn, counted off
    the UI thread (at 30k people a count that is not kept reads every record: seconds of a blank terminal)."""
    from conftest import hand_edit

    from journal import integrity

    hand_edit(journal.path, lambda data: data["promises"].update({"p1": {"uid": "p1", "person": "gone" * 8}}))
    counted: list[str] = []
    real = integrity.dangling
    monkeypatch.setattr(integrity, "dangling", lambda *args, **kwargs: counted.append("") or real(*args, **kwargs))
    import screens.app

    class Opened:
        crash, return_code = None, 0

        def run(self) -> None:
            pass

    with monkeypatch.context() as patched:  # `kith` opening the TUI counts nothing before it runs
        patched.setattr(screens.app, "make_app", lambda *args: Opened())
        assert cli.run_app(argparse.Namespace(db=str(journal.path), demo=False)) == 0
    app = make_app(Journal.open(journal.path, clock=lambda: TODAY), lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        assert counted == []  # nothing counted before the first screen
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        said = [str(n.message) for n in pilot.app._notifications]
        assert said.count("1 record points at nothing or cannot be read; see `kith check`") == 1, said
