"""Exporting people to a file: pick the format, render it, write it atomically (or to stdout)."""

from __future__ import annotations

import stat
from pathlib import Path

from journal import formats
from journal.errors import UserError
from journal.formats import Format, Progress
from journal.journal import Journal
from journal.model import normalise

KINDS = {"csv": ("kith", "google"), "vcf": ("vcf",), "ics": ("ics",)}


def choose(kind: str, style: str | None = None) -> Format:
    """The format for `kith export KIND [--format STYLE]`."""
    styles = KINDS.get(kind)
    if styles is None:
        raise UserError(f"cannot export {kind!r}; choose csv, vcf or ics")
    if style is not None and style not in styles:
        if len(styles) == 1:
            raise UserError(f"--format only applies to csv (kith or google); {kind} has one format")
        raise UserError(f"unknown csv format {style!r}; choose {' or '.join(styles)}")
    return formats.get(style or styles[0], writing=True)


def render(journal: Journal, fmt: Format, *, archived: bool = False, progress: Progress | None = None) -> str:
    """Everyone (archived people too if asked), in name order, in the format."""
    people = sorted(journal.people(archived=archived), key=lambda p: (normalise(p.name), p.uid))
    return str(fmt.load().write(journal, people, progress))


def save(journal: Journal, text: str, path: Path) -> None:
    """Write an export to `path` in one step (never half a file); refuses the journal's own files and
    anything that is not a regular file or a new path."""
    from journal.store.files import write_atomic

    try:
        target = path.expanduser().resolve()
    except RuntimeError:  # ~name of nobody on this machine
        raise UserError(f"{path}: no such home folder; type the full path") from None
    own = [journal.path.resolve(), journal.files.folder.resolve()]
    if target in own or own[1] in target.parents:
        raise UserError(f"{path} is part of the journal itself; export to another file")
    if target.is_dir():
        raise UserError(f"{path} is a folder; give a file name such as {path / 'kith.csv'}")
    if not target.parent.is_dir():
        raise UserError(f"the folder {target.parent} does not exist; create it or export elsewhere")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new file
    except OSError as exc:
        raise UserError(f"{path} cannot be looked at ({exc.strerror}); export elsewhere") from None
    if mode is not None and not stat.S_ISREG(mode):  # a FIFO or a device would be replaced by a file
        raise UserError(f"{path} is not a regular file (a pipe or a device); export to a new file instead")
    write_atomic(target, text.encode())
