"""The typed store API. Everything above this module sees pydantic models, never TinyDB or paths.

Reads go through a `StoreView`: each file is parsed at most once per view, without a lock (files
are only ever replaced whole). Writes go through a `Transaction`: the store lock is held, every
file is read fresh (once), each record written is checked against the revision its writer read,
and each changed file is replaced once, atomically, when the block ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from difflib import get_close_matches
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from okrtui.core.board import Board
from okrtui.core.checkin import CheckInRequest, Filed, KRRef, file_checkin
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.errors import explain
from okrtui.core.models import (
    Action,
    Away,
    Blocker,
    CheckIn,
    Cycle,
    CycleState,
    Direction,
    KeyResult,
    KRKind,
    Meeting,
    Objective,
    Record,
    Team,
)
from okrtui.core.retro_record import Retro
from okrtui.core.sync_records import SyncConflict, SyncNotice, WorkspaceSync
from okrtui.core.when import ago
from okrtui.store.errors import (
    DraftGoneError,
    NotFoundError,
    StaleWriteError,
    StoreError,
    UnreadableFileError,
    skipped_warning,
)
from okrtui.store.files import (
    Signature,
    StoreLock,
    WriteReport,
    atomic_write,
    clean_stale_temps,
    probe_folder,
    read_json_signed,
    signatures,
)
from okrtui.store.kr_index import CycleIndex, kr_ids, merged, read_index, write_index
from okrtui.store.lookup import current_cycle, find_cycle, find_team
from okrtui.store.schema import stamp
from okrtui.store.tables import open_tables, remove, rows_by_id, upsert

R = TypeVar("R", bound=Record)
LOCK_TIMEOUT = 15.0
WORKSPACE = "workspace.json"
BOARD_TABLES: dict[str, type[Record]] = {
    "objectives": Objective,
    "key_results": KeyResult,
    "checkins": CheckIn,
    "blockers": Blocker,
    "meetings": Meeting,
    "drafts": DraftKeyResult,
    "retros": Retro,
    "actions": Action,
}
SYNC_TABLES: dict[str, type[Record]] = {"conflicts": SyncConflict, "sync_notices": SyncNotice}
"""What the merge driver leaves on a board (read with it; never exported or imported)."""
WORKSPACE_TABLES: dict[str, type[Record]] = {"teams": Team, "cycles": Cycle, "away": Away}


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class KRLocation:
    cycle: str
    team: str
    kr: KeyResult

    @property
    def ref(self) -> KRRef:
        return KRRef(cycle=self.cycle, team=self.team, kr=self.kr.id)


@dataclass(frozen=True)
class CheckInResult:
    location: KRRef
    filed: Filed
    also: list[Record] = field(default_factory=list)
    """The other records saved in the same write, as stored (with their new revisions)."""

    @property
    def checkin(self) -> CheckIn:
        return self.filed.checkin

    @property
    def raised(self) -> list[Blocker]:
        return self.filed.raised

    @property
    def resolved(self) -> list[Blocker]:
        return self.filed.resolved


@dataclass(frozen=True)
class WriteEvent:
    """Told to the store's hooks after each successful transaction (e.g. git sync commits it)."""

    root: Path
    paths: list[Path]
    message: str


def table_of(doc: Record) -> str:
    for table, model in {**BOARD_TABLES, **SYNC_TABLES, **WORKSPACE_TABLES}.items():
        if isinstance(doc, model):
            return table
    raise TypeError(f"cannot store {type(doc).__name__}")


def _row_order(item: tuple[str, object]) -> int:
    return int(item[0])


