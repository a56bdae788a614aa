"""A shared store's history from git: who changed what and when, and a KR as it stood in a week.

A team file holds a whole team's cycle, so git's own view (which commits touched the file) is
too coarse for one KR: `kr_log` reads each version of the file and keeps the commits in which
that KR's record, check-ins or blockers changed, saying what changed. Merges that only combined
other commits are left out (those commits are listed themselves); a merge that made something new
(a folded check-in, a recorded conflict) is listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from pydantic import ValidationError

from okrtui.core.errors import explain
from okrtui.core.history import KRThen, clean, describe_kr_change, kr_as_of, kr_slice
from okrtui.core.merge import Data
from okrtui.core.weeks import week_start
from okrtui.services.merging import parse_version
from okrtui.services.repo import StoreRepo, readable_version
from okrtui.store import Store
from okrtui.store.errors import StoreError

_FIELDS = "%H%x1f%an%x1f%ad%x1f%s"
_START = "\x1e"


@dataclass(frozen=True)
class Entry:
    commit: str
    author: str
    date: str
    message: str
    changes: list[str] = field(default_factory=list)
    """For a KR's log: what changed for that KR in this commit."""


@dataclass(frozen=True)
class Then:
    state: KRThen
    commit: Entry | None
    """The last commit of the KR's file by the end of the week; None: no history goes back so far,
    and the KR's fields are as they are now."""


def board_file(store: Store, kr_id: str) -> tuple[str, str]:
    """The KR's id as stored and its team file, relative to the store."""
    where = store.locate_kr(kr_id)
    return where.kr.id, f"cycles/{where.cycle}/{where.team}.json"


def store_log(root: Path, *, team: str | None = None, limit: int = 50) -> list[Entry]:
    """Commits of the whole store, or of one team's files (every cycle), newest first."""
    repo = StoreRepo.open(root)
    paths = [f":(glob)cycles/*/{Store(repo.root).team(team).id}.json"] if team else []
    return _entries(repo, _log(repo, f"--max-count={limit}", "--", *paths))[0]


def kr_log(root: Path, kr_id: str, *, limit: int = 50) -> list[Entry]:
    """The commits that changed one KR, newest first, each with what changed."""
    repo = StoreRepo.open(root)
    kr, path = board_file(Store(repo.root), kr_id)
    _, versions = _entries(repo, _log(repo, "--raw", "--no-abbrev", "-c", "--", path))
    blobs = repo.git.blobs([oid for _, oids in versions for oid in oids if oid])
    found: list[Entry] = []
    for entry, oids in versions:
        *parents, new = (kr_slice(readable_version(path, blobs.get(oid or "")), kr) for oid in oids)
        if all(new != parent for parent in parents or [kr_slice(None, kr)]):
            changes = describe_kr_change(parents[0] if parents else kr_slice(None, kr), new)
            if len(parents) > 1:
                changes = [f"merged: {change}" for change in changes] or ["merged"]
            found.append(Entry(entry.commit, entry.author, entry.date, entry.message, changes))
        if len(found) == limit:
            break
    return found


def kr_at(root: Path, kr_id: str, week: str) -> Then:
    """The KR as its file stood at the end of `week` (by commit date), with the latest check-in
    and the open blockers as of that week. Without history that far back, its fields now."""
    store = Store(root)
    kr, path = board_file(store, kr_id)
    commit: Entry | None = None
    data: Data | None = None
    repo = StoreRepo(store.root)
    if repo.is_repository():
        monday_after = week_start(week) + timedelta(days=7)
        listed = _log(repo, "--max-count=1", f"--before={monday_after.isoformat()} 00:00", "--", path)
        entries, _ = _entries(repo, listed)
        if entries:
            commit = entries[0]
            name = f"{commit.commit}:{path}"
            data = parse_version(f"{commit.commit[:7]}:{path}", repo.git.blobs([name]).get(name, b""))
    if commit is None:
        data = parse_version(path, (store.root / path).read_bytes())
    try:
        state = kr_as_of(data, kr, week)
    except ValidationError as error:
        raise StoreError(f"{path} as of {week} holds a record okrtui cannot read: {explain(error)}") from None
    if state is None:
        raise StoreError(f"{kr} did not exist yet at the end of {week}")
    return Then(state, commit)


def _log(repo: StoreRepo, *args: str) -> str:
    if repo.head() is None:
        return ""
    return repo.git.run("log", f"--format={_START}{_FIELDS}", "--date=format-local:%Y-%m-%d %H:%M", *args).out


def _entries(repo: StoreRepo, text: str) -> tuple[list[Entry], list[tuple[Entry, list[str | None]]]]:
    """Entries of `git log` output, and with `--raw` each commit's file versions (parents', then
    its own; None where the file did not exist)."""
    entries: list[Entry] = []
    versions: list[tuple[Entry, list[str | None]]] = []
    for chunk in text.split(_START)[1:]:
        head, _, raw = chunk.partition("\n")
        commit, author, date, subject = [*head.split("\x1f", 3), "", "", ""][:4]
        entry = Entry(commit, clean(author), date, clean(subject))
        entries.append(entry)
        for line in raw.splitlines():
            if line.startswith(":"):
                oids = [t for t in line.split("\t")[0].split(" ") if len(t) == 40]
                versions.append((entry, [None if set(o) == {"0"} else o for o in oids]))
    return entries, versions
