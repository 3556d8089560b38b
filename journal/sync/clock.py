"""Hybrid logical clock stamps (Kulkarni et al.): a wall-clock time in milliseconds, a counter and a device id.

A stamp is a string that sorts as it orders: `TTTTTTTTTTTTT.CCCCCC.DEVICE`. A new stamp is later than the
wall clock's time and later than every stamp this device has seen, so a change made after seeing another
wins over it even when the clocks disagree (a device whose clock runs a year ahead only pulls the others'
stamps forward); the device id breaks the tie between stamps of the same time and counter.
"""

from __future__ import annotations

import re
import time
from datetime import datetime

ZERO = ""  # earlier than every stamp
_COUNTER_MAX = 999_999


def make(millis: int, counter: int, device: str) -> str:
    """The stamp of this time, counter and device."""
    return f"{millis:013d}.{counter:06d}.{device}"


def parse(stamp: str) -> tuple[int, int]:
    """The time and counter of a stamp (0, 0 for none or one that cannot be read)."""
    try:
        millis, counter, _ = stamp.split(".", 2)
        return int(millis), int(counter)
    except ValueError:
        return 0, 0


_STAMP = re.compile(r"[0-9]{13}\.[0-9]{6}\.[0-9a-z]{1,32}")


def valid(stamp: object) -> bool:
    """Whether a value read from a file is a stamp."""
    return isinstance(stamp, str) and _STAMP.fullmatch(stamp) is not None


def tick(last: str, wall_millis: int, device: str) -> str:
    """A new stamp of this device: later than `last` (the latest stamp seen) and than the wall clock."""
    millis, counter = parse(last)
    if wall_millis > millis:
        return make(wall_millis, 0, device)
    if counter >= _COUNTER_MAX:
        return make(millis + 1, 0, device)
    return make(millis, counter + 1, device)


def wall_millis() -> int:
    """Now, by this machine's clock."""
    return time.time_ns() // 1_000_000


def millis_of(at: str) -> int:
    """The time a change was made (its ISO `at`), or now if it cannot be read."""
    try:
        return int(datetime.fromisoformat(at).timestamp() * 1000)
    except (TypeError, ValueError):
        return wall_millis()


def when(stamp: str) -> str:
    """The wall time of a stamp, for people (`2026-11-30 06:12`)."""
    millis, _ = parse(stamp)
    return datetime.fromtimestamp(millis / 1000).strftime("%Y-%m-%d %H:%M") if millis else "never"