class StoreView:
    """A consistent-enough read of the store: each file parsed (and validated) at most once.

    Unreadable boards met while searching (`locate`) are remembered in `problems`, named once, and
    never block another team's work.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._data: dict[Path, dict[str, Any] | None] = {}
        self._models: dict[tuple[Path, str], list[Record]] = {}
        self._signed: dict[Path, Signature] = {}
        """The signature each file had when it was read (not kept for a file being changed)."""
        self._indexes: dict[str, CycleIndex] = {}
        self.problems: dict[Path, str] = {}

    # -- files ---------------------------------------------------------------------------------

    def data(self, path: Path) -> dict[str, Any] | None:
        if path not in self._data:
            data, signed = read_json_signed(path, self.store.root)
            self._data[path] = data
            if signed is not None:
                self._signed[path] = signed
        return self._data[path]

    def records(self, path: Path, table: str, model: type[R]) -> list[R]:
        key = (path, table)
        if key not in self._models:
            rows = (self.data(path) or {}).get(table, {})
            try:
                self._models[key] = [
                    model.model_validate(row) for _, row in sorted(rows.items(), key=_row_order)
                ]
            except ValidationError as error:
                raise UnreadableFileError(path, f"a {table} record is invalid: {explain(error)}") from None
        return self._models[key]  # type: ignore[return-value]  # stored under its own model

    def forget(self, path: Path) -> None:
        """Drop what was parsed from `path` (it is being changed)."""
        self._models = {k: v for k, v in self._models.items() if k[0] != path}

    # -- workspace -----------------------------------------------------------------------------

    def teams(self) -> list[Team]:
        return self.records(self.store.workspace_path, "teams", Team)

    def cycles(self) -> list[Cycle]:
        return sorted(self.records(self.store.workspace_path, "cycles", Cycle), key=lambda c: c.start)

    def team(self, team_ref: str) -> Team:
        """A team by id or by name (case-insensitive)."""
        return find_team(self.teams(), team_ref)

    def cycle(self, cycle_id: str) -> Cycle:
        return find_cycle(self.cycles(), cycle_id)

    def current_cycle(self, today: date) -> Cycle | None:
        """The open cycle holding today, else the newest open one, else the newest of all."""
        return current_cycle(self.cycles(), today)

    def workspace_sync(self) -> WorkspaceSync:
        path = self.store.workspace_path
        return WorkspaceSync(
            self.records(path, "conflicts", SyncConflict), self.records(path, "sync_notices", SyncNotice)
        )

    # -- boards --------------------------------------------------------------------------------

    def board(self, cycle: Cycle, team: Team) -> Board:
        path = self.store.board_path(cycle.id, team.id)
        tables = {
            name: self.records(path, name, model) for name, model in {**BOARD_TABLES, **SYNC_TABLES}.items()
        }
        return Board(cycle=cycle, team=team, **tables)  # type: ignore[arg-type]  # each table its model

    def boards(self, cycle: Cycle, team: Team | None = None) -> list[Board]:
        """The boards of a cycle: one team's (its file must be readable), or every readable team's.

        Asked for every team, a board that cannot be read is skipped and named (`unreadable`): one
        team's damaged file never keeps the others from being seen."""
        if team is not None:
            return [self.board(cycle, team)]
        return [board for t in self.teams() if (board := self.readable_board(cycle, t)) is not None]

    def readable_board(self, cycle: Cycle, team: Team) -> Board | None:
        """The board, or None (named once in `problems` and the store's warnings) if it cannot be read."""
        try:
            return self.board(cycle, team)
        except StoreError as error:
            self.unreadable(self.store.board_path(cycle.id, team.id), error)
            return None

    def unreadable(self, path: Path, error: StoreError) -> None:
        """Remember a file that was skipped, and tell the user once (a CLI warning, a TUI notice)."""
        if path in self.problems:
            return
        self.problems[path] = str(error)
        warning = skipped_warning(error)
        if warning not in self.store.warnings:
            self.store.warnings.append(warning)

    def searched_cycles(self, *, everywhere: bool = False) -> list[Cycle]:
        """Where a record is looked for, in order: the open cycles, newest first, then the newest closed
        one (so a late check-in hears that its cycle closed); with `everywhere`, all of history."""
        cycles = list(reversed(self.cycles()))
        if everywhere:
            return cycles
        closed = [c for c in cycles if c.state is CycleState.CLOSED]
        return [c for c in cycles if c.state is not CycleState.CLOSED] + closed[:1]

    def locate(
        self, table: str, doc_id: str, *, everywhere: bool = False
    ) -> tuple[Cycle, Team, Record] | None:
        """Find a board record by id (see `searched_cycles`).

        A check-in or a draft can only go to an open cycle, so only those boards are searched, not
        the whole history; a KR through each cycle's index, which reads its own team's file and,
        for a mistyped id, none the index vouches for. A board that cannot be read is noted in
        `problems` and skipped: another team's damaged file blocks nobody.
        """
        wanted = doc_id.strip().lower()
        teams = self.teams()
        for cycle in self.searched_cycles(everywhere=everywhere):
            if table == "key_results":
                found = self._find_kr(cycle, teams, wanted)
            else:
                found = next(filter(None, (self._find_on(cycle, t, table, wanted) for t in teams)), None)
            if found is not None:
                return cycle, *found
        return None

    def _find_on(self, cycle: Cycle, team: Team, table: str, wanted: str) -> tuple[Team, Record] | None:
        path = self.store.board_path(cycle.id, team.id)
        try:
            found = self.records(path, table, BOARD_TABLES[table])
        except StoreError as error:
            self.unreadable(path, error)
            return None
        return next(((team, doc) for doc in found if doc.id.lower() == wanted), None)

    def _find_kr(self, cycle: Cycle, teams: list[Team], wanted: str) -> tuple[Team, Record] | None:
        """A KR of one cycle through its index (see `store.kr_index`): the team the index names is
        read first; other teams' files are read only where the index cannot vouch for them, and
        what those reads learn is written back to the index."""
        root = self.store.root
        index = self._indexes[cycle.id] = read_index(root, cycle.id)
        named = index.team_of(wanted)
        hinted = next((t for t in teams if t.id == named), None)
        if hinted is not None:
            found = self._find_on(cycle, hinted, "key_results", wanted)
            if found is not None:
                return found
            index = CycleIndex()  # it named the wrong file: trust none of it
        now = signatures(root, root / "cycles" / cycle.id, ".json")
        unsure = [t for t in teams if t is not hinted and not index.trusted(t.id, now.get(f"{t.id}.json"))]
        found = next(filter(None, (self._find_on(cycle, t, "key_results", wanted) for t in unsure)), None)
        self._learned(cycle.id, [hinted, *unsure] if hinted else unsure)
        return found

    def _learned(self, cycle_id: str, teams: Iterable[Team | None]) -> None:
        """Write the KR ids just read from `teams`' files into the cycle's index, if the lock is free."""
        known = []
        for team in filter(None, teams):
            path = self.store.board_path(cycle_id, team.id)
            if path in self._signed and self._valid(path):
                known.append((team.id, self._signed[path], kr_ids(self._data[path])))
        if not known:
            return
        root = self.store.root
        with suppress(StoreError, OSError), self._index_lock():  # busy or read-only: read again next time
            old = read_index(root, cycle_id)
            new = merged(old, signatures(root, root / "cycles" / cycle_id, ".json"), known)
            if new != old:
                write_index(root, cycle_id, new)

    def _index_lock(self) -> AbstractContextManager[object]:
        return StoreLock(self.store.root, timeout=0)

    def _valid(self, path: Path) -> bool:
        """Whether the file's KRs were read and validated (an invalid one is indexed by nobody)."""
        return (path, "key_results") in self._models

    def kr_ids_seen(self) -> set[str]:
        """Every KR id this view has read or its indexes named: what a "did you mean" can offer."""
        ids = {kr for data in self._data.values() for kr in kr_ids(data)}
        return ids.union(*(index.ids() for index in self._indexes.values()))

    def locate_kr(self, kr_id: str, *, everywhere: bool = False) -> KRLocation:
        found = self.locate("key_results", kr_id, everywhere=everywhere)
        if found is None:
            where = ", ".join(c.id for c in self.searched_cycles(everywhere=everywhere)) or "no cycles yet"
            close = get_close_matches(kr_id.strip().lower(), sorted(self.kr_ids_seen()), n=1)
            what = f"no key result {kr_id!r} in {where}"
            if close:
                raise NotFoundError(self._missing(what, f"did you mean {close[0]}?", suggested=True))
            raise NotFoundError(self._missing(what, "see `okrtui status` for ids"))
        cycle, team, kr = found
        assert isinstance(kr, KeyResult)
        return KRLocation(cycle.id, team.id, kr)

    def _missing(self, what: str, hint: str, *, suggested: bool = False) -> str:
        """Why an id was not found: the first unreadable board met (named once), and a suggestion."""
        if self.problems:
            _path, problem = next(iter(self.problems.items()))
            return f"{what} in the readable boards ({problem})" + (f"; {hint}" if suggested else "")
        return f"{what} ({hint})"

    def all_ids(self) -> set[str]:
        """Every id on every readable board; checked when creating objectives and KRs, which is rare.

        A board that cannot be read is noted in `problems` and skipped: new ids are random enough
        that one of its ids coming up again is not worth blocking another team's import for."""
        ids: set[str] = set()
        for cycle in self.cycles():
            for board in self.boards(cycle):
                ids |= board.ids()
        return ids


