"""The `kith` command line: argument parsing and printing; every decision is a call into the journal."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from journal import render
from journal.errors import InvalidValue, KithError, UserError

DATE_OPTIONS = ("--on", "--by", "--met")


class Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem and where to look, then exit 2."""
        render.say(f"kith: {message} (see `{self.prog} --help`)", err=True)
        sys.exit(2)


def build_parser() -> Parser:
    """The whole command line."""
    parser = Parser(prog="kith", description="A terminal relationship journal.")
    parser.add_argument("--db", metavar="PATH", help="the journal file (default: $KITH_DB or your data folder)")
    parser.add_argument("--demo", action="store_true", help="use a throw-away copy of the bundled demo journal")
    parser.add_argument("--version", action=_Version, nargs=0, help="print Kith's version")
    db = Parser(add_help=False)
    db.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    db.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, handler: Callable[..., int], help: str) -> Parser:
        p = sub.add_parser(name, parents=[db], help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    add = command("add", cmd_add, "add a person and how you met")
    add.add_argument("name", metavar="NAME")
    _person_options(add)
    add.add_argument("--force", action="store_true", help="add even if someone has the same name")

    edit = command("edit", cmd_edit, "change a person")
    edit.add_argument("person", metavar="PERSON")
    edit.add_argument("--name", help="a new name")
    _person_options(edit)
    edit.add_argument("--untag", action="append", default=[], metavar="T", help="remove a tag")

    archive = command("archive", cmd_archive, "archive a person (hidden from lists and reminders)")
    archive.add_argument("person", metavar="PERSON")
    archive.add_argument("--undo", action="store_true", help="bring an archived person back")

    event = command("event", cmd_event, "add an event: a meetup, a conference, an online space")
    event.add_argument("name", metavar="NAME")
    event.add_argument("--on", metavar="DATE", help="when (default: today)")
    where = event.add_mutually_exclusive_group()
    where.add_argument("--at", metavar="PLACE", help="where it took place")
    where.add_argument("--online", metavar="PLATFORM", help="the platform, for an online event")
    event.add_argument("--note", help="notes")

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
    favor.add_argument("--on", metavar="DATE", help="when (default: today)")

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
    people.add_argument("--json", action="store_true", help="print JSON")

    show = command("show", cmd_show, "a person's card: how you met, timeline, promises, favors")
    show.add_argument("person", metavar="PERSON")
    show.add_argument("--json", action="store_true", help="print JSON")

    export = command("export", cmd_export, "write your people to CSV, vCard, or calendar to-dos (ICS)")
    export.add_argument("kind", metavar="KIND", choices=("csv", "vcf", "ics"), help="csv, vcf or ics")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--format", dest="style", metavar="F", help="for csv: kith (default) or google")
    export.add_argument("--all", action="store_true", help="include archived people")

    imp = command("import", cmd_import, "add people from a file: Kith or Google CSV, LinkedIn Connections.csv, vCard")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--format", dest="style", default="auto", metavar="F", help="auto (default), kith, google, linkedin or vcf"
    )
    imp.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    imp.add_argument("--strict", action="store_true", help="refuse the whole file if a row is malformed")

    check = command("check", cmd_check, "look for damage inside the journal; --fix repairs what is safe")
    check.add_argument("--fix", action="store_true", help="back up, then repair what is safe")
    command("config", cmd_config, "print the config file's path and settings")
    command("backup", cmd_backup, "back up the journal now")
    command("backups", cmd_backups, "list backups")
    restore = command("restore", cmd_restore, "put a backup back (the current files are backed up first)")
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="a name from `kith backups` or a path")
    return parser


