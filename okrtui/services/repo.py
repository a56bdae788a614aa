"""A store folder that is a git repository: the local half of a sync (commit, merge, apply) and the
network half (fetch, push), each a few fixed git calls.

Merges never run in the store's files: `git merge-tree --write-tree` merges in git's object
database (calling `okrtui merge-driver` for store files), the result is checked like any store
file, and only then are the changed files replaced, each atomically, under the store's lock. A
merge that fails, or brings in a file okrtui cannot read, leaves every file as it was.
"""

from __future__ import annotations

import shlex
import socket
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from okrtui.core.history import changed_counts, clean, counted, say_counts, summary
from okrtui.core.merge import Data
from okrtui.core.sync_count import CONFLICTS, NOTICES
from okrtui.paths import login_name
from okrtui.services.git import Done, Git, SyncError, UnreachableError
from okrtui.services.merging import is_store_file, parse_version
from okrtui.store.errors import StoreError
from okrtui.store.files import LOCK_NAME, LockBusyError, StoreLock, atomic_write
from okrtui.store.kr_index import INDEX_NAME
from okrtui.store.repository import LOCK_TIMEOUT, WORKSPACE

STORE_LOCK = LOCK_NAME
SYNC_LOCK = "okrtui-sync.lock"
"""Kept in the git folder: one okrtui git operation at a time per store (git's own index lock
would make the second one fail instead of wait)."""
ATTRIBUTES = (
    f"{WORKSPACE} merge=okrtui",
    "cycles/**/*.json merge=okrtui",
    "notes/** merge=union",
    ".gitattributes merge=union",
    ".gitignore merge=union",
)
"""Store files merge record by record; notes and these two files keep both sides' lines."""
IGNORED = (STORE_LOCK, ".*.tmp-*", "live/", INDEX_NAME)
"""The lock, a killed writer's temp files, the meetings' live files (they last a meeting), and the
KR indexes (they describe this machine's files: inodes and times)."""
REGULAR_MODES = {"100644", "100755"}
MESSAGE_FILES = 4
"""A commit of more store files than this says totals, not file by file."""


def driver_command() -> str:
    """The merge driver as git runs it (through a shell): this very interpreter, by absolute path,
    so merges work from cron, hooks and shells where `okrtui` is not on PATH."""
    return f"{shlex.quote(str(Path(sys.executable).absolute()))} -m okrtui merge-driver %O %A %B %P"


@dataclass(frozen=True)
class Upstream:
    remote: str
    branch: str

    @property
    def tracking(self) -> str:
        return f"refs/remotes/{self.remote}/{self.branch}"

    @property
    def label(self) -> str:
        return f"{self.remote}/{self.branch}"


@dataclass(frozen=True)
class Change:
    path: str
    old: str | None
    new: str | None
    mode: str


@dataclass
class Integration:
    brought: int = 0
    """Commits from others that are now part of this store."""
    news: list[str] = field(default_factory=list)
    """Conflicts and notices this store had not seen, as sentences."""


class StoreRepo:
    def __init__(self, root: Path, *, interactive: bool = True, timeout: float | None = None) -> None:
        self.git = Git(root, interactive=interactive)
        self.root = self.git.root
        self.timeout = timeout
        self._identity: list[str] | None = None
        self._git_dir: Path | None = None

    @classmethod
    def open(cls, root: Path, *, interactive: bool = True, timeout: float | None = None) -> StoreRepo:
        repo = cls(root, interactive=interactive, timeout=timeout)
        if not repo.is_repository():
            raise SyncError(
                f"the store at {repo.root} is not shared through git yet; run `okrtui sync init [REMOTE]`"
            )
        return repo

    # -- set-up -----------------------------------------------------------------------------------

    def is_repository(self) -> bool:
        if not self.root.is_dir():
            return False
        top = self.git.value("rev-parse", "--show-toplevel")
        return top is not None and Path(top).resolve() == self.root.resolve()

    def create(self) -> None:
        self.git.run("init", "--quiet")

    def git_dir(self) -> Path:
        if self._git_dir is None:
            found = self.git.value("rev-parse", "--absolute-git-dir")
            if found is None:
                raise SyncError(f"{self.root} is not a git repository")
            self._git_dir = Path(found)
        return self._git_dir

    def configure(self) -> None:
        """Register the merge driver in this repository (every sync: it follows the interpreter)."""
        if self.git.value("config", "--get", "merge.okrtui.driver") != driver_command():
            self.git.run("config", "merge.okrtui.name", "okrtui store files, merged record by record")
            self.git.run("config", "merge.okrtui.driver", driver_command())
        info = self.git_dir() / "info"
        _add_lines(info / "attributes", ATTRIBUTES)
        _add_lines(info / "exclude", IGNORED)  # before `.gitignore` arrives with the remote's files

    def write_shared_settings(self) -> bool:
        """`.gitattributes` and `.gitignore` in the store, so every clone merges and ignores alike."""
        changed = _add_lines(self.root / ".gitattributes", ATTRIBUTES)
        return _add_lines(self.root / ".gitignore", IGNORED) or changed

    def check_ready(self) -> None:
        if (self.git_dir() / "MERGE_HEAD").exists():
            raise SyncError(
                f"a git merge is in progress in {self.root}; finish it or run `git merge --abort`"
            )
        self.branch()

    def branch(self) -> str:
        name = self.git.value("symbolic-ref", "--quiet", "--short", "HEAD")
        if name is None:
            raise SyncError(f"the store at {self.root} is not on a branch (detached HEAD); check one out")
        return name

    def head(self) -> str | None:
        return self.git.value("rev-parse", "--verify", "--quiet", "HEAD^{commit}")

    def set_remote(self, url: str) -> None:
        if self.git.value("remote", "get-url", "--", "origin") is None:
            self.git.run("remote", "add", "--", "origin", url)
        else:
            self.git.run("remote", "set-url", "--", "origin", url)

    def upstream(self) -> Upstream | None:
        """Where this branch syncs: its configured upstream, else `origin` and the same name."""
        branch = self.branch()
        remote = self.git.value("config", "--get", f"branch.{branch}.remote")
        merge = self.git.value("config", "--get", f"branch.{branch}.merge")
        if remote and merge and remote != ".":
            return Upstream(remote, merge.removeprefix("refs/heads/"))
        if self.git.value("remote", "get-url", "--", "origin") is not None:
            return Upstream("origin", branch)
        return None

    def set_upstream(self, upstream: Upstream) -> None:
        branch = self.branch()
        self.git.run("config", f"branch.{branch}.remote", upstream.remote)
        self.git.run("config", f"branch.{branch}.merge", f"refs/heads/{upstream.branch}")

    def remote_default(self, remote: str) -> str | None:
        """The branch a remote's HEAD names (None for an empty remote)."""
        done = self._network("ls-remote", "--symref", "--", remote, "HEAD")
        if not done.ok:
            raise UnreachableError(f"{remote} could not be reached: {done.reason()}")
        for line in done.out.splitlines():
            if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
                return line.removeprefix("ref: refs/heads/").removesuffix("\tHEAD")
        return None

    # -- locks ------------------------------------------------------------------------------------

    @contextmanager
    def sync_lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        try:
            with StoreLock(self.git_dir(), timeout, SYNC_LOCK):
                yield
        except LockBusyError:
            raise SyncError(f"another okrtui is syncing the store at {self.root}; try again") from None

    @contextmanager
    def store_lock(self) -> Iterator[None]:
        """The store's own write lock: no okrtui writes a file while git's view of it changes."""
        try:
            with StoreLock(self.root, LOCK_TIMEOUT, STORE_LOCK):
                yield
        except LockBusyError:
            raise SyncError(
                f"the store at {self.root} is busy (locked by another okrtui); try again"
            ) from None

    # -- committing -------------------------------------------------------------------------------

    def identity(self) -> list[str]:
        """`-c user.name=... -c user.email=...` when git has no identity for this user (a fresh
        machine, cron): the login name, so a commit never fails for want of a name."""
        if self._identity is None:
            known = self.git.run("var", "GIT_AUTHOR_IDENT", check=False).ok
            name = login_name() or "okrtui"
            email = f"{name}@{socket.gethostname() or 'localhost'}"
            self._identity = [] if known else ["-c", f"user.name={name}", "-c", f"user.email={email}"]
        return self._identity

    def local_changes(self) -> list[str]:
        """Paths (relative, with /) that differ from the last commit, new files included."""
        out = self.git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames").out
        return sorted({entry[3:] for entry in out.split("\0") if len(entry) > 3})

    def check_local(self, paths: Iterable[str]) -> dict[str, Data]:
        """The store files among `paths` as this okrtui reads them; a damaged or newer one is refused
        so that sync never spreads a file nobody can read."""
        read: dict[str, Data] = {}
        for path in paths:
            file = self.root / path
            if is_store_file(path) and file.is_file():
                read[path] = parse_version(str(file), file.read_bytes())
        return read

    def commit_local(self, message: str | None = None) -> str | None:
        """Commit every local change (the caller holds the store lock); returns the message."""
        paths = self.local_changes()
        if not paths:
            return None
        after = self.check_local(paths)
        message = message or self._describe(paths, after)
        self.git.run("add", "--all", "--", ".")
        self.git.run(*self.identity(), "commit", "--quiet", "--no-verify", "--file=-", input=message.encode())
        return message

    def commit_paths(self, paths: Sequence[str], message: str) -> bool:
        """Commit just these files (one store write), with a message a person reads."""
        self.check_local(paths)
        present = [p for p in paths if (self.root / p).exists()]
        if present:
            self.git.run("add", "--", *present)
        if self.git.run("diff", "--cached", "--quiet", "--", *paths, check=False).ok:
            return False
        commit = ["commit", "--quiet", "--no-verify", "--file=-", "--", *paths]
        self.git.run(*self.identity(), *commit, input=message.encode())
        return True

    def _describe(self, paths: list[str], after: dict[str, Data]) -> str:
        """Local changes: platform 2026-Q4: 2 check-ins; workspace: 1 team (totals when many)."""
        before = self._read_versions([f"HEAD:{p}" for p in after])
        others = [p for p in paths if p not in after]
        if len(after) > MESSAGE_FILES:
            totals: Counter[str] = Counter()
            for path, data in after.items():
                totals.update(changed_counts(before.get(f"HEAD:{path}"), data))
            return f"Local changes in {counted(len(paths), 'file')}: {say_counts(totals)}"
        parts = [f"{_label(p)}: {summary(before.get(f'HEAD:{p}'), data)}" for p, data in after.items()]
        if others:
            parts.append(counted(len(others), "other file"))
        return "Local changes: " + "; ".join(parts)

    def _read_versions(self, names: Sequence[str]) -> dict[str, Data]:
        """Versions git has (by object name), leaving out what is missing or unreadable."""
        read = {name: readable_version(name, raw) for name, raw in self.git.blobs(names).items()}
        return {name: data for name, data in read.items() if data is not None}

    # -- the network ------------------------------------------------------------------------------

    def _network(self, *args: str) -> Done:
        """A call that talks to the remote: bounded by the timeout, its failure the caller's to read."""
        return self.git.run(*args, check=False, timeout=self.timeout)

    def fetch(self, upstream: Upstream) -> str | None:
        """The remote branch's newest commit, or None when the remote has no such branch yet."""
        done = self._network("fetch", "--quiet", "--no-tags", "--prune", "--", upstream.remote)
        if not done.ok:
            raise UnreachableError(f"{upstream.remote} could not be reached: {done.reason()}")
        return self.git.value("rev-parse", "--verify", "--quiet", f"{upstream.tracking}^{{commit}}")

    def push(self, upstream: Upstream) -> bool:
        """Share HEAD; False when someone pushed first (fetch and merge again)."""
        refspec = f"HEAD:refs/heads/{upstream.branch}"
        done = self._network("push", "--porcelain", "--no-verify", "--", upstream.remote, refspec)
        if done.ok:
            return True
        if any(line.startswith("!") and "[rejected]" in line for line in done.out.splitlines()):
            return False
        if any(line.startswith("!") for line in done.out.splitlines()):
            raise SyncError(f"{upstream.remote} refused the changes: {done.reason()}")
        raise UnreachableError(f"{upstream.remote} could not be reached: {done.reason()}")

    def pending(self, upstream: Upstream | None) -> int:
        """Commits here that the remote does not have."""
        if self.head() is None:
            return 0
        shared = upstream and self.git.value("rev-parse", "--verify", "--quiet", upstream.tracking)
        span = f"{shared}..HEAD" if shared else "HEAD"
        return int(self.git.run("rev-list", "--count", span).out.strip() or 0)

    # -- merging ----------------------------------------------------------------------------------

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.git.run("merge-base", "--is-ancestor", older, newer, check=False).ok

    def integrate(self, incoming: str, upstream: Upstream, *, unrelated: bool = False) -> Integration:
        """Bring the remote's commit into this store (the caller holds the store lock)."""
        head = self.head()
        if head is not None and (head == incoming or self.is_ancestor(incoming, head)):
            return Integration()
        if head is None or self.is_ancestor(head, incoming):
            target = incoming
        else:
            tree = self._merge_tree(head, incoming, upstream, unrelated)
            count = self._count(head, incoming)
            message = f"Merged {counted(count, 'change')} from {upstream.label}"
            commit = ["commit-tree", tree, "-p", head, "-p", incoming, "-m", message]
            target = self.git.run(*self.identity(), *commit).out.strip()
        changes = self._changes(head or self._empty_tree(), target)
        blobs = self.git.blobs([c.new for c in changes if c.new] + [c.old for c in changes if c.old])
        news = self._check_incoming(changes, blobs, upstream)
        self._apply(changes, blobs)
        note = f"okrtui sync with {upstream.label}"
        self.git.run("update-ref", "-m", note, "HEAD", target, head or "")  # "": must not exist yet
        self.git.run("reset", "--quiet")
        return Integration(self._count(head, incoming), news)

    def _empty_tree(self) -> str:
        """What a fresh clone compares the remote's files with (its id depends on the hash)."""
        return self.git.run("hash-object", "-t", "tree", "--stdin", input=b"").out.strip()

    def _count(self, head: str | None, incoming: str) -> int:
        span = [f"{head}..{incoming}"] if head else [incoming]
        return int(self.git.run("rev-list", "--count", *span).out.strip() or 0)

    def _merge_tree(self, head: str, incoming: str, upstream: Upstream, unrelated: bool) -> str:
        extra = ["--allow-unrelated-histories"] if unrelated else []
        done = self.git.run("merge-tree", "--write-tree", "--name-only", *extra, head, incoming, check=False)
        if done.ok:
            return done.out.split("\n", 1)[0].strip()
        if done.code != 1:
            if "unrelated histories" in done.err:
                raise SyncError(
                    f"{upstream.label} has a history unrelated to this store's; check the remote"
                    " (`okrtui sync init REMOTE` joins a store that already has one)"
                )
            raise SyncError(f"git could not merge {upstream.label}: {done.reason()}")
        files, _, _ = done.out.partition("\n\n")
        conflicted = sorted(set(files.splitlines()[1:]))
        why = [clean(line) for line in done.err.splitlines() if line.startswith("okrtui")]
        raise SyncError(
            f"could not merge {', '.join(conflicted) or 'the store'} with {upstream.label}"
            + (f" ({why[0]})" if why else "")
            + "; the store is as it was and nothing was shared"
        )

    def _changes(self, old: str, new: str) -> list[Change]:
        out = self.git.run("diff-tree", "-r", "-z", "--no-renames", old, new).out
        fields = out.split("\0")
        changes = []
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            if not meta.startswith(":"):
                continue
            _, mode, old_oid, new_oid, _ = meta[1:].split(" ")
            changes.append(Change(path, _oid(old_oid), _oid(new_oid), mode))
        return changes

    def _check_incoming(
        self, changes: list[Change], blobs: dict[str, bytes], upstream: Upstream
    ) -> list[str]:
        """Refuse what okrtui could not read; collect the conflicts and notices new to this store."""
        news: list[str] = []
        for change in changes:
            if change.new and change.mode not in REGULAR_MODES:
                raise SyncError(f"{upstream.label} has {change.path} as a link or folder link; not merged")
            if not change.new or not is_store_file(change.path):
                continue
            try:
                after = parse_version(f"{upstream.label}:{change.path}", blobs[change.new])
            except StoreError as error:
                raise SyncError(f"did not merge: {error}; this store is as it was") from None
            before = readable_version(change.path, blobs.get(change.old or ""))
            news += _new_messages(before, after)
        return news

    def _apply(self, changes: list[Change], blobs: dict[str, bytes]) -> None:
        """Replace the changed files, each atomically; team files before the workspace that lists
        their cycle, as the store itself writes them."""
        for change in sorted(changes, key=lambda c: (c.path == WORKSPACE, c.path)):
            target = self.root / change.path
            if change.new is None:
                target.unlink(missing_ok=True)
            else:
                atomic_write(target, blobs[change.new])


def readable_version(label: str, raw: bytes | None) -> Data | None:
    """A version for comparing with, or None when there is none okrtui can read."""
    if raw is None:
        return None
    try:
        return parse_version(label, raw)
    except StoreError:
        return None


def _oid(text: str) -> str | None:
    return None if set(text) == {"0"} else text


def _label(path: str) -> str:
    """How a person names a store file: "workspace", "platform 2026-Q4", "notes"."""
    parts = path.split("/")
    if path == WORKSPACE:
        return "workspace"
    if len(parts) == 3 and parts[0] == "cycles":
        return f"{parts[2].removesuffix('.json')} {parts[1]}"
    return parts[0] if parts[0] == "notes" else path


def _new_messages(before: Data | None, after: Data) -> list[str]:
    messages = []
    for table, word in ((CONFLICTS, "conflict"), (NOTICES, "notice")):
        known = {row.get("id") for row in (before or {}).get(table, {}).values()}
        for row in after.get(table, {}).values():
            if row.get("id") not in known and not (row.get("resolved") or row.get("seen")):
                messages.append(f"{word}: {clean(row.get('message', ''))}")
    return messages


def _add_lines(path: Path, lines: Sequence[str]) -> bool:
    """Append the lines a file lacks; True when it changed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    have = set(text.splitlines())
    missing = [line for line in lines if line not in have]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write(path, (text + "\n".join(missing) + "\n").encode("utf-8"))
    return True
