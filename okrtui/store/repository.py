"""The typed store API. Everything above this module sees pydantic models, never TinyDB."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from filelock import FileLock, Timeout
from pydantic import BaseModel, ValidationError
from tinydb import Query, TinyDB
from tinydb.table import Document

from okrtui.core.board import Board
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.errors import explain
from okrtui.core.ids import new_id
from okrtui.core.models import (
    Blocker,
    CheckIn,
    Cycle,
    CycleState,
    KeyResult,
    Meeting,
    Objective,
    Team,
)
from okrtui.core.retro_record import Retro
from okrtui.core.weeks import weeks_between
from okrtui.store.errors import NotFoundError, StoreError, UnreadableFileError
from okrtui.store.files import FILE_MODE, AtomicStorage, clean_stale_temps, make_dir, read_json

M = TypeVar("M", bound=BaseModel)
LOCK_TIMEOUT = 15.0
WORKSPACE = "workspace.json"
BOARD_TABLES: dict[str, type[BaseModel]] = {
    "objectives": Objective,
    "key_results": KeyResult,
    "checkins": CheckIn,
    "blockers": Blocker,
    "meetings": Meeting,
    "drafts": DraftKeyResult,
    "retros": Retro,
}


@dataclass(frozen=True)
class KRLocation:
    cycle: str
    team: str
    kr: KeyResult


def utcnow() -> datetime:
    return datetime.now(UTC)


class Store:
    """A store folder: `workspace.json` (teams, cycles) and `cycles/<cycle>/<team>.json` (the work).

    Reads take no lock: files are only ever replaced whole. Writes take the store's lock, read the
    file fresh, change it and replace it atomically, so concurrent writers never lose each other's
    rows and a killed writer leaves the last good file behind.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser()

    # -- files and transactions -------------------------------------------------------------

    @property
    def workspace_path(self) -> Path:
        return self.root / WORKSPACE

    def board_path(self, cycle_id: str, team_id: str) -> Path:
        return self.root / "cycles" / cycle_id / f"{team_id}.json"

    def exists(self) -> bool:
        return self.workspace_path.exists()

    @contextmanager
    def _transaction(self, path: Path) -> Iterator[TinyDB]:
        """Lock the store, open `path` fresh, and replace it atomically if the block succeeds."""
        try:
            make_dir(self.root)
            lock = FileLock(self.root / ".okrtui.lock", timeout=LOCK_TIMEOUT, mode=FILE_MODE)
            with lock:
                clean_stale_temps(path.parent)
                storage_box: list[AtomicStorage] = []

                def storage(file: Path) -> AtomicStorage:
                    storage_box.append(AtomicStorage(file, writable=True))
                    return storage_box[0]

                db = TinyDB(path, storage=storage)
                yield db
                storage_box[0].commit()
        except Timeout:
            raise StoreError(
                f"the store at {self.root} is busy (locked by another okrtui); try again"
            ) from None
        except PermissionError as error:
            where = error.filename or self.root
            raise StoreError(f"cannot write to {where}: permission denied") from None
        except OSError as error:
            raise StoreError(f"cannot write to {self.root}: {error.strerror or error}") from None

    def _read_table(self, path: Path, table: str, model: type[M]) -> list[M]:
        data = read_json(path) or {}
        rows = data.get(table, {})
        try:
            return [model.model_validate(row) for _, row in sorted(rows.items(), key=_doc_order)]
        except ValidationError as error:
            raise UnreadableFileError(path, f"a {table} record is invalid: {explain(error)}") from None

    @staticmethod
    def _upsert(db: TinyDB, table: str, doc: BaseModel) -> None:
        Store._upsert_all(db, [doc], table)

    @staticmethod
    def _upsert_all(db: TinyDB, docs: Iterable[BaseModel], table: str | None = None) -> None:
        """Insert or replace many documents by their `id` in one pass per table.

        TinyDB's `upsert` scans the whole table for each document, so saving n documents took
        O(n^2) (42 s for 6,000 check-ins); this keeps each document's row id and costs O(n).
        """
        groups: dict[str, list[BaseModel]] = {}
        for doc in docs:
            groups.setdefault(table or _table_of(doc), []).append(doc)
        for name, group in groups.items():
            tinydb_table = db.table(name, cache_size=0)
            existing = tinydb_table.all()
            row_of = {row.get("id"): row.doc_id for row in existing}
            next_row = max((row.doc_id for row in existing), default=0) + 1
            rows: dict[int, Document] = {}
            for doc in group:
                row_id = row_of.get(doc.id)
                if row_id is None:
                    row_id = row_of[doc.id] = next_row
                    next_row += 1
                rows[row_id] = Document(doc.model_dump(mode="json"), doc_id=row_id)
            old_rows = {row.doc_id for row in existing}
            replaced = [row_id for row_id in rows if row_id in old_rows]
            if replaced:
                tinydb_table.remove(doc_ids=replaced)
            tinydb_table.insert_multiple(rows.values())

    # -- workspace: teams and cycles ----------------------------------------------------------

    def teams(self) -> list[Team]:
        return self._read_table(self.workspace_path, "teams", Team)

    def cycles(self) -> list[Cycle]:
        return sorted(self._read_table(self.workspace_path, "cycles", Cycle), key=lambda c: c.start)

    def team(self, team_ref: str) -> Team:
        """A team by id or by name (case-insensitive)."""
        wanted = team_ref.strip().lower()
        teams = self.teams()
        for team in teams:
            if team.id == wanted or team.name.lower() == wanted:
                return team
        names = ", ".join(t.id for t in teams) or "none yet"
        raise NotFoundError(f"no team {team_ref!r} (teams: {names})")

    def cycle(self, cycle_id: str) -> Cycle:
        cycles = self.cycles()
        for cycle in cycles:
            if cycle.id.lower() == cycle_id.strip().lower():
                return cycle
        names = ", ".join(c.id for c in cycles) or "none yet"
        raise NotFoundError(f"no cycle {cycle_id!r} (cycles: {names})")

    def current_cycle(self, today: date) -> Cycle | None:
        """The open cycle holding today, else the newest open one, else the newest of all."""
        cycles = self.cycles()
        open_cycles = [c for c in cycles if c.state is not CycleState.CLOSED]
        for cycle in open_cycles:
            if cycle.contains(today):
                return cycle
        if open_cycles:
            return open_cycles[-1]
        return cycles[-1] if cycles else None

    def save_team(self, team: Team) -> Team:
        with self._transaction(self.workspace_path) as db:
            self._upsert(db, "teams", team)
        return team

    def save_cycle(self, cycle: Cycle) -> Cycle:
        with self._transaction(self.workspace_path) as db:
            self._upsert(db, "cycles", cycle)
        return cycle

    # -- boards: a team's work in a cycle ------------------------------------------------------

    def board(self, cycle: Cycle, team: Team) -> Board:
        path = self.board_path(cycle.id, team.id)
        tables = {name: self._read_table(path, name, model) for name, model in BOARD_TABLES.items()}
        return Board(cycle=cycle, team=team, **tables)

    def boards(self, cycle: Cycle, team: Team | None = None) -> list[Board]:
        """The boards of a cycle: every team's, or one team's."""
        teams = [team] if team else self.teams()
        return [self.board(cycle, t) for t in teams]

    def _refuse_closed(self, cycle_id: str) -> None:
        """Called under the lock: a cycle closed a moment ago by a retro takes no more writes."""
        for cycle in self.cycles():
            if cycle.id == cycle_id and cycle.state is CycleState.CLOSED:
                raise StoreError(f"cycle {cycle.id} is closed; it can no longer change")

    def save(self, cycle_id: str, team_id: str, *docs: BaseModel) -> None:
        """Insert or replace documents on one board, all in one atomic write (open cycles only)."""
        with self._transaction(self.board_path(cycle_id, team_id)) as db:
            self._refuse_closed(cycle_id)
            self._upsert_all(db, docs)

    def close_cycle(self, cycle_id: str, final: BaseModel | None = None, team_id: str = "") -> Cycle:
        """Close a cycle for every team, saving `final` (the retro) on `team_id`'s board first."""
        if final is not None:
            self.save(cycle_id, team_id, final)
        with self._transaction(self.workspace_path) as db:
            closed = self.cycle(cycle_id).model_copy(update={"state": CycleState.CLOSED})
            self._upsert(db, "cycles", closed)
        return closed

    def update(self, cycle_id: str, team_id: str, change: Callable[[Board], list[BaseModel]]) -> Board:
        """Read a board fresh under the lock, let `change` edit it, save what it returns.

        `change` sees the newest data even when another process wrote a moment ago, so a
        read-modify-write never undoes someone else's write.
        """
        cycle = self.cycle(cycle_id)
        team = self.team(team_id)
        path = self.board_path(cycle.id, team.id)
        with self._transaction(path) as db:
            self._refuse_closed(cycle.id)
            board = self.board(cycle, team)
            self._upsert_all(db, change(board))
        return board

    def edit(self, cycle_id: str, team_id: str, change: Callable[[Board], list[BaseModel]]) -> Board:
        """`update` for changes to the plan itself (objectives, KRs): a closed cycle is the record
        of what happened, so it refuses to change it."""
        cycle = self.cycle(cycle_id)
        if cycle.state is CycleState.CLOSED:
            raise StoreError(
                f"cycle {cycle.id} is closed; its objectives and key results can no longer change"
            )
        return self.update(cycle.id, team_id, change)

    def add_team(self, team: Team) -> Team:
        """Save a new team; refuses an id or name already taken (checked under the lock)."""
        with self._transaction(self.workspace_path) as db:
            for known in self.teams():
                if known.id == team.id or known.name.lower() == team.name.lower():
                    raise StoreError(f"a team {known.name!r} ({known.id}) already exists")
            self._upsert(db, "teams", team)
        return team

    def update_team(self, team_id: str, change: Callable[[Team], Team]) -> Team:
        """Read a team fresh under the lock, change it, save it: two people adding members at
        once both keep theirs."""
        with self._transaction(self.workspace_path) as db:
            changed = change(self.team(team_id))
            others = [t for t in self.teams() if t.id != changed.id]
            if any(t.name.lower() == changed.name.lower() for t in others):
                raise StoreError(f"another team is already called {changed.name!r}")
            self._upsert(db, "teams", changed)
        return changed

    def start_cycle(self, cycle: Cycle, docs: dict[str, list[BaseModel]]) -> Cycle:
        """Create `cycle` with its first documents per team id (carried-over OKRs).

        The boards are written first and the cycle last, so a crash midway leaves no half-filled
        cycle in view; writing again simply replaces the orphaned boards.
        """
        if any(c.id.lower() == cycle.id.lower() for c in self.cycles()):
            raise StoreError(f"cycle {cycle.id} already exists")
        for team_id, team_docs in docs.items():
            if team_docs:
                self.save(cycle.id, team_id, *team_docs)
        with self._transaction(self.workspace_path) as db:
            if any(c.id.lower() == cycle.id.lower() for c in self.cycles()):
                raise StoreError(f"cycle {cycle.id} was just created by someone else")
            self._upsert(db, "cycles", cycle)
        return cycle

    def _locate(self, table: str, doc_id: str) -> tuple[Cycle, Team, BaseModel] | None:
        """Find a board document by id, newest cycle first."""
        wanted = doc_id.strip().lower()
        teams = self.teams()
        for cycle in reversed(self.cycles()):
            for team in teams:
                path = self.board_path(cycle.id, team.id)
                if not path.exists():
                    continue
                for doc in self._read_table(path, table, BOARD_TABLES[table]):
                    if doc.id.lower() == wanted:  # type: ignore[attr-defined]
                        return cycle, team, doc
        return None

    def locate_kr(self, kr_id: str) -> KRLocation:
        """Find a KR by id, newest cycle first."""
        found = self._locate("key_results", kr_id)
        if found is None:
            raise NotFoundError(f"no key result {kr_id!r} (see `okrtui status` for ids)")
        cycle, team, kr = found
        return KRLocation(cycle.id, team.id, kr)  # type: ignore[arg-type]

    def promote_draft(
        self,
        draft_id: str,
        *,
        owner: str | None = None,
        baseline: float | None = None,
        target: float | None = None,
    ) -> KeyResult:
        """Turn a draft into a real KR (same id) in one atomic write; the draft is gone after."""
        found = self._locate("drafts", draft_id)
        if found is None:
            raise NotFoundError(f"no draft {draft_id!r} (see `okrtui lint` for drafts needing input)")
        cycle, team, located = found
        if cycle.state is CycleState.CLOSED:
            raise StoreError(f"cycle {cycle.id} is closed; its key results can no longer change")
        with self._transaction(self.board_path(cycle.id, team.id)) as db:
            self._refuse_closed(cycle.id)
            fresh = self.board(cycle, team).drafts
            draft = next((d for d in fresh if d.id == located.id), None)  # type: ignore[attr-defined]
            if draft is None:
                raise NotFoundError(f"draft {draft_id!r} was just completed or removed by someone else")
            kr = draft.promote(owner=owner, baseline=baseline, target=target)
            self._upsert(db, "key_results", kr)
            db.table("drafts", cache_size=0).remove(Query().id == draft.id)
        return kr

    def all_ids(self) -> set[str]:
        """Every id in the store; checked when creating objectives and KRs, which is rare."""
        ids: set[str] = set()
        teams = self.teams()
        for cycle in self.cycles():
            for team in teams:
                if self.board_path(cycle.id, team.id).exists():
                    ids |= self.board(cycle, team).ids()
        return ids

    # -- check-ins and blockers ----------------------------------------------------------------

    def check_in(
        self,
        kr_id: str,
        *,
        week: str,
        value: float,
        confidence: int,
        moved: str = "",
        stuck: str = "",
        next: str = "",
        author: str = "",
        meeting: str | None = None,
        new_blockers: list[str] = (),
        resolve: list[str] = (),
    ) -> CheckInResult:
        """Save a KR's check-in for `week`, replacing (and keeping) an earlier one of the same week."""
        where = self.locate_kr(kr_id)
        cycle = self.cycle(where.cycle)
        if cycle.state is CycleState.CLOSED:
            raise StoreError(f"cycle {cycle.id} is closed; its check-ins can no longer change")
        weeks = weeks_between(cycle.start, cycle.end)
        if week not in weeks:
            raise StoreError(f"{week} is outside cycle {cycle.id} ({weeks[0]} to {weeks[-1]})")
        result: dict[str, object] = {}

        def change(board: Board) -> list[BaseModel]:
            taken = board.ids()
            previous = board.checkin(where.kr.id, week)
            history = []
            if previous:
                history = [*previous.history, previous.model_dump(mode="json", exclude={"history"})]
            checkin = CheckIn(
                id=previous.id if previous else new_id("ci", taken),
                kr=where.kr.id,
                week=week,
                value=value,
                confidence=confidence,
                moved=moved,
                stuck=stuck,
                next=next,
                author=author,
                created_at=utcnow(),
                meeting=meeting,
                history=history,
            )
            blockers: list[BaseModel] = []
            for text in new_blockers:
                blocker = Blocker(
                    id=new_id("bl", taken), kr=where.kr.id, text=text, owner=author, raised_week=week
                )
                taken.add(blocker.id)
                blockers.append(blocker)
            resolved = []
            for blocker_id in resolve:
                wanted = blocker_id.strip().lower()
                matches = [b for b in board.blockers_of(where.kr.id) if b.id == wanted]
                found = matches[0] if matches else None
                if found is None:
                    raise NotFoundError(f"no blocker {blocker_id!r} on {where.kr.id}")
                if found.is_open:
                    resolved.append(found.model_copy(update={"resolved_week": week}))
            result.update(checkin=checkin, raised=blockers, resolved=resolved)
            return [checkin, *blockers, *resolved]

        self.update(where.cycle, where.team, change)
        return CheckInResult(location=where, **result)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CheckInResult:
    location: KRLocation
    checkin: CheckIn
    raised: list[Blocker]
    resolved: list[Blocker]


def _doc_order(item: tuple[str, object]) -> int:
    key = item[0]
    return int(key) if key.isdigit() else 0


def _table_of(doc: BaseModel) -> str:
    for table, model in BOARD_TABLES.items():
        if isinstance(doc, model):
            return table
    if isinstance(doc, Team):
        return "teams"
    if isinstance(doc, Cycle):
        return "cycles"
    raise TypeError(f"cannot store {type(doc).__name__}")