class Transaction(StoreView):
    """Writes under the store lock; see `Store.transaction`. Each changed file is written once."""

    def __init__(self, store: Store, actor: str) -> None:
        super().__init__(store)
        self.actor = actor
        self.now = utcnow()
        self._tables: dict[Path, Any] = {}
        self._krs_before: dict[Path, frozenset[str]] = {}
        self.written: list[Path] = []
        self.report = WriteReport()

    def _index_lock(self) -> AbstractContextManager[object]:
        return nullcontext()  # held already

    def _valid(self, path: Path) -> bool:
        return path in self.written or super()._valid(path)

    def _db(self, path: Path) -> Any:
        if path not in self._tables:
            self._krs_before[path] = kr_ids(self.data(path))
            self._tables[path] = open_tables(self.data(path))
        return self._tables[path][0]

    def put(self, path: Path, docs: Iterable[Record], *, stamp_docs: bool = True) -> list[Record]:
        """Insert or replace records in the file at `path`, each checked against its revision.

        A record already in the file must come back with the `rev` it had when its writer read it:
        otherwise someone wrote it in between, and replacing it would silently undo their work
        (StaleWriteError). New records are inserted. `stamp_docs` bumps `rev` and sets who and when;
        an import of an export files records exactly as they were.
        """
        db = self._db(path)
        docs = list(docs)
        by_table: dict[str, list[int]] = {}
        for position, doc in enumerate(docs):
            by_table.setdefault(table_of(doc), []).append(position)
        saved: list[Record] = list(docs)
        for table, positions in by_table.items():
            stored = rows_by_id(db, table)
            for position in positions:
                doc = docs[position]
                old = stored.get(doc.id)
                if old is not None and stamp_docs and old.get("rev", 0) != doc.rev:
                    when = ago(_when(old.get("changed_at")), self.now)
                    raise StaleWriteError(doc.id, str(old.get("changed_by") or ""), when)
                if stamp_docs:
                    doc = doc.model_copy(
                        update={"rev": doc.rev + 1, "changed_at": self.now, "changed_by": self.actor}
                    )
                saved[position] = doc
            upsert(db, table, [saved[p].model_dump(mode="json") for p in positions])
        self._touched(path)
        return saved

    def remove(self, path: Path, table: str, ids: set[str]) -> None:
        remove(self._db(path), table, ids)
        self._touched(path)

    def _touched(self, path: Path) -> None:
        self.forget(path)
        self._signed.pop(path, None)
        self._data[path] = self._tables[path][1].data
        if path not in self.written:
            self.written.append(path)

    def ensure_workspace(self) -> None:
        """Write an empty workspace when there is none: the folder is a store from now on."""
        path = self.store.workspace_path
        if self.data(path) is None:
            self._tables[path] = open_tables({})
            self._touched(path)

    def open_board(self, cycle_id: str, team_id: str) -> Board:
        """The board as it is now, refusing one that a retro or a closed cycle has closed."""
        board = self.board(self.cycle(cycle_id), self.team(team_id))
        closed = board.closed_because()
        if closed:
            raise StoreError(f"{closed}; it can no longer change")
        return board

    def put_on_board(self, cycle_id: str, team_id: str, docs: Iterable[Record]) -> list[Record]:
        self.open_board(cycle_id, team_id)
        return self.put(self.store.board_path(cycle_id, team_id), docs)

    def put_workspace(self, docs: Iterable[Record], *, stamp_docs: bool = True) -> list[Record]:
        return self.put(self.store.workspace_path, docs, stamp_docs=stamp_docs)

    def commit(self) -> None:
        moved: set[str] = set()
        for path in self.written:
            data = self._tables[path][1].data
            if data is not None:
                report = atomic_write(path, _dump(data), self.store.root)
                self.report.warnings += report.warnings
                if report.landed is not None:
                    self._signed[path] = report.landed
                    if (
                        path.parent.parent == self.store.root / "cycles"
                        and kr_ids(data) != self._krs_before[path]
                    ):
                        moved.add(path.parent.name)
        for cycle_id in moved:  # a write that adds, moves or removes KRs keeps the index true
            self._learned(
                cycle_id, [t for t in self.teams() if self.store.board_path(cycle_id, t.id) in self.written]
            )


