"""The `kith vdir` command: parsing and printing only; the step is journal/vdir/engine.py's."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal import render
from journal.errors import UserError


def add_commands(command: Callable[[str, Callable[..., int], str], Any]) -> None:
    """Put `kith vdir` on the `kith` parser."""
    vdir = command(
        "vdir",
        cmd_vdir,
        "keep a contacts vdir and a tasks vdir (vdirsyncer, khard, todoman) in step with the journal, both ways",
    )
    vdir.add_argument("--contacts", metavar="DIR", help="the folder of one .vcf per person (remembered)")
    vdir.add_argument("--tasks", metavar="DIR", help="the folder of one .ics to-do per reminder (remembered)")
    vdir.add_argument("--json", action="store_true", help="print JSON")


def cmd_vdir(args: argparse.Namespace) -> int:
    """kith vdir."""
    from journal.cli import Context
    from journal.store import settings
    from journal.vdir import engine, state

    ctx = Context(args)
    kept_contacts, kept_tasks = state.folders(ctx.journal.path)
    contacts = _folder(args.contacts, "--contacts") if args.contacts is not None else kept_contacts
    tasks = _folder(args.tasks, "--tasks") if args.tasks is not None else kept_tasks
    if contacts is None and tasks is None:
        raise UserError("no vdir yet for this journal: kith vdir --contacts DIR --tasks DIR (remembered after)")
    if contacts is not None and contacts == tasks:
        raise UserError("--contacts and --tasks must be two folders (vdirsyncer keeps one collection per folder)")
    for path in (contacts, tasks):
        if path is not None and ctx.journal.path.parent.resolve() == path:
            raise UserError(f"{path} holds the journal; give a folder of its own")
    for path, option in ((contacts, "--contacts"), (tasks, "--tasks")):
        typed = getattr(args, option.lstrip("-")) is not None  # a remembered folder that went away is not made again
        if typed and path is not None and not path.exists():
            try:
                path.mkdir(mode=0o700)
            except OSError as exc:
                raise UserError(f"{option}: cannot create {path}: {exc.strerror or exc}") from None
    outcome = engine.run(ctx.journal, contacts, tasks)
    if args.contacts is not None or args.tasks is not None:
        settings.write(ctx.journal.path, contacts=str(contacts) if contacts else None,
                       tasks=str(tasks) if tasks else None)  # fmt: skip
    if args.json:
        render.print_json({"contacts": str(contacts) if contacts else None,
                           "tasks": str(tasks) if tasks else None, **outcome.to_json()})  # fmt: skip
        return 0
    render.say(*outcome.notes, outcome.summary())
    return 0


def _folder(text: str, option: str) -> Path:
    """A vdir folder a user typed (made later if only its parent exists); a file, or a folder under nothing,
    is refused."""
    if not text.strip():
        raise UserError(f"{option}: give a folder")
    path = Path(text).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise UserError(f"{option}: {path} is a file, not a folder")
    if not path.exists() and not path.parent.is_dir():
        raise UserError(f"{option}: {path.parent} does not exist; create it first")
    return path
