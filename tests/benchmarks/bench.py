"""Kith's benchmark: whole-process timings at 1k / 10k / 30k people, beside jrnl, khard and taskwarrior.

Run from the repository root (not part of the test suite):

    python tests/benchmarks/bench.py                 # all sizes, peers included
    python tests/benchmarks/bench.py --sizes 1000 --no-peers

It prints a markdown table and writes it to docs/benchmarks.md with the machine it ran on.
Every figure is the median of several runs of a fresh process, so the ratios between rows of
one run mean more than any absolute number on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 24)
PY = sys.executable


def timed(cmd: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time in seconds of `cmd` as a fresh process."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
            proc.wait()
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                err.seek(0)
                raise SystemExit(f"{' '.join(cmd)} failed: {err.read().decode()[:300]}")
    return statistics.median(times)


# A process's peak RSS as Linux counts it includes its parent's at the moment it was started (the high-water
# mark survives fork and exec), and this script grows to hundreds of MB: a child of a 300 MB parent reads
# 318 MB where its own peak is 9. So a command is measured as the only child of a small Python process.
PEAK = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed_peak(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """One run of `cmd`: its wall time in seconds and its own peak RSS in KB."""
    out = subprocess.run([PY, "-c", PEAK, *cmd], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {out.stderr[-300:]}")
    seconds, peak = out.stdout.split()
    return float(seconds), int(peak)


TUI_PROBE = """
import sys, time, asyncio
start = float(sys.argv[2])
from datetime import date
from journal.journal import Journal
from screens.app import make_app
from screens.today import TodayScreen

