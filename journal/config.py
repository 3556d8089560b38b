"""User settings: reminder windows and how to read numeric dates, from a TOML file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from journal.errors import JournalError


class Config(NamedTuple):
    """Reminder windows in days, and the order of numeric dates ("dmy", "mdy" or none). (A named tuple, as
    `Ledger` is: every command reads the settings, and as a frozen dataclass they cost it 0.8 ms at import.)"""

    promise_lead_days: int = 1
    promise_without_due_days: int = 7
    nudge_after_days: int = 3
    follow_up_after_days: int = 2
    follow_up_within_days: int = 30
    reply_within_days: int = 30  # an imported message left unanswered longer than this is no reply owed
    birthday_lead_days: int = 3  # a birthday shows this many days before the day, and on it
    anniversary_within_days: int = 7  # "a year ago you met…" shows from the day for this many days
    introductions_per_day: int = 3  # the best few introductions Today suggests
    date_order: str | None = None


class ConfigInvalid(JournalError):
    """The config file cannot be used."""


def config_path() -> Path:
    """Where the config file lives: $KITH_CONFIG, or the platform's config folder."""
    if env := os.environ.get("KITH_CONFIG"):
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("kith") / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The settings in `path` (defaults where a key is missing or there is no file)."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigInvalid(f"cannot read the config file {path}: {exc}") from None
    import tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigInvalid(f"cannot read the config file {path}: {exc}") from None
    known = Config._fields
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigInvalid(f"{path}: unknown setting {key!r}; known: {', '.join(known)}")
        if key == "date_order":
            if value not in ("dmy", "mdy"):
                raise ConfigInvalid(f'{path}: date_order must be "dmy" or "mdy" (got {value!r})')
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3650:
            raise ConfigInvalid(f"{path}: {key} must be a number of days from 0 to 3650 (got {value!r})")
        values[key] = value
    return Config(**values)  # type: ignore[arg-type]
