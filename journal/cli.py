"""The `kith` command line: argument parsing and printing; every decision is a call into the journal."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NoReturn

from journal import render
from journal.errors import InvalidValue, KithError, UserError

# Everything else, the journal's modules and the dataclasses and pathlib they need among them, is imported
# by the command that uses it: so they load after `run` has turned the cycle collector off, which saves the
# collections of all they build, and `kith --help` or a mistyped command loads none of them.

DATE_OPTIONS = ("--on", "--by", "--met")


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, the terminal's width found without importing shutil (with bz2 and lzma):
    argparse makes a formatter for every option added, so every command paid for it."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        if width is None:  # as argparse finds it
            width = render.terminal_columns(80) - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one line and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem and where to look, then exit 2."""
        if " — did you mean " in message or "--help" in message:  # the line already says what to type instead
            render.say(f"kith: {message}", err=True)
        else:
            render.say(f"kith: {message} (see `{self.prog} --help`)", err=True)
        sys.exit(2)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """A value outside the choices (a command, a format) is named with the closest one, if any is close."""
        if action.choices is None or value in action.choices:
            return
        what = "command" if isinstance(action, argparse._SubParsersAction) else (action.metavar or action.dest)
        choices = [str(c) for c in action.choices]
        raise argparse.ArgumentError(None, unknown(f"{what}", str(value), choices, ", ".join(choices)))

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """As argparse's, with a mistyped option named with the closest one the command has."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            typo = next((e for e in extras if e.startswith("-") and len(e) > 1), None)
            if typo is None:
                self.error(f"unrecognized arguments: {' '.join(extras)}")
            name = typo.partition("=")[0]
            command = _subcommands(self).get(getattr(parsed, "command", None) or "", self)
            options = sorted({s for a in command._actions for s in a.option_strings if a.help != argparse.SUPPRESS})
            self.error(unknown("option", name, options, f"`{command.prog} --help` lists them"))
        return parsed


def unknown(what: str, typed: str, choices: list[str], otherwise: str) -> str:
    """`unknown command 'peple' — did you mean 'people'?`, or the choices when none is close."""
    import difflib

    bare = {c.lstrip("-"): c for c in choices if c.startswith("--") == typed.startswith("--")}
    close = difflib.get_close_matches(typed.lstrip("-"), list(bare), n=3, cutoff=0.6)
    close.sort(key=lambda c: sorted(c) != sorted(typed.lstrip("-")))  # a swap of two letters is the likeliest typo
    if close:
        return f"unknown {what} '{typed}' — did you mean '{bare[close[0]]}'?"
    return f"unknown {what} '{typed}'; {'choose from ' if ',' in otherwise else ''}{otherwise}"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


class _Skipped:
    """Stands in for the parser of a command the line does not run: whatever is added to it goes nowhere."""

    def __getattr__(self, name: str) -> Callable[..., _Skipped]:
        return lambda *args, **kwargs: self


def build_parser(only: str | None = None) -> Parser:
    """The whole command line; with `only`, the parser of that one command (building thirty parsers costs more
    than many commands themselves)."""
    parser = Parser(prog="kith", description="A terminal relationship journal.")
    parser.add_argument("--db", metavar="PATH", help="the journal file (default: $KITH_DB or your data folder)")
    parser.add_argument("--demo", action="store_true", help="use a throw-away copy of the bundled demo journal")
    parser.add_argument("--version", action=_Version, nargs=0, help="print Kith's version")
    db = Parser(add_help=False)
    db.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    db.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, handler: Callable[..., int], help: str) -> Parser:
        if only is not None and name != only:
            return _Skipped()  # type: ignore[return-value]
        p = sub.add_parser(name, parents=[db], help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    add = command("add", cmd_add, "add a person and how you met")
    add.add_argument("name", metavar="NAME")
    _person_options(add)
    add.add_argument("--force", action="store_true", help="add even if someone has the same name")

    edit = command(
        "edit",
        cmd_edit,
        "change a person; or a record by its key from `kith show` (`kith edit interaction:3fa2 --help`)",
    )
    edit.add_argument("person", metavar="PERSON|KEY")
    edit.add_argument("--name", help="a new name")
    _person_options(edit)
    edit.add_argument("--untag", action="append", default=[], metavar="T", help="remove a tag")

    archive = command("archive", cmd_archive, "archive a person (hidden from lists and reminders)")
    archive.add_argument("person", metavar="PERSON")
    archive.add_argument("--undo", action="store_true", help="bring an archived person back")

    event = command(
        "event",
        cmd_event,
        "add an event: a meetup, a conference, an online space "
        "(`kith event rename OLD NEW`, `kith event merge FROM INTO` fix one)",
    )
    event.add_argument("name", metavar="NAME")
    _event_options(event)
    event.add_argument("--force", action="store_true", help="add even if an event has this name and date")

    merge = command("merge", cmd_merge, "join two records of one person: FROM's history moves to INTO")
    merge.add_argument("source", metavar="FROM")
    merge.add_argument("target", metavar="INTO")

    forget = command("forget", cmd_forget, "remove a person with all that is only theirs, or a record by its key")
    forget.add_argument("target", metavar="PERSON|KEY", help="a person, or a key from `kith show` (favor:3fa2c1d0)")
    forget.add_argument("--yes", action="store_true", help="do not ask (scripts)")

    events = command("events", cmd_events, "list events, newest first")
    events.add_argument("--json", action="store_true", help="print JSON")

    log = command("log", cmd_log, "log an interaction with one or more people")
    log.add_argument("people", nargs="+", metavar="PERSON")
    log.add_argument("-m", "--message", dest="summary", metavar="SUMMARY", help="what it was about")
    log.add_argument(
        "--kind", default=None, help="met, talk, call, video, message, email, meeting, comment, letter, other"
    )
    log.add_argument("--on", metavar="DATE", help="when (default: today)")
    channel = log.add_mutually_exclusive_group()
    channel.add_argument("--online", metavar="PLATFORM", help="where online (email, linkedin, …)")
    channel.add_argument("--offline", action="store_true", help="in person (the default)")
    log.add_argument("--from-them", action="store_true", help="they reached out")
    log.add_argument("--reply-needed", action="store_true", help="they wrote and wait for my reply")

    jot = command("jot", cmd_jot, "log people met at an event, one line each (see README: the line)")
    jot.add_argument("lines", nargs="+", metavar="LINE")
    jot.add_argument("--at", metavar="EVENT", help="the event, created if new")
    jot.add_argument("--on", metavar="DATE", help="the day (default: the event's, or today)")
    jot.add_argument("--online", metavar="PLATFORM", help="met online, on this platform")
    jot.add_argument("--new", action="store_true", help="names close to someone known are new people")
    jot.add_argument("--same", action="append", default=[], metavar="NAME", help="a close name is this person")
    jot.add_argument("--dry-run", action="store_true", help="print what would be recorded; write nothing")

    promise = command("promise", cmd_promise, "record a promise: mine, or theirs with --theirs")
    promise.add_argument("person", metavar="PERSON")
    promise.add_argument("what", metavar="WHAT")
    promise.add_argument("--by", metavar="DATE", help="due date")
    promise.add_argument("--theirs", action="store_true", help="they promised me")
    promise.add_argument("--on", metavar="DATE", help="when it was made (default: today)")

    favor = command("favor", cmd_favor, "record a favor given or received")
    favor.add_argument("person", metavar="PERSON")
    favor.add_argument("what", metavar="WHAT")
    way = favor.add_mutually_exclusive_group()
    way.add_argument("--given", action="store_true", help="I did them a favor (the default)")
    way.add_argument("--received", action="store_true", help="they did me a favor")
    favor.add_argument("--referral", action="store_true", help="the favor is a referral: business sent one's way")
    favor.add_argument("--on", metavar="DATE", help="when (default: today)")

    def add_other_commands() -> None:
        """The commands kept in journal.cli_give, cli_vdir and cli_sync."""
        from journal import cli_give, cli_sync, cli_vdir

        cli_give.add_commands(command)
        cli_vdir.add_commands(command)
        cli_sync.add_commands(command)

    if only is None:
        add_other_commands()  # in their place in `kith --help`

    thank = command("thank", cmd_thank, "mark the oldest unthanked favor from someone as thanked")
    thank.add_argument("person", metavar="PERSON")
    thank.add_argument("what", nargs="?", metavar="WHAT", help="part of the favor's description")
    thank.add_argument("--on", metavar="DATE", help="when (default: today)")

    due = command("due", cmd_due, "what you owe people today: replies, thanks, promises, follow-ups")
    due.add_argument("--on", metavar="DATE", help="the day to look at (default: today)")
    due.add_argument("--json", action="store_true", help="print JSON")

    done = command("done", cmd_done, "do what a reminder asks (logs the reply, marks thanked, closes the promise)")
    done.add_argument("key", metavar="KEY")
    done.add_argument("-m", "--message", dest="summary", metavar="SUMMARY", help="what you did")
    drop = command("drop", cmd_drop, "let a reminder go (drops a promise)")
    drop.add_argument("key", metavar="KEY")
    snooze = command("snooze", cmd_snooze, "keep a reminder quiet until a day")
    snooze.add_argument("key", metavar="KEY")
    snooze.add_argument("until", metavar="UNTIL")

    people = command("people", cmd_people, "find people; most recently contacted first")
    people.add_argument("query", nargs="*", metavar="QUERY")
    people.add_argument("--tag", metavar="T", help="only people with this tag")
    people.add_argument("--all", action="store_true", help="include archived people")
    people.add_argument(
        "--sort",
        metavar="ORDER",
        choices=("contact", "name", "referrals"),
        default="contact",
        help="contact (most recent first, the default), name, or referrals (most received first)",
    )
    people.add_argument("--json", action="store_true", help="print JSON")

    show = command("show", cmd_show, "a person's card: how you met, timeline, promises, favors")
    show.add_argument("person", metavar="PERSON")
    show.add_argument("--json", action="store_true", help="print JSON")

    export = command("export", cmd_export, "write your people to CSV, vCard, or calendar to-dos (ICS)")
    export.add_argument("kind", metavar="KIND", choices=("csv", "vcf", "ics"), help="csv, vcf or ics")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--format", dest="style", metavar="F", help="for csv: kith (default) or google")
    export.add_argument("--all", action="store_true", help="include archived people")

    imp = command(
        "import",
        cmd_import,
        "add people from a file: Kith, Google or Outlook CSV, vCard, LinkedIn's files or its whole export",
    )
    imp.add_argument("file", metavar="FILE", help="a file, or LinkedIn's export as its folder or .zip")
    imp.add_argument(
        "--format",
        dest="style",
        default="auto",
        metavar="F",
        help="auto (default), kith, google, outlook, linkedin, linkedin-messages or vcf",
    )
    imp.add_argument(
        "--me", metavar="NAME|URL", help="who you are in LinkedIn messages (found by itself when it can be)"
    )
    imp.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    imp.add_argument("--strict", action="store_true", help="refuse the whole file if a row is malformed")

    history = command("history", cmd_history, "what changed, newest first: every command, undo and redo")
    history.add_argument("person", nargs="?", metavar="PERSON", help="only changes concerning this person")
    history.add_argument("--limit", type=_count, default=20, metavar="N", help="how many (default 20)")
    history.add_argument("--json", action="store_true", help="print JSON")
    undo = command("undo", cmd_undo, "reverse the last change not yet undone, or the change named")
    undo.add_argument("change", nargs="?", metavar="CHANGE", help="a change id from `kith history`")
    command("redo", cmd_redo, "re-apply what the last undo reversed")

    completion = command(
        "completion", cmd_completion, "print the shell completion script for bash, zsh or fish (see README)"
    )
    completion.add_argument("shell", metavar="SHELL", choices=("bash", "zsh", "fish"), help="bash, zsh or fish")
    stats = command(
        "stats",
        cmd_stats,
        "a picture of your network: favors by month, one-sided relationships, going cold, connectors, "
        "where people come from, how fast you reply",
    )
    stats.add_argument("--json", action="store_true", help="print JSON")
    check = command("check", cmd_check, "look for damage inside the journal; --fix repairs what is safe")
    check.add_argument("--fix", action="store_true", help="back up, then repair what is safe")
    command("config", cmd_config, "print the config file's path and settings")
    command("backup", cmd_backup, "back up the journal now")
    command("backups", cmd_backups, "list backups")
    restore = command("restore", cmd_restore, "put a backup back (the current files are backed up first)")
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="a name from `kith backups` or a path")
    if only is not None and only not in sub.choices:  # not a command of this module: one of theirs (or none)
        add_other_commands()
    return parser


def _event_options(p: Parser) -> None:
    p.add_argument("--on", metavar="DATE", help="when (default: today)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--at", metavar="PLACE", help="where it took place")
    where.add_argument("--online", metavar="PLATFORM", help="the platform, for an online event")
    p.add_argument("--note", help="notes")


def _record_parser(kind: str) -> Parser:
    """`kith edit KEY [options]`: the options of the command that records that kind."""
    parser = Parser(prog=f"kith edit {kind}:KEY", description=f"change a {kind}; options as for its command")
    parser.add_argument("--db", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--demo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("key", metavar="KEY")
    if kind == "interaction":
        parser.add_argument("people", nargs="*", metavar="PERSON", help="who it was with (replaces the list)")
        parser.add_argument("-m", "--message", dest="summary", metavar="SUMMARY")
        parser.add_argument("--kind", help="met, talk, call, video, message, email, meeting, comment, letter, other")
        parser.add_argument("--on", metavar="DATE")
        channel = parser.add_mutually_exclusive_group()
        channel.add_argument("--online", metavar="PLATFORM")
        channel.add_argument("--offline", action="store_true")
        way = parser.add_mutually_exclusive_group()
        way.add_argument("--from-them", action="store_true", help="they reached out")
        way.add_argument("--from-me", action="store_true", help="I reached out")
        wait = parser.add_mutually_exclusive_group()
        wait.add_argument("--reply-needed", action="store_true")
        wait.add_argument("--no-reply-needed", action="store_true")
    elif kind == "promise":
        parser.add_argument("what", nargs="?", metavar="WHAT")
        parser.add_argument("--by", metavar="DATE", help="due date (--by none clears it)")
        whose = parser.add_mutually_exclusive_group()
        whose.add_argument("--theirs", action="store_true", help="they promised me")
        whose.add_argument("--mine", action="store_true", help="I promised")
        parser.add_argument("--on", metavar="DATE", help="when it was made")
    elif kind in ("need", "offer"):
        parser.add_argument("what", nargs="?", metavar="TEXT")
        parser.add_argument("--on", metavar="DATE", help="when it was added")
    elif kind == "favor":
        parser.add_argument("what", nargs="?", metavar="WHAT")
        way = parser.add_mutually_exclusive_group()
        way.add_argument("--given", action="store_true")
        way.add_argument("--received", action="store_true")
        referral = parser.add_mutually_exclusive_group()
        referral.add_argument("--referral", action="store_true", help="it was a referral")
        referral.add_argument("--no-referral", action="store_true", help="it was not a referral")
        parser.add_argument("--on", metavar="DATE")
    else:
        parser.add_argument("name", nargs="?", metavar="NAME", help="a new name")
        _event_options(parser)
    parser.set_defaults(handler=cmd_edit_record, record_kind=kind)
    return parser


def _event_change_parser(action: str) -> Parser:
    """`kith event rename OLD NEW` and `kith event merge FROM INTO`."""
    what = "give an event a new name" if action == "rename" else "everyone met at FROM is then met at INTO"
    parser = Parser(prog=f"kith event {action}", description=what)
    parser.add_argument("--db", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--demo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("action", choices=(action,))
    parser.add_argument("first", metavar="OLD" if action == "rename" else "FROM", help="a name or event:KEY")
    parser.add_argument("second", metavar="NEW" if action == "rename" else "INTO")
    parser.set_defaults(handler=cmd_event_rename if action == "rename" else cmd_event_merge)
    return parser


def _special_parser(argv: list[str]) -> Parser | None:
    """The parser for the two command shapes argparse cannot tell apart by itself: `edit KEY` (a record,
    not a person) and `event rename|merge A B` (not a new event called rename)."""
    words = _words(argv)
    if len(words) >= 2 and words[0] == "edit":
        from journal.editing import is_key

        if is_key(words[1]):
            kind = words[1].split(":")[0].lower()
            return _record_parser("promise" if kind == "nudge" else kind)
    if len(words) == 4 and words[0] == "event" and words[1] in ("rename", "merge"):
        return _event_change_parser(words[1])
    return None


def _words(argv: list[str]) -> list[str]:
    """The words of a command line that are neither options nor the journal's path (`--db PATH`)."""
    return [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--db")]


def _parser_for(argv: list[str]) -> Parser:
    """The parser of the command `argv` names, or the whole command line (no command, a mistyped one)."""
    word = next(iter(_words(argv)), None)
    if word is not None:
        parser = build_parser(only=word)
        if word in _subcommands(parser):
            return parser
    return build_parser()


def _person_options(p: Parser) -> None:
    p.add_argument("--company", metavar="C")
    p.add_argument("--role", metavar="R")
    p.add_argument(
        "--email",
        action="append",
        metavar="[LABEL:]E",
        help="an email, e.g. work:ana@example.com; repeat for more (they replace the ones known; '' clears)",
    )
    p.add_argument(
        "--phone", action="append", metavar="[LABEL:]P", help="a phone, e.g. mobile:+49 170 5550101; as --email"
    )
    p.add_argument("--birthday", metavar="DATE", help="1985-05-14, or 05-14 without the year ('' clears)")
    p.add_argument("--nickname", metavar="N")
    p.add_argument("--address", metavar="ADR", help="'STREET; CITY; REGION; POSTCODE; COUNTRY' (parts may be empty)")
    for part in ("prefix", "given", "family", "suffix"):
        p.add_argument(f"--{part}", metavar="TEXT", help=f"the {part} name, as address books keep it")
    p.add_argument("--handle", action="append", default=[], metavar="PLATFORM=VALUE", help="e.g. linkedin=URL")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--met", metavar="DATE", help="when you met (default: today, for a new person)")
    p.add_argument("--at", metavar="EVENT", help="the event where you met (created if new)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--online", metavar="PLATFORM", help="met online, on this platform")
    how.add_argument("--offline", action="store_true", help="met in person")
    p.add_argument("--introduced-by", metavar="PERSON")
    p.add_argument("--alias", action="append", default=[], metavar="A")
    p.add_argument("--every", metavar="DAYS", help="keep in touch every N days (30, 2w, 3m; 0 stops)")
    p.add_argument("--note", metavar="TEXT")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `kith` command; returns the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    if undecodable := next((a for a in words if not _is_utf8(a)), None):
        shown = undecodable.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        render.say(
            f"kith: the argument '{shown}' is not valid UTF-8; set the terminal to UTF-8 and type it again", err=True
        )
        return 2
    if words[:1] == ["__complete"]:  # the completion scripts' helper: hidden, and it never writes
        from journal.completion import run as complete

        return complete(words[1:])
    try:
        parsed = _join_date_values(words)
        special = _special_parser(parsed)
        if special is not None:
            parsed.remove("edit" if special.prog.startswith("kith edit") else "event")  # the first: the command
        args = (special or _parser_for(parsed)).parse_args(parsed)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.label = _label(words)
    try:
        if getattr(args, "handler", None) is None:
            if sys.stdin.isatty() and sys.stdout.isatty():
                return run_app(args)
            args.on, args.json = None, False
            return cmd_due(args)
        return int(args.handler(args))
    except KithError as exc:
        render.say(f"kith: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        render.say("kith: interrupted; nothing more was written", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.filename is not None:  # a file Kith did not expect to fail on: a bug
            return _unexpected(exc)
        return _output_failed(exc)
    except Exception as exc:
        return _unexpected(exc)


def _label(words: list[str]) -> str:
    """The command as the change log names it: `kith log ana -m …`, without the journal's path."""
    import shlex

    kept, skip = [], False
    for word in words:
        if skip:
            skip = False
            continue
        if word == "--db":
            skip = True
            continue
        if not word.startswith("--db="):
            kept.append(word)
    text = shlex.join(["kith", *kept])
    return text if len(text) <= 200 else text[:199] + "…"


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1 (got {text!r})")
    return int(text)


def _is_utf8(argument: str) -> bool:
    """Whether an argument came as valid UTF-8 (Python hands over other bytes as lone surrogates)."""
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unexpected(exc: BaseException) -> int:
    """A bug: no traceback for the user, a report without personal data."""
    from journal.crash import crash_report

    render.say(f"kith: unexpected error ({type(exc).__name__}); details in {crash_report(exc)}", err=True)
    return 1


def _output_failed(exc: OSError) -> int:
    """Standard output could not be written (a full disk under `kith export csv > file`)."""
    with contextlib.suppress(OSError):
        os.write(2, f"kith: could not write the output ({exc.strerror})\n".encode())
    return 1


def run() -> NoReturn:
    """The `kith` executable. A command is a short-lived process: the cycle collector stays off (the TUI
    turns it back on) and the process ends without tearing down every record it read, which at 10,000
    people takes longer than the work (about 45 ms). Everything was written and synced before this."""
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `kith people | head -1`
        pass
    except OSError as exc:
        code = code or _output_failed(exc)
    os._exit(code)


def _join_date_values(argv: list[str]) -> list[str]:
    """Let date options take values that start with a dash (`--on -1m`)."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in DATE_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-") and argv[i + 1] != "--":
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


class _Version(argparse.Action):
    """Print the version; looked up only when asked, since importlib.metadata is slow to import."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from journal.crash import kith_version

        render.say(f"kith {kith_version()}")
        parser.exit()


# opening the journal


class Context:
    """The journal a command works on, the day it is seen from, and reading the dates typed."""

    def __init__(self, args: argparse.Namespace, *, warn: bool = True) -> None:
        from pathlib import Path

        from journal.config import load_config
        from journal.journal import Journal, default_path

        self.config = load_config()
        self.today = _today()
        if getattr(args, "demo", False):
            from journal.demo import open_demo

            self.journal = open_demo(self.today)
            self.journal.config = self.config
            self.journal.command = getattr(args, "label", None)
            return
        path = Path(args.db).expanduser() if getattr(args, "db", None) else default_path()
        rescue = getattr(args, "handler", None) in (cmd_check, cmd_backups, cmd_backup, cmd_restore)
        self.journal = Journal.open(path, clock=lambda: self.today, config=self.config, read=not rescue)
        self.journal.command = getattr(args, "label", None)
        if not rescue and warn:
            self.warn_if_damaged()

    def warn_if_damaged(self) -> None:
        """One line on stderr when records point at nobody; the command still runs."""
        from journal.integrity import damage_said, dangling

        if found := dangling(self.journal):
            render.say(f"kith: warning: {damage_said(found)}", err=True)

    def date(self, text: str | None, *, ahead: bool, option: str) -> date | None:
        """A date option's value, read as people type dates."""
        if text is None:
            return None
        from journal.dates import parse_date

        try:
            return parse_date(text, self.today, ahead=ahead, order=self.config.date_order)
        except UserError as exc:
            raise UserError(f"{option}: {exc}") from None

    def person(self, query: str) -> Any:
        """The person a user named."""
        return self.journal.find_person(query)


def _today() -> date:
    """Today, or the day in $KITH_TODAY (for scripts and tests that need a fixed day)."""
    fixed = os.environ.get("KITH_TODAY")
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise UserError(f"KITH_TODAY must be a date like 2026-12-05 (got {fixed!r})") from None


def run_app(args: argparse.Namespace) -> int:
    """Open the terminal interface (the only path that imports textual). It is a long-lived process, so it runs
    with the cycle collector (see `run`) once its first screen is drawn (`KithApp.first_drawn`). The TUI says
    when records are damaged itself, once drawn: counting them when the count is not kept (a copied journal)
    reads every record, seconds at 30k people before anything was drawn."""
    ctx = Context(args, warn=False)
    from screens.app import make_app

    app = make_app(ctx.journal, _today)
    app.run()
    if app.crash:
        render.say(app.crash, err=True)
    return app.return_code or 0


# commands that change the journal


def cmd_add(args: argparse.Namespace) -> int:
    """kith add."""
    from journal.model import Person

    ctx = Context(args)
    person = Person(name=args.name)
    with ctx.journal.writing():
        person = _apply_person_options(ctx, person, args, new=True)
        ctx.journal.add_person(person, force=args.force)
    render.say(f"Added {person.name} [{person.uid[:8]}]{render.how_met_suffix(ctx.journal, person)}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """kith edit."""
    from dataclasses import replace

    ctx = Context(args)
    with ctx.journal.writing():
        person = replace(ctx.person(args.person))
        person.aliases, person.tags, person.handles = list(person.aliases), list(person.tags), dict(person.handles)
        person.labels, person.address, person.name_parts = (
            dict(person.labels),
            dict(person.address),
            dict(person.name_parts),
        )
        if args.name is not None:
            person.name = args.name
        for tag in args.untag:
            person.tags = [t for t in person.tags if t.casefold() != tag.lstrip("#").casefold()]
        person = _apply_person_options(ctx, person, args, new=False)
        ctx.journal.save_person(person)
    render.say(f"Updated {person.name} [{person.uid[:8]}]")
    return 0


def _replace_handles(person: Any, kind: str, values: list[str]) -> None:
    """Give a person these emails (or phones), the first the primary one, each with its `label:` if any."""
    from journal.model import handle_kind

    for key in [k for k in person.handles if handle_kind(k) == kind]:
        del person.handles[key]
        person.labels.pop(key, None)
    for n, text in enumerate(values, start=1):
        label, sep, value = text.partition(":")
        if not sep or not label.strip().isalpha() or label.strip().lower() in ("tel", "mailto") or not value.strip():
            label, value = "", text
        key = kind if n == 1 else f"{kind}{n}"
        person.handles[key] = value.strip()
        if label:
            person.labels[key] = label.strip().lower()


def _apply_person_options(ctx: Context, person: Any, args: argparse.Namespace, *, new: bool) -> Any:
    for field in ("company", "role", "note"):
        value = getattr(args, field)
        if value is not None:
            setattr(person, "notes" if field == "note" else field, value or None)
    for kind, values in (("email", args.email), ("phone", args.phone)):
        if values is not None:
            _replace_handles(person, kind, [v for v in values if v.strip()])
    for platform, value in map(_handle, args.handle):
        if value:
            person.handles[platform] = value
        else:
            person.handles.pop(platform, None)
            person.labels.pop(platform, None)
    if args.birthday is not None:
        person.birthday = args.birthday or None
    if args.nickname is not None:
        person.nickname = args.nickname or None
    if args.address is not None:
        from journal.model import ADDRESS_PARTS

        parts = [p.strip() for p in args.address.split(";")]
        if len(parts) > 5:
            raise UserError("--address: write 'STREET; CITY; REGION; POSTCODE; COUNTRY' (at most five parts)")
        person.address = {k: v for k, v in zip(ADDRESS_PARTS[2:], parts, strict=False) if v}
    for part in ("prefix", "given", "family", "suffix"):
        if (value := getattr(args, part)) is not None:
            person.name_parts = {**person.name_parts, part: value}
            if not value:
                del person.name_parts[part]
    person.tags += args.tag
    person.aliases += args.alias
    if args.every is not None:
        from journal.dates import parse_cadence

        person.every = parse_cadence(args.every, label="--every")
    met = ctx.date(args.met, ahead=False, option="--met")
    if args.at:
        event = ctx.journal.find_event(args.at)
        if event is None:
            from journal.model import Event

            event = ctx.journal.add_event(Event(name=args.at, on=(met or ctx.today).isoformat(), platform=args.online))
        person.met_event = event.uid
        if met is None and event.on and (new or not person.met_on):
            met = date.fromisoformat(event.on)
        if args.online is None and not args.offline and event.platform:
            person.met_online = event.platform
    if met is None and new:
        met = ctx.today
    if met is not None:
        person.met_on = met.isoformat()
    if args.online:
        person.met_online = args.online
    elif args.offline:
        person.met_online = None
    if args.introduced_by:
        introducer = ctx.person(args.introduced_by)
        person.introduced_by = introducer.uid
    return person.validated()


def _handle(text: str) -> tuple[str, str]:
    platform, sep, value = text.partition("=")
    if not sep or not platform.strip():
        raise InvalidValue("--handle", text, "must look like PLATFORM=VALUE, e.g. linkedin=https://linkedin.com/in/ana")
    return platform.strip().lower(), value.strip()


def cmd_archive(args: argparse.Namespace) -> int:
    """kith archive."""
    from dataclasses import replace

    ctx = Context(args)
    with ctx.journal.writing():
        person = ctx.person(args.person)
        ctx.journal.save_person(replace(person, archived=not args.undo))
    render.say(f"{'Restored' if args.undo else 'Archived'} {person.name}")
    return 0


def cmd_event(args: argparse.Namespace) -> int:
    """kith event."""
    from journal.model import Event

    ctx = Context(args)
    on = ctx.date(args.on, ahead=False, option="--on") or ctx.today
    event = Event(name=args.name, on=on.isoformat(), place=args.at, platform=args.online, notes=args.note)
    from journal.editing import add_event

    add_event(ctx.journal, event, force=args.force)
    render.say(f"Added event {event.name} on {event.on} [{event.uid[:8]}]")
    return 0


def cmd_edit_record(args: argparse.Namespace) -> int:
    """kith edit KEY: change an interaction, promise, favor or event."""
    from journal import editing

    ctx = Context(args)
    on = ctx.date(args.on, ahead=False, option="--on")

    def change(record: Any) -> Any:
        if args.record_kind == "interaction":
            if args.people:
                record.people = [ctx.person(q).uid for q in args.people]
            for name in ("summary", "kind"):
                if getattr(args, name) is not None:
                    setattr(record, name, getattr(args, name) or None)
            record.kind = record.kind or "other"
            if args.online or args.offline:
                record.platform = args.online
            if args.from_them or args.reply_needed:
                record.direction = "in"
            elif args.from_me:
                record.direction, record.reply_needed = "out", False
            if args.reply_needed or args.no_reply_needed:
                record.reply_needed = bool(args.reply_needed)
        elif args.record_kind == "promise":
            record.what = args.what if args.what is not None else record.what
            if args.by is not None:
                due = None if args.by.strip().lower() in ("", "none") else ctx.date(args.by, ahead=True, option="--by")
                record.due = due.isoformat() if due else None
            if args.theirs or args.mine:
                record.mine = bool(args.mine)
            if on:
                record.made = on.isoformat()
        elif args.record_kind in ("need", "offer"):
            record.what = args.what if args.what is not None else record.what
            record.added = on.isoformat() if on else record.added
        elif args.record_kind == "favor":
            record.what = args.what if args.what is not None else record.what
            if args.given or args.received:
                record.given = bool(args.given)
                record.thanked = None if record.given else record.thanked
            if args.referral or args.no_referral:
                record.referral = bool(args.referral)
        else:
            record.name = args.name if args.name is not None else record.name
            if args.at is not None:
                record.place = args.at or None
            if args.online is not None:
                record.platform = args.online or None
            if args.note is not None:
                record.notes = args.note or None
        if on and args.record_kind in ("interaction", "favor", "event"):
            record.on = on.isoformat()
        return record

    record = editing.edit(ctx.journal, args.key, change)
    render.say(f"Updated {editing.key_of(record)}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """kith merge."""
    from journal import editing

    ctx = Context(args)
    source, target = ctx.person(args.source), ctx.person(args.target)
    merged = editing.merge_people(ctx.journal, source, target)
    render.say(f"Merged {source.name} [{source.uid[:8]}] into {merged.name} [{merged.uid[:8]}]; "
          f"{source.name!r} is now an alias")  # fmt: skip
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    """kith forget."""
    from journal import editing

    ctx = Context(args)
    if editing.is_key(args.target):
        found = editing.forget(ctx.journal, args.target)
        render.say(f"Forgot {editing.key_of(found.record)}")
        return 0
    person = ctx.person(args.target)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(f"kith forget removes {person.name} and all that is only theirs for good; add --yes")
        sys.stdout.write(f"Forget {person.name} [{person.uid[:8]}] and everything only theirs? [y/N] ")
        sys.stdout.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            render.say("Nothing was changed")
            return 0
    gone = editing.forget_person(ctx.journal, person)
    render.say(
        f"Forgot {person.name}: {gone.interactions} interactions, {gone.promises} promises, {gone.favors} favors"
    )
    return 0


def cmd_event_rename(args: argparse.Namespace) -> int:
    """kith event rename."""
    from journal import editing

    ctx = Context(args)
    event = editing.rename_event(ctx.journal, args.first, args.second)
    render.say(f"Renamed the event to {event.name} [{editing.key_of(event)}]")
    return 0


def cmd_event_merge(args: argparse.Namespace) -> int:
    """kith event merge."""
    from journal import editing

    ctx = Context(args)
    old, into, moved = editing.merge_events(ctx.journal, args.first, args.second)
    render.say(f"Merged {old.name} into {into.name}: {moved} {'person' if moved == 1 else 'people'} now met there")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    """kith log."""
    from journal.model import Interaction

    ctx = Context(args)
    on = ctx.date(args.on, ahead=False, option="--on") or ctx.today
    with ctx.journal.writing():
        people = [ctx.person(q) for q in args.people]
        incoming = args.from_them or args.reply_needed
        interaction = Interaction(
            people=[p.uid for p in people],
            on=on.isoformat(),
            kind=args.kind or ("message" if args.online else "talk"),
            direction="in" if incoming else "out",
            platform=args.online,
            reply_needed=args.reply_needed,
            summary=args.summary,
        )
        ctx.journal.log(interaction)
    names = ", ".join(p.name for p in people)
    waits = "; awaiting your reply" if args.reply_needed else ""
    render.say(f"Logged {interaction.kind} with {names} on {interaction.on}{waits}")
    return 0


def cmd_jot(args: argparse.Namespace) -> int:
    """kith jot."""
    from journal.capture import jot
    from journal.model import Event

    ctx = Context(args)
    on = ctx.date(args.on, ahead=False, option="--on")
    event = None
    if args.at:
        event = (
            ctx.journal.find_event(args.at)
            or Event(name=args.at, on=(on or ctx.today).isoformat(), platform=args.online).validated()
        )
        if on is None and event.on:
            on = date.fromisoformat(event.on)
    day = on or ctx.today
    planned = jot(
        ctx.journal,
        args.lines,
        day,
        event=event,
        online=args.online,
        same=args.same,
        new=args.new,
        dry_run=args.dry_run,
    )
    verb = "Would record" if args.dry_run else "Recorded"
    render.print_lines(f"{verb} {p.describe()}" for p in planned)
    return 0


def cmd_promise(args: argparse.Namespace) -> int:
    """kith promise."""
    from journal.model import Promise

    ctx = Context(args)
    made = ctx.date(args.on, ahead=False, option="--on") or ctx.today
    due = ctx.date(args.by, ahead=True, option="--by")
    with ctx.journal.writing():
        person = ctx.person(args.person)
        promise = Promise(
            person=person.uid,
            what=args.what,
            made=made.isoformat(),
            mine=not args.theirs,
            due=due.isoformat() if due else None,
        )
        ctx.journal.add_promise(promise)
    who = f"{person.name} promised you" if args.theirs else f"You promised {person.name}"
    render.say(f"{who}: {promise.what}{f' by {promise.due}' if promise.due else ''} [{promise.uid[:8]}]")
    return 0


def cmd_favor(args: argparse.Namespace) -> int:
    """kith favor."""
    from journal.model import Favor

    ctx = Context(args)
    on = ctx.date(args.on, ahead=False, option="--on") or ctx.today
    with ctx.journal.writing():
        person = ctx.person(args.person)
        favor = Favor(
            person=person.uid, what=args.what, on=on.isoformat(), given=not args.received, referral=args.referral
        )
        ctx.journal.add_favor(favor)
    if args.referral:
        way = f"{person.name} referred you" if args.received else f"You referred {person.name}"
    else:
        way = f"{person.name} did you a favor" if args.received else f"You did {person.name} a favor"
    render.say(f"{way}: {favor.what} [{favor.uid[:8]}]")
    return 0


def cmd_thank(args: argparse.Namespace) -> int:
    """kith thank."""
    ctx = Context(args)
    on = ctx.date(args.on, ahead=False, option="--on") or ctx.today
    with ctx.journal.writing():
        person = ctx.person(args.person)
        favor = ctx.journal.thank(person, args.what, on)
    render.say(f"Thanked {person.name} for {favor.what}")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    """kith done."""
    from journal import reminders

    ctx = Context(args)
    reminder = reminders.done(ctx.journal, args.key, ctx.today, args.summary)
    render.say(f"Done: {reminder.text}")
    return 0


def cmd_drop(args: argparse.Namespace) -> int:
    """kith drop."""
    from journal import reminders

    ctx = Context(args)
    reminder = reminders.drop(ctx.journal, args.key, ctx.today)
    render.say(f"Dropped: {reminder.text}")
    return 0


def cmd_snooze(args: argparse.Namespace) -> int:
    """kith snooze."""
    from journal import reminders

    ctx = Context(args)
    until = ctx.date(args.until, ahead=True, option="UNTIL")
    assert until is not None
    reminder = reminders.snooze(ctx.journal, args.key, until, ctx.today)
    render.say(f"Snoozed until {until.isoformat()}: {reminder.text}")
    return 0


# commands that only read


def cmd_due(args: argparse.Namespace) -> int:
    """kith due."""
    from journal import reminders

    ctx = Context(args)
    day = ctx.date(args.on, ahead=True, option="--on") or ctx.today
    found = reminders.reminders(ctx.journal, day)
    if args.json:
        render.print_json([r.to_json() for r in found])
    else:
        render.print_lines(render.due(found, day))
    return 0


def cmd_people(args: argparse.Namespace) -> int:
    """kith people."""
    ctx = Context(args)
    query = " ".join(args.query)
    if args.sort == "contact" and not args.json:  # the everyday listing answers from the kept directory
        from journal import views

        listed, hidden = views.listing(ctx.journal, query, tag=args.tag, archived=args.all)
        render.print_lines(render.people([tuple(cells) for _, cells in listed], archived_matches=hidden))
        return 0
    found = ctx.journal.search_people(query, tag=args.tag, archived=args.all)
    if args.sort == "name":
        found = sorted(found, key=lambda p: p.name.casefold())
    elif args.sort == "referrals":
        from journal.ledger import by_referrals

        found = by_referrals(ctx.journal, found)
    if args.json:
        render.print_json([render.person_json(ctx.journal, p) for p in found])
        return 0
    hidden = 0
    if not found and not args.all:
        hidden = len(ctx.journal.search_people(query, tag=args.tag, archived=True))
    rows = render.people_cells(ctx.journal, found)
    if args.sort == "referrals":
        rows = render.with_referrals(ctx.journal, found, rows)
    render.print_lines(render.people(rows, archived_matches=hidden))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """kith show."""
    ctx = Context(args)
    person = ctx.person(args.person)
    if args.json:
        render.print_json(render.card_json(ctx.journal, person, ctx.today))
    else:
        render.print_lines(render.card(ctx.journal, person, ctx.today))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """kith stats."""
    from journal.stats import network

    ctx = Context(args)
    found = network(ctx.journal, ctx.today)
    if args.json:
        render.print_json(found.to_json())
    else:
        render.print_lines(render.stats(found))
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    """kith events."""
    ctx = Context(args)
    found = ctx.journal.events()
    if args.json:
        from journal.model import key_of

        render.print_json([{**e.to_doc(), "key": key_of(e)} for e in found])
    else:
        render.print_lines(render.events(ctx.journal, found))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """kith export."""
    from pathlib import Path

    from journal import exporting
    from journal.progress import Bar

    fmt = exporting.choose(args.kind, args.style)
    ctx = Context(args)
    with Bar("Exporting") as bar:
        text = exporting.render(ctx.journal, fmt, archived=args.all, progress=bar)
    if args.output:
        exporting.save(ctx.journal, text, Path(args.output))
        count = len(ctx.journal.people(archived=args.all))
        render.say(f"Wrote {fmt.label} for {count} {'person' if count == 1 else 'people'} to {args.output}", err=True)
    else:
        render.write_export(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """kith import."""
    from pathlib import Path

    from journal import importing
    from journal.progress import Bar

    ctx = Context(args)
    with Bar("Importing") as bar:
        report = importing.import_file(
            ctx.journal,
            Path(args.file),
            args.style,
            dry_run=args.dry_run,
            strict=args.strict,
            progress=bar,
            me=args.me,
        )
    render.print_lines(report.lines())
    render.say(report.summary())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """kith check."""
    from journal import integrity

    ctx = Context(args)
    problems = integrity.check(ctx.journal)
    if args.fix and any(p.fix for p in problems):
        done = integrity.fix(ctx.journal)
        render.say(f"Backed up, then repaired {len(done)} record{'s' if len(done) != 1 else ''}:")
        render.print_lines(f"  {line}" for line in done)
        problems = integrity.check(ctx.journal)
    if kept := integrity.quarantined(ctx.journal):
        where = integrity.quarantine_path(ctx.journal)
        render.say(f"{kept} damaged record{'s are' if kept != 1 else ' is'} set aside in {where} (kept, never deleted)")
    if not problems:
        render.say(f"{ctx.journal.path}: no problems found")
        return 0
    render.print_lines(str(p) for p in problems)
    fixable = sum(1 for p in problems if p.fix)
    hint = "; `kith check --fix` repairs those marked --fix" if fixable and not args.fix else ""
    render.say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}{hint}")
    return 1


def cmd_completion(args: argparse.Namespace) -> int:
    """kith completion."""
    from journal.completion import script

    sys.stdout.write(script(args.shell))
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """kith config."""
    from pathlib import Path

    from journal.config import config_path, load_config
    from journal.journal import default_path

    path = config_path()
    render.say(f"# config file: {path}{'' if path.exists() else ' (not created yet; defaults below)'}")
    render.say(f"# journal: {Path(args.db).expanduser() if getattr(args, 'db', None) else default_path()}")
    for key, value in load_config()._asdict().items():
        render.say(f"{key} = {render.toml_value(value)}" if value is not None else f"# {key} = (not set)")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """kith history."""
    ctx = Context(args)
    person = ctx.person(args.person) if args.person else None
    found = ctx.journal.history(person.uid if person else None, args.limit)
    if args.json:
        render.print_json([render.change_json(c) for c in found])
    else:
        render.print_lines(render.history(found, ctx.journal))
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    """kith undo."""
    ctx = Context(args)
    undone = ctx.journal.undo(args.change)
    render.print_lines([f"Undid {undone.id[:8]}: {undone.summary}", "`kith redo` puts it back"])
    return 0


def cmd_redo(args: argparse.Namespace) -> int:
    """kith redo."""
    ctx = Context(args)
    redone = ctx.journal.redo()
    render.print_lines([f"Redid {redone.id[:8]}: {redone.summary}"])
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """kith backup."""
    ctx = Context(args)
    backup = ctx.journal.backup()
    render.say(f"Backed up to {backup.path}" if backup else "Nothing to back up yet: the journal is empty")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    """kith backups."""
    ctx = Context(args)
    found = ctx.journal.backups()
    if not found:
        render.say(f"No backups of {ctx.journal.path} yet")
    for backup in reversed(found):
        render.say(f"{backup.name}  {backup.taken:%Y-%m-%d %H:%M:%S}  {backup.kind:<7}  {render.size(backup.size)}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """kith restore."""
    ctx = Context(args)
    backup = ctx.journal.restore(args.backup)
    render.say(f"Restored {backup.name}; the journal it replaced was backed up first; `kith undo` reverses the restore")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
