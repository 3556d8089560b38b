"""One vdir: a folder holding one `.vcf` or `.ics` file per item, read and written beside vdirsyncer.

Another program may write the folder at the same moment, so nothing is written over unseen: a file is
written to a hidden temporary name in the same folder and renamed into place only if the file there is
still the one last read (or, for a new item, still absent); otherwise it is left for the next run to read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from journal.errors import UserError

MAX_ITEM = 1_000_000  # bytes: no card or to-do is bigger, a file that is is not read
_SAFE = re.compile(r"^[A-Za-z0-9_.+-]{1,200}$")  # the characters vdirsyncer keeps in a file name


class ItemUnreadable(Exception):
    """A file of the folder that cannot be taken as an item (too big, not UTF-8, gone strange)."""


@dataclass(frozen=True)
class Item:
    """One file as read: its name, its bytes, and what identifies this version of it."""

    name: str
    data: bytes
    sig: str
    stat: list[int]


def fingerprint(data: bytes) -> str:
    """What tells one version of a file's bytes from another."""
    return hashlib.sha256(data).hexdigest()


def file_name(uid: str, suffix: str) -> str:
    """The file of an item: its UID when every character is safe in a file name, else a digest of it."""
    stem = uid if _SAFE.match(uid) and not uid.startswith(".") else hashlib.sha1(uid.encode()).hexdigest()
    return stem + suffix


class Vdir:
    """A folder of items with one suffix (`.vcf` or `.ics`)."""

    def __init__(self, path: Path, suffix: str) -> None:
        self.path = path
        self.suffix = suffix

    def check(self) -> None:
        """Refuse a folder that is not there or not a folder (UserError, nothing written)."""
        if not self.path.is_dir():
            raise UserError(f"the vdir {self.path} is not a folder; create it, or give another with --contacts/--tasks")

    def names(self) -> list[str]:
        """The items' file names: regular files with the suffix, hidden and temporary ones left out."""
        try:
            entries = list(os.scandir(self.path))
        except OSError as exc:
            raise UserError(f"cannot read the vdir {self.path}: {exc.strerror or exc}") from None
        return sorted(
            e.name
            for e in entries
            if e.name.endswith(self.suffix) and not e.name.startswith(".") and e.is_file(follow_symlinks=False)
        )

    def stat(self, name: str) -> list[int] | None:
        """Inode, size and modification time of an item, or None when it is gone."""
        try:
            st = os.stat(self.path / name, follow_symlinks=False)
        except FileNotFoundError:
            return None
        return [st.st_ino, st.st_size, st.st_mtime_ns]

    def read(self, name: str) -> Item | None:
        """An item's bytes, or None when it is gone; ItemUnreadable for a file no item can be."""
        path = self.path / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ItemUnreadable(exc.strerror or str(exc)) from None
        with os.fdopen(fd, "rb") as file:
            st = os.fstat(file.fileno())
            if st.st_size > MAX_ITEM:
                raise ItemUnreadable(f"it is {st.st_size} bytes, more than any card or to-do")
            data = file.read(MAX_ITEM + 1)
        if len(data) > MAX_ITEM:
            raise ItemUnreadable("it grew past the size of any card or to-do while read")
        return Item(name, data, fingerprint(data), [st.st_ino, st.st_size, st.st_mtime_ns])

    def current(self, name: str) -> str | None:
        """The fingerprint of an item as it is now, or None when it is gone (or cannot be read)."""
        try:
            item = self.read(name)
        except ItemUnreadable:
            return "unreadable"
        return item.sig if item else None

    def write(self, name: str, data: bytes, expected: str | None) -> list[int] | None:
        """Put an item in place, if the file there is still the version `expected` (None: still absent).
        Returns the new file's stat, or None when the file changed under us and was left alone."""
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.path)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            if self.current(name) != expected:
                return None
            target = self.path / name
            if expected is None:
                try:
                    os.link(tmp, target)  # refuses, unlike a rename, when a file appeared meanwhile
                except FileExistsError:
                    return None
            else:
                os.replace(tmp, target)
            return self.stat(name)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def remove(self, name: str, expected: str | None) -> bool:
        """Remove an item if it is still the version `expected`; whether it is gone now."""
        now = self.current(name)
        if now is None:
            return True
        if now != expected:
            return False
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path / name)
        return True
