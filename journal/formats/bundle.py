"""LinkedIn's whole export, as the folder it unzips to or the .zip itself: every file in it Kith can read."""

from __future__ import annotations

import zipfile
from pathlib import Path

from journal.errors import UserError
from journal.formats import FORMATS, Format
from journal.formats.cells import decode

FORMAT = Format("linkedin-export", "bundle", "LinkedIn export", ".zip", reads=False, writes=False)
MAX_MEMBER = 1 << 30  # a file larger than this inside a zip is not something LinkedIn wrote
_ORDER = ("linkedin", "google", "outlook", "kith", "vcf", "linkedin-messages")  # people before messages


def parts(path: Path) -> list[tuple[str, Format, str]]:
    """(file name, format, text) of each file in the folder or zip whose format Kith reads, people first."""
    found = []
    for name, raw in _files(path):
        if not name.lower().endswith((".csv", ".vcf")):
            continue
        text = decode(raw, name)
        fmt = next((f for f in FORMATS.values() if f.reads and f.load().sniff(text)), None)
        if fmt is not None:
            found.append((name, fmt, text))
    if not found:
        raise UserError(f"{path.name} holds no file Kith can import (Connections.csv, messages.csv, Invitations.csv…)")
    return sorted(found, key=lambda part: (_ORDER.index(part[1].name) if part[1].name in _ORDER else 9, part[0]))


def _files(path: Path) -> list[tuple[str, bytes]]:
    """The name (relative to the export) and bytes of every file."""
    try:
        if path.is_dir():
            return [(str(p.relative_to(path)), p.read_bytes()) for p in sorted(path.rglob("*")) if p.is_file()]
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if any(m.file_size > MAX_MEMBER for m in members):
                raise UserError(f"{path.name} holds a file too large to be part of a LinkedIn export")
            return [(m.filename, archive.read(m)) for m in members]
    except (OSError, zipfile.BadZipFile) as exc:
        raise UserError(f"cannot read {path.name}: {getattr(exc, 'strerror', None) or exc}") from None
