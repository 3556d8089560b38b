"""A progress bar on stderr for work that takes more than a moment; silent when stderr is not a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY = 0.25  # seconds of quiet before a bar appears: quick work shows none
WIDTH = 30


class Bar:
    """Call with (done, total) as work advances; `close` wipes the bar."""

    def __init__(self, label: str, stream: TextIO | None = None, *, delay: float = DELAY) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.delay = delay
        self.started = time.monotonic()
        self.drawn = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.drawn < 0.05 and done < total):
            return
        self.drawn, self.shown = now, True
        filled = WIDTH * min(done, total) // total
        percent = 100 * min(done, total) // total
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {percent:3d}% ")
        self.stream.flush()

    def close(self) -> None:
        """Remove the bar so the next line starts clean."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
