"""Shell completion: what can come next on a `kith` command line, and the scripts that ask for it.

The scripts for bash, zsh and fish (`kith completion SHELL`) are thin: on every TAB they run the hidden
`kith __complete`, which walks the real argument parser to offer commands, options and choices, and reads the
journal, without changing or creating anything, for people's names, reminder keys, events, changes and backups.
Everything the shells are told is decided here, so it is tested in Python.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal import render
from journal.errors import UserError

if TYPE_CHECKING:
    from journal.journal import Journal

SHELLS = ("bash", "zsh", "fish")
_BY_METAVAR = {
    "PERSON": "people",
    "PERSON|KEY": "people",
    "FROM": "people",
    "INTO": "people",
    "KEY": "reminders",
    "EVENT": "events",
    "FILE": "files",
    "DIR": "files",
    "PATH": "files",
    "CHANGE": "changes",
    "BACKUP": "backups",
}
_SENTINEL = "\x01"  # marks the cursor when the line is split, so a word just begun (or none) is seen


@dataclass(frozen=True)
class Offer:
    """One thing that can be typed next, and a few words about it (zsh and fish show them)."""

    value: str
    about: str = ""


@dataclass
class Completion:
    """What a shell is told: these offers, or to complete file names itself."""

    offers: list[Offer]
    files: bool = False

    def lines(self, shell: str, typed: str = "") -> list[str]:
        """The answer as `kith __complete` prints it: a first line (`files` or `words`), then one offer a line
        in the form the shell's script reads (`typed`: for bash, the part of the word bash will replace)."""
        if self.files:
            return ["files"]
        out = ["words"]
        for offer in self.offers:
            value, about = _one_line(offer.value), _one_line(offer.about)
            if shell == "bash":
                out.append(_bash_part(value, typed))
            elif shell == "zsh":
                out.append(value.replace("\\", "\\\\").replace(":", "\\:") + (f":{about}" if about else ""))
            else:
                out.append(f"{value}\t{about}" if about else value)
        return out


def _one_line(text: str) -> str:
    """Text safe for a terminal and for the one-offer-a-line protocol."""
    return " ".join(render.safe(text).split()) if text else ""


def _bash_part(value: str, typed: str) -> str:
    """What bash puts in place of the part of the word after its last word break (`:` and `=` split words for
    bash: `reply:3f` is completed as `3f`)."""
    cut = max((typed.rfind(ch) for ch in ":="), default=-1)
    prefix = typed[: cut + 1]
    return value[len(prefix) :] if cut >= 0 and value.startswith(prefix) else value


def complete(words: list[str], *, today: Callable[[], date] = date.today) -> Completion:
    """What can replace the last of `words` (the words after `kith`; the last is the one being typed)."""
    from journal import cli

    current, before = (words[-1] if words else ""), words[:-1]
    parser = cli._parser_for(before)  # the command's own parser once it is typed: building all costs 80 ms a TAB
    commands = cli._subcommands(parser)
    active: argparse.ArgumentParser = parser
    command: str | None = None
    pending: argparse.Action | None = None
    positionals: list[str] = []
    where: dict[str, Any] = {"db": None, "demo": False}
    for word in before:
        if pending is not None:
            if pending.dest == "db":
                where["db"] = word
            pending = None
            continue
        if word.startswith("-") and len(word) > 1:
            name, eq, value = word.partition("=")
            action = _option(active, name) or _option(parser, name)
            if action is not None and action.dest == "db" and eq:
                where["db"] = value
            if action is not None and action.dest == "demo":
                where["demo"] = True
            if action is not None and action.nargs != 0 and not eq:
                pending = action
            continue
        if command is None:
            if word in commands:
                command, active = word, commands[word]
            continue
        positionals.append(word)
        if command == "edit" and len(positionals) == 1:
            from journal.editing import is_key

            if is_key(word):
                kind = word.split(":")[0].lower()
                active = cli._record_parser("promise" if kind == "nudge" else kind)
        if command == "event" and len(positionals) == 1 and word in ("rename", "merge"):
            active = cli._event_change_parser(word)
    source = _Source(where["db"], where["demo"], today)
    if pending is not None:
        return _values(active, pending, current, source)
    if current.startswith("-"):
        name, eq, value = current.partition("=")
        if eq:
            action = _option(active, name) or _option(parser, name)
            if action is None or action.nargs == 0:
                return Completion([])
            found = _values(active, action, value, source)
            if found.files:
                return found
            return Completion([Offer(f"{name}={o.value}", o.about) for o in found.offers])
        return Completion(_options(active if command else parser, current, top=command is None))
    if command is None:
        return Completion(
            [Offer(name, p.description or "") for name, p in commands.items() if name.startswith(current)]
        )
    action = _positional(active, len(positionals))
    if action is None:
        return Completion([])
    return _values(active, action, current, source)