async def main():
    day = date.fromisoformat(sys.argv[3])
    journal = Journal.open(sys.argv[1], clock=lambda: day)
    app = make_app(journal, lambda: day)
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, TodayScreen) and app.screen.found):
            await asyncio.sleep(0.002)
        await pilot.pause()
        painted = time.time() - start
        await pilot.press("p")
        from screens.people import PeopleScreen  # imported by the key, as the app does: not before the paint
        while any(w.state.name in ("PENDING", "RUNNING") for w in app.workers):  # a cancelled one is done too
            await asyncio.sleep(0.002)
        await pilot.pause()
        handled = []
        original = PeopleScreen.on_people_screen_filtered
        def timed_update(self, message):
            original(self, message)
            handled.append(time.perf_counter())
        PeopleScreen.on_people_screen_filtered = timed_update
        latencies = []
        for key in "ana lo":
            before = len(handled)
            pressed = time.perf_counter()
            await pilot.press(key)
            while len(handled) == before:
                await asyncio.sleep(0.001)
            latencies.append(handled[-1] - pressed)
        with open("/proc/self/status") as status:  # this process's own peak (ru_maxrss counts its parent's too)
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        print(painted, sorted(latencies)[len(latencies) // 2], peak)

asyncio.run(main())
"""


def measure_tui(db: Path, env: dict[str, str], runs: int) -> tuple[float, float, int]:
    """Median start-to-Today-painted, median keystroke-to-updated-list in People, and peak RSS (KB)."""
    paints, keys, peak = [], [], 0
    for _ in range(runs):
        out = subprocess.run(
            [PY, "-c", TUI_PROBE, str(db), str(time.time()), TODAY.isoformat()],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if out.returncode != 0:
            raise SystemExit(f"TUI probe failed: {out.stderr[-500:]}")
        painted, key, rss = out.stdout.split()
        paints.append(float(painted))
        keys.append(float(key))
        peak = max(peak, int(rss))
    return statistics.median(paints), statistics.median(keys), peak


INSIGHTS_PROBE = """
import asyncio, sys, time
from datetime import date
from journal.journal import Journal
from screens.app import make_app
from screens.insights import InsightsScreen
from screens.today import TodayScreen

async def main():
    day = date.fromisoformat(sys.argv[2])
    journal = Journal.open(sys.argv[1], clock=lambda: day)
    app = make_app(journal, lambda: day)
    async with app.run_test(size=(200, 60)) as pilot:
        while not (isinstance(app.screen, TodayScreen) and app.screen.found):
            await asyncio.sleep(0.002)
        await pilot.pause()
        pressed = time.perf_counter()
        await pilot.press("I")
        while not (isinstance(app.screen, InsightsScreen) and app.screen.query("BarChart")):
            await asyncio.sleep(0.002)
        await pilot.pause()
        print(time.perf_counter() - pressed)

asyncio.run(main())
"""


def measure_insights(db: Path, env: dict[str, str], runs: int) -> float:
    """Median time from `shift+i` on Today to the Insights charts drawn (200x60, headless)."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [PY, "-c", INSIGHTS_PROBE, str(db), TODAY.isoformat()], env=env, capture_output=True, text=True, timeout=120
        )
        if out.returncode != 0:
            raise SystemExit(f"Insights probe failed: {out.stderr[-500:]}")
        times.append(float(out.stdout.split()[-1]))
    return statistics.median(times)


TEXTUAL_PROBE = """
import sys, time, asyncio
start = float(sys.argv[1])
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

async def main():
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(time.time() - start)

asyncio.run(main())
"""


def measure_textual(runs: int) -> float:
    """Median start-to-painted of a bare Textual app (a header, a line, a footer), measured as `measure_tui`
    measures Today: the floor under Kith's TUI paint on this machine, in this run."""
    times = []
    for _ in range(runs):
        out = subprocess.run([PY, "-c", TEXTUAL_PROBE, str(time.time())], capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise SystemExit(f"Textual probe failed: {out.stderr[-500:]}")
        times.append(float(out.stdout.split()[-1]))
    return statistics.median(times)


def linkedin_csv(path: Path, rows: int) -> None:
    """A LinkedIn Connections.csv of `rows` invented people, with the export's preamble."""
    lines = [
        "\ufeffNotes:",
        '"When exporting your connection data, you may notice that some of the email addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for n in range(rows):
        lines.append(
            f'Pat{n},Müller{n},https://www.linkedin.com/in/pat-{n},,"Acme, Inc. {n % 97}",Engineer,'
            f"{(date(2024, 1, 1) + timedelta(days=n % 700)):%d %b %Y}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_kith(size: int, work: Path, runs: int) -> dict[str, float | int | str]:
    """Every Kith figure at `size` people with 10 interactions each."""
    db = work / f"kith{size}" / "journal.json"
    env = {**os.environ, "KITH_DB": str(db), "KITH_TODAY": TODAY.isoformat(), "KITH_CONFIG": str(work / "none.toml")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [PY, "-m", "journal.synth", "--people", str(size), "--interactions", str(size * 10),
         "--today", TODAY.isoformat(), "--out", str(db)],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    kith = [PY, "-m", "journal"]
    people = subprocess.run([*kith, "people", "--json"], env=env, capture_output=True, text=True, check=True)
    import json

    uid = json.loads(people.stdout)[size // 2]["uid"]
    subprocess.run([*kith, "log", uid, "-m", "warm-up: takes the backup"], env=env, check=True, capture_output=True)
    row: dict[str, float | int | str] = {"people": size, "interactions": size * 10}
    row["due"] = timed([*kith, "due"], env, runs)
    row["show"] = timed([*kith, "show", uid], env, runs)
    row["people Q"] = timed([*kith, "people", "zalando"], env, runs)
    row["log"] = timed([*kith, "log", uid, "-m", "benchmark"], env, runs)
    row.update(after_a_write(kith, env, uid, runs))
    if _has_command(env, "export"):
        row["export csv"] = timed([*kith, "export", "csv"], env, max(1, runs // 2))
    if _has_command(env, "import") and size == 10_000:
        csv = work / "Connections.csv"
        linkedin_csv(csv, 10_000)
        empty = work / "import" / "journal.json"
        row["import 10k LinkedIn"] = timed([*kith, "--db", str(empty), "import", str(csv)], env, 1)
        big = work / "Connections-400k.csv"
        linkedin_csv(big, 400_000)
        fresh = work / "import-400k" / "journal.json"
        row["import 400k LinkedIn"], rss_big = timed_peak([*kith, "--db", str(fresh), "import", str(big)], env)
        row["import 400k RSS MB"] = round(rss_big / 1024)
    if _has_command(env, "stats"):
        row["stats"] = timed([*kith, "stats"], env, runs)
        row["complete names"] = timed([*kith, "__complete", "fish", "--", "show", "Ana"], env, runs)
    row["TUI paint"], row["TUI key"], row["TUI RSS MB"] = measure_tui(db, env, max(1, runs // 2))
    if _has_command(env, "stats"):
        row["Insights paint"] = measure_insights(db, env, max(1, runs // 2))
    # sync last: a journal joined to a folder syncs in the TUI, and the TUI probes would wait for it
    if _has_command(env, "sync"):
        row.update(bench_sync(kith, env, work / f"share{size}", uid))
    row["TUI RSS MB"] = round(int(row["TUI RSS MB"]) / 1024)
    row["CLI RSS MB"] = round(timed_peak([*kith, "due"], env)[1] / 1024)
    return row


def bench_sync(kith: list[str], env: dict[str, str], share: Path, uid: str) -> dict[str, float]:
    """`kith sync`: the first one (publishes the whole journal), a new device receiving it all, and a sync
    that sends one `log`."""
    found: dict[str, float] = {}
    found["sync first"] = timed([*kith, "sync", str(share)], env, 1)
    device = share.with_name(share.name + "-device") / "journal.json"
    found["sync new device"] = timed([*kith, "--db", str(device), "sync", str(share)], env, 1)
    _output([*kith, "log", uid, "-m", "before sync"], env)
    found["sync after log"] = timed([*kith, "sync"], env, 1)
    return found


def after_a_write(kith: list[str], env: dict[str, str], uid: str, runs: int) -> dict[str, float]:
    """`jot` and `done`, and the first `due`, `people Q` and `show` after a `log` (each brings its kept
    answer up to date from the change log), as a day of use interleaves them."""
    found: dict[str, list[float]] = {"jot": [], "done": [], "due after log": [], "people Q after log": []}
    found["show after log"] = []
    import json

    keys = [r["key"] for r in json.loads(_output([*kith, "due", "--json"], env)) if r["kind"] in ("promise", "nudge")]
    for n in range(runs):
        line = f"Visitor {n} of the benchmark, CTO at Acme; I owe: the slides"
        found["jot"].append(timed([*kith, "jot", "--at", "Benchmark meetup", "--new", line], env, 1))
        if n < len(keys):
            found["done"].append(timed([*kith, "done", keys[n]], env, 1))
        for name, command in (("due", ["due"]), ("people Q", ["people", "zalando"]), ("show", ["show", uid])):
            _output([*kith, "log", uid, "-m", f"before {name} {n}"], env)
            found[f"{name} after log"].append(timed([*kith, *command], env, 1))
    return {name: statistics.median(times) for name, times in found.items() if times}


def _output(command: list[str], env: dict[str, str]) -> str:
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def _has_command(env: dict[str, str], name: str) -> bool:
    out = subprocess.run([PY, "-m", "journal", "--help"], env=env, capture_output=True, text=True)
    return f" {name} " in out.stdout or f"{{{name}," in out.stdout or f",{name}," in out.stdout


def bench_peers(work: Path, records: int, runs: int) -> dict[str, float]:
    """jrnl -n 10, khard list and task next over `records` entries, in a throw-away environment."""
    venv = work / "peers"
    subprocess.run([PY, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", "jrnl", "khard"], check=True, capture_output=True)
    home = work / "home"
    (home / ".config" / "jrnl").mkdir(parents=True)
    journal_txt = home / "journal.txt"
    start = datetime(2020, 1, 1, 9, 0)
    with journal_txt.open("w") as out:
        for n in range(records):
            when = start + timedelta(hours=n * 5)
            out.write(f"[{when:%Y-%m-%d %H:%M}] Met person {n} at a meetup.\nTalked about pricing and APIs.\n\n")
    (home / ".config" / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\n"
        f"journals: {{default: {{journal: {journal_txt}}}}}\nlinewrap: 79\ntagsymbols: '#@'\n"
        "template: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.2\n"
    )
    cards = home / "contacts"
    cards.mkdir()
    for n in range(records):
        (cards / f"{n}.vcf").write_text(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:peer-{n}\r\nFN:Person {n}\r\nN:{n};Person;;;\r\n"
            f"EMAIL:person{n}@example.com\r\nORG:Acme\r\nEND:VCARD\r\n"
        )
    (home / ".config" / "khard").mkdir(parents=True)
    (home / ".config" / "khard" / "khard.conf").write_text(
        f"[addressbooks]\n[[main]]\npath = {cards}\n\n[general]\ndebug = no\ndefault_action = list\n"
        "editor = true\nmerge_editor = true\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    found = {
        "jrnl -n 10": timed([str(venv / "bin" / "jrnl"), "-n", "10"], env, runs),
        "khard list": timed([str(venv / "bin" / "khard"), "list"], env, 1),
    }
    if shutil.which("task"):
        taskrc = home / ".taskrc"
        taskrc.write_text(f"data.location={home / 'task'}\nconfirmation=off\nverbose=nothing\n")
        tasks = "\n".join(
            f'{{"description":"follow up with person {n}","status":"pending","entry":"20260101T000000Z"}}'
            for n in range(records)
        )
        task_env = {**env, "TASKRC": str(taskrc)}
        subprocess.run(["task", "import"], input=tasks, env=task_env, text=True, capture_output=True, check=True)
        found["task next"] = timed(["task", "next"], task_env, runs)
        found["task add"] = timed(["task", "add", "call the benchmark back"], task_env, runs)
    found[TEXTUAL] = measure_textual(max(1, runs // 2))
    return found


TEXTUAL = "Textual alone paint"  # not a peer of `kith due`: the floor of `TUI paint`


def machine() -> str:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"
    )


def table(rows: list[dict[str, float | int | str]]) -> str:
    """The rows as a markdown table, times in milliseconds."""
    columns = list(dict.fromkeys(k for row in rows for k in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = []
        for col in columns:
            value = row.get(col, "")
            is_time = isinstance(value, float) and "RSS" not in col
            cells.append(f"{value * 1000:.0f} ms" if is_time else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# measure: (must, aim) at 10,000 people / 100,000 interactions (issue 8); seconds, or MB for RSS
TARGETS = {
    "due": (0.25, 0.15),
    "show": (0.25, 0.15),
    "people Q": (0.25, 0.15),
    "log": (0.30, 0.20),
    "TUI paint": (1.0, 0.6),
    "TUI key": (0.05, 0.02),
    "stats": (1.0, 0.5),
    "complete names": (0.25, 0.15),
    "Insights paint": (1.0, 0.6),
    "import 10k LinkedIn": (5.0, 2.0),
    "import 400k RSS MB": (300, 300),
    "TUI RSS MB": (300, 150),
    "sync new device": (10.0, 5.0),
}


def verdicts(rows: list[dict[str, float | int | str]]) -> list[str]:
    """The 10k row against the targets: met the aim, met the must, or missed."""
    row = next((r for r in rows if r["people"] == 10_000), None)
    if row is None:
        return []
    lines = ["| at 10,000 people | must | aim | measured | |", "|---|---|---|---|---|"]
    for name, (must, aim) in TARGETS.items():
        if name not in row:
            continue
        value = float(row[name])
        verdict = "aim met" if value <= aim else "must met" if value <= must else "MISSED"
        shown = (lambda v: f"{v:.0f} MB") if "RSS" in name else (lambda v: f"{v * 1000:.0f} ms")
        lines.append(f"| {name} | ≤ {shown(must)} | ≤ {shown(aim)} | {shown(value)} | {verdict} |")
    return lines


EVERYDAY = ("due", "show", "people Q", "log", "jot", "done", "due after log", "people Q after log", "show after log")


def goals(rows: list[dict[str, float | int | str]], peers: dict[str, float]) -> list[str]:
    """The daily-driver goals: at 10k people `due`, `show` and `people Q` no slower than `task next` and `log`
    within 3x `task add` (same run), the first TUI paint within 0.4 s and a keystroke within 20 ms; at 30k
    every everyday command within 250 ms, the paint within 0.8 s and the TUI within 250 MB; and no row
    growing faster than the journal from 1k to 30k people."""
    by_size = {int(r["people"]): r for r in rows}
    checks: list[tuple[str, str, float, float, str]] = []  # (where, what, measured, limit, unit)
    if (ten := by_size.get(10_000)) is not None:
        if "task next" in peers:
            checks += [("10k", f"{name} ≤ task next", float(ten[name]), peers["task next"], "ms")
                       for name in ("due", "show", "people Q") if name in ten]  # fmt: skip
        if "task add" in peers and "log" in ten:
            checks.append(("10k", "log ≤ 3 × task add", float(ten["log"]), 3 * peers["task add"], "ms"))
        checks += [("10k", f"{name} ≤ {limit * 1000:.0f} ms", float(ten[name]), limit, "ms")
                   for name, limit in (("TUI paint", 0.4), ("TUI key", 0.02)) if name in ten]  # fmt: skip
    if (big := by_size.get(30_000)) is not None:
        checks += [("30k", f"{name} ≤ 250 ms", float(big[name]), 0.25, "ms") for name in EVERYDAY if name in big]
        if "TUI paint" in big:
            checks.append(("30k", "TUI paint ≤ 800 ms", float(big["TUI paint"]), 0.8, "ms"))
        if "TUI RSS MB" in big:
            checks.append(("30k", "TUI RSS ≤ 250 MB", float(big["TUI RSS MB"]), 250, "MB"))
    if (small := by_size.get(1_000)) is not None and big is not None:
        for name in ("due", "show", "people Q", "log", "export csv", "TUI paint", *EVERYDAY[4:]):
            if name in small and name in big:
                growth = float(big[name]) / float(small[name])
                checks.append(("1k→30k", f"{name} grows ≤ 30×", growth, 30, "×"))
    lines = ["| at | goal | measured | limit | |", "|---|---|---|---|---|"]
    for where, what, value, limit, unit in checks:
        verdict = "met" if value <= limit else "MISSED"
        lines.append(f"| {where} | {what} | {_in(value, unit)} | {_in(limit, unit)} | {verdict} |")
    if TEXTUAL in peers and checks:
        lines += ["", f"A bare Textual app (a header, a line, a footer) drawn as the TUI probe draws Today took "
                      f"{_in(peers[TEXTUAL], 'ms')} in this run: the floor under `TUI paint`."]  # fmt: skip
    return lines if checks else []


def _in(value: float, unit: str) -> str:
    return f"{value * 1000:.0f} ms" if unit == "ms" else f"{value:.1f} {unit}"


def ratios(rows: list[dict[str, float | int | str]], peers: dict[str, float]) -> list[str]:
    """Each peer's time over `kith due`, at equal record counts (the Kith journal whose people plus
    interactions is nearest the peers' 10,000 entries) and at 10,000 people with 100,000 interactions."""
    lines = []
    nearest = min(rows, key=lambda r: abs(int(r["people"]) + int(r["interactions"]) - 10_000))
    ten_k = next((r for r in rows if r["people"] == 10_000), None)
    for label, row in (("equal record counts", nearest), ("10,000 people", ten_k)):
        if row is None:
            continue
        records = int(row["people"]) + int(row["interactions"])
        due = float(row["due"])
        found = ", ".join(f"{name} takes {seconds / due:.1f}× as long" for name, seconds in peers.items()
                          if name != TEXTUAL)  # fmt: skip
        lines.append(f"- At {label} (Kith: {records:,} records, `kith due` {due * 1000:.0f} ms): {found}.")
    return lines


def main() -> int:
    """Run the benchmark and write docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 30_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kith-bench-") as tmp:
        work = Path(tmp)
        rows = []
        for size in args.sizes:
            print(f"measuring Kith at {size} people…", file=sys.stderr)
            rows.append(bench_kith(size, work, args.runs))
        peers = {} if args.no_peers else bench_peers(work, 10_000, args.runs)
    report = [
        "# Kith benchmarks",
        "",
        f"Measured {datetime.now():%Y-%m-%d} on {machine()} by `python tests/benchmarks/bench.py`.",
        "Whole processes, median of several runs; the day's first write (its backup) is not in `log`.",
        "`TUI paint` is process start to the first Today screen drawn (headless); `TUI key` is one keystroke",
        "in the People filter to the updated list; `Insights paint` is `shift+i` on Today to the charts drawn;",
        "`complete names` is one TAB's call of the completion helper for people's names. An RSS is the",
        "process's own peak (`CLI RSS` of `due`; runs before 2026-12-01 counted this script's memory in as well).",
        "",
        table(rows),
        "",
        *verdicts(rows),
    ]
    if peers:
        report += ["", "Peers at 10,000 records, in the same run:", "", table([{"": "time", **peers}])]
        report += ["", *ratios(rows, peers)]
    if found := goals(rows, peers):
        report += ["", "The daily-driver goals (issue 16), in the same run:", "", *found]
    text = "\n".join(report) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
