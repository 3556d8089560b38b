"""One `kith sync`: publish this journal's changes, take in every other device's, apply them as one change.

Under the journal's lock, in one transaction:

1. the publication the last sync committed but may not have written to the folder is written (a kill
   between that commit and the folder leaves it pending here, never lost and never made twice);
2. the records this journal changed since the last sync are compared with what the merge knew of them, and
   what differs becomes this device's next publication, stamped by the hybrid logical clock;
3. every other device's publications not yet taken in are joined into the merge state, in order per device
   (a snapshot when the changes it covers were compacted away, or when it is much shorter);
4. every record either side touched is put in the journal as the merge says it is now.

The records and the merge state are committed together (one change of kind `sync`, which `kith undo`
reverses); then the publication, this device's manifest and, now and then, a snapshot are written to the
shared folder, and the change files every device has seen and a snapshot covers are removed.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.errors import UserError
from journal.store import undo as records
from journal.store.changes import KEEP
from journal.store.index import bucket_name
from journal.store.jsonfile import SCHEMA_VERSION
from journal.sync import clock, merge
from journal.sync.folder import DEVICE, Damaged, Incomplete, Newer, SharedFolder, inside, pack, read
from journal.sync.merge import Entry
from journal.sync.state import MergeState

if TYPE_CHECKING:
    from journal.journal import Journal

SNAPSHOT_EVERY = 50  # publications between two snapshots of a device
BIG = 2000  # records in one publication beyond which it goes out as a snapshot only
SHORTCUT = 20  # changes of a device a snapshot must save to be read instead of them
LABEL = "kith sync"
ORDER = ("people", "events", "promises", "favors", "needs", "offers", "snoozes", "interactions")


@dataclass
class Report:
    """What one sync did: what was sent and received, and what could not be used."""

    device: str
    folder: str
    sent: list[dict[str, Any]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    changed: int = 0  # records this journal changed
    change: str | None = None  # the journal change that applied them
    problems: list[str] = field(default_factory=list)  # foreign, damaged or invalid: named and skipped
    waiting: list[str] = field(default_factory=list)  # still being copied, or needing a newer Kith

    def to_json(self) -> dict[str, Any]:
        """The report as `kith sync --json` prints it."""
        return dict(self.__dict__)


def check_folder(journal: Journal, folder: Path) -> None:
    """Refuse a shared folder that holds the journal's own files or lies among them (one line, exit 2)."""
    own = journal.files.folder
    if inside(folder, own) or inside(own, folder):
        raise UserError(
            f"{folder} holds the journal's own files ({own}); share a folder of its own, outside the journal's"
        )


def device_of(journal: Journal) -> str:
    """This journal's device id (made on first use)."""
    journal.files._make_folders()
    device = journal.files._device()
    if not DEVICE.match(device):
        raise UserError(
            f"the device id {device!r} in {journal.files.folder / 'device'} is not one Kith made; remove it"
        )
    return device


def sync(journal: Journal, folder: Path, *, wall: Callable[[], int] = clock.wall_millis) -> Report:
    """Exchange changes with every device sharing `folder`; what was done."""
    shared = SharedFolder(folder)
    check_folder(journal, folder)
    shared.prepare()
    me = device_of(journal)
    report = Report(device=me, folder=str(folder))
    files = journal.files
    with journal.writing(LABEL):
        state = MergeState(files)
        if state.head.get("device") not in (None, me):  # the journal's files were copied from another device
            state = MergeState(files, fresh=True)
        state.head["device"] = me
        _flush(shared, state, me)
        scan = shared.scan()
        report.problems += scan.problems
        mine = scan.devices.get(me)
        published = (mine.manifest or {}).get("published", 0) if mine else 0
        if isinstance(published, int) and published > state.head["published"]:
            raise UserError(
                f"another journal publishes in {folder} as this device ({me}): was the journal's folder copied? "
                f"remove {files.folder / 'device'} in one of the copies, then sync again"
            )
        outgoing, commands = _local_edits(journal, state, wall)
        touched = set(outgoing)
        outbox = None
        if outgoing:
            state.head["published"] += 1
            seq = state.head["published"]
            report.sent.append({"seq": seq, "records": len(outgoing), "commands": commands[-20:]})
            if len(outgoing) > BIG:
                outbox = f"snapshot:{seq}".encode()
            else:
                body = {
                    "kind": "kith-sync-change",
                    "device": me,
                    "seq": seq,
                    "schema": SCHEMA_VERSION,
                    "at": datetime.now().astimezone().isoformat(timespec="seconds"),
                    "commands": commands[-20:],
                    "ops": [{"k": key, **edit} for key, edit in sorted(outgoing.items())],
                }
                outbox = pack(body)
        for device in sorted(scan.devices):
            if device != me:
                touched |= _take_in(state, scan.devices[device], report)
        created = {key for key, edit in outgoing.items() if "*" in edit.get("s", {}) and "uid" in edit.get("v", {})}
        changed = _apply(files, state, touched, created)
        report.changed = sum(len(docs) for docs in changed.values())
        if changed:
            files.kind = "sync"
            files.summary = _summary(report, changed)
        taken = any(r for r in report.received)
        if outgoing or taken or changed or state.head["local"] < files.head():
            state.head["local"] = files.head() + 1  # this commit's sequence
            state.save(outbox)
    change = files.last_change
    report.change = change.id if change is not None else None
    _publish(shared, state, me, scan)
    return report


