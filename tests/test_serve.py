"""``standup serve`` and the read-only board (issue 11, item 6).

Real processes throughout: ``standup serve`` on a free loopback port, and Debian's
headless Chromium (started here, through its DevTools protocol) loading the page and
showing the board — the served app draws with xterm.js, whose text is read from the page
once the terminal is drawn as DOM rows (the page's canvases are turned off before it
loads). The read-only store refuses every write operation (the list of writes comes from
tests/test_os_login.py, itself checked against ``standup.ops.__all__``) before it takes a
lock, with one line and the file unchanged. Every server and browser started here is
stopped by killing its process group in a ``finally``.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from standup import ops
from standup.errors import StoreError
from standup.serve import allowed, board_command, is_loopback, warning_for
from standup.store import Store
from tests.conftest import standup_cmd
from tests.test_os_login import ANA, CASES, ME, _team

BOUND_S = 60.0  # bounds a test that would hang; never a measure of speed
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


# -- helpers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """End ``proc`` and everything it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with contextlib.suppress(ProcessLookupError):  # a browser session left behind
        os.killpg(proc.pid, signal.SIGKILL)


def _get(port: int, path: str = "/", headers: dict[str, str] | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        return conn.getresponse().status
    finally:
        conn.close()


@contextlib.contextmanager
def serving(
    env: dict[str, str], tmp: Path, *args: str, before: tuple[str, ...] = ()
) -> Iterator[int]:
    """``standup *before serve --port P *args`` as a real process; yields P once it
    answers. What it prints goes to ``tmp/serve-P.log``.

    A port found free can be taken before ``serve`` binds it (the tests run in
    parallel, ``pytest -n auto``): serve then ends saying it cannot listen, and is
    started again on another port."""
    command = [*standup_cmd(), *before, "serve", *args]
    tries = 5
    port, proc, out = _serve(command, env, tmp)
    try:
        deadline = time.monotonic() + BOUND_S
        while True:
            if proc.poll() is not None:
                said = (tmp / f"serve-{port}.log").read_text()
                tries -= 1
                if "cannot listen" not in said or not tries:
                    raise AssertionError(f"standup serve ended: {said}")
                out.close()
                port, proc, out = _serve(command, env, tmp)
                continue
            try:
                if _get(port) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("standup serve did not answer")
            time.sleep(0.05)  # polling for the server to listen, not waiting for time
        yield port
    finally:
        _stop(proc)
        out.close()


def _serve(command: list[str], env: dict[str, str], tmp: Path):  # noqa: ANN202
    """``command --port P`` started on a port free now: P, the process, its log."""
    port = free_port()
    out = (tmp / f"serve-{port}.log").open("w")
    proc = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return port, proc, out


# Turns off the page's canvases before its scripts run: xterm.js then draws the terminal
# as DOM rows (its fallback renderer), whose text the test can read.
NO_CANVAS = "HTMLCanvasElement.prototype.getContext = function () { return null; };"
ROWS = "(document.querySelector('.xterm-rows') || {}).innerText || ''"


async def _page_text(url: str, until: str, profile: str) -> str:
    """Load ``url`` in headless Chromium and return the terminal's text once it holds
    ``until`` (or what it holds when the bound runs out)."""
    import aiohttp  # textual-serve's own dependency

    proc = subprocess.Popen(
        [
            CHROMIUM or "chromium",
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--window-size=1280,800",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + BOUND_S
        active = Path(profile) / "DevToolsActivePort"
        while not (active.exists() and active.read_text().count("\n") >= 1):
            assert proc.poll() is None, "chromium ended before it listened"
            assert time.monotonic() < deadline, "chromium did not start"
            await asyncio.sleep(0.05)
        port = active.read_text().split()[0]
        async with aiohttp.ClientSession() as http:
            targets = await (await http.get(f"http://127.0.0.1:{port}/json")).json()
            page = next(t for t in targets if t["type"] == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                ids = iter(range(1, 10**6))

                async def call(method: str, **params: object) -> dict:
                    n = next(ids)
                    await ws.send_json({"id": n, "method": method, "params": params})
                    while True:
                        message = await ws.receive_json(timeout=BOUND_S)
                        if message.get("id") == n:
                            return message.get("result", {})

                await call("Page.enable")  # else the script below is not injected
                await call("Page.addScriptToEvaluateOnNewDocument", source=NO_CANVAS)
                await call("Page.navigate", url=url)
                text = ""
                while until not in text and time.monotonic() < deadline:
                    result = await call("Runtime.evaluate", expression=ROWS, returnByValue=True)
                    text = result.get("result", {}).get("value", "")
                    if until not in text:
                        await asyncio.sleep(0.1)  # the app is starting in its own process
                return text
    finally:
        _stop(proc)


def browser_text(url: str, until: str) -> str:
    with tempfile.TemporaryDirectory(prefix="standup-chromium-") as profile:
        return asyncio.run(_page_text(url, until, profile))


@pytest.fixture
def team(cli) -> None:  # noqa: ANN001
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon")
    cli("ask", "Which font do we ship?")


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed here (.ci/run installs it: "
    "apt-get install chromium); the browser test cannot run",
)


# -- the board in a browser --------------------------------------------------------------


@needs_chromium
def test_a_browser_shows_the_board_as_the_login_that_serves_it(cli, team, tmp_path) -> None:  # noqa: ANN001
    before = cli.db.read_bytes()
    with serving(cli.env, tmp_path) as port:
        text = browser_text(f"http://127.0.0.1:{port}/", "you: ana")
    assert "PM: Ana — available" in text, text  # the board's header
    assert "you: ana" in text
    assert "in a browser as ana" in text  # every session acts as ana, and says so
    assert "Which font do we ship?" in text
    assert "a ask" in text  # keys that write are there on a writable board
    assert cli.db.read_bytes() == before


@needs_chromium
def test_a_read_only_board_in_a_browser_offers_no_key_that_writes(cli, team, tmp_path) -> None:  # noqa: ANN001
    before = cli.db.read_bytes()
    with serving(cli.env, tmp_path, "--read-only") as port:
        text = browser_text(f"http://127.0.0.1:{port}/", "you: ana")
    assert "PM: Ana — available" in text, text
    assert "read-only" in text
    assert "Which font do we ship?" in text
    for key in ("a ask", "r reply", "b block", "w away"):
        assert key not in text, text
    assert "^q quit" in text
    assert cli.db.read_bytes() == before


def test_other_pages_and_other_host_names_are_refused(cli, team, tmp_path) -> None:  # noqa: ANN001
    with serving(cli.env, tmp_path) as port:
        assert _get(port, headers={"Host": f"localhost:{port}"}) == 200
        # DNS rebinding: a hostile name pointed at 127.0.0.1
        assert _get(port, headers={"Host": f"evil.example:{port}"}) == 403
        # another site's page opening the board's websocket (it would act as ana)
        upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13"}
        upgrade["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ=="
        evil = _get(port, "/ws", {**upgrade, "Origin": "http://evil.example"})
        assert evil == 403
        # and the server still serves its own page
        assert _get(port, headers={"Host": f"127.0.0.1:{port}"}) == 200


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_before_and_after_serve(cli, team, tmp_path, where) -> None:  # noqa: ANN001
    other = tmp_path / "other.json"
    other.write_bytes(cli.db.read_bytes())
    options = ("--db", str(other), "--user", "bruno", "--read-only")
    if where == "before":
        server = serving(cli.env, tmp_path, before=options)
    else:
        server = serving(cli.env, tmp_path, *options)
    with server as port:
        said = (tmp_path / f"serve-{port}.log").read_text().splitlines()[0]
    assert said.startswith(f"standup: serving the board {other} (read-only) at "), said
    assert said.endswith("as bruno; ctrl+c stops it"), said


def test_serve_refuses_bad_options_in_one_line(cli, team) -> None:  # noqa: ANN001
    assert "--port" in cli.fails("serve", "--port", "eighty")
    assert "--port" in cli.fails("serve", "--port", "70000")
    assert "--public-url" in cli.fails("serve", "--public-url", "ftp://board")
    cli.db.write_text("not a board")
    assert "board" in cli.fails("serve", "--port", str(free_port()))


def test_a_host_beyond_loopback_is_a_warning_and_a_port_in_use_one_line(cli, team) -> None:  # noqa: ANN001
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = cli("serve", "--host", "0.0.0.0", "--port", str(port), check=False)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0
    assert lines[0].startswith("standup: warning: serving on 0.0.0.0"), proc.stderr
    assert "reverse proxy" in lines[0] and "as ana" in lines[0]
    assert lines[-1].startswith(f"standup: cannot listen on 0.0.0.0:{port}"), proc.stderr
    assert "Traceback" not in proc.stderr


def test_loopback_is_the_default_and_no_warning() -> None:
    assert warning_for("127.0.0.1", 8000, "ana") is None
    assert warning_for("::1", 8000, "ana") is None
    assert warning_for("localhost", 8000, "ana") is None
    assert "as ana" in (warning_for("10.0.0.5", 8000, "ana") or "")
    assert is_loopback("[::1]") and is_loopback("127.0.0.2") and not is_loopback("0.0.0.0")


def test_the_checks_on_a_request() -> None:
    local = {"bind_host": "127.0.0.1", "public_url": None}
    assert allowed(**local, host="127.0.0.1:8000", origin="http://127.0.0.1:8000") is None
    assert allowed(**local, host="localhost:8000", origin=None) is None
    assert allowed(**local, host="evil.example:8000", origin=None)
    assert allowed(**local, host="127.0.0.1:8000", origin="http://evil.example")
    assert allowed(**local, host="127.0.0.1:8000", origin="http://127.0.0.1:9999")
    proxied = {"bind_host": "127.0.0.1", "public_url": "https://board.example.com"}
    assert allowed(**proxied, host="127.0.0.1:8000", origin="https://board.example.com") is None
    assert allowed(**proxied, host="board.example.com", origin="https://board.example.com") is None
    assert allowed(**proxied, host="board.example.com", origin="https://evil.example")
    wide = {"bind_host": "0.0.0.0", "public_url": None}
    assert allowed(**wide, host="10.0.0.5:8000", origin="http://10.0.0.5:8000") is None
    assert allowed(**wide, host="10.0.0.5:8000", origin="http://evil.example")


def test_each_session_runs_the_same_board_as_the_same_login() -> None:
    command = board_command("/srv/team board.json", "-ana", read_only=True, theme="light")
    import shlex

    argv = shlex.split(command)
    assert argv[:3] == [sys.executable, "-m", "standup"]
    assert argv[3:] == ["--db=/srv/team board.json", "--user=-ana", "--read-only", "--theme=light"]


def test_only_textual_serves_driver_replaces_the_terminal(tmp_path) -> None:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_")}
    env.update(
        STANDUP_DB=str(tmp_path / "board.json"),
        STANDUP_USER="ana",
        STANDUP_CONFIG_DIR=str(tmp_path / "config"),
        TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver",
    )
    proc = subprocess.run(
        standup_cmd(),
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BOUND_S,
    )
    assert proc.returncode != 0 and "not one" in proc.stderr, proc.stderr


# -- the read-only store -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "index"), [(name, i) for name, cases in CASES.items() for i in range(len(cases))]
)
def test_a_read_only_store_refuses_every_write(tmp_path: Path, name: str, index: int) -> None:
    path = tmp_path / "board.json"
    writable = Store(path)
    _team(writable)
    setup, write = CASES[name][index]
    setup(writable)
    before = path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())  # the board, its lock, a test's .ics
    read_only = Store(path, read_only=True, lock_timeout=0.05)
    # Another process holds the lock: a store that tried to take it would say "busy".
    with path.with_name("board.json.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(StoreError) as refused:
            write(read_only, ME)
    line = refused.value.line()
    assert "read-only" in line and "nothing was written" in line and "\n" not in line
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # nothing made beside it


def test_a_read_only_store_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    _team(Store(path))
    assert Store(path, read_only=True).read().table("people")
    with pytest.raises(StoreError):  # not even a new board is created
        ops.add_person(Store(tmp_path / "new" / "b.json", read_only=True), ANA, "x")
    assert not (tmp_path / "new").exists()


WRITES = [
    ("ask", "CSV?"),
    ("answer", "Q1", "yes"),
    ("withdraw", "Q1"),
    ("review", "Q1", "confirm"),
    ("block", "Export"),
    ("unblock", "B1"),
    ("away",),
    ("back",),
    ("hours", "mon-fri 9-17"),
    ("person", "add", "dev"),
    ("person", "set", "ana", "--role", "lead"),
    ("person", "remove", "ana"),
    ("edit", "Q1", "--text", "CSV or PDF?"),
    ("note", "Goal: export"),
    ("note", "--remove", "1"),
]


@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a))
def test_read_only_on_the_command_line_refuses_every_write(cli, team, args) -> None:  # noqa: ANN001
    cli("block", "Export")
    cli("note", "Goal: export")
    line = cli.fails("--read-only", *args)
    assert "board is read-only" in line, line
    assert "board is read-only" in cli.fails(*args, "--read-only")  # before or after
