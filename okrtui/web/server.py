"""Serving okrtui to browsers: textual-serve's server mounted under the token, run until a signal.

textual-serve starts one app process per browser tab (the command given), speaks to it over pipes
and to the tab over a websocket. Three things are ours: every route lives under `/TOKEN/` behind the
guard, the page's URLs come from the address the browser used (so `--port 0` and a server reached
by its network name both work), and the chosen port is printed only once it is bound.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from okrtui.web.access import token_guard

SHUTDOWN_SECONDS = 0.5
"""How long open tabs get to close on Ctrl+C before their handlers are cancelled (each app then
receives textual-serve's quit; one whose pipes close ends by itself, see `okrtui.tui.terminal`)."""


class ServeError(Exception):
    """The server could not start (the port is taken, the address is not this machine's)."""


class OkrServer(Server):
    """textual-serve's server, quiet (no logo, no access log) and with URLs taken from each request."""

    async def on_startup(self, app: web.Application) -> None:
        """No banner: `okrtui serve` prints the one line that matters, the URL with its token."""

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        origin = request.url.origin()
        router = request.app.router
        static = origin.join(router["static"].url_for(filename="/"))
        socket = origin.join(router["websocket"].url_for())
        socket = socket.with_scheme("wss" if origin.scheme == "https" else "ws")
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": str(socket),
            "config": {"static": {"url": str(static).rstrip("/") + "/"}},
            "application": {"name": self.title},
        }


async def make_web_app(server: OkrServer, token: str) -> web.Application:
    """The site: nothing at all outside `/TOKEN/`, textual-serve's routes inside it."""
    site = web.Application(middlewares=[token_guard(token)])
    site.add_subapp(f"/{token}", await server._make_app())
    return site


def serve(
    command: str, host: str, port: int, token: str, title: str, announce: Callable[[str], None]
) -> None:
    """Serve `command` to browsers on host:port until SIGINT, SIGTERM or SIGHUP; `announce` gets the URL."""
    asyncio.run(_serve(OkrServer(command, host=host, port=port, title=title), token, announce))


async def _serve(server: OkrServer, token: str, announce: Callable[[str], None]) -> None:
    runner = web.AppRunner(
        await make_web_app(server, token), access_log=None, shutdown_timeout=SHUTDOWN_SECONDS
    )
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, server.host, server.port).start()
        except OSError as error:
            raise ServeError(f"cannot listen on {server.host} port {server.port}: {error.strerror}") from None
        bound_port = runner.addresses[0][1]
        announce(f"http://{url_host(server.host)}:{bound_port}/{token}/")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()


def url_host(host: str) -> str:
    """How a browser names the bound address: IPv6 in brackets; every address becomes this machine's name."""
    if host in ("", "0.0.0.0", "::"):
        import socket

        return socket.getfqdn()
    return f"[{host}]" if ":" in host else host