def _flush(shared: SharedFolder, state: MergeState, me: str) -> None:
    """Write the publication the last sync committed, if the folder does not have it whole."""
    outbox = state.outbox()
    if not outbox:
        return
    if outbox.startswith(b"snapshot:"):
        seq = int(outbox.split(b":")[1])
        manifest = _own_manifest(shared, me)
        if (manifest or {}).get("snapshot", 0) < seq:
            _write_snapshot(shared, state, me)
        return
    from journal.sync.folder import unpack

    seq = int(unpack(outbox)["seq"])
    path = shared.device_folder(me) / "changes" / f"{seq:09d}.json"
    try:
        whole = path.read_bytes() == outbox
    except OSError:
        whole = False
    manifest = _own_manifest(shared, me) or {}
    if not whole and manifest.get("snapshot", 0) < seq:
        shared.write(me, f"changes/{seq:09d}.json", outbox)


def _own_manifest(shared: SharedFolder, me: str) -> dict[str, Any] | None:
    try:
        return read(shared.device_folder(me) / "device.json")
    except (Incomplete, Damaged, Newer):
        return None


def _local_edits(journal: Journal, state: MergeState, wall: Callable[[], int]) -> tuple[dict[str, Entry], list[str]]:
    """What this journal changed since the last sync, as stamped entries joined into the merge state."""
    files = journal.files
    head, since = files.head(), int(state.head["local"])
    me = files._device()
    when: dict[str, tuple[int, int, int]] = {}  # when each record changed: time, then order of the change
    hints: dict[str, Any] = {}
    commands: list[str] = []
    full = state.fresh or since > head or head - since > KEEP - 10
    if not full:
        for change in _changes_after(files, since, head):
            if change.kind == "sync":
                continue
            commands.append(f"{change.command}: {change.summary}"[:300])
            for n, op in enumerate(change.ops):
                key = f"{op.table}/{op.uid}"
                if op.table in merge.KINDS and key not in when:
                    when[key] = (clock.millis_of(change.at), change.seq, n)
                    hints[key] = op.after or op.before
        commands.reverse()
        now = _current(files, when, hints)
    else:
        now = {f"{t}/{d['uid']}": d for t in merge.KINDS for d in records.records(files, t) if _uid(d)}
        at = wall()
        when = {key: (at, 0, n) for n, key in enumerate(now)}  # in the order the journal stores them
        when.update({key: (at, 1, 0) for key, _ in state.items() if key not in when})
        commands = ["everything this journal held when it first synced"] if now else []
    outgoing: dict[str, Entry] = {}
    for key in sorted(when, key=lambda k: (when[k], k)):  # later changes get later stamps
        table = key.split("/", 1)[0]
        doc = now.get(key)
        stamp = clock.tick(state.head["clock"], when[key][0], me)
        edit = merge.local_edit(table, state.entry(key), _plain(doc), stamp)
        if edit is None:
            continue
        state.observe(stamp)
        outgoing[key] = edit
        merge.join(state.joining(key), edit)
    return outgoing, commands


def _changes_after(files: Any, since: int, head: int) -> list[Any]:
    """The changes of this journal after commit `since`, newest first (older change files are not read: a
    sync's own can hold a whole journal)."""
    found = []
    for seq in reversed(files.log.sequences(head)):
        if seq <= since:
            break
        change = files.log.read(seq)
        if change is not None:
            found.append(change)
    return found


def _uid(doc: dict[str, Any]) -> bool:
    return isinstance(doc.get("uid"), str) and 0 < len(doc["uid"]) <= 64 and "/" not in doc["uid"]


