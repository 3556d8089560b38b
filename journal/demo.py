"""The bundled demo journal: a small, realistic journal whose dates follow today.

`data/demo.json` holds `{"anchor": DATE, "records": [{"type": KIND, ...fields}, ...]}` with every
date written as if today were the anchor; opening the demo shifts them all by (today - anchor), so
the demo shows a full Today screen whenever it is opened. Occasions move by the calendar instead: a
birthday falls as many days after today as after the anchor, at the same age, and so does an
anniversary of meeting near the anchor, whatever leap days lie between.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

import journal as package
from journal.journal import Journal
from journal.model import Event, Favor, Interaction, Need, Offer, Person, Promise, Record, Snooze
from journal.store.files import make_folders

KINDS: dict[str, type[Record]] = {
    "person": Person,
    "event": Event,
    "interaction": Interaction,
    "promise": Promise,
    "favor": Favor,
    "snooze": Snooze,
    "need": Need,
    "offer": Offer,
}
DATE_FIELDS = ("met_on", "on", "made", "due", "closed", "thanked", "until", "added")


def demo_file() -> Path:
    """Where the demo data is: inside the installed package, or in the source tree's data/."""
    here = Path(package.__file__).parent
    for folder in (here / "data", here.parent / "data"):
        if (folder / "demo.json").is_file():
            return folder / "demo.json"
    raise FileNotFoundError("the demo journal data/demo.json is missing from this installation")


def demo_records(today: date) -> list[Record]:
    """The demo's records with their dates moved so that the anchor falls on `today`."""
    raw = orjson.loads(demo_file().read_bytes())
    anchor = date.fromisoformat(raw["anchor"])
    return [KINDS[doc.pop("type")].from_doc(_shifted(doc, anchor, today)) for doc in raw["records"]]


def _shifted(doc: dict[str, Any], anchor: date, today: date) -> dict[str, Any]:
    shift = today - anchor
    occasion = _anniversary(doc, anchor, today)
    for name in DATE_FIELDS:
        if isinstance(doc.get(name), str):
            doc[name] = (date.fromisoformat(doc[name]) + shift).isoformat()
    if occasion:
        doc["met_on"] = occasion
    if isinstance(doc.get("birthday"), str):
        doc["birthday"] = _birthday(doc["birthday"], anchor, today)
    return doc


def _birthday(birthday: str, anchor: date, today: date) -> str:
    """The birthday that falls as many days after `today`, at the same age, as `birthday` after the anchor."""
    from journal import occasions

    found = occasions.next_birthday(Person(name="", birthday=birthday), anchor)
    if found is None:
        return birthday
    on = today + (found.on - anchor)
    if found.years is None:
        return f"--{on:%m-%d}"
    try:
        return date(on.year - found.years, on.month, on.day).isoformat()
    except ValueError:  # 29 February in a year without one: the age is lost, not the day
        return f"--{on:%m-%d}"


def _anniversary(doc: dict[str, Any], anchor: date, today: date) -> str | None:
    """For someone met a whole number of years before (or after) a day near the anchor: the meeting day
    that keeps that anniversary as near today as it is to the anchor."""
    from journal import occasions

    met = doc.get("met_on")
    if not isinstance(met, str):
        return None
    found = occasions.next_anniversary(Person(name="", met_on=met), anchor - timedelta(30), 0)
    if found is None or found.years is None or abs((found.on - anchor).days) > 30:
        return None
    on = today + (found.on - anchor)
    return occasions.on_year(on.month, on.day, on.year - found.years).isoformat()


def demo_path(today: date) -> Path:
    """Today's demo journal, in the user cache folder: changes last until tomorrow's fresh copy."""
    folder = demo_folder()
    with contextlib.suppress(FileNotFoundError):
        for old in folder.iterdir():
            if old.name != today.isoformat() and not _in_progress(old):
                shutil.rmtree(old, ignore_errors=True)
    return folder / today.isoformat() / "journal.json"


def demo_folder() -> Path:
    """The folder that holds the demo journals (user cache), created private with its parents."""
    from platformdirs import user_cache_path

    return make_folders(user_cache_path("kith") / "demo")


def _in_progress(folder: Path) -> bool:
    """A demo another process is building right now (a stale one from a crash is old and removed)."""
    try:
        return folder.name.startswith(".building-") and time.time() - folder.stat().st_mtime < 600
    except OSError:
        return False


def open_demo(today: date) -> Journal:
    """Today's demo journal, created on first use, once, even when two processes start together."""
    path = demo_path(today)
    if not path.exists():
        publish_demo(path, today)
    return Journal.open(path, clock=lambda: today)


def publish_demo(path: Path, today: date) -> None:
    """Build the demo in a folder of its own, then publish it with one rename; if another process published
    first, its demo is kept and this one is thrown away."""
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=path.parent.parent))
    try:
        create_demo(building / path.name, today)
        os.rename(building, path.parent)
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not path.exists():
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)


def create_demo(path: Path, today: date) -> Journal:
    """Write the demo journal, dated for `today`, at `path` and open it."""
    journal = Journal.open(path, clock=lambda: today)
    with journal.writing("kith --demo (a fresh copy of the demo journal)"):
        journal.add_records(demo_records(today))
    return journal
