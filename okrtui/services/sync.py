"""Sharing a store through git: `okrtui sync init`, `okrtui sync`, and the hooks of auto mode.

A sync commits what changed here, fetches, merges the remote's commits in (store files record by
record, through `okrtui merge-driver`) and pushes. The network is optional: offline, the changes
stay committed here and the next sync shares them. Only fetch and push wait on the network, and
never while the store's lock is held; the local steps (commit, merge, replacing files) run under
the lock, so no okrtui writes a file while git's view of it changes.

With `sync = "auto"` in the config, `after_write` commits each store write with its own message
and shares it, and `before_command` pulls before a command reads the store, both with a short
timeout and never failing the command they serve.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from okrtui.config import sync_is_auto
from okrtui.core.history import counted
from okrtui.services.git import IN_SYNC, SyncError, UnreachableError, refuse_option_like
from okrtui.services.repo import StoreRepo, Upstream
from okrtui.store.errors import StoreError
from okrtui.store.files import make_dir
from okrtui.store.repository import WriteEvent

AUTO_TIMEOUT = 5.0
"""Seconds a network call may take in auto mode before the command goes on offline."""
PUSH_ATTEMPTS = 4
"""Someone else may push between our fetch and our push; then fetch, merge and push again."""


@dataclass
class SyncReport:
    upstream: str | None = None
    """Where the store syncs ("origin/main"); None without a remote."""
    committed: str | None = None
    """The message of the commit of local changes, if there were any."""
    brought: int = 0
    """Commits from others merged in."""
    news: list[str] = field(default_factory=list)
    """Conflicts and notices the merge recorded, as sentences."""
    pushed: bool = False
    offline: str | None = None
    """Why the remote could not be reached, when it could not."""
    pending: int = 0
    """Commits not yet on the remote."""


def init(root: Path, remote: str | None = None) -> SyncReport:
    """Make the store a git repository (or adopt the one it is), register the merge driver, and
    with a remote share it there, or join the store the remote already holds."""
    refuse_option_like(str(root), *([remote] if remote else []))
    make_dir(Path(root))
    repo = StoreRepo(root)
    repo.git.require_version()
    if not repo.is_repository():
        repo.create()
    repo.configure()
    if remote:
        repo.set_remote(remote)
        _settle_upstream(repo, "origin")
    return _sync(repo, joining=True)


def sync(root: Path, *, interactive: bool = True, timeout: float | None = None) -> SyncReport:
    """Commit local changes, fetch, merge, push. Offline is not an error: see `report.offline`."""
    refuse_option_like(str(root))
    repo = StoreRepo.open(root, interactive=interactive, timeout=timeout)
    repo.git.require_version()
    repo.configure()
    return _sync(repo, joining=False)


def _settle_upstream(repo: StoreRepo, remote: str) -> None:
    """Sync with the remote's own branch: a fresh repository takes its name."""
    default = repo.remote_default(remote)
    if default and repo.head() is None:
        repo.git.run("symbolic-ref", "HEAD", f"refs/heads/{default}")
    repo.set_upstream(Upstream(remote, default or repo.branch()))


def _sync(repo: StoreRepo, *, joining: bool) -> SyncReport:
    with repo.sync_lock():
        repo.check_ready()
        upstream = repo.upstream()
        report = SyncReport(upstream=upstream.label if upstream else None)
        fresh_clone = joining and upstream is not None and repo.head() is None
        if not fresh_clone:
            with repo.store_lock():  # committed before the network: offline, the changes wait safely
                _commit_here(repo, report, settings=True)
        if upstream is None:
            return report
        try:
            for _ in range(PUSH_ATTEMPTS):
                incoming = repo.fetch(upstream)
                with repo.store_lock():
                    fresh_join = fresh_clone and incoming is not None and repo.head() is None
                    _commit_here(repo, report, settings=not fresh_join)  # and what was written since
                    if incoming:
                        merged = repo.integrate(incoming, upstream, unrelated=joining)
                        report.brought += merged.brought
                        report.news += merged.news
                    if fresh_join:
                        _commit_here(repo, report, settings=True)
                head = repo.head()
                if head is None or head == incoming:
                    break
                if repo.push(upstream):
                    report.pushed = True
                    break
            else:
                raise SyncError(f"{upstream.label} kept changing while syncing; try again")
        except UnreachableError as error:
            report.offline = str(error)
        report.pending = repo.pending(upstream)
        return report


def _commit_here(repo: StoreRepo, report: SyncReport, *, settings: bool) -> None:
    """Commit local changes, with the shared merge settings unless a fresh clone is about to take
    the remote's (then joining a store adds no commit of its own)."""
    if settings:
        repo.write_shared_settings()
    report.committed = repo.commit_local() or report.committed


# -- auto mode --------------------------------------------------------------------------------------


def _auto() -> bool:
    """Auto mode is on, and this is not a process git started during a sync."""
    return not os.environ.get(IN_SYNC) and sync_is_auto()


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def after_write(event: WriteEvent, *, share: bool = True, say: Callable[[str], None] = _stderr) -> None:
    """Auto mode: commit the files one store write replaced, with its message; then share.

    Never raises: the write it follows has succeeded, and what could not be committed or shared
    now is committed or shared by the next sync. Call it after the store's lock is released.
    """
    if not _auto():
        return
    try:
        repo = StoreRepo(event.root, interactive=False, timeout=AUTO_TIMEOUT)
        if not repo.is_repository():
            return
        paths = [_inside(repo.root, Path(p)) for p in event.paths]
        with repo.sync_lock():
            repo.commit_paths(paths, event.message)
        if share:
            tell(sync(repo.root, interactive=False, timeout=AUTO_TIMEOUT), say)
    except StoreError as error:
        say(f"okrtui: not synced: {error}")


def before_command(root: Path, *, say: Callable[[str], None] = _stderr) -> None:
    """Auto mode: pull (and share what waits) before a command reads the store; never raises."""
    if not _auto():
        return
    try:
        if StoreRepo(root, interactive=False).is_repository():
            tell(sync(root, interactive=False, timeout=AUTO_TIMEOUT), say)
    except StoreError as error:
        say(f"okrtui: not synced: {error}")


def tell(report: SyncReport, say: Callable[[str], None]) -> None:
    """What a person should hear from a background sync: news, and that it is offline."""
    for line in report.news:
        say(line)
    if report.offline:
        say(offline_line(report.pending))


def offline_line(pending: int) -> str:
    return f"offline, {counted(pending, 'change')} not yet shared"


def _inside(root: Path, path: Path) -> str:
    """A written file's path (absolute, or relative to where okrtui runs, as the store names it)
    relative to the store, with /."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise SyncError(f"{path} is not inside the store at {root}") from None
