"""Running okrtui as people do: in tmux (a real terminal, keys as a person or a paste sends them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

WAIT = 30.0
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One private tmux server (its own socket), so a test never touches anyone's sessions."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.pids: list[int] = []

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=WAIT, check=False
        )
        return done.stdout

    def start(self, command: list[str], name: str = "meet", size: tuple[int, int] = (100, 30)) -> int:
        """Start `command` in its own pane and return the pane's pid (it runs the command directly)."""
        self.run("kill-session", "-t", name)
        self.run("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), *command)
        pid = int(self.run("list-panes", "-t", name, "-F", "#{pane_pid}").strip())
        self.pids.append(pid)
        return pid

    def screen(self, name: str = "meet") -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def keys(self, *keys: str, literal: bool = False, name: str = "meet") -> None:
        """Send keys in ONE write (a burst, as a paste or a laggy link delivers them)."""
        self.run("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, name: str = "meet", within: float = WAIT) -> str:
        """Poll the pane until `text` shows (tmux has no "idle" signal, so this is how to wait)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            screen = self.screen(name)
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear within {within:g} s; screen was:\n{self.screen(name)}")


def wait_until(check: Callable[[], bool], what: str, within: float = WAIT) -> None:
    """Poll `check` (a file written by another process has no event to wait on)."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {within:g} s")
        time.sleep(0.05)


def okrtui(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "okrtui", "--store", str(store), *args]


def wait_gone(pid: int, within: float) -> bool:
    """Whether process `pid` has ended within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    """Every test ends by closing its terminals, as a dropped connection would: no okrtui may outlive them."""
    server = Tmux(f"okrtui-test-{os.getpid()}-{tmp_path.name}")
    yield server
    server.run("kill-server")
    alive = [pid for pid in server.pids if not wait_gone(pid, WAIT)]
    for pid in alive:
        os.kill(pid, 9)
    assert not alive, f"processes {alive} outlived their closed terminal"
