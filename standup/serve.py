"""``standup serve``: the same board in a browser, through ``textual-serve``.

textual-serve starts one process per browser session — here ``python -m standup --db=BOARD
--user=LOGIN [--read-only]``, so every session opens the same board as the login that
started ``serve`` (the page says so), with stdin and stdout as pipes to the browser and
``TEXTUAL_DRIVER`` set to Textual's web driver (which :func:`standup.ui.run.need_terminal`
accepts in place of a terminal).

It listens on 127.0.0.1 unless ``--host`` says otherwise, and then it warns: whoever can
reach the page acts as that login, so anything wider belongs behind an authenticating
reverse proxy (README). Two checks keep other web pages out even on loopback: a page the
person visits elsewhere cannot drive the board through its websocket (its ``Origin`` must
be this server's), and on loopback a request must name a loopback host or the public URL's
(``Host``), which stops a hostile name re-pointed at 127.0.0.1 (DNS rebinding).

No Textual import here: the server only runs commands; the board processes import it.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from typing import Any
from urllib.parse import urlsplit

from standup.errors import BadInput, StandupError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (``127.0.0.1``, ``::1``, ``[::1]``)."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_port(text: str) -> int:
    """``--port``: a number from 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise BadInput(
            f"--port must be a number from 1 to 65535, not {text!r}", "standup serve --port 8080"
        )
    return port


def parse_public_url(text: str | None) -> str | None:
    """``--public-url``: an ``http(s)://host[:port]`` address, without a path."""
    if text is None:
        return None
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise BadInput(
            f"--public-url must be http(s)://HOST[:PORT], not {text!r}",
            "standup serve --public-url https://board.example.com",
        )
    return f"{parts.scheme}://{parts.netloc}"


def board_command(db: str, login: str, *, read_only: bool, theme: str | None = None) -> str:
    """The shell command textual-serve runs per browser session (it runs it through a
    shell, so every word is quoted; ``--db=…`` keeps a value that starts with ``-`` a
    value)."""
    argv = [sys.executable, "-m", "standup", f"--db={db}", f"--user={login}"]
    if read_only:
        argv.append("--read-only")
    if theme:
        argv.append(f"--theme={theme}")
    return shlex.join(argv)


def warning_for(host: str, port: int, login: str) -> str | None:
    """The one warning line for a host that is not loopback, else None."""
    if is_loopback(host):
        return None
    return (
        f"warning: serving on {host}:{port}, beyond this machine: anyone who reaches it acts "
        f"as {login} on the board; put it behind an authenticating reverse proxy (README)"
    )


def _host_name(netloc: str) -> str:
    """The host of a ``Host`` header or URL netloc, without port or brackets."""
    return (urlsplit(f"//{netloc}").hostname or "").lower()


def allowed(
    *, bind_host: str, public_url: str | None, host: str | None, origin: str | None
) -> str | None:
    """Why a request must be refused (one line), or None to let it through.

    ``host`` and ``origin`` are the request's headers. Bound to loopback, the ``Host``
    must be a loopback name, the bound address or the public URL's host. A browser's
    websocket names its page in ``Origin``: it must be this server (the same host and
    port as ``Host``) or the public URL, never another site.
    """
    public = urlsplit(public_url) if public_url else None
    if is_loopback(bind_host):
        names = {*LOOPBACK_NAMES, bind_host.strip("[]").lower()}
        if public is not None and public.hostname:
            names.add(public.hostname.lower())
        if host is None or _host_name(host) not in names:
            return f"this board is served for {', '.join(sorted(names))} only"
    if origin is not None:
        seen = urlsplit(origin)
        same = host is not None and seen.netloc.lower() == host.lower()
        proxied = public is not None and (seen.scheme, seen.netloc.lower()) == (
            public.scheme,
            public.netloc.lower(),
        )
        if not (same or proxied):
            return f"a page from {origin} may not open this board"
    return None


def serve(
    *,
    db: str,
    login: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    public_url: str | None = None,
    read_only: bool = False,
    theme: str | None = None,
) -> int:
    """Serve the board at ``db`` as ``login`` until interrupted (SIGINT or SIGTERM)."""
    try:
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError as exc:
        raise StandupError(
            f"standup serve needs the textual-serve package ({exc.name} is missing)",
            "pip install textual-serve",
        ) from None

    command = board_command(db, login, read_only=read_only, theme=theme)
    if public_url is None and not is_loopback(host) and host.strip("[]") in ("0.0.0.0", "::"):
        import socket

        # Every address: the page must name one a browser can reach, not 0.0.0.0.
        public_url = f"http://{socket.gethostname()}:{port}"
    mode = " (read-only)" if read_only else ""

    class BoardServer(Server):
        """textual-serve's server, with the Host and Origin checks of :func:`allowed`."""

        def refusal(self, request: Any) -> None:
            why = allowed(
                bind_host=host,
                public_url=public_url,
                host=request.headers.get("Host"),
                origin=request.headers.get("Origin"),
            )
            if why is not None:
                raise web.HTTPForbidden(text=f"standup: {why}\n")

        async def handle_index(self, request: Any) -> Any:
            self.refusal(request)
            return await super().handle_index(request)

        async def handle_websocket(self, request: Any) -> Any:
            self.refusal(request)
            return await super().handle_websocket(request)

        async def on_startup(self, app: Any) -> None:
            print(
                f"standup: serving the board {db}{mode} at {self.public_url} as {login}; "
                "ctrl+c stops it",
                flush=True,
            )

    server = BoardServer(
        command, host=host, port=port, title=f"standup · {login}", public_url=public_url
    )
    try:
        server.serve()
    except OSError as exc:
        raise StandupError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            f"standup serve --port {port + 1 if port < 65535 else 8000}",
        ) from None
    return 0
