"""The `kith sync` command: parsing and printing only; what sync does is journal/sync/'s."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal import render
from journal.errors import UserError


def add_commands(command: Callable[[str, Callable[..., int], str], Any]) -> None:
    """Put `kith sync` on the `kith` parser."""
    p = command(
        "sync",
        cmd_sync,
        "share this journal with your other devices through a folder Syncthing, Dropbox, iCloud or git moves",
    )
    p.add_argument(
        "folder", nargs="?", metavar="FOLDER", help="the shared folder (remembered: later, `kith sync` alone uses it)"
    )
    p.add_argument("--status", action="store_true", help="list the devices, when each synced, what is pending")
    p.add_argument("--json", action="store_true", help="print what was sent and received as JSON")


def cmd_sync(args: argparse.Namespace) -> int:
    """kith sync."""
    from journal.cli import Context
    from journal.store import settings
    from journal.sync import engine

    ctx = Context(args)
    journal = ctx.journal
    remembered = settings.read(journal.files.path).get("sync")
    if args.folder is not None:
        if not args.folder.strip():
            raise UserError("name the shared folder: kith sync FOLDER")
        folder = Path(args.folder).expanduser().absolute()
    elif isinstance(remembered, str) and remembered:
        folder = Path(remembered)
    else:
        raise UserError(
            "this journal syncs through no folder yet: kith sync FOLDER (a folder Syncthing, Dropbox, iCloud or a "
            "git repository shares between your devices)"
        )
    if args.status:
        found = engine.status(journal, folder)
        if args.json:
            render.print_json(found)
        else:
            render.print_lines(_status_lines(found))
        return 0
    report = engine.sync(journal, folder)
    if remembered != str(folder):
        settings.write(journal.files.path, sync=str(folder))
    if args.json:
        render.print_json(report.to_json())
        return 0
    render.print_lines(_report_lines(report))
    return 0


def _report_lines(report: Any) -> list[str]:
    sent = sum(s["records"] for s in report.sent)
    received = [r for r in report.received]
    devices = sorted({r["device"] for r in received})
    lines = [
        f"Synced through {report.folder} (this device: {report.device}): "
        + (f"sent {_records(sent)}" if sent else "nothing to send")
        + "; "
        + (
            f"received {len(received)} publication{'s' if len(received) != 1 else ''} from {', '.join(devices)}, "
            f"{_records(report.changed)} changed here"
            if received
            else "nothing new from other devices"
        )
    ]
    if report.change:
        lines.append(f"  `kith undo {report.change[:8]}` reverses what this sync changed here")
    lines += [f"  waiting: {w}" for w in report.waiting]
    lines += [f"  skipped: {p}" for p in report.problems]
    return lines


def _records(n: int) -> str:
    return f"{n} record{'s' if n != 1 else ''}"


def _status_lines(found: dict[str, Any]) -> list[str]:
    lines = [f"Sync folder: {found['folder']}"]
    if not found["devices"]:
        lines.append("  no device has synced there yet; `kith sync` publishes this journal")
    for device in found["devices"]:
        who = " (this device)" if device["this"] else ""
        synced = device["synced"] or "never"
        count = device["to_take_in"]
        pending = f", {count} publication{'s' if count != 1 else ''} to take in" if count else ""
        lines.append(f"  {device['device']}{who}: last synced {synced}, published {device['published']}{pending}")
    unsent = found["unsent_changes"]
    lines.append(f"  {unsent} change{'s' if unsent != 1 else ''} here not yet sent" if unsent else "  nothing to send")
    lines += [f"  skipped: {p}" for p in found["problems"]]
    return lines
