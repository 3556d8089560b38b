"""The journal's cross-process lock: an exclusive `flock` on `journal.json.d/lock`.

It is the lock filelock takes on POSIX systems (so a Kith that used filelock and this one exclude each
other), taken here directly because importing filelock costs more than the rest of a `kith log`'s imports.
Where there is no `flock` (Windows), filelock takes it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class Busy(Exception):
    """Another process held the lock past the timeout."""


class Lock:
    """An exclusive lock on one file, held by this process (taking it again while held just counts)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0
        self._fallback: Any = None

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting at most `timeout` seconds; Busy if another process holds it that long,
        OSError if the lock file cannot be opened."""
        if self._depth:
            self._depth += 1
            return
        if fcntl is None:  # pragma: no cover - Windows
            self._acquire_with_filelock(timeout)
        else:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            deadline, pause = time.monotonic() + timeout, 0.002
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        os.close(fd)
                        raise Busy(self.path) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.05)
                except OSError:
                    os.close(fd)
                    raise
            self._fd = fd
        self._depth = 1

    def release(self) -> None:
        """Let the lock go (the outermost release does)."""
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth:
            return
        if self._fallback is not None:  # pragma: no cover - Windows
            self._fallback.release()
        elif self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @contextlib.contextmanager
    def held(self, timeout: float) -> Iterator[None]:
        """The lock, held for a block."""
        self.acquire(timeout)
        try:
            yield
        finally:
            self.release()

    def _acquire_with_filelock(self, timeout: float) -> None:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        if self._fallback is None:
            self._fallback = FileLock(self.path, mode=0o600, thread_local=False)
        try:
            self._fallback.acquire(timeout=timeout)
        except Timeout:
            raise Busy(self.path) from None
