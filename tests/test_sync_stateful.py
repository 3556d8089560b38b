"""Three devices doing anything in any order, their files delivered in parts and in any order: once every
file reached everyone and everyone synced, every device holds the same journal and nothing logged is lost."""

from __future__ import annotations

import itertools
import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sync_support import Device, deliver

NAMES = ("Ana Lopez", "Ben Okafor", "Cleo Park")  # on every device from the start
NEW = ("Dan Wu", "Eve Stone")  # added on one device or several (then two people of one name)
FIELDS = ("--company", "--role", "--note")
VALUES = ("Acme", "Globex", "Initech")
TAGS = ("founder", "investor", "friend")
replica = st.integers(min_value=0, max_value=2)


class ThreeDevices(RuleBasedStateMachine):
    """Three journals, each with its own view of the shared folder, and a file-sync engine between them."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="kith-sync-"))
        self.devices = [Device(self.root, f"d{n}", folder=self.root / f"view{n}") for n in range(3)]
        self.logged: set[str] = set()
        self.destructive = False  # a forget, merge or undo may remove what was logged
        self.counter = itertools.count()
        first = self.devices[0]
        for name in NAMES:
            first.ok("add", name, "--company", "Acme")
        first.sync()
        for device in self.devices[1:]:
            deliver(first.folder, device.folder)
            device.sync()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @rule(n=replica, name=st.sampled_from(NEW))
    def add(self, n: int, name: str) -> None:
        self.devices[n]("add", name, "--company", "Acme")

    @rule(n=replica, name=st.sampled_from(NAMES + NEW), option=st.sampled_from(FIELDS), value=st.sampled_from(VALUES))
    def edit(self, n: int, name: str, option: str, value: str) -> None:
        self.devices[n]("edit", name, option, f"{value} {n}")

    @rule(n=replica, name=st.sampled_from(NAMES), value=st.sampled_from(VALUES))
    def edit_the_same_field(self, n: int, name: str, value: str) -> None:
        """The field every device keeps changing: the merge must pick the same winner everywhere."""
        self.devices[n]("edit", name, "--company", f"{value} {n}")

    @rule(n=replica, name=st.sampled_from(NAMES + NEW), tag=st.sampled_from(TAGS), remove=st.booleans())
    def tag(self, n: int, name: str, tag: str, remove: bool) -> None:
        self.devices[n]("edit", name, "--untag" if remove else "--tag", tag)

    @rule(n=replica, name=st.sampled_from(NAMES + NEW))
    def log(self, n: int, name: str) -> None:
        message = f"talk {next(self.counter)}"
        if self.devices[n]("log", name, "-m", message).code == 0:
            self.logged.add(message)

    @rule(n=replica, name=st.sampled_from(NAMES + NEW))
    def promise(self, n: int, name: str) -> None:
        self.devices[n]("promise", name, f"promise {next(self.counter)}", "--by", "2026-11-20")

    @rule(n=replica, which=st.integers(min_value=0, max_value=3))
    def done(self, n: int, which: int) -> None:
        due = self.devices[n]("due", "--json")
        if due.code != 0:
            return
        keys = [r["key"] for r in due.json() if str(r.get("key", "")).startswith("promise:")]
        if keys:
            self.devices[n]("done", keys[which % len(keys)])

    @rule(n=replica, joined=st.sampled_from(NAMES + NEW), kept=st.sampled_from(NAMES + NEW))
    def forget_or_merge(self, n: int, joined: str, kept: str) -> None:
        """Remove a person: forget when both names are one, else merge the first into the second."""
        ran = self.devices[n]("forget", joined, "--yes") if joined == kept else self.devices[n]("merge", joined, kept)
        if ran.code == 0:
            self.destructive = True

    @rule(n=replica)
    def undo(self, n: int) -> None:
        if self.devices[n]("undo").code == 0:
            self.destructive = True

    @rule(n=replica)
    def sync(self, n: int) -> None:
        self.devices[n].sync()

    @rule(frm=replica, to=replica, seed=st.integers(min_value=0, max_value=2**32 - 1))
    def deliver_some(self, frm: int, to: int, seed: int) -> None:
        """The file-sync engine copies some of one view's files to another, in any order."""
        if frm == to:
            return
        origin = self.devices[frm].folder
        files = sorted(str(p.relative_to(origin)) for p in origin.rglob("*") if p.is_file())
        chance = random.Random(seed)  # drawn whole, whatever the files: the same steps draw the same data
        chosen = {f for f in files if chance.random() < 0.5}
        deliver(origin, self.devices[to].folder, only=chosen, skip_device=self._own(to))

    def _own(self, n: int) -> str | None:
        path = self.devices[n].db.parent / "journal.json.d" / "device"
        return path.read_text().strip() if path.exists() else None

    @invariant()
    def no_traceback(self) -> None:
        pass  # Device asserts that no run ended in an unexpected error

    def teardown_check(self) -> None:
        """Every file everywhere, everyone syncs: one journal, nothing logged lost."""
        for _ in range(3):
            for device in self.devices:
                device.sync()
            for s, t in itertools.permutations(range(3), 2):
                deliver(self.devices[s].folder, self.devices[t].folder, skip_device=self._own(t))
        for device in self.devices:
            device.sync()
        pictures = [device.picture() for device in self.devices]
        for other in pictures[1:]:
            assert other[0] == pictures[0][0], _difference(pictures[0][0], other[0])
            assert other[1] == pictures[0][1], _difference(pictures[0][1], other[1])
        present = {
            i.get("summary") for card in pictures[0][1].values() for i in card["interactions"] if i.get("summary")
        }
        if not self.destructive:
            assert self.logged <= present


def _difference(first: object, second: object, path: str = "") -> str:
    """Where two pictures differ first, for the failure message."""
    if isinstance(first, dict) and isinstance(second, dict):
        for key in sorted(first.keys() | second.keys(), key=str):
            if first.get(key) != second.get(key):
                return _difference(first.get(key), second.get(key), f"{path}.{key}")
    if isinstance(first, list) and isinstance(second, list) and len(first) == len(second):
        for n, (x, y) in enumerate(zip(first, second, strict=True)):
            if x != y:
                return _difference(x, y, f"{path}[{n}]")
    return f"{path}: {first!r} != {second!r}"


class Machine(ThreeDevices):
    def teardown(self) -> None:
        try:
            self.teardown_check()
        finally:
            super().teardown()


TestThreeDevices = Machine.TestCase
TestThreeDevices.settings = settings(
    max_examples=15,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
