"""`okrtui serve` in a real browser: the page with its token draws the dashboard and takes keys;
without the token nothing is served; no app outlives the server, even one killed outright."""

from __future__ import annotations

import base64
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from okrtui.store import Store
from tests.terminal import WAIT, wait_until
from tests.web.browser import Browser, Served, needs_chromium, screen_text


@pytest.fixture
def served(demo_store: Store, tmp_path: Path) -> Iterator[Served]:
    server = Served(demo_store.root, tmp_path / "serve.log")
    yield server
    server.close()


@needs_chromium
async def test_the_page_draws_the_dashboard_and_a_key_reaches_the_app(served: Served, tmp_path: Path) -> None:
    profile = tmp_path / "chromium"
    profile.mkdir()
    async with Browser(profile) as browser:
        await browser.call("Page.navigate", url=served.url)
        await browser.wait_for_text("Make every release boring and safe")
        await browser.wait_for_text("2026-Q4")
        await browser.wait_for(lambda: len(served.apps()) == 1, "one okrtui app for the one tab")
        assert await browser.evaluate("document.body.classList.contains('-first-byte')")  # intro gone
        shot = await browser.call("Page.captureScreenshot", format="png")
        (tmp_path / "dashboard.png").write_bytes(base64.b64decode(shot["data"]))

        before = len(browser.received)
        await browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await browser.press("?", "Slash", 191, shift=True)
        await browser.wait_for_text("Dashboard keys", since=before)
        assert '["stdin","?"]' in browser.sent

        loads = browser.loads
        await browser.call("Page.navigate", url=f"{served.origin}/")
        await browser.wait_for(lambda: browser.loads > loads, "the page without the token")
        assert "needs the token" in await browser.evaluate("document.body.innerText")
    assert len(served.apps()) <= 1  # the closed tab's app is on its way out; close() checks it ends
    assert "Traceback" not in served.output()


async def test_without_the_token_nothing_is_served(served: Served) -> None:
    token = served.url.rsplit("/", 2)[1]
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url) as page:
            assert page.status == 200
            assert page.headers["Referrer-Policy"] == "no-referrer"
            assert f"/{token}/ws" in await page.text()
        for path in ("/", "/ws", "/static/js/textual.js", f"/{token}", f"/{token[:-1]}/", f"/x{token}/"):
            async with session.get(served.origin + path) as reply:
                assert reply.status == 403, path
                assert "token" in await reply.text()
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"{served.origin.replace('http', 'ws')}/ws?width=80&height=24")
    assert served.apps() == []  # no app was started for any of them


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGHUP, signal.SIGKILL], ids=lambda stop: stop.name)
async def test_a_stopped_server_leaves_no_app_behind(
    served: Served, stop: signal.Signals, record_property: Callable[[str, object], None]
) -> None:
    """Ctrl+C (SIGTERM takes the same path), a closed terminal, even SIGKILL (no chance to tell its
    apps: each sees its pipes close and ends by itself) while a tab is open: its app ends with it."""
    socket_url = served.url.replace("http", "ws") + "ws?width=100&height=30"
    async with aiohttp.ClientSession() as session, session.ws_connect(socket_url) as socket:
        frames: list[bytes] = []
        while "Make every release" not in screen_text(frames):
            message = await socket.receive(WAIT)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            frames.append(message.data)
        apps = served.apps()
        assert len(apps) == 1
        started = time.monotonic()
        os.kill(served.process.pid, stop)
        served.process.wait(WAIT)
        wait_until(lambda: not served.apps(), f"the end of the app {apps} after its server's {stop.name}")
        record_property(
            "figure", f"serve: server and app gone {time.monotonic() - started:.1f} s after {stop.name}"
        )
