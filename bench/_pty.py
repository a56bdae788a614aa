"""A program in a real pseudo-terminal, and a small screen that knows what the terminal shows.

`PtyApp` starts a command on a new pty of COLUMNS x LINES and reads it continuously on a thread,
stamping every chunk with the time it arrived. The chunks feed `Screen`, a minimal terminal
(cursor moves, erases and text; colours ignored), so "the frame shows X" means what a person
would see, not that X went by somewhere in the byte stream.

Frames: Textual asks the terminal whether it supports synchronized output (DECRQM mode 2026) and,
if so, wraps every frame in `ESC[?2026h ... ESC[?2026l`. The pty answers yes, as kitty, WezTerm,
foot, iTerm2, Windows Terminal and recent tmux do, so a frame's end is exact: expectations are
checked at each frame end, and the time is when the chunk holding that end arrived. Output outside
a synchronized frame (Textual's first frames, sent before it has read the answer) is checked at the
end of every chunk; markers for those include the footer, the last line Textual writes.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import queue
import re
import signal
import struct
import termios
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from _common import COLUMNS, LINES

SYNC_QUERY = "?2026"
SYNC_YES = b"\x1b[?2026;2$y"
TOKEN = re.compile(
    r"(?P<csi>\x1b\[(?P<params>[0-?]*)(?P<inter>[ -/]*)(?P<final>[@-~]))"
    r"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))"
    r"|(?P<string>\x1b[P^_X][^\x1b]*\x1b\\)"
    r"|(?P<esc>\x1b[^\[\]P^_X])"
    r"|(?P<text>[^\x00-\x1f\x7f]+)"
    r"|(?P<ctl>[\x00-\x1a\x1c-\x1f\x7f])"
)
SHOW_SCREENS = bool(os.environ.get("OKRTUI_BENCH_SCREENS"))
"""Print the screen of every frame that matched a marker (to check the markers after a redesign)."""
KEYS = {
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "enter": b"\r",
    "tab": b"\t",
    "ctrl+q": b"\x11",
    "f2": b"\x1bOQ",
    "end": b"\x1b[F",
    "ctrl+u": b"\x15",
}

Predicate = Callable[[str], bool]


def shows(*patterns: str) -> Predicate:
    """True once the screen text (rows joined by newlines) matches every regex."""
    compiled = [re.compile(p, re.MULTILINE) for p in patterns]
    return lambda screen: all(p.search(screen) for p in compiled)


class Screen:
    """COLUMNS x LINES cells; only what decides which characters are where."""

    def __init__(self, cols: int = COLUMNS, rows: int = LINES) -> None:
        self.cols, self.rows = cols, rows
        self.grid = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.pending = ""
        self.in_sync = False
        self.dirty = False
        """Something was drawn since the last frame end."""

    def text(self) -> str:
        return "\n".join("".join(row) for row in self.grid)

    def feed(self, data: str, on_frame_end: Callable[[], None], on_sync_query: Callable[[], None]) -> None:
        data, self.pending = self.pending + data, ""
        pos = 0
        while pos < len(data):
            match = TOKEN.match(data, pos)
            if match is None:  # an escape sequence cut at the chunk's end: wait for the rest
                if len(data) - pos > 4096:
                    pos += 1
                    continue
                self.pending = data[pos:]
                return
            pos = match.end()
            kind = match.lastgroup
            if kind == "text":
                self._write(match["text"])
            elif kind == "ctl":
                self._control(match["ctl"])
            elif kind == "csi":
                params, final = match["params"], match["final"]
                if params == SYNC_QUERY and match["inter"] == "$" and final == "p":
                    on_sync_query()
                elif params == SYNC_QUERY and final in "hl":
                    self.in_sync = final == "h"
                    if not self.in_sync:
                        on_frame_end()
                else:
                    self._csi(params, final)

    def _write(self, text: str) -> None:
        self.dirty = True
        row = self.grid[self.row]
        if text.isascii():
            room = max(0, self.cols - self.col)
            row[self.col : self.col + min(room, len(text))] = text[:room]
            self.col += len(text)
            return
        for char in text:
            if unicodedata.combining(char):
                continue
            wide = unicodedata.east_asian_width(char) in "WF"
            if self.col < self.cols:
                row[self.col] = char
                if wide and self.col + 1 < self.cols:
                    row[self.col + 1] = ""
            self.col += 2 if wide else 1

    def _control(self, char: str) -> None:
        if char == "\r":
            self.col = 0
        elif char == "\n":
            self.row = min(self.rows - 1, self.row + 1)
        elif char == "\b":
            self.col = max(0, self.col - 1)
        elif char == "\t":
            self.col = min(self.cols - 1, (self.col // 8 + 1) * 8)

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?") or final not in "HfABCDGdJKX":
            if params == "?1049" and final in "hl":  # alternate screen: a clean page
                self._erase(0, 0, self.rows - 1, self.cols)
            return
        self.dirty = self.dirty or final in "JKX"
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        first = numbers[0] if numbers else 0
        n = max(1, first)
        if final in "Hf":
            self.row = min(self.rows - 1, max(1, first) - 1)
            self.col = min(self.cols - 1, max(1, numbers[1] if len(numbers) > 1 else 1) - 1)
        elif final in "ABCD":
            dr, dc = {"A": (-n, 0), "B": (n, 0), "C": (0, n), "D": (0, -n)}[final]
            self.row = min(self.rows - 1, max(0, self.row + dr))
            self.col = min(self.cols - 1, max(0, self.col + dc))
        elif final == "G":
            self.col = min(self.cols - 1, n - 1)
        elif final == "d":
            self.row = min(self.rows - 1, n - 1)
        elif final == "J":
            top = (self.row, self.col) if first == 0 else (0, 0)
            bottom = (self.row, self.col + 1) if first == 1 else (self.rows - 1, self.cols)
            self._erase(*top, *bottom)
        elif final == "K":
            begin = {0: self.col, 1: 0, 2: 0}.get(first, 0)
            end = self.col + 1 if first == 1 else self.cols
            self.grid[self.row][begin:end] = [" "] * (end - begin)
        elif final == "X":
            end = min(self.cols, self.col + n)
            self.grid[self.row][self.col : end] = [" "] * (end - self.col)

    def _erase(self, row0: int, col0: int, row1: int, col1: int) -> None:
        self.dirty = True
        for r in range(row0, row1 + 1):
            begin = col0 if r == row0 else 0
            end = col1 if r == row1 else self.cols
            self.grid[r][begin:end] = [" "] * (end - begin)


@dataclass
class _Expectation:
    predicate: Predicate
    since: float
    hit: float | None = None
    screen: str = ""
    """The screen as the frame that matched left it."""


class ScreenTimeoutError(RuntimeError):
    """The screen never showed what was expected (the message holds what it showed)."""


class PtyApp:
    """One process on its own pty, its output read and shown on a `Screen` as it arrives."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], answer_sync: bool = True) -> None:
        self.argv, self.env, self.answer_sync = list(argv), dict(env), answer_sync
        self.screen = Screen()
        self.frame_ends: list[float] = []
        """Arrival time of every synchronized frame's end (or of every chunk, outside them)."""
        self.frames = 0
        """Synchronized frames seen."""
        self.started = 0.0
        self._lock = threading.Condition()
        self._expect: _Expectation | None = None
        self._closed = False
        self.pid = 0
        self.last_key = 0.0
        """perf_counter() when `press` sent its key."""
        self.key_sent_at = 0.0
        """The same moment in seconds since the epoch, as strace -ttt stamps."""
        self._code: int | None = None
        self.ended = 0.0
        """perf_counter() when the process was seen to have exited."""

    def start(self, first_frame: Predicate | None = None) -> PtyApp:
        """Spawn the command with the pty as its controlling terminal (so a hang-up reaches it, as
        over SSH); `first_frame`, if given, is what `wait_first_frame` waits for."""
        env = self.env | {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
        size = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
        self._chunks: queue.SimpleQueue[tuple[float, bytes]] = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._parser = threading.Thread(target=self._parse, name="pty-parser", daemon=True)
        self.started = time.perf_counter()
        if first_frame is not None:
            self._expect = _Expectation(first_frame, self.started)
        self.pid, self.master = os.forkpty()
        if self.pid == 0:  # the child: size the terminal, become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, size)
                os.chdir(env.get("HOME", "/"))  # as run_timed: never inside a source tree
                os.execvpe(self.argv[0], self.argv, env)
            finally:
                os._exit(127)
        self._reader.start()
        self._parser.start()
        return self

    def _read(self) -> None:
        """Only reads, each chunk stamped as it arrives: a frame comes in chunks of a few KB, and
        emulating the terminal on the first ones (in Python, milliseconds for a whole screen) must
        not delay reading the last, or a big frame would seem to arrive later than it did."""
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            self._chunks.put((time.perf_counter(), chunk))
            if not chunk:
                return

    def _parse(self) -> None:
        """Feeds the chunks to the emulated terminal in order; a frame ends when its last chunk arrived."""
        decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
        while True:
            arrived, chunk = self._chunks.get()
            if not chunk:
                break
            with self._lock:
                self.screen.feed(decode(chunk), partial(self._frame_end, arrived, True), self._answer_sync)
                if self.screen.dirty and not self.screen.in_sync:
                    self._frame_end(arrived)
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _answer_sync(self) -> None:
        if self.answer_sync:
            os.write(self.master, SYNC_YES)

    def _frame_end(self, arrived: float, synchronized: bool = False) -> None:
        """Called with the lock held: the screen is as a frame left it."""
        self.screen.dirty = False
        self.frames += synchronized
        self.frame_ends.append(arrived)
        expect = self._expect
        if expect is not None and expect.hit is None and expect.predicate(text := self.screen.text()):
            expect.hit, expect.screen = arrived, text
            self._lock.notify_all()

    def _wait(self, expect: _Expectation, timeout: float) -> float:
        with self._lock:
            deadline = time.monotonic() + timeout
            while expect.hit is None and not self._closed and time.monotonic() < deadline:
                self._lock.wait(0.05)
            self._expect = None
            if expect.hit is not None and SHOW_SCREENS:
                print(
                    f"--- {' '.join(self.argv[-3:])}: matched at {(expect.hit - expect.since) * 1e3:.1f} ms"
                )
                print(expect.screen, flush=True)
            if expect.hit is None:
                why = "exited" if self._closed else f"not shown within {timeout:.0f} s"
                raise ScreenTimeoutError(
                    f"{' '.join(self.argv)}: expected screen {why}; it shows:\n{self.screen.text()}"
                )
            return expect.hit - expect.since

    def wait_first_frame(self, timeout: float = 30.0) -> float:
        """Seconds from spawning the process to the first frame showing `start`'s `first_frame`."""
        assert self._expect is not None, "start(first_frame=...) says what the first frame shows"
        return self._wait(self._expect, timeout)

    def wait_for(self, predicate: Predicate, timeout: float = 10.0) -> None:
        """Until a frame shows `predicate` (untimed: for the steps between measurements)."""
        with self._lock:
            expect = self._expect = _Expectation(predicate, time.perf_counter())
            if predicate(self.screen.text()):
                self._expect = None
                return
        self._wait(expect, timeout)

    def press(self, key: str, predicate: Predicate, timeout: float = 10.0) -> float:
        """Send a key (a name in KEYS, or text typed as is); seconds until a frame shows `predicate`."""
        with self._lock:
            if predicate(self.screen.text()):
                raise RuntimeError(
                    f"the screen already shows what {key!r} should bring:\n{self.screen.text()}"
                )
            expect = self._expect = _Expectation(predicate, 0.0)
            self.key_sent_at = time.time()
            os.write(self.master, KEYS.get(key, key.encode()))
            expect.since = self.last_key = time.perf_counter()
        return self._wait(expect, timeout)

    def watch(self, predicate: Predicate) -> Callable[[float], float]:
        """Watch for `predicate` from now on (something else, another app's key, brings it); the
        returned call waits for it and gives the perf_counter() time its frame arrived."""
        with self._lock:
            expect = self._expect = _Expectation(predicate, 0.0)

        def arrived(timeout: float = 20.0) -> float:
            return self._wait(expect, timeout)

        return arrived

    def type(self, text: str) -> None:
        """Type text (untimed; follow with `wait_for` what it should show)."""
        os.write(self.master, text.encode())

    def still_after(self, since: float, quiet: float = 0.15, timeout: float = 5.0) -> float:
        """Seconds from `since` to the last frame before `quiet` seconds without output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(quiet / 3)
            with self._lock:
                last = self.frame_ends[-1] if self.frame_ends else since
            if time.perf_counter() - last >= quiet:
                return max(0.0, last - since)
        raise ScreenTimeoutError("the screen never stood still")

    def exit_code(self, timeout: float, poll: float = 0.01) -> int | None:
        """The process's exit code once it has ended (waiting up to `timeout`), else None."""
        deadline = time.monotonic() + timeout
        while self._code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._code, self.ended = os.waitstatus_to_exitcode(status), time.perf_counter()
            elif time.monotonic() >= deadline:
                return None
            else:
                time.sleep(poll)
        return self._code

    def run_to_end(self, timeout: float = 30.0) -> float:
        """For a command rather than an app: seconds from spawn until it exited (checked every
        0.5 ms); exits the benchmark if it failed."""
        code = self.exit_code(timeout, poll=0.0005)
        if code != 0:
            self._parser.join(2.0)  # the output it left, all of it
            with self._lock:
                shown = self.screen.text()[-2000:]
            raise SystemExit(f"{' '.join(self.argv)} exited {code} in a terminal: {shown}")
        return self.ended - self.started

    def close(self, timeout: float = 5.0) -> int:
        """Quit with ctrl+q (the app saves what it must), kill it if it hangs; its exit code."""
        code = self.exit_code(0)
        if code is None:
            with contextlib.suppress(OSError):
                os.write(self.master, KEYS["ctrl+q"])
            code = self.exit_code(timeout)
        if code is None:
            os.kill(self.pid, signal.SIGKILL)
            code = self.exit_code(timeout) or -signal.SIGKILL
        self._reader.join(2.0)
        self._parser.join(2.0)
        os.close(self.master)
        return code

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *_: object) -> None:
        if self.pid:
            self.close()
