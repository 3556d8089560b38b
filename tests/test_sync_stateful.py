"""Three devices doing anything in any order, their files delivered in parts and in any order: once every
file reached everyone and everyone synced, every device holds the same journal and nothing logged is lost."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sync_support import Device, deliver

NAMES = ("Ana Lopez", "Ben Okafor", "Cleo Park")
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

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @rule(n=replica, name=st.sampled_from(NAMES))
    def add(self, n: int, name: str) -> None:
        self.devices[n]("add", name, "--company", "Acme")

    @rule(n=replica, name=st.sampled_from(NAMES), option=st.sampled_from(FIELDS), value=st.sampled_from(VALUES))
    def edit(self, n: int, name: str, option: str, value: str) -> None:
        self.devices[n]("edit", name, option, f"{value} {n}")

    @rule(n=replica, name=st.sampled_from(NAMES), tag=st.sampled_from(TAGS), remove=st.booleans())
    def tag(self, n: int, name: str, tag: str, remove: bool) -> None:
        self.devices[n]("edit", name, "--untag" if remove else "--tag", tag)

    @rule(n=replica, name=st.sampled_from(NAMES))
    def log(self, n: int, name: str) -> None:
        message = f"talk {next(self.counter)}"
        if self.devices[n]("log", name, "-m", message).code == 0:
            self.logged.add(message)

    @rule(n=replica, name=st.sampled_from(NAMES))
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

    @rule(n=replica, name=st.sampled_from(NAMES))
    def forget(self, n: int, name: str) -> None:
        if self.devices[n]("forget", name, "--yes").code == 0:
            self.destructive = True

    @rule(n=replica, joined=st.sampled_from(NAMES), kept=st.sampled_from(NAMES))
    def merge(self, n: int, joined: str, kept: str) -> None:
        if joined != kept and self.devices[n]("merge", joined, kept).code == 0:
            self.destructive = True

    @rule(n=replica)
    def undo(self, n: int) -> None:
        if self.devices[n]("undo").code == 0:
            self.destructive = True

    @rule(n=replica)
    def sync(self, n: int) -> None:
        self.devices[n].sync()

    @rule(frm=replica, to=replica, data=st.data())
    def deliver_some(self, frm: int, to: int, data: st.DataObject) -> None:
        """The file-sync engine copies some of one view's files to another, in any order."""
        if frm == to:
            return
        origin = self.devices[frm].folder
        files = sorted(str(p.relative_to(origin)) for p in origin.rglob("*") if p.is_file())
        if not files:
            return
        chosen = data.draw(st.sets(st.sampled_from(files), max_size=len(files)))
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
        assert pictures[0] == pictures[1] == pictures[2]
        present = {
            i.get("summary") for card in pictures[0][1].values() for i in card["interactions"] if i.get("summary")
        }
        if not self.destructive:
            assert self.logged <= present


class Machine(ThreeDevices):
    def teardown(self) -> None:
        try:
            self.teardown_check()
        finally:
            super().teardown()


TestThreeDevices = Machine.TestCase
TestThreeDevices.settings = settings(
    max_examples=12,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
