"""Writing one file so that a crash leaves the old file or the new one, and folders nobody else can enter."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from journal.errors import JournalError, WriteFailed

Signature = tuple[int, int, int]
TEMP_SUFFIX = ".kith-tmp"


def signature(path: Path) -> Signature | None:
    """What identifies one version of a file without reading it: inode, size, mtime."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return stat_signature(st)


def stat_signature(st: os.stat_result) -> Signature:
    """The signature of a file from its stat."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def write_atomic(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old file or the new one; `durable`
    also survives a power cut (a derived cache need not: losing it only means computing it again)."""
    tmp = None
    try:
        fd, tmp = _temporary_beside(path)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise WriteFailed(write_failure(path, exc)) from None
    if durable:
        fsync_dir(path.parent)


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new file of our own beside `path`, open for writing, as `tempfile.mkstemp` makes one (a name no file
    has, created exclusively, mode 0600, links not followed) without importing tempfile, which imports
    shutil and random: every command that writes paid for them."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    folder = os.path.abspath(path.parent)
    for _ in range(100):
        name = os.path.join(folder, f".{path.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue  # 48 random bits taken: try others
    raise FileExistsError(errno.EEXIST, f"no free name for a temporary file in {folder}")


def write_new(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Write a file nothing points at yet (a commit publishes it later), durably, replacing a stray one.
    Not `durable`: a derived file, which a reader rebuilds when a crash left it missing or cut short."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            if durable:
                out.flush()
                os.fsync(out.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise WriteFailed(write_failure(path, exc)) from None


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_failure(path: Path, exc: OSError) -> str:
    """The one line a user reads when the disk refused a write."""
    return f"could not save {path}: {reason(exc)}; nothing was changed"


def reason(exc: OSError) -> str:
    """Why the disk refused, in words."""
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno == errno.EDQUOT:
        why = "the disk quota is used up"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "the folder is not writable"
    else:
        why = exc.strerror or str(exc)
    return why


def make_folders(folder: Path) -> Path:
    """Create `folder` and every missing parent with mode 0700, whatever the umask; existing ones are left as
    they are. Raises OSError when a folder cannot be made (crash reports, the demo and caches use this too)."""
    missing: list[Path] = []
    current = folder
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue  # another process made it first: theirs is as private as ours would be
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)  # the umask may have taken bits away; never adds any
    return folder


def make_private_folder(folder: Path) -> None:
    """A folder of the journal's own, made as `make_folders` does; a symlink or a file where it belongs, or a
    folder that cannot be made, is one line (exit 1), so nothing is ever written outside the journal's folder."""
    check_folder(folder, folder)
    try:
        make_folders(folder)
    except OSError as exc:
        raise WriteFailed(f"could not create {folder}: {reason(exc)}; nothing was changed") from None
    check_folder(folder, folder)


def check_folder(folder: Path, journal: Path) -> None:
    """Refuse, in one line (exit 1), a journal whose own folder is a file, a symbolic link or unreadable."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        why = f"{folder} is a symbolic link, and Kith never follows links out of its folder; put the folder back"
    elif not stat.S_ISDIR(st.st_mode):
        why = f"{folder} should be a folder but is a file; move that file away and try again"
    elif not os.access(folder, os.R_OK | os.X_OK):
        why = f"the folder {folder} cannot be read"
    else:
        return
    raise JournalError(f"cannot use the journal {journal}: {why}")


def remove_stray_temporaries(folder: Path) -> int:
    """Delete temporary files a crashed write left in `folder`; the caller holds the lock."""
    removed = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.endswith(TEMP_SUFFIX) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed
