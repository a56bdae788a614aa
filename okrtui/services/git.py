"""Running git on a store: fixed argument lists, no shell, and nothing from the caller redirecting it.

Every call names the store folder as the working directory and clears the variables that would
point git at another repository or inject configuration (`GIT_DIR`, `GIT_WORK_TREE`,
`GIT_CONFIG_PARAMETERS`, ...), so `okrtui sync` run from a git hook or inside another checkout
still works on the store and only on it. Credentials stay git's own (ssh agent, credential
helpers): okrtui never sees or keeps them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from okrtui.store.errors import StoreError

MIN_VERSION = (2, 38)
"""`git merge-tree --write-tree` (2.38) merges without touching the store's files."""

_KEPT = re.compile(
    r"GIT_(AUTHOR|COMMITTER)_(NAME|EMAIL|DATE)|GIT_SSH(_COMMAND|_VARIANT)?|GIT_ASKPASS"
    r"|GIT_TERMINAL_PROMPT|GIT_CONFIG_(NOSYSTEM|GLOBAL|SYSTEM)|GIT_HTTP_.*|GIT_TRACE.*|GIT_SSL_.*"
)
"""The GIT_* variables a caller may pass on: identity, transport and credentials, tracing."""


class SyncError(StoreError):
    """Sync cannot go on; the message is one sentence, and the store is as it was."""


class UnreachableError(SyncError):
    """The remote did not answer (offline, timeout, refused): fine, the changes wait."""


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0

    def reason(self) -> str:
        """git's own last words, for a message."""
        lines = [line.strip() for line in (self.err or self.out).splitlines() if line.strip()]
        for line in lines:
            for prefix in ("fatal: ", "error: "):
                if line.startswith(prefix):
                    return line.removeprefix(prefix)
        return lines[-1] if lines else f"git exited with {self.code}"


def refuse_option_like(*values: str) -> None:
    """A path or remote that starts with `-` would be read by git as an option: refuse it."""
    for value in values:
        if value.startswith("-"):
            raise SyncError(f"{value!r} starts with '-'; give a path or address that does not")


IN_SYNC = "OKRTUI_IN_SYNC"
"""Set for everything git starts on okrtui's behalf (the merge driver): a command run from inside a
sync must not start another one (it would wait for the sync's own lock)."""


def git_env(*, interactive: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or _KEPT.fullmatch(k)}
    env.update({"GIT_MERGE_AUTOEDIT": "no", "GIT_EDITOR": "true", IN_SYNC: "1"})
    if not interactive:
        env["GIT_TERMINAL_PROMPT"] = "0"
    return env


class Git:
    """git in one store folder. `interactive=False` (auto mode) never waits for a password prompt
    and kills a call, with everything it started, at its timeout."""

    def __init__(self, root: Path, *, interactive: bool = True) -> None:
        refuse_option_like(str(root))
        self.root = Path(root).absolute()
        self.interactive = interactive
        found = shutil.which("git")
        if found is None:
            raise SyncError("git is not installed; install it to share a store (see the README)")
        self.exe = found
        self.env = git_env(interactive=interactive)
        self.env["GIT_CEILING_DIRECTORIES"] = str(self.root.parent)

    def run(
        self,
        *args: str,
        timeout: float | None = None,
        input: bytes | None = None,
        check: bool = True,
        cwd: Path | None = None,
    ) -> Done:
        """Run `git ARGS`; raises SyncError when it fails and `check`, UnreachableError at the timeout."""
        done = self.run_bytes(*args, timeout=timeout, input=input, cwd=cwd)
        result = Done(done.code, done.out.decode(errors="replace"), done.err.decode(errors="replace"))
        if check and not result.ok:
            raise SyncError(f"git {args[0]} failed in {self.root}: {result.reason()}")
        return result

    def run_bytes(
        self, *args: str, timeout: float | None = None, input: bytes | None = None, cwd: Path | None = None
    ) -> _Raw:
        try:
            process = subprocess.Popen(
                [self.exe, *args],
                cwd=cwd or self.root,
                env=self.env,
                stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=not self.interactive,
            )
        except OSError as error:
            raise SyncError(f"cannot run git in {cwd or self.root}: {error.strerror or error}") from None
        try:
            out, err = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise UnreachableError(f"git {args[0]} took more than {timeout:g} s") from None
        return _Raw(process.returncode, out, err)

    def value(self, *args: str) -> str | None:
        """The first line git prints, or None when it fails (an unset config key, a missing ref)."""
        done = self.run(*args, check=False)
        return done.out.strip() if done.ok and done.out.strip() else None

    def version(self) -> tuple[int, ...]:
        text = self.run("--version").out
        match = re.search(r"(\d+)\.(\d+)", text)
        return (int(match[1]), int(match[2])) if match else (0, 0)

    def require_version(self) -> None:
        found = self.version()
        if found < MIN_VERSION:
            need = ".".join(map(str, MIN_VERSION))
            raise SyncError(f"okrtui sync needs git {need} or newer (this is {'.'.join(map(str, found))})")

    def blobs(self, oids: Sequence[str]) -> dict[str, bytes]:
        """Many objects' contents in one `git cat-file --batch`."""
        wanted = list(dict.fromkeys(oids))
        if not wanted:
            return {}
        raw = self.run_bytes("cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
        found: dict[str, bytes] = {}
        data, at = raw.out, 0
        for oid in wanted:
            end = data.index(b"\n", at)
            header = data[at:end].split(b" ")
            at = end + 1
            if len(header) != 3 or not header[2].isdigit():
                continue  # "<name> missing" (or ambiguous): no content follows
            size = int(header[2])
            found[oid] = data[at : at + size]
            at += size + 1
        return found


@dataclass(frozen=True)
class _Raw:
    code: int
    out: bytes
    err: bytes


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill git and what it started (ssh): they share the session started for it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()