def _person_options(p: Parser) -> None:
    p.add_argument("--company", metavar="C")
    p.add_argument("--role", metavar="R")
    p.add_argument("--email", metavar="E")
    p.add_argument("--phone", metavar="P")
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
    arguments = list(sys.argv[1:] if argv is None else argv)
    if undecodable := next((a for a in arguments if not _is_utf8(a)), None):
        shown = undecodable.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        render.say(
            f"kith: the argument '{shown}' is not valid UTF-8; set the terminal to UTF-8 and type it again", err=True
        )
        return 2
    try:
        args = build_parser().parse_args(_join_date_values(arguments))
    except SystemExit as exc:
        return int(exc.code or 0)
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

    def __init__(self, args: argparse.Namespace) -> None:
        from journal.config import load_config
        from journal.journal import Journal, default_path

        self.config = load_config()
        self.today = _today()
        if getattr(args, "demo", False):
            from journal.demo import open_demo

            self.journal = open_demo(self.today)
            self.journal.config = self.config
            return
        path = Path(args.db).expanduser() if getattr(args, "db", None) else default_path()
        self.journal = Journal.open(path, clock=lambda: self.today, config=self.config)
        if getattr(args, "handler", None) is not cmd_check:
            self.warn_if_damaged()

    def warn_if_damaged(self) -> None:
        """One line on stderr when records point at nobody; the command still runs."""
        from journal.integrity import dangling

        if found := dangling(self.journal):
            what = "1 record points" if found == 1 else f"{found} records point"
            render.say(f"kith: warning: {what} at nothing or cannot be read; see `kith check`", err=True)

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
    """Open the terminal interface (the only path that imports textual)."""
    gc.enable()  # a long-lived process: see `run`
    ctx = Context(args)
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
    ctx = Context(args)
    with ctx.journal.writing():
        person = replace(ctx.person(args.person))
        person.aliases, person.tags, person.handles = list(person.aliases), list(person.tags), dict(person.handles)
        if args.name is not None:
            person.name = args.name
        for tag in args.untag:
            person.tags = [t for t in person.tags if t.casefold() != tag.lstrip("#").casefold()]
        person = _apply_person_options(ctx, person, args, new=False)
        ctx.journal.save_person(person)
    render.say(f"Updated {person.name} [{person.uid[:8]}]")
    return 0


def _apply_person_options(ctx: Context, person: Any, args: argparse.Namespace, *, new: bool) -> Any:
    for field in ("company", "role", "note"):
        value = getattr(args, field)
        if value is not None:
            setattr(person, "notes" if field == "note" else field, value or None)
    for platform, value in (("email", args.email), ("phone", args.phone), *map(_handle, args.handle)):
        if value is None:
            continue
        if value:
            person.handles[platform] = value
        else:
            person.handles.pop(platform, None)
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
    ctx.journal.add_event(event)
    render.say(f"Added event {event.name} on {event.on} [{event.uid[:8]}]")
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
        favor = Favor(person=person.uid, what=args.what, on=on.isoformat(), given=not args.received)
        ctx.journal.add_favor(favor)
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
    found = ctx.journal.search_people(" ".join(args.query), tag=args.tag, archived=args.all)
    if args.json:
        render.print_json([render.person_json(ctx.journal, p) for p in found])
    else:
        render.print_lines(render.people(ctx.journal, found))
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


def cmd_events(args: argparse.Namespace) -> int:
    """kith events."""
    ctx = Context(args)
    found = ctx.journal.events()
    if args.json:
        render.print_json([e.to_doc() for e in found])
    else:
        render.print_lines(render.events(ctx.journal, found))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """kith export."""
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
    from journal import importing
    from journal.progress import Bar

    ctx = Context(args)
    with Bar("Importing") as bar:
        report = importing.import_file(
            ctx.journal, Path(args.file), args.style, dry_run=args.dry_run, strict=args.strict, progress=bar
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
        changed = integrity.fix(ctx.journal)
        render.say(f"Backed up, then repaired {changed} record{'s' if changed != 1 else ''}")
        problems = integrity.check(ctx.journal)
    if kept := integrity.quarantined(ctx.journal):
        where = integrity.quarantine_file(ctx.journal).path
        render.say(f"{kept} damaged record{'s are' if kept != 1 else ' is'} set aside in {where} (kept, never deleted)")
    if not problems:
        render.say(f"{ctx.journal.path}: no problems found")
        return 0
    render.print_lines(str(p) for p in problems)
    fixable = sum(1 for p in problems if p.fix)
    hint = "; `kith check --fix` repairs those marked --fix" if fixable and not args.fix else ""
    render.say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}{hint}")
    return 1


def cmd_config(args: argparse.Namespace) -> int:
    """kith config."""
    from dataclasses import asdict

    from journal.config import config_path, load_config
    from journal.journal import default_path

    path = config_path()
    render.say(f"# config file: {path}{'' if path.exists() else ' (not created yet; defaults below)'}")
    render.say(f"# journal: {Path(args.db).expanduser() if getattr(args, 'db', None) else default_path()}")
    for key, value in asdict(load_config()).items():
        render.say(f"{key} = {render.toml_value(value)}" if value is not None else f"# {key} = (not set)")
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
        render.say(f"{backup.name}  {backup.taken:%Y-%m-%d %H:%M:%S}  {render.size(backup.size)}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """kith restore."""
    ctx = Context(args)
    backup = ctx.journal.restore(args.backup)
    render.say(f"Restored {backup.name}; the files it replaced were backed up first (see `kith backups`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