def _option(parser: argparse.ArgumentParser, name: str) -> argparse.Action | None:
    """The option `name` means to `parser`, as argparse reads it (a unique prefix of a long option counts)."""
    if name in parser._option_string_actions:
        return parser._option_string_actions[name]
    if name.startswith("--"):
        found = {a for s, a in parser._option_string_actions.items() if s.startswith(name) and s.startswith("--")}
        if len(found) == 1:
            return found.pop()
    return None


def _options(parser: argparse.ArgumentParser, typed: str, *, top: bool) -> list[Offer]:
    """The options of a command that start with what was typed (those hidden from help only at the top)."""
    offers: list[Offer] = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS and not top:
            continue
        for string in action.option_strings:
            if string.startswith(typed) and (string.startswith("--") or typed in ("-", string)):
                offers.append(Offer(string, "" if action.help == argparse.SUPPRESS else action.help or ""))
    return offers


def _positional(parser: argparse.ArgumentParser, taken: int) -> argparse.Action | None:
    """The positional argument the next word is, after `taken` of them."""
    for action in parser._actions:
        if action.option_strings or isinstance(action, argparse._SubParsersAction):
            continue
        if action.nargs in ("+", "*", argparse.REMAINDER):
            return action
        width = 1 if action.nargs in (None, "?") else int(action.nargs)  # type: ignore[arg-type]
        if taken < width:
            return action
        taken -= width
    return None


def _values(parser: argparse.ArgumentParser, action: argparse.Action, typed: str, source: _Source) -> Completion:
    """The values an option or a positional argument can take."""
    if action.choices:
        return Completion([Offer(str(c)) for c in action.choices if str(c).startswith(typed)])
    metavar = action.metavar if isinstance(action.metavar, str) else None
    kind = _BY_METAVAR.get(metavar or "")
    if parser.prog.startswith("kith event ") and metavar in ("OLD", "FROM", "INTO"):
        kind = "events"
    if parser.prog.startswith("kith edit ") and metavar == "KEY":
        kind = None  # a record's key, as `kith show` prints it
    if kind == "files":
        return Completion([], files=True)
    if kind is None:
        return Completion([])
    return Completion(source.offers(kind, typed))


class _Source:
    """The journal a command line names, read (never written) for the values it holds."""

    def __init__(self, db: str | None, demo: bool, today: Callable[[], date]) -> None:
        self.db, self.demo, self.today = db, demo, today

    def offers(self, kind: str, typed: str) -> list[Offer]:
        """The people, reminders, events, changes or backups that match what was typed."""
        with self._journal() as journal:
            if journal is None:
                return []
            try:
                return list(getattr(self, f"_{kind}")(journal, typed))
            except Exception:  # a damaged journal completes nothing: `kith check` is where it is explained
                return []
        return []

    @contextlib.contextmanager
    def _journal(self) -> Iterator[Journal | None]:
        """The journal, opened without the tidying and upgrading `Journal.open` does, since those write; None
        for the demo (a throw-away copy made per command) and for a journal not made yet."""
        from journal.journal import Journal, default_path

        if self.demo:
            yield None
            return
        path = Path(self.db).expanduser() if self.db else default_path()
        if not path.is_file():
            yield None
            return
        journal = Journal(path, clock=self.today)
        journal.files.read_only = True  # what it computes (the day's agenda) is not kept either
        yield journal

    @staticmethod
    def _people(journal: Journal, typed: str) -> Iterator[Offer]:
        """Names and aliases that start with what was typed, or have a word that does (accents and case
        ignored)."""
        from journal.model import normalise

        wanted = normalise(typed)
        seen: set[str] = set()
        for name, aliases, keys, about in _named_people(journal, wanted):
            for text, words in zip((name, *aliases), keys, strict=False):  # keys: the same, normalised
                if text not in seen and (words.startswith(wanted) or any(w.startswith(wanted) for w in words.split())):
                    seen.add(text)
                    yield Offer(text, about if text == name else name)

    def _reminders(self, journal: Journal, typed: str) -> Iterator[Offer]:
        from journal import reminders

        for reminder in reminders.reminders(journal, self.today(), include_snoozed=True):
            if reminder.short_key.startswith(typed) or reminder.key.startswith(typed):
                yield Offer(reminder.short_key, reminder.text)

    @staticmethod
    def _events(journal: Journal, typed: str) -> Iterator[Offer]:
        from journal.model import normalise

        wanted, seen = normalise(typed), set()
        for event in journal.events():
            if event.name not in seen and normalise(event.name).startswith(wanted):
                seen.add(event.name)
                yield Offer(event.name, event.on or "")

    @staticmethod
    def _changes(journal: Journal, typed: str) -> Iterator[Offer]:
        for change in journal.history(None, 30):
            if change.id.startswith(typed):
                yield Offer(change.id[:8], change.summary)

    @staticmethod
    def _backups(journal: Journal, typed: str) -> Iterator[Offer]:
        for backup in reversed(journal.backups()):
            if backup.name.startswith(typed):
                yield Offer(backup.name, f"{backup.taken:%Y-%m-%d %H:%M} {backup.kind}")


