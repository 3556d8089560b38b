"""Settings that belong to one journal rather than to the user: where it syncs, which vdirs mirror it.

They live beside the journal's files in `journal.json.d/settings.json`, so two journals on one machine (a
laptop's and a test's) never share them. They are not records: a setting is written atomically on its own,
outside any change, and a file that cannot be read is refused with one line, never overwritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from journal.errors import JournalError
from journal.store.files import make_private_folder, write_atomic


class SettingsUnreadable(JournalError):
    """The journal's settings file exists but cannot be used."""


def settings_path(journal_path: Path) -> Path:
    """Where the settings of the journal at `journal_path` live."""
    return journal_path.with_name(journal_path.name + ".d") / "settings.json"


def read(journal_path: Path) -> dict[str, Any]:
    """Every setting of this journal (empty when none was ever written)."""
    path = settings_path(journal_path)
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, orjson.JSONDecodeError) as exc:
        raise SettingsUnreadable(f"cannot read {path}: {exc}; fix or remove it") from None
    if not isinstance(data, dict):
        raise SettingsUnreadable(f"cannot read {path}: it does not hold settings; fix or remove it")
    return data


def write(journal_path: Path, **changed: Any) -> dict[str, Any]:
    """Set (or, with None, remove) settings of this journal; returns them all."""
    settings = read(journal_path)
    for key, value in changed.items():
        if value is None:
            settings.pop(key, None)
        else:
            settings[key] = value
    path = settings_path(journal_path)
    make_private_folder(path.parent)
    write_atomic(path, orjson.dumps(settings, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    return settings