def _plain(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored document without what only this journal keeps (its revision)."""
    return None if doc is None else {k: v for k, v in doc.items() if k not in merge.LOCAL_ONLY}


def _current(files: Any, keys: Iterable[str], hints: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The stored documents of these records now (absent: not there)."""
    by_table: dict[str, set[str]] = {}
    for key in keys:
        table, uid = key.split("/", 1)
        by_table.setdefault(table, set()).add(uid)
    found: dict[str, dict[str, Any]] = {}
    for table, uids in by_table.items():
        if table == "interactions" and len(uids) <= 50:
            for uid in uids:
                doc = records.get(files, table, uid, hint=hints.get(f"{table}/{uid}"))
                if doc is not None:
                    found[f"{table}/{uid}"] = doc
            continue
        for doc in records.records(files, table):
            if doc.get("uid") in uids:
                found[f"{table}/{doc['uid']}"] = doc
    return found


def _take_in(state: MergeState, device: Any, report: Report) -> set[str]:
    """Join one device's publications not yet taken in, in order; the records they touched."""
    touched: set[str] = set()
    name = device.device
    while True:
        following = state.seen(name) + 1
        snapshot_covers = _snapshot_covers(device)
        path = device.changes.get(following)
        if (
            device.snapshot is not None
            and snapshot_covers >= following
            and (path is None or snapshot_covers - following >= SHORTCUT)
        ):
            before = state.seen(name)
            touched |= _take_snapshot(state, device, report)
            if state.seen(name) > before:
                continue
        if path is None:
            if max(device.changes, default=0) > following:
                report.waiting.append(f"device {name}: change {following} has not arrived yet")
            return touched
        try:
            body = read(path)
        except Incomplete:
            report.waiting.append(f"{path}: still being copied; taken in at a later sync")
            return touched
        except Newer as exc:
            report.waiting.append(f"{path}: {exc}; upgrade Kith to take it in")
            return touched
        except Damaged as exc:
            report.problems.append(f"{path}: {exc}; skipped")
            return touched
        problem, newer = _check_change(body, name, following)
        if newer:
            report.waiting.append(f"{path}: {newer}; kept until Kith is upgraded")
            return touched
        if problem is None:
            problem = _trial(state, body["ops"])
        state.head["seen"][name] = following
        if problem:
            report.problems.append(f"{path}: {problem}; skipped")
            continue
        for op in body["ops"]:
            touched.add(_join(state, op["k"], op))
        report.received.append({"device": name, "seq": following, "records": len(body["ops"])})
        commands = body.get("commands")
        if isinstance(commands, list):
            report.received[-1]["commands"] = [str(c)[:300] for c in commands[:20]]


def _snapshot_covers(device: Any) -> int:
    covers = (device.manifest or {}).get("snapshot", 0)
    return covers if isinstance(covers, int) else 0


def _check_change(body: dict[str, Any], device: str, seq: int) -> tuple[str | None, str | None]:
    """What is wrong with a publication (skipped), or why it needs a newer Kith (kept)."""
    if body.get("kind") != "kith-sync-change" or body.get("device") != device or body.get("seq") != seq:
        return "not this device's change of that number", None
    schema = body.get("schema")
    if not isinstance(schema, int):
        return "it has no schema version", None
    if schema > SCHEMA_VERSION:
        return None, f"written by a newer Kith (journal schema {schema})"
    ops = body.get("ops")
    if not isinstance(ops, list):
        return "it holds no changes", None
    for op in ops:
        key = op.get("k") if isinstance(op, dict) else None
        if not isinstance(key, str) or "/" not in key or not merge.well_formed(op):
            return "a change in it is damaged", None
        table = key.split("/", 1)[0]
        unknown = merge.unknown_fields(table, op)
        if unknown:
            return None, f"written by a newer Kith (it knows {', '.join(unknown[:3])})"
    return None, None


def _trial(state: MergeState, ops: list[Entry]) -> str | None:
    """What a record would fail of the model's rules if these changes were joined, or None."""
    for op in ops:
        table, uid = op["k"].split("/", 1)
        entry = copy.deepcopy(state.entry(op["k"]) or {})
        merge.join(entry, op)
        doc = merge.document(table, entry)
        if doc is not None:
            if doc.get("uid") != uid:
                return f"{table} {uid[:8]} does not carry its own uid"
            problem = merge.check(table, doc)
            if problem:
                return f"{table} {uid[:8]}: {problem}"
    return None


def _join(state: MergeState, key: str, other: Entry, *, observe: bool = True) -> str:
    entry = state.joining(key)
    merge.join(entry, other)  # `other` may carry its key ("k"): join takes only what an entry holds
    if observe:
        state.observe(merge.latest(entry))
        if entry.get("d"):
            state.observe(str(entry["d"]))
    return key


def _take_snapshot(state: MergeState, device: Any, report: Report) -> set[str]:
    """Join a device's snapshot: every record as it had merged them, and what it had seen."""
    path = device.snapshot
    try:
        body = read(path)
    except Incomplete:
        report.waiting.append(f"{path}: still being copied; taken in at a later sync")
        return set()
    except Newer as exc:
        report.waiting.append(f"{path}: {exc}; upgrade Kith to take it in")
        return set()
    except Damaged as exc:
        report.problems.append(f"{path}: {exc}; skipped")
        return set()
    covers, entries = body.get("covers"), body.get("entries")
    if body.get("kind") != "kith-sync-snapshot" or body.get("device") != device.device:
        report.problems.append(f"{path}: not this device's snapshot; skipped")
        return set()
    if not isinstance(covers, dict) or not isinstance(entries, dict) or not isinstance(body.get("schema"), int):
        report.problems.append(f"{path}: damaged; skipped")
        return set()
    if body["schema"] > SCHEMA_VERSION:
        report.waiting.append(f"{path}: written by a newer Kith; kept until Kith is upgraded")
        return set()
    if covers.get(device.device, 0) < state.seen(device.device) + 1:
        return set()  # older than what was taken in already (the manifest ran ahead of the file)
    touched: set[str] = set()
    skipped = 0
    for key, entry in entries.items():
        table = key.split("/", 1)[0]
        if not merge.well_formed(entry) or table not in merge.KINDS or merge.unknown_fields(table, entry):
            skipped += 1
            continue
        touched.add(_join(state, key, entry, observe=False))
    if clock.valid(body.get("clock")):
        state.observe(body["clock"])  # the latest stamp the snapshot's device had seen: none of its entries is later
    if skipped:
        report.problems.append(f"{path}: {skipped} records damaged or from a newer Kith; skipped")
    for name, seq in covers.items():
        if isinstance(name, str) and isinstance(seq, int) and name != state.head.get("device"):
            state.head["seen"][name] = max(state.seen(name), seq)
    report.received.append({"device": device.device, "snapshot": covers.get(device.device), "records": len(touched)})
    return touched


def _apply(
    files: Any, state: MergeState, touched: set[str], created: set[str]
) -> dict[str, dict[str, dict[str, Any] | None]]:
    """Put every touched record as the merge says it is, where it differs; what was put, by table. Files
    that gained a record (here or from elsewhere) are put in the order records were first made, so that every
    device lists them alike."""
    entries = {key: state.entry(key) for key in touched}
    wanted: dict[str, dict[str, Any] | None] = {}
    for key, entry in entries.items():
        wanted[key] = merge.document(key.split("/", 1)[0], entry)
    now = _current(files, touched, {k: v for k, v in wanted.items() if v})
    changed: dict[str, dict[str, dict[str, Any] | None]] = {}
    for key, doc in wanted.items():
        if _plain(now.get(key)) == doc:
            continue
        table, uid = key.split("/", 1)
        changed.setdefault(table, {})[uid] = doc
    checked: dict[tuple[str, str], Any] = {}  # the interactions put, by bucket and uid, as the model built them
    for table, puts in changed.items():
        present = [uid for uid, doc in puts.items() if doc is not None]
        fit, damaged = merge.check_all(table, [puts[uid] for uid in present])  # type: ignore[misc]
        for n, _ in damaged:
            del puts[present[n]]  # joined from two sides, it no longer fits the model: left as it is here
        if table == "interactions":
            checked = {(bucket_name(r.people[0]), r.uid): r for r in fit if r.people}  # where put_many puts it
    made: dict[str, dict[str, tuple[str, str]]] = {}  # by table and uid: when each record was first made
    for key, entry in entries.items():
        table, uid = key.split("/", 1)
        made.setdefault(table, {})[uid] = (merge.stamp_of(entry, "uid") if entry else "", uid)
    for table in sorted(changed, key=lambda t: ORDER.index(t) if t in ORDER else len(ORDER)):
        hints = {uid: now.get(f"{table}/{uid}") for uid in changed[table]}
        ordered = sorted(changed[table].items(), key=lambda item, t=made[table]: t[item[0]])  # type: ignore[misc]
        records.put_many(files, table, dict(ordered), hints=hints)
    files.index.vouch(checked)  # the contact facts the commit rebuilds take them as checked here
    near: dict[str, list[dict[str, Any]]] = {}
    for key, doc in wanted.items():
        moved = key.startswith("interactions/")  # a merge moves interactions between buckets
        if doc is not None and (key in created or key not in now or moved):
            near.setdefault(key.split("/", 1)[0], []).append(doc)
    for table, docs in near.items():

        def made_at(
            doc: dict[str, Any], table: str = table, known: dict[str, tuple[str, str]] = made[table]
        ) -> tuple[str, str]:
            uid = str(doc.get("uid"))
            found = known.get(uid)
            if found is None:
                entry = state.entry(f"{table}/{uid}")
                found = (merge.stamp_of(entry, "uid") if entry else "", uid)
            return found

        records.reorder(files, table, docs, made_at)
    return changed


def _summary(report: Report, changed: dict[str, dict[str, Any]]) -> str:
    devices = sorted({r["device"] for r in report.received})
    counts = ", ".join(f"{len(docs)} {table}" for table, docs in sorted(changed.items()))
    source = f" from {', '.join(devices)}" if devices else ""
    commands = [c for r in report.received for c in r.get("commands", [])]
    told = f" ({'; '.join(commands[:3])}{'…' if len(commands) > 3 else ''})" if commands else ""
    return f"sync{source}: {counts}{told}"[:500]


def _publish(shared: SharedFolder, state: MergeState, me: str, scan: Any) -> None:
    """After the commit: write the publication, a snapshot when one is due, the manifest; compact."""
    _flush(shared, state, me)
    manifest = _own_manifest(shared, me) or {}
    covered = manifest.get("snapshot", 0) if isinstance(manifest.get("snapshot"), int) else 0
    published = state.head["published"]
    present = set((scan.devices.get(me).changes if scan.devices.get(me) else {}).keys())
    present |= {seq for seq in range(covered + 1, published + 1) if _own_change(shared, me, seq).exists()}
    missing = any(seq not in present for seq in range(covered + 1, published + 1))
    if published - covered >= SNAPSHOT_EVERY or (missing and published):
        covered = _write_snapshot(shared, state, me)
    body = {
        "kind": "kith-sync-device",
        "device": me,
        "published": published,
        "seen": dict(state.head["seen"]),
        "snapshot": covered,
        "synced": datetime.now().astimezone().isoformat(timespec="seconds"),
        "schema": SCHEMA_VERSION,
    }
    shared.write(me, "device.json", pack(body))
    everyone = [d.manifest for name, d in scan.devices.items() if name != me and d.manifest]
    seen_by_all = min((m.get("seen", {}).get(me, 0) for m in everyone), default=0)
    for seq in sorted(present):
        if seq <= min(covered, seen_by_all):
            with contextlib.suppress(OSError):
                _own_change(shared, me, seq).unlink()


def _own_change(shared: SharedFolder, me: str, seq: int) -> Path:
    return shared.device_folder(me) / "changes" / f"{seq:09d}.json"


def _write_snapshot(shared: SharedFolder, state: MergeState, me: str) -> int:
    """Write this device's snapshot of the merge state; the publication it covers."""
    covers = {**state.head["seen"], me: state.head["published"]}
    body = {
        "kind": "kith-sync-snapshot",
        "device": me,
        "schema": SCHEMA_VERSION,
        "covers": covers,
        "clock": state.head["clock"],
        "entries": dict(state.items()),
    }
    shared.write(me, "snapshot.json", pack(body, compress=True))
    return int(state.head["published"])


def status(journal: Journal, folder: Path) -> dict[str, Any]:
    """The devices sharing `folder`, when each last synced, and what is pending on each side."""
    shared = SharedFolder(folder)
    check_folder(journal, folder)
    files = journal.files
    state = MergeState(files)
    me = files._device() if files.folder.is_dir() else None
    scan = shared.scan()
    devices = []
    for name, device in sorted(scan.devices.items()):
        manifest = device.manifest or {}
        published = manifest.get("published", max(device.changes, default=0))
        seen = state.seen(name) if name != me else state.head["published"]
        devices.append(
            {
                "device": name,
                "this": name == me,
                "synced": manifest.get("synced"),
                "published": published,
                "to_take_in": max(0, (published if isinstance(published, int) else 0) - seen) if name != me else 0,
            }
        )
    head, since = files.head(), int(state.head["local"])
    unsent = [c for c in _changes_after(files, since, head) if c.kind != "sync"]
    return {
        "folder": str(folder),
        "device": me,
        "devices": devices,
        "unsent_changes": len(unsent) if not state.fresh else len(files.log.sequences(head)),
        "problems": scan.problems,
    }
