"""Who may reach `okrtui serve`: this machine only unless asked, and only with the URL's token.

Whoever opens the page drives an okrtui that writes to the store as the person who started the
server, so a page open to the network or guessable would hand their store to anyone on it. The
token sits in the path (`/TOKEN/`), not the query: textual-serve's page builds its websocket and
static URLs from the path, so every request it makes carries the token too.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp.typedefs import Handler, Middleware

REFUSED = "okrtui: this address needs the token that `okrtui serve` printed with it\n"


def new_token() -> str:
    """A fresh secret for one run of the server (32 characters, URL-safe)."""
    return secrets.token_urlsafe(24)


def is_local(host: str) -> bool:
    """Whether binding to `host` keeps the server on this machine (`localhost` or a loopback address).

    A name other than `localhost` counts as remote: what it resolves to is not ours to trust.
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_guard(token: str) -> Middleware:
    """Middleware refusing (403) every request whose path does not start with `/TOKEN/`."""
    from aiohttp import web  # only here: checking a host must work without the `serve` extra

    prefix = f"/{token}/".encode()

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not hmac.compare_digest(request.raw_path.encode()[: len(prefix)], prefix):
            raise web.HTTPForbidden(text=REFUSED)
        response = await handler(request)
        if not response.prepared:  # a websocket has sent its headers already
            response.headers["Referrer-Policy"] = "no-referrer"  # the token never leaves in a Referer
            response.headers["Cache-Control"] = "no-store"
        return response

    return guard
