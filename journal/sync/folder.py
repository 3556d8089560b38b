"""The shared folder: each device's own files, written whole, read whole or not at all.

Layout (FOLDER is what `kith sync FOLDER` names; a file-sync engine moves it between devices)::

    FOLDER/kith/<device>/device.json             this device: what it published, what it has seen, when
    FOLDER/kith/<device>/changes/<seq>.json      one publication: the changes made here since the last
    FOLDER/kith/<device>/snapshot.json           the whole merge state as this device had it (compressed)

Only the device named by the folder writes in it, each file under a temporary name then renamed, so a
file-sync engine never sees two writers. Every file starts with one line, `KITH-SYNC 1 ENCODING LENGTH
SHA256`, so a file the engine is still copying (shorter than its length) is waited for, and a damaged one
(longer, or a wrong checksum) is named and skipped. Names a sync engine gives to conflicting or temporary
copies are duplicates of a file already there, and ignored.
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from journal.errors import UserError
from journal.store.files import make_folders, write_atomic

ROOT = "kith"
VERSION = 1
MAGIC = b"KITH-SYNC"
CHANGE = re.compile(r"^(\d{9})\.json$")
DEVICE = re.compile(r"^[0-9a-z]{1,32}$")
_COPY = re.compile(r"conflict|\.sync-conflict-|\(\d+\)|^~|^\.|\.tmp$|\.kith-tmp$|\.partial$", re.IGNORECASE)


class Incomplete(Exception):
    """A file not yet whole: a sync engine is still copying it."""


class Damaged(Exception):
    """A file that is not a whole Kith sync file of this kind."""


class Newer(Exception):
    """A file written by a newer Kith, in a format this one does not read."""


def pack(body: dict[str, Any], *, compress: bool = False) -> bytes:
    """A sync file's bytes: the header line, then the body."""
    data = orjson.dumps(body)
    encoding = "json"
    if compress:
        data, encoding = zlib.compress(data, 1), "zlib"
    header = f"{MAGIC.decode()} {VERSION} {encoding} {len(data)} {hashlib.sha256(data).hexdigest()}\n"
    return header.encode() + data


def unpack(raw: bytes) -> dict[str, Any]:
    """A sync file's body; Incomplete, Damaged or Newer when it cannot be used (yet)."""
    first, newline, data = raw.partition(b"\n")
    if not newline:
        if MAGIC.startswith(raw[: len(MAGIC)]) and len(raw) < 200:
            raise Incomplete("still being copied")
        raise Damaged("not a Kith sync file")
    parts = first.split(b" ")
    if len(parts) != 5 or parts[0] != MAGIC:
        raise Damaged("not a Kith sync file")
    try:
        version, length = int(parts[1]), int(parts[3])
    except ValueError:
        raise Damaged("its first line is damaged") from None
    if version > VERSION:
        raise Newer(f"written by a newer Kith (sync format {version})")
    if len(data) < length:
        raise Incomplete("still being copied")
    if len(data) > length or hashlib.sha256(data).hexdigest().encode() != parts[4]:
        raise Damaged("its checksum does not match")
    try:
        if parts[2] == b"zlib":
            data = zlib.decompress(data)
        elif parts[2] != b"json":
            raise Newer(f"written by a newer Kith (encoding {parts[2].decode(errors='replace')})")
        body = orjson.loads(data)
    except (zlib.error, orjson.JSONDecodeError):
        raise Damaged("its content cannot be read") from None
    if not isinstance(body, dict):
        raise Damaged("its content is not a Kith sync file")
    return body


@dataclass
class DeviceFiles:
    """The files one device published in the shared folder."""

    device: str
    folder: Path
    changes: dict[int, Path] = field(default_factory=dict)
    snapshot: Path | None = None
    manifest: dict[str, Any] | None = None


@dataclass
class Scan:
    """What the shared folder holds now."""

    devices: dict[str, DeviceFiles] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # foreign or damaged files, named
    duplicates: int = 0  # conflict copies and temporaries a sync engine left


class SharedFolder:
    """A folder that a file-sync engine shares between devices."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.root = path / ROOT

    def prepare(self) -> None:
        """Make the folder (and its `kith` folder) if missing; one line if that cannot be done."""
        if self.path.exists() and not self.path.is_dir():
            raise UserError(f"{self.path} is a file, not a folder; name a folder to sync through")
        try:
            make_folders(self.root)
        except OSError as exc:
            raise UserError(f"cannot make the folder {self.root}: {exc.strerror or exc}") from None
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise UserError(f"cannot write in {self.root}: the folder is not writable")

    def device_folder(self, device: str) -> Path:
        """Where one device's files live."""
        return self.root / device

    def write(self, device: str, name: str, payload: bytes) -> Path:
        """Write one of this device's files whole (a temporary name, then a rename)."""
        path = self.device_folder(device) / name
        try:
            make_folders(path.parent)
        except OSError as exc:
            raise UserError(f"cannot make the folder {path.parent}: {exc.strerror or exc}") from None
        write_atomic(path, payload)
        return path

    def scan(self) -> Scan:
        """Every device's files, and the files that are no one's."""
        found = Scan()
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError:
            return found
        for entry in entries:
            if _COPY.search(entry.name):
                found.duplicates += 1
            elif entry.is_dir(follow_symlinks=False) and DEVICE.match(entry.name):
                found.devices[entry.name] = self._device(entry.name, Path(entry.path), found)
            elif entry.name != "README.txt":
                found.problems.append(f"{entry.path}: not a Kith device folder; skipped")
        return found

    def _device(self, device: str, folder: Path, found: Scan) -> DeviceFiles:
        files = DeviceFiles(device, folder)
        for entry in _entries(folder):
            if entry.name == "device.json":
                files.manifest = read_quietly(Path(entry.path), found)
            elif entry.name == "snapshot.json":
                files.snapshot = Path(entry.path)
            elif entry.name == "changes" and entry.is_dir(follow_symlinks=False):
                for change in _entries(Path(entry.path)):
                    matched = CHANGE.match(change.name)
                    if matched:
                        files.changes[int(matched.group(1))] = Path(change.path)
                    elif _COPY.search(change.name):
                        found.duplicates += 1
                    else:
                        found.problems.append(f"{change.path}: not a Kith change file; skipped")
            elif _COPY.search(entry.name):
                found.duplicates += 1
            else:
                found.problems.append(f"{entry.path}: not a Kith sync file; skipped")
        if files.manifest is not None and files.manifest.get("device") != device:
            found.problems.append(f"{folder / 'device.json'}: names another device; skipped")
            files.manifest = None
        return files


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []


def read(path: Path) -> dict[str, Any]:
    """A sync file's body (Incomplete, Damaged or Newer when it cannot be used)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise Incomplete("gone") from None
    except OSError as exc:
        raise Damaged(exc.strerror or str(exc)) from None
    return unpack(raw)


def read_quietly(path: Path, found: Scan) -> dict[str, Any] | None:
    """A sync file's body, or None (a damaged one named in `found`)."""
    try:
        return read(path)
    except Incomplete:
        return None
    except (Damaged, Newer) as exc:
        found.problems.append(f"{path}: {exc}; skipped")
        return None


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or inside it (both resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
