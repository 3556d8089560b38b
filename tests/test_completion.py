"""Shell completion: the scripts parse and run in their shells, and `kith __complete` offers the right
commands, options, names, reminder keys and events from a journal it never changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, Kith, run_kith

from journal.completion import Completion, complete, split_line

BIN = str(Path(sys.executable).parent)  # where the `kith` script of this environment is


@pytest.fixture
def known(kith: Kith, db: Path) -> Path:
    """A journal with two people (one with an alias), an event and two reminders."""
    assert kith("event", "PyData Berlin", "--on", "2026-11-20").code == 0
    assert kith("add", "Ana López", "--company", "Zalando", "--alias", "Anita", "--at", "PyData Berlin").code == 0
    assert kith("add", "Tom Baker", "--role", "designer").code == 0
    assert kith("log", "tom", "--reply-needed", "-m", "asked about the slides").code == 0
    assert kith("promise", "ana", "send the deck", "--by", "today").code == 0
    return db


def offered(words: list[str], db: Path | None = None) -> list[str]:
    found = complete((["--db", str(db)] if db else []) + words, today=lambda: TODAY)
    assert not found.files
    return [o.value for o in found.offers]


def test_commands_and_options_are_offered_from_the_parser_itself() -> None:
    assert offered(["pe"]) == ["people"]
    assert {"add", "due", "show", "completion"} <= set(offered([""]))
    assert "__complete" not in offered([""])
    assert offered(["due", "--j"]) == ["--json"]
    assert "--reply-needed" in offered(["log", "ana", "--"])
    assert offered(["export", ""]) == ["csv", "vcf", "ics"]
    assert offered(["completion", "f"]) == ["fish"]
    assert offered(["--d"]) == ["--db", "--demo"]


def test_names_and_aliases_are_offered_by_any_word_accents_ignored(known: Path) -> None:
    assert offered(["show", ""], known) == ["Ana López", "Anita", "Tom Baker"]
    assert offered(["show", "lope"], known) == ["Ana López"]
    assert offered(["log", "ana", "b"], known) == ["Tom Baker"]  # every PERSON of `log`
    assert offered(["merge", "Tom Baker", "an"], known) == ["Ana López", "Anita"]
    assert offered(["add", "Lin", "--introduced-by", "t"], known) == ["Tom Baker"]
    assert offered(["promise", "ana", ""], known) == []  # WHAT is free text
    assert offered(["add", ""], known) == []  # a new name


def test_a_name_is_offered_by_the_start_of_any_word_of_it_and_nothing_else(kith: Kith, known: Path) -> None:
    for name in ("Juan Anaya", "Banana Split", "María-José Añez", "Zoë van Dam"):
        assert kith("add", name).code == 0
    assert kith("show", "anita").code == 0  # names.json kept: both ways of reading give the same offers
    kept = known.parent / "journal.json.d" / "names.json"
    for reading in ("kept", "stored people"):
        if reading == "stored people":
            kept.unlink()
        assert offered(["show", "an"], known) == ["Ana López", "Anita", "Juan Anaya", "María-José Añez"]
        assert offered(["show", "zoe van"], known) == ["Zoë van Dam"]
        assert offered(["show", "dam"], known) == ["Zoë van Dam"]
        assert offered(["show", "nan"], known) == []  # inside a word: not offered
        assert offered(["show", "anita"], known) == ["Anita"]


def test_names_come_from_names_json_when_it_is_kept_and_from_the_journal_when_not(kith: Kith, known: Path) -> None:
    kept = known.parent / "journal.json.d" / "names.json"
    assert kith("show", "anita").code == 0 and kept.exists()  # naming someone keeps everyone's names
    words = [["show", ""], ["show", "lope"], ["merge", "Tom Baker", "an"]]
    found = [complete(["--db", str(known), *w], today=lambda: TODAY).offers for w in words]
    assert [o.about for o in found[0]] == ["Zalando", "Ana López", "designer"]
    for damage in (b"{", b'{"key": [], "value": {"rows": [["x"]]}}'):
        kept.write_bytes(damage)  # unreadable or damaged: the stored people are read instead
        assert [complete(["--db", str(known), *w], today=lambda: TODAY).offers for w in words] == found
    kept.unlink()
    assert [complete(["--db", str(known), *w], today=lambda: TODAY).offers for w in words] == found
    assert not kept.exists()  # a TAB keeps nothing


def test_reminder_keys_are_what_done_drop_and_snooze_accept(kith: Kith, known: Path) -> None:
    due = {r["key"][: len(r["kind"]) + 9] for r in __import__("json").loads(kith("due", "--json").out)}
    for command in ("done", "drop", "snooze"):
        assert set(offered([command, ""], known)) == due
    reply = next(k for k in due if k.startswith("reply:"))
    assert offered(["done", "reply:"], known) == [reply]
    assert offered(["snooze", reply, ""], known) == []  # UNTIL is a date
    assert kith("done", reply).code == 0  # the key offered is one `done` takes


def test_events_files_and_the_db_option_are_read_from_the_line(known: Path) -> None:
    assert offered(["jot", "--at", "py"], known) == ["PyData Berlin"]
    assert offered(["--db=" + str(known), "show", "t"]) == ["Tom Baker"]
    assert offered(["event", "rename", ""], known) == ["PyData Berlin"]
    assert complete(["import", ""]).files
    assert complete(["--db", ""]).files
    assert offered(["--db", str(known.parent / "nothing.json"), "show", ""]) == []


def test_completing_changes_nothing_and_creates_nothing(tmp_path: Path, known: Path) -> None:
    folder = known.parent
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    (folder / "journal.json.d" / ".stray.kith-tmp").write_text("left by a crash")  # Journal.open would tidy it
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    for words in (["show", ""], ["done", ""], ["jot", "--at", ""], ["undo", ""], ["restore", ""]):
        offered(words, known)
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == before
    missing = tmp_path / "new" / "journal.json"
    offered(["show", ""], missing)
    assert not missing.parent.exists()


def test_a_damaged_journal_completes_nothing_and_says_nothing(known: Path) -> None:
    known.write_text("{ not json")
    result = run_kith("__complete", "fish", "--", "show", "", db=known)
    assert result.returncode == 0 and result.stdout == "words\n" and result.stderr == ""


def test_what_the_shells_read_is_one_offer_a_line_safe_for_the_terminal() -> None:
    from journal.completion import Offer

    found = Completion([Offer("Ana\x1b[31m López", "line\nbreak"), Offer("reply:3fa2c1d0", "Reply: hi")])
    assert found.lines("fish") == ["words", "Ana\\x1b[31m López\tline break", "reply:3fa2c1d0\tReply: hi"]
    assert found.lines("zsh")[2] == "reply\\:3fa2c1d0:Reply: hi"
    assert found.lines("bash", typed="reply:3f")[2] == "3fa2c1d0"  # bash replaces only what follows the colon
    assert Completion([], files=True).lines("bash") == ["files"]


def test_a_bash_line_is_split_as_bash_reads_it() -> None:
    assert split_line("kith show ") == ["kith", "show", ""]
    assert split_line("kith show Ana\\ L") == ["kith", "show", "Ana L"]
    assert split_line('kith show "Ana L') == ["kith", "show", "Ana L"]
    assert split_line("kith") == ["kith"]


def shell_env(db: Path) -> dict[str, str]:
    return {**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], "KITH_DB": str(db)}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_script_parses_in_its_shell(tmp_path: Path, shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"kith.{shell}"
    script.write_text(run_kith("completion", shell, db=tmp_path / "j.json").stdout)
    assert script.read_text().strip()
    result = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_bash_script_completes_names_and_keys(known: Path) -> None:
    program = """
        eval "$(kith completion bash)"
        ask() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1 x"; \
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _kith; printf '%s|' "${COMPREPLY[@]}"; echo; }
        ask "kith show lo"
        ask "kith pe"
        ask "kith done reply:"
    """
    out = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=shell_env(known)).stdout
    lines = out.splitlines()
    assert lines[0] == "Ana López|"
    assert lines[1] == "people|"
    assert lines[2].count("|") == 1 and len(lines[2]) == 9  # the uid part of the one reply key


def test_the_fish_script_completes_names_with_what_they_do(known: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    program = 'kith completion fish | source; complete -C "kith show lo"; complete -C "kith due --j"'
    out = subprocess.run(["fish", "-c", program], capture_output=True, text=True, env=shell_env(known)).stdout
    assert "Ana López\tZalando" in out.splitlines()
    assert any(line.startswith("--json") for line in out.splitlines())


def test_completion_never_imports_textual(known: Path) -> None:
    env = shell_env(known)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journal", "__complete", "fish", "--", "show", ""],
        capture_output=True,
        text=True,
        env=env,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "journal" in imported and not imported & {"textual", "rich"}
    assert "Tom Baker" in result.stdout
