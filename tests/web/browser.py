"""A real browser for the tests: headless Chromium driven over the DevTools protocol (aiohttp's
websocket client), and the `okrtui serve` it talks to, each in a process group of its own so the
test can prove nothing of theirs outlives it."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.terminal import WAIT, wait_until

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = bool(os.environ.get("OKRTUI_CI") or os.environ.get("CI"))
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not IN_CI, reason="chromium is not installed (CI installs it: .ci/run)"
)
"""Skips only outside CI: in CI (`.ci/run` sets OKRTUI_CI) a missing browser fails the test."""

HEADLESS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--mute-audio",
    "--remote-debugging-port=0",
    "--window-size=1200,800",
]
"""No GPU, no sandbox (CI runs as root), a free DevTools port (Chromium names it in the profile)."""

ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


def living(group: int) -> list[int]:
    """Processes of a process group that still run (zombies waiting for a reaper do not count)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def end_group(process: subprocess.Popen[bytes], stop: Callable[[], None], what: str) -> None:
    """Ask a group's leader to stop, then fail if any of the group outlives it (and kill those)."""
    stop()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(WAIT)
    left = []
    deadline = time.monotonic() + WAIT
    while (left := living(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    if left:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(WAIT)
    assert not left, f"{what} left processes {left} behind"


class Served:
    """`okrtui serve --port 0` on a store, started as a person would, with the URL it printed."""

    def __init__(self, store: Path, log: Path, *args: str) -> None:
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "okrtui", "--store", str(store), "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(lambda: "open http" in self.output() or self.process.poll() is not None, "the URL")
        found = re.search(r"open (http://\S+/)", self.output())
        assert found, self.output()
        self.url = found.group(1)
        self.origin = self.url.rsplit("/", 2)[0]

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def apps(self) -> list[int]:
        """The okrtui apps it runs for browser tabs (its own children, in its group)."""
        return [pid for pid in living(self.process.pid) if pid != self.process.pid]

    def close(self) -> None:
        """Ctrl+C, as a person stops it; every tab's app must end with it."""
        end_group(self.process, lambda: self.process.send_signal(signal.SIGINT), "okrtui serve")


def screen_text(frames: list[bytes]) -> str:
    """What the app wrote to the terminal, escape sequences removed (the words it drew remain)."""
    return ESCAPES.sub(" ", b"".join(frames).decode("utf-8", "replace"))


class Browser:
    """One headless Chromium with one page; records the websocket frames the page sends and receives."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None, "chromium is not installed (.ci/run installs it)"
        self.profile = profile
        self.process = subprocess.Popen(
            [CHROMIUM, *HEADLESS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=(profile.parent / "chromium.log").open("wb"),
            start_new_session=True,
        )
        self.received: list[bytes] = []
        self.sent: list[str] = []
        self.loads = 0
        """Pages loaded so far (`Page.loadEventFired`)."""
        self._ids = itertools.count(1)
        self._replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._changed = asyncio.Event()

    async def __aenter__(self) -> Browser:
        port_file = self.profile / "DevToolsActivePort"
        wait_until(
            lambda: len(port_file.read_text().split()) == 2 if port_file.exists() else False, "chromium"
        )
        port = port_file.read_text().split()[0]
        self.session = aiohttp.ClientSession()
        async with self.session.get(f"http://127.0.0.1:{port}/json/list") as reply:
            pages = [target for target in await reply.json() if target["type"] == "page"]
        self.socket = await self.session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.call("Network.enable")
        await self.call("Page.enable")
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._reader.cancel()
        await self.socket.close()
        await self.session.close()
        end_group(self.process, lambda: self.process.send_signal(signal.SIGTERM), "chromium")

    async def _read(self) -> None:
        async for message in self.socket:
            data = message.json()
            if "id" in data:
                self._replies.pop(data["id"]).set_result(data)
                continue
            params = data.get("params", {})
            if data.get("method") == "Network.webSocketFrameReceived":
                frame = params["response"]
                payload = frame["payloadData"]
                self.received.append(base64.b64decode(payload) if frame["opcode"] == 2 else payload.encode())
            elif data.get("method") == "Page.loadEventFired":
                self.loads += 1
            elif data.get("method") == "Network.webSocketFrameSent":
                self.sent.append(params["response"]["payloadData"])
            self._changed.set()

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command; its result (or the test fails with the browser's error)."""
        number = next(self._ids)
        reply = self._replies[number] = asyncio.get_running_loop().create_future()
        await self.socket.send_json({"id": number, "method": method, "params": params})
        data = await asyncio.wait_for(reply, WAIT)
        assert "error" not in data, data
        return dict(data["result"])

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_for(self, check: Callable[[], bool], what: str) -> None:
        """Until `check` holds, woken by each message from the browser (no polling, no sleeps)."""
        deadline = time.monotonic() + WAIT
        while not check():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{what} did not happen within {WAIT:g} s")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    async def wait_for_text(self, text: str, since: int = 0) -> None:
        await self.wait_for(
            lambda: text in screen_text(self.received[since:]),
            f"{text!r} on the page (it showed: {screen_text(self.received[since:])[-2000:]!r})",
        )

    async def press(self, key: str, code: str, key_code: int, shift: bool = False) -> None:
        """A key as a person types it on the focused page (keyDown with its text, then keyUp)."""
        common = {"key": key, "code": code, "windowsVirtualKeyCode": key_code, "modifiers": 8 if shift else 0}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=key, **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)