def _dump(data: dict[str, Any]) -> bytes:
    import orjson

    return orjson.dumps(stamp(data))


def _when(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


@dataclass
class Store:
    """A store folder: `workspace.json` (teams, cycles) and `cycles/<cycle>/<team>.json` (the work)."""

    root: Path
    actor: str = ""
    """Who writes (the login name by default): recorded with each record it changes."""
    lock_timeout: float = LOCK_TIMEOUT
    hooks: list[Callable[[WriteEvent], None]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What writes had to say besides "done" (e.g. a folder that could not be synced)."""

    def __post_init__(self) -> None:
        self.root = Path(self.root).expanduser()
        if not self.actor:
            from okrtui.paths import login_name

            self.actor = login_name()

    # -- files and transactions ----------------------------------------------------------------

    @property
    def workspace_path(self) -> Path:
        return self.root / WORKSPACE

    def board_path(self, cycle_id: str, team_id: str) -> Path:
        return self.root / "cycles" / cycle_id / f"{team_id}.json"

    def exists(self) -> bool:
        try:
            return self.workspace_path.exists()
        except PermissionError:
            raise StoreError(f"cannot read {self.root}: permission denied") from None

    def probe(self, cycle_id: str | None = None, team_id: str | None = None, *, notes: bool = False) -> None:
        """Refuse to start what cannot save: take the lock, read what will be written (the workspace,
        the board), and create a file where they (and the meeting notes) go. Raises StoreError."""
        from okrtui.paths import notes_dir

        with self.transaction() as tx:
            tx.teams()
            folders = [self.root]
            if cycle_id is not None and team_id is not None:
                board = tx.board(tx.cycle(cycle_id), tx.team(team_id))
                closed = board.closed_because()
                if closed:
                    raise StoreError(f"{closed}; it can no longer change")
                folders.append(self.board_path(cycle_id, team_id).parent)
            if notes:
                folders.append(notes_dir(self.root))
            try:
                for folder in folders:
                    probe_folder(self.root, folder)
            except PermissionError as error:
                raise StoreError(
                    f"cannot write to {error.filename or self.root}: permission denied"
                ) from None

    def view(self) -> StoreView:
        return StoreView(self)

    @contextmanager
    def transaction(self, message: str = "") -> Iterator[Transaction]:
        """Lock the store, read fresh, and write every changed file once if the block succeeds."""
        try:
            with StoreLock(self.root, self.lock_timeout):
                tx = Transaction(self, self.actor)
                yield tx
                tx.commit()
                for folder in dict.fromkeys(path.parent for path in tx.written):
                    clean_stale_temps(self.root, folder)
        except PermissionError as error:
            where = error.filename or self.root
            raise StoreError(f"cannot write to {where}: permission denied") from None
        except OSError as error:
            raise StoreError(f"cannot write to {self.root}: {error.strerror or error}") from None
        self.warnings += tx.report.warnings
        if tx.written:
            event = WriteEvent(self.root, list(tx.written), message)
            for hook in self.hooks:
                hook(event)

    # -- reads, each through a fresh view --------------------------------------------------------

    def teams(self) -> list[Team]:
        return self.view().teams()

    def cycles(self) -> list[Cycle]:
        return self.view().cycles()

    def team(self, team_ref: str) -> Team:
        return self.view().team(team_ref)

    def cycle(self, cycle_id: str) -> Cycle:
        return self.view().cycle(cycle_id)

    def current_cycle(self, today: date) -> Cycle | None:
        return self.view().current_cycle(today)

    def workspace_sync(self) -> WorkspaceSync:
        return self.view().workspace_sync()

    def board(self, cycle: Cycle, team: Team) -> Board:
        return self.view().board(cycle, team)

    def boards(self, cycle: Cycle, team: Team | None = None) -> list[Board]:
        return self.view().boards(cycle, team)

    def locate_kr(self, kr_id: str) -> KRLocation:
        return self.view().locate_kr(kr_id)

    def all_ids(self) -> set[str]:
        return self.view().all_ids()

    # -- writes ----------------------------------------------------------------------------------

    def save(self, cycle_id: str, team_id: str, *docs: Record, message: str = "") -> list[Record]:
        """Insert or replace records on an open board in one atomic write (revisions checked)."""
        with self.transaction(message or f"{self.actor} saved {_ids(docs)}") as tx:
            return tx.put_on_board(cycle_id, team_id, docs)

    def save_workspace(self, *docs: Record, message: str = "") -> list[Record]:
        """Insert or replace records of `workspace.json` (teams, cycles, sync rows) in one atomic
        write, revisions checked."""
        with self.transaction(message or f"{self.actor} saved {_ids(docs)}") as tx:
            return tx.put_workspace(docs)

    def save_team(self, team: Team) -> Team:
        (saved,) = self.save_workspace(team, message=f"{self.actor} saved team {team.id}")
        assert isinstance(saved, Team)
        return saved

    def save_cycle(self, cycle: Cycle, *, also: Sequence[Record] = ()) -> Cycle:
        """Save a cycle (its dates changed, say); `also`: the sync conflicts it settles, as read."""
        saved, *_ = self.save_workspace(cycle, *also, message=f"{self.actor} saved cycle {cycle.id}")
        assert isinstance(saved, Cycle)
        return saved

    def update(
        self, cycle_id: str, team_id: str, change: Callable[[Board], Sequence[Record]], message: str = ""
    ) -> list[Record]:
        """Read an open board fresh under the lock, let `change` edit it, save what it returns (the
        records as stored, with their new revisions, come back).

        `change` sees the newest data even when another process wrote a moment ago, so a
        read-modify-write never undoes someone else's write.
        """
        with self.transaction(message or f"{self.actor} changed {team_id}'s {cycle_id} board") as tx:
            board = tx.open_board(cycle_id, team_id)
            return tx.put_on_board(cycle_id, team_id, change(board))

    def add_team(self, team: Team) -> Team:
        """Save a new team; refuses an id or name already taken (checked under the lock)."""
        with self.transaction(f"{self.actor} added team {team.name}") as tx:
            for known in tx.teams():
                if known.id == team.id or known.name.lower() == team.name.lower():
                    raise StoreError(f"a team {known.name!r} ({known.id}) already exists")
            (saved,) = tx.put_workspace([team])
        assert isinstance(saved, Team)
        return saved

    def update_team(
        self, team_id: str, change: Callable[[Team], Team], *, also: Sequence[Record] = ()
    ) -> Team:
        """Read a team fresh under the lock, change it, save it: two people adding members at
        once both keep theirs. `also`: records saved in the same write (the sync conflicts the
        change settles, as read)."""
        with self.transaction(f"{self.actor} changed team {team_id}") as tx:
            changed = change(tx.team(team_id))
            others = [t for t in tx.teams() if t.id != changed.id]
            if any(t.name.lower() == changed.name.lower() for t in others):
                raise StoreError(f"another team is already called {changed.name!r}")
            saved, *_ = tx.put_workspace([changed, *also])
        assert isinstance(saved, Team)
        return saved

    def start_cycle(self, cycle: Cycle, docs: Mapping[str, Sequence[Record]]) -> Cycle:
        """Create `cycle` with its first documents per team id (carried-over OKRs), in one lock.

        The boards are written first and the cycle last, so a crash midway leaves no half-filled
        cycle in view; two people starting it at once: the second is refused, nothing written twice.
        """
        with self.transaction(f"{self.actor} started cycle {cycle.id}") as tx:
            if any(c.id.lower() == cycle.id.lower() for c in tx.cycles()):
                raise StoreError(f"cycle {cycle.id} already exists")
            for team_id, team_docs in docs.items():
                if team_docs:
                    tx.put(self.board_path(cycle.id, team_id), team_docs)
            (saved,) = tx.put_workspace([cycle])
        assert isinstance(saved, Cycle)
        return saved

    def close_board(self, retro: Retro) -> Retro:
        """File a team's retro and close its board for the cycle; other teams keep checking in."""
        with self.transaction(f"{self.actor} closed {retro.team}'s {retro.cycle} board with its retro") as tx:
            tx.open_board(retro.cycle, retro.team)
            (saved,) = tx.put(self.board_path(retro.cycle, retro.team), [retro])
        assert isinstance(saved, Retro)
        return saved

    def close_cycle(self, cycle_id: str, *, force: bool = False) -> Cycle:
        """Close a whole cycle; refused while a team with OKRs in it has not held its retro."""
        with self.transaction(f"{self.actor} closed cycle {cycle_id}") as tx:
            cycle = tx.cycle(cycle_id)
            if cycle.state is CycleState.CLOSED:
                raise StoreError(f"cycle {cycle.id} is already closed")
            waiting = []
            for team in tx.teams():
                board = tx.board(cycle, team)
                if board.live_objectives() and board.closed_because() is None:
                    waiting.append(team.id)
            if waiting and not force:
                raise StoreError(
                    f"{', '.join(waiting)} ha{'s' if len(waiting) == 1 else 've'} not held a retro for "
                    f"{cycle.id}; run `okrtui retro --team T` first, or close anyway with --force"
                )
            (saved,) = tx.put_workspace([cycle.model_copy(update={"state": CycleState.CLOSED})])
        assert isinstance(saved, Cycle)
        return saved

    def promote_draft(
        self,
        draft_id: str,
        *,
        owner: str | None = None,
        baseline: float | None = None,
        target: float | None = None,
        direction: Direction | None = None,
        kind: KRKind | None = None,
        based_on: int | None = None,
    ) -> KeyResult:
        """Turn a draft into a real KR (same id) in one atomic write; the draft is gone after.

        `based_on`: the draft's revision the writer saw; if someone changed it since, nothing is
        written (StaleWriteError), as when someone completed or discarded it (DraftGoneError)."""
        with self.transaction(f"{self.actor} completed draft {draft_id}") as tx:
            cycle, team, draft = _open_draft(tx, draft_id, based_on)
            kr = draft.promote(owner=owner, baseline=baseline, target=target, direction=direction, kind=kind)
            path = self.board_path(cycle.id, team.id)
            tx.remove(path, "drafts", {draft.id})
            (saved,) = tx.put(path, [kr])
        assert isinstance(saved, KeyResult)
        return saved

    def discard_draft(self, draft_id: str, *, based_on: int | None = None) -> DraftKeyResult:
        """Archive a draft: kept in the file, never again listed as needing input or imported twice."""
        with self.transaction(f"{self.actor} discarded draft {draft_id}") as tx:
            cycle, team, draft = _open_draft(tx, draft_id, based_on)
            (saved,) = tx.put(
                self.board_path(cycle.id, team.id), [draft.model_copy(update={"archived": True})]
            )
        assert isinstance(saved, DraftKeyResult)
        return saved

    def check_in(self, request: CheckInRequest, *, also: Iterable[Record] = ()) -> CheckInResult:
        """File a check-in (and, in the same write, `also`: e.g. the meeting record it belongs to)."""
        where = request.where
        with self.transaction(request.describe()) as tx:
            board = tx.open_board(where.cycle, where.team)
            filed = file_checkin(board, request, now=tx.now, new_id=board.id_maker())
            saved = tx.put(self.board_path(where.cycle, where.team), [*filed.docs, *also])
        checkin, *blockers = saved[: len(filed.docs)]
        assert isinstance(checkin, CheckIn)
        raised = [b for b in blockers[: len(filed.raised)] if isinstance(b, Blocker)]
        resolved = [b for b in blockers[len(filed.raised) :] if isinstance(b, Blocker)]
        return CheckInResult(
            where, Filed(checkin, filed.replaced, raised, resolved), saved[len(filed.docs) :]
        )


def _open_draft(tx: Transaction, draft_id: str, based_on: int | None) -> tuple[Cycle, Team, DraftKeyResult]:
    """The draft as stored now, on an open board, unchanged since `based_on` (when given)."""
    found = tx.locate("drafts", draft_id)
    if found is None:
        done = tx.locate("key_results", draft_id)
        if done is not None:
            kr = done[2]
            raise DraftGoneError(
                f"{kr.id} was completed by {kr.changed_by or 'someone else'} "
                f"{ago(kr.changed_at, tx.now)}: it is a key result now"
            )
        raise NotFoundError(
            tx._missing(f"no draft {draft_id!r}", "see `okrtui lint` for drafts needing input")
        )
    cycle, team, draft = found
    assert isinstance(draft, DraftKeyResult)
    if draft.archived:
        raise DraftGoneError(
            f"{draft.id} was discarded by {draft.changed_by or 'someone'} {ago(draft.changed_at, tx.now)}"
        )
    if based_on is not None and draft.rev != based_on:
        raise StaleWriteError(draft.id, draft.changed_by, ago(draft.changed_at, tx.now))
    tx.open_board(cycle.id, team.id)
    return cycle, team, draft


def _ids(docs: Iterable[Record]) -> str:
    ids = [doc.id for doc in docs]
    return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


__all__ = [
    "CheckInResult",
    "KRLocation",
    "Store",
    "StoreView",
    "Transaction",
    "WriteEvent",
    "utcnow",
]
