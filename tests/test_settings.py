"""One journal's own settings: kept beside it, written whole, and never overwritten when unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.store import settings


def test_settings_are_kept_per_journal(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert settings.read(one) == {}
    settings.write(one, sync="/shared/kith")
    assert settings.read(one) == {"sync": "/shared/kith"}
    assert settings.read(two) == {}
    settings.write(one, sync=None, contacts="/vdir/c")
    assert settings.read(one) == {"contacts": "/vdir/c"}


def test_an_unreadable_settings_file_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    settings.settings_path(path).parent.mkdir()
    settings.settings_path(path).write_text("{not json")
    with pytest.raises(settings.SettingsUnreadable, match="settings.json"):
        settings.write(path, sync="/x")
    assert settings.settings_path(path).read_text() == "{not json"
