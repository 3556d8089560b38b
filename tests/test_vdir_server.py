"""End to end, as a user runs it: two journals' vdirs synchronised by vdirsyncer with a real Radicale server
on localhost; a task ticked and a contact edited through the server (plain HTTP, as a phone's CalDAV and
CardDAV client would) come back into the right journal after the next `vdirsyncer sync` and `kith vdir`."""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from base64 import b64encode
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.cli import main
from journal.journal import Journal
from tests.conftest import TODAY

pytestmark = pytest.mark.slow

_MISSING = [m for m in ("radicale", "vdirsyncer") if importlib.util.find_spec(m) is None]
if _MISSING:
    pytest.skip(f"{' and '.join(_MISSING)} not installed (pip install -e '.[test]')", allow_module_level=True)

_ADDRESS_BOOK = (
    '<?xml version="1.0"?><mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><set><prop>'
    "<resourcetype><collection/><C:addressbook/></resourcetype><displayname>Kith</displayname></prop></set></mkcol>"
)
_TASK_LIST = (
    '<?xml version="1.0"?><C:mkcalendar xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><set><prop>'
    '<displayname>Kith</displayname><C:supported-calendar-component-set><C:comp name="VTODO"/>'
    "</C:supported-calendar-component-set></prop></set></C:mkcalendar>"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A Radicale server on localhost, any user and password accepted; its address."""
    port = _free_port()
    config = tmp_path / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'radicale'}\n[rights]\ntype = owner_only\n"
    )
    log = (tmp_path / "radicale.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"Radicale did not start: {(tmp_path / 'radicale.log').read_text()[-500:]}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _http(method: str, url: str, user: str, body: bytes | None = None, kind: str = "application/xml") -> bytes:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", "Basic " + b64encode(f"{user}:secret".encode()).decode())
    if body is not None:
        request.add_header("Content-Type", kind)
    if method == "PROPFIND":
        request.add_header("Depth", "1")
    with urllib.request.urlopen(request, timeout=10) as response:
        return bytes(response.read())


def _items(server: str, user: str, collection: str) -> dict[str, bytes]:
    """Every item of a collection on the server, by its path."""
    listing = _http("PROPFIND", f"{server}/{user}/{collection}/", user).decode()
    paths = sorted(set(re.findall(rf"/{user}/{collection}/[^<]+\.(?:vcf|ics)", listing)))
    return {p: _http("GET", server + p, user) for p in paths}


class Device:
    """One user's journal, its two vdirs and vdirsyncer's config pairing them with the server."""

    def __init__(self, root: Path, server: str, user: str) -> None:
        self.db, self.user = root / "journal.json", user
        self.contacts, self.tasks = root / "contacts", root / "tasks"
        self.config = root / "vdirsyncer.conf"
        pairs = []
        for name, folder, suffix, kind, extra in (
            ("contacts", self.contacts, ".vcf", "carddav", ""),
            ("tasks", self.tasks, ".ics", "caldav", 'item_types = ["VTODO"]\n'),
        ):
            folder.mkdir(parents=True)
            _http("MKCOL" if kind == "carddav" else "MKCALENDAR", f"{server}/{user}/{name}/", user,
                  (_ADDRESS_BOOK if kind == "carddav" else _TASK_LIST).encode())  # fmt: skip
            pairs.append(
                f'[pair {name}]\na = "{name}_local"\nb = "{name}_remote"\ncollections = null\n'
                f'conflict_resolution = "b wins"\n\n'
                f'[storage {name}_local]\ntype = "filesystem"\npath = "{folder}"\nfileext = "{suffix}"\n\n'
                f'[storage {name}_remote]\ntype = "{kind}"\nurl = "{server}/{user}/{name}/"\n'
                f'username = "{user}"\npassword = "secret"\n{extra}\n'
            )
        self.config.write_text(f'[general]\nstatus_path = "{root / "status"}"\n\n' + "".join(pairs))

    def kith(self, *args: str) -> None:
        assert main(["--db", str(self.db), *args]) == 0, args

    def vdirsyncer(self, *args: str) -> None:
        command = shutil.which("vdirsyncer", path=str(Path(sys.executable).parent)) or "vdirsyncer"
        done = subprocess.run([command, "-c", str(self.config), *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-1000:]

    def journal(self) -> Journal:
        return Journal.open(self.db, clock=lambda: TODAY)


def test_a_task_ticked_and_a_number_edited_on_the_server_come_back(server: str, tmp_path: Path) -> None:
    ana_side, bo_side = Device(tmp_path / "ana", server, "ana"), Device(tmp_path / "bo", server, "bo")
    ana_side.kith("add", "Tom Baker", "--phone", "+44 20 7946 0000", "--met", "2026-11-20")
    ana_side.kith("promise", "tom", "send the slides", "--by", "2026-11-27")
    bo_side.kith("add", "Tom Baker", "--phone", "+44 20 7946 0000")
    bo_side.kith("promise", "tom", "call back", "--by", "2026-11-28")
    for side in (ana_side, bo_side):
        side.kith("vdir", "--contacts", str(side.contacts), "--tasks", str(side.tasks))
        side.vdirsyncer("discover")
        side.vdirsyncer("sync")

    cards = _items(server, "ana", "contacts")
    assert len(cards) == 1 and b"FN:Tom Baker" in next(iter(cards.values()))
    todos = _items(server, "ana", "tasks")
    assert any(b"BEGIN:VALARM" in t and b"DUE;VALUE=DATE:20261127" in t for t in todos.values())

    # the phone: ticks the promise and changes Tom's number, in Ana's collections only
    path, todo = next((p, t) for p, t in todos.items() if b"UID:promise-" in t)
    ticked = todo.replace(b"STATUS:NEEDS-ACTION", b"STATUS:COMPLETED\r\nPERCENT-COMPLETE:100")
    _http("PUT", server + path, "ana", ticked, "text/calendar")
    path, card = next(iter(cards.items()))
    _http("PUT", server + path, "ana", card.replace(b"TEL:", b"TEL;TYPE=CELL:").replace(b"7946 0000", b"7946 1111"),
          "text/vcard")  # fmt: skip

    for side in (ana_side, bo_side):
        side.vdirsyncer("sync")
        side.kith("vdir")
        side.vdirsyncer("sync")

    ana = ana_side.journal()
    assert [p.what for p in ana.promises(status="done")] == ["send the slides"]
    assert ana.people()[0].handles["phone"] == "+44 20 7946 1111"
    bo = bo_side.journal()
    assert [p.what for p in bo.promises()] == ["call back"]  # the other journal's are its own
    assert bo.people()[0].handles["phone"] == "+44 20 7946 0000"
    closed = next(t for t in _items(server, "ana", "tasks").values() if b"UID:promise-" in t)
    assert b"STATUS:COMPLETED" in closed
