"""The `kith need`, `kith offer`, `kith needs` and `kith intro` commands: parsing and printing only; the
decisions are journal/giving.py's and journal/introductions.py's."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from journal import render
from journal.errors import UserError


def add_commands(command: Callable[[str, Callable[..., int], str], Any]) -> None:
    """Put the giving commands on the `kith` parser."""
    for kind, example in (("need", "a freelance designer"), ("offer", "brand design")):
        p = command(
            kind,
            cmd_need if kind == "need" else cmd_offer,
            f"record what someone {'needs' if kind == 'need' else 'can offer'} ('{example}'), or close it with --close",
        )
        p.add_argument("person", metavar="PERSON")
        p.add_argument(
            "what", nargs="?", metavar="TEXT", help=f"what they {kind}; with --close, which one (number, key or words)"
        )
        p.add_argument("--close", action="store_true", help=f"close an open {kind} (met, or no longer wanted)")
        p.add_argument("--reason", metavar="TEXT", help="with --close: why (found one, no longer hiring…)")
        p.add_argument("--on", metavar="DATE", help="when (default: today)")

    needs = command("needs", cmd_needs, "open needs, oldest first (--offers: open offers)")
    needs.add_argument("--offers", action="store_true", help="list open offers instead")
    needs.add_argument("--json", action="store_true", help="print JSON")

    intro = command("intro", cmd_intro, "record an introduction you made: contact with both, a favor to each")
    intro.add_argument("first", metavar="A")
    intro.add_argument("second", metavar="B")
    intro.add_argument("-m", "--message", dest="summary", metavar="TEXT", help="what you wrote them")
    intro.add_argument("--on", metavar="DATE", help="when (default: today)")
    intro.add_argument(
        "--need", metavar="WHICH", help="the need of A or B it answers, closed (default: the one Kith matches)"
    )


def cmd_need(args: argparse.Namespace) -> int:
    """kith need."""
    return _need_or_offer(args, "need")


def cmd_offer(args: argparse.Namespace) -> int:
    """kith offer."""
    return _need_or_offer(args, "offer")


def _need_or_offer(args: argparse.Namespace, kind: str) -> int:
    from journal import giving
    from journal.cli import Context

    if args.reason is not None and not args.close:
        raise UserError(f"--reason says why a {kind} was closed; add --close (kith {kind} PERSON --close --reason …)")
    if not args.close and not (args.what or "").strip():
        raise UserError(f"say what they {kind}: kith {kind} PERSON 'TEXT' (or --close to close one)")
    ctx = Context(args)
    on = ctx.date(args.on, ahead=False, option="--on") or ctx.today
    with ctx.journal.writing():
        person = ctx.person(args.person)
        if args.close:
            record = giving.choose(ctx.journal, kind, person, args.what)
            record = giving.close(ctx.journal, record, on, args.reason)
        else:
            record = giving.add(ctx.journal, kind, person, args.what, on)
    if args.close:
        why = f" ({record.reason})" if record.reason else ""
        render.say(f"Closed {person.name}'s {kind}: {record.what}{why}")
    else:
        render.say(f"{person.name} {kind}s: {record.what} [{kind}:{record.uid[:8]}]")
    return 0


def cmd_needs(args: argparse.Namespace) -> int:
    """kith needs."""
    from journal import giving
    from journal.cli import Context

    ctx = Context(args)
    kind = "offer" if args.offers else "need"
    found = giving.open_ones(ctx.journal, kind)
    names = {p.uid: p.name for p in ctx.journal.people()}
    if args.json:
        render.print_json(
            [
                {
                    "key": f"{kind}:{r.uid[:8]}",
                    "uid": r.uid,
                    "kind": kind,
                    "person": names.get(r.person),
                    "person_uid": r.person,
                    "what": r.what,
                    "added": r.added,
                }
                for r in found
            ]
        )
        return 0
    if not found:
        render.say(f"No open {kind}s; `kith {kind} PERSON TEXT` records one.")
        return 0
    width = max(render.columns(names.get(r.person, "")) for r in found)
    render.print_lines(
        f"{r.added}  {render.clip(names.get(r.person, ''), width)}  {r.what}  {kind}:{r.uid[:8]}" for r in found
    )
    render.say(f"{len(found)} open {kind}{'s' if len(found) != 1 else ''}")
    return 0


def cmd_intro(args: argparse.Namespace) -> int:
    """kith intro."""
    from journal import giving, introductions
    from journal.cli import Context

    ctx = Context(args)
    on = ctx.date(args.on, ahead=False, option="--on") or ctx.today
    with ctx.journal.writing():
        first, second = ctx.person(args.first), ctx.person(args.second)
        need = None
        if args.need is not None:
            owners = [p for p in (first, second) if giving.open_ones(ctx.journal, "need", p.uid)]
            if not owners:
                raise UserError(f"neither {first.name} nor {second.name} has an open need; leave out --need")
            need = _named_need(ctx.journal, owners, args.need)
        made = introductions.introduce(ctx.journal, first, second, on, args.summary, need=need)
    closed = f"; closed {made.closed.what!r}" if made.closed else ""
    render.say(f"Introduced {first.name} and {second.name} on {on.isoformat()}: a favor to each{closed}")
    return 0


def _named_need(journal: Any, owners: list[Any], which: str) -> Any:
    from journal import giving
    from journal.errors import NotFound

    problems = []
    for person in owners:
        try:
            return giving.choose(journal, "need", person, which)
        except UserError as exc:
            problems.append(str(exc))
    raise NotFound(problems[0]) if len(problems) == 1 else UserError("; ".join(problems))