def _named_people(journal: Journal, wanted: str) -> Iterator[tuple[str, list[str], list[str], str]]:
    """Everyone not archived who may be meant by `wanted` (normalised), by name: the name, the aliases, both
    normalised, and what they do. Only people with a word of a name or alias that starts with it get past a
    first, cheap look (a superset of what `_people` offers), and only they are sorted. From names.json when it
    is kept for the journal on disk (a TAB computes nothing it cannot keep), else from the stored people as
    they are, since building 10,000 records for a TAB is slow."""
    from journal.model import normalise
    from journal.views import kept_roster

    needle = " " + wanted
    with contextlib.suppress(ValueError):  # a damaged row: the stored people are read instead
        if (roster := kept_roster(journal)) is not None:
            rows = roster.holding(wanted)
            found = [row for row in rows if not row[3] and needle in " " + " ".join(row[4])]
            for _, name, _, _, keys, aliases, about in sorted(found, key=lambda r: r[1].casefold()):
                yield name, aliases, keys, about
            return
    docs = [d for table in journal.files.tables("people") for d in table.values() if _named(d)]
    for doc in sorted(docs, key=lambda d: str(d["name"]).casefold()):
        aliases = [a for a in doc.get("aliases") or () if isinstance(a, str)]
        keys = [normalise(n) for n in (doc["name"], *aliases)]
        if needle in " " + " ".join(keys):
            about = ", ".join(x for x in (doc.get("role"), doc.get("company")) if isinstance(x, str) and x)
            yield doc["name"], aliases, keys, about


def _named(doc: object) -> bool:
    """A stored person with a name, not archived (archived people are not offered, as `kith people` hides them)."""
    return isinstance(doc, dict) and isinstance(doc.get("name"), str) and doc.get("archived") is not True


def split_line(line: str) -> list[str]:
    """The words of a bash command line up to the cursor, as the shell will read them; the last is the word
    being typed ('' after a space). An unclosed quote is closed where the cursor is."""
    for closing in ("", '"', "'"):
        try:
            words = shlex.split(line + _SENTINEL + closing)
        except ValueError:
            continue
        if not words:
            return [""]
        words[-1] = words[-1].removesuffix(_SENTINEL)
        return words
    return line.split() + [""]


def run(arguments: list[str]) -> int:
    """`kith __complete bash LINE`, `kith __complete zsh|fish -- WORD...`: print what can come next."""
    from journal.cli import _today

    if not arguments or arguments[0] not in SHELLS:
        render.say("kith: __complete is for the completion scripts: see `kith completion --help`", err=True)
        return 2
    shell, rest = arguments[0], arguments[1:]
    typed = ""
    if shell == "bash":
        line = rest[0] if rest else ""
        words = split_line(line)[1:]  # the first word is `kith` itself
        typed = words[-1] if words else ""
        if not words:
            words = [""]
    else:
        words = rest[1:] if rest[:1] == ["--"] else rest
    try:
        found = complete(words or [""], today=_today)
    except UserError:
        found = Completion([])
    render.print_lines(found.lines(shell, typed))
    return 0


def script(shell: str) -> str:
    """The completion script for `shell`, which calls back into `kith __complete`."""
    return {"bash": BASH, "zsh": ZSH, "fish": FISH}[shell]


BASH = r"""# Kith's completion for bash. Install: add this line to ~/.bashrc
#     eval "$(kith completion bash)"
_kith() {
    local IFS=$'\n'
    local -a reply
    reply=($(kith __complete bash "${COMP_LINE:0:COMP_POINT}" 2>/dev/null))
    if [[ "${reply[0]}" == files ]]; then
        compopt -o default 2>/dev/null
        COMPREPLY=()
        return 0
    fi
    compopt -o filenames 2>/dev/null  # quotes what needs quoting: names with spaces
    COMPREPLY=("${reply[@]:1}")
}
complete -F _kith kith
"""

ZSH = r"""#compdef kith
# Kith's completion for zsh. Install: add this line to ~/.zshrc (after compinit)
#     source <(kith completion zsh)
# or save it as _kith in a folder of your $fpath.
_kith() {
    local -a reply offers
    reply=("${(@f)$(kith __complete zsh -- "${(@Q)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ "$reply[1]" == files ]]; then
        _files
        return
    fi
    offers=("${(@)reply[2,-1]}")
    (( $#offers )) && _describe -t kith 'kith' offers
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
    _kith "$@"
else
    compdef _kith kith
fi
"""

FISH = r"""# Kith's completion for fish. Install:
#     kith completion fish > ~/.config/fish/completions/kith.fish
function __kith_complete
    set -l words (commandline -opc) (commandline -ct)
    set -e words[1]
    set -l reply (kith __complete fish -- $words 2>/dev/null)
    if test "$reply[1]" = files
        __fish_complete_path (commandline -ct)
    else
        printf '%s\n' $reply[2..-1]
    end
end
complete -c kith -f -a '(__kith_complete)'
"""
