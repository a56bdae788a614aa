"""`okrtui import`: a pasted OKR doc or a JSON export into the store, with a dry run that writes nothing.

Everything is read, placed and checked before the first write, so a mistake anywhere in the file
leaves the store untouched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from okrtui.core.board import Board
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.errors import explain
from okrtui.core.lint import Finding, lint_boards
from okrtui.core.models import Cycle, CycleState, KeyResult, Record, Team
from okrtui.core.okr_text import read_okrs
from okrtui.core.placement import PlanError, build
from okrtui.core.values import format_value
from okrtui.core.weeks import quarter_of
from okrtui.report.export import EXPORT_KEY, EXPORT_VERSION
from okrtui.store import Store
from okrtui.store.errors import NotFoundError
from okrtui.store.repository import BOARD_TABLES

MAX_BYTES = 5_000_000
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


class ImportFileError(ValueError):
    """The file cannot be imported; the message is one sentence and nothing was written."""


@dataclass
class Outcome:
    """What an import created (or would create), ready to print."""

    cycle: Cycle
    cycle_is_new: bool
    boards: list[Board]
    new_teams: list[Team]
    changed_teams: list[Team] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: tuple[tuple[int, str], ...] = ()
    from_export: bool = False
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    """KR and draft ids by their place in the doc, so the dry run lists them as written."""

    def count(self, table: str) -> int:
        return sum(len(getattr(board, table)) for board in self.boards)


def decode(data: bytes, name: str) -> str:
    """The file's text, or one clear sentence on why it is not an OKR doc."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"{name} is {len(data):,} bytes: too large for an OKR doc (at most {MAX_BYTES:,})"
        )
    if b"\x00" in data:
        raise ImportFileError(
            f"{name} looks like a binary file; import reads Markdown, text or a JSON export"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{name} is not UTF-8 text (byte {error.start} cannot be read)") from None
    if not text.strip():
        raise ImportFileError(f"{name} is empty: nothing to import")
    return text


def prepare(
    store: Store, text: str, name: str, today: date, *, team: str | None = None, cycle: str | None = None
) -> Outcome:
    """Read and place everything, writing nothing: the dry run, and the first half of a real import."""
    if text.lstrip().startswith("{"):
        if team or cycle:
            raise ImportFileError("--team and --cycle are for text imports; a JSON export keeps its own")
        return _prepare_export(store, _load_export(text, name), today)
    plan = read_okrs(text)
    if not plan.objectives:
        raise ImportFileError(
            f"found no objectives in {name}; start one with `Objective: ...` or a `## ...` heading"
        )
    chosen, is_new = _choose_cycle(store, cycle or plan.cycle, today)
    _refuse_closed(chosen)
    try:
        built = build(plan, chosen, store.teams(), team=team, taken=store.all_ids())
    except PlanError as error:
        raise ImportFileError(str(error)) from None
    if not is_new:
        view = store.view()
        for board in built.boards:
            if any(t.id == board.team.id for t in view.teams()):
                _refuse_duplicates(view.board(chosen, board.team), board)
    outcome = Outcome(
        chosen,
        is_new,
        built.boards,
        built.new_teams,
        built.changed_teams,
        skipped=plan.skipped,
        notes=built.notes,
        order={doc.id: n for n, doc in enumerate(built.sequence)},
    )
    outcome.findings = lint_boards(built.boards)
    return outcome


def apply(store: Store, outcome: Outcome) -> None:
    """Write a prepared import in one locked transaction: teams, each team's board, then a new cycle.

    What the dry run checked is checked again under the lock (two people importing the same
    document at once create its objectives once), and the cycle comes last so a crash midway shows
    no half-imported cycle. An export's records are filed exactly as they were (byte-for-byte round
    trips); a document's new records are stamped as written now.
    """
    with store.transaction(f"{store.actor} imported {outcome.count('key_results')} KR(s)") as tx:
        known = {t.id: t for t in tx.teams()}
        if outcome.cycle_is_new and any(c.id == outcome.cycle.id for c in tx.cycles()):
            raise ImportFileError(
                f"cycle {outcome.cycle.id} was just created by someone else; run the import again"
            )
        teams = [t for t in outcome.new_teams if t.id not in known]
        teams += [_with_members(known[t.id], t.members) for t in outcome.changed_teams if t.id in known]
        teams += [_with_members(known[t.id], t.members) for t in outcome.new_teams if t.id in known]
        if teams:
            tx.put_workspace(teams, stamp_docs=not outcome.from_export)
        if outcome.from_export:
            _refuse_clashes(tx.all_ids(), outcome.boards)
        for board in outcome.boards:
            if not outcome.from_export and board.team.id in known:
                _refuse_duplicates(tx.board(outcome.cycle, known[board.team.id]), board)
            docs: list[Record] = [doc for table in BOARD_TABLES for doc in getattr(board, table)]
            if docs:
                tx.put(
                    store.board_path(outcome.cycle.id, board.team.id),
                    docs,
                    stamp_docs=not outcome.from_export,
                )
        if outcome.cycle_is_new:
            tx.put_workspace([outcome.cycle], stamp_docs=not outcome.from_export)


def _with_members(team: Team, members: list[str]) -> Team:
    """`team` as read under the lock, plus the members the import adds (others' additions kept)."""
    missing = [m for m in members if m.lower() not in {known.lower() for known in team.members}]
    return team.model_copy(update={"members": [*team.members, *missing]})


# -- JSON exports ---------------------------------------------------------------------------------


def _load_export(text: str, name: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{name} looks like JSON but is not valid (line {error.lineno}: {error.msg})"
        ) from None
    if not isinstance(data, dict) or EXPORT_KEY not in data:
        raise ImportFileError(f"{name} is JSON but not an okrtui export (see `okrtui export --format json`)")
    version = data[EXPORT_KEY]
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise ImportFileError(f"{name} is an export of a newer okrtui (format {version}); upgrade okrtui")
    return data


def _prepare_export(store: Store, data: dict[str, Any], today: date) -> Outcome:
    try:
        cycle = Cycle.model_validate(data.get("cycle"))
        teams = [Team.model_validate(t) for t in _list(data, "teams")]
        known = {t.id: t for t in store.teams()}
        boards = []
        all_teams = {t.id: t for t in teams} | known
        for raw in _list(data, "boards"):
            team_id = raw.get("team") if isinstance(raw, dict) else None
            if team_id not in all_teams:
                raise ImportFileError(f"the export has a board for an unknown team {team_id!r}")
            tables = {
                table: [model.model_validate(doc) for doc in _list(raw, table)]
                for table, model in BOARD_TABLES.items()
            }
            boards.append(Board(cycle=cycle, team=all_teams[team_id], **tables))
    except ValidationError as error:
        raise ImportFileError(f"the export is damaged: {explain(error)}") from None
    existing = {c.id: c for c in store.cycles()}
    if cycle.id in existing:
        _refuse_closed(existing[cycle.id])
    _refuse_clashes(store.all_ids(), boards)
    new_teams = [t for t in teams if t.id not in known]
    outcome = Outcome(cycle, cycle.id not in existing, boards, new_teams, from_export=True)
    outcome.findings = lint_boards(boards, today)
    return outcome


def _refuse_clashes(taken: set[str], boards: list[Board]) -> None:
    clashes = sorted(taken & {i for b in boards for i in b.ids()})
    if clashes:
        raise ImportFileError(
            f"{clashes[0]} is already in the store ({len(clashes)} ids clash): imported before?"
        )


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ImportFileError(f"the export is damaged: {key!r} is not a list")
    return value


# -- cycles and duplicates ----------------------------------------------------------------------


def _choose_cycle(store: Store, wanted: str | None, today: date) -> tuple[Cycle, bool]:
    """The named cycle (created when it is a quarter like 2026-Q4), else the current one."""
    if wanted:
        try:
            return store.cycle(wanted), False
        except NotFoundError:
            match = _QUARTER.match(wanted.strip())
            if not match:
                raise ImportFileError(
                    f"no cycle {wanted!r}; name a quarter such as 2026-Q4 to create it"
                ) from None
            year, quarter = int(match[1]), int(match[2])
            cycle_id, start, end = quarter_of(date(year, 3 * quarter - 2, 1))
            return Cycle(id=cycle_id, start=start, end=end), True
    current = store.current_cycle(today)
    if current and current.contains(today) and current.state is not CycleState.CLOSED:
        return current, False
    return _choose_cycle(store, quarter_of(today)[0], today)


def _refuse_closed(cycle: Cycle) -> None:
    if cycle.state is CycleState.CLOSED:
        raise ImportFileError(f"cycle {cycle.id} is closed; import into another cycle with --cycle")


def _refuse_duplicates(existing: Board, new: Board) -> None:
    """Importing the same doc twice would double every objective: refuse instead."""
    titles = {o.title.lower() for o in existing.objectives}
    for objective in new.objectives:
        if objective.title.lower() in titles:
            raise ImportFileError(
                f"'{objective.title[:50]}' is already an objective of {new.team.id} in {existing.cycle.id}; "
                "nothing was imported (remove it from the file to add the rest)"
            )


# -- what to print ------------------------------------------------------------------------------


def describe(outcome: Outcome, *, dry_run: bool) -> list[str]:
    """The lines `okrtui import` prints: each KR with its numbers, drafts, findings and a summary."""
    lines = [
        f"Cycle {outcome.cycle.id} ({outcome.cycle.start} → {outcome.cycle.end})" + _new(outcome.cycle_is_new)
    ]
    new_ids = {t.id for t in outcome.new_teams}
    for board in outcome.boards:
        lines.append(f"Team {board.team.id} ({board.team.name})" + _new(board.team.id in new_ids))
        for objective in board.objectives:
            tags = [objective.kind.value] + ([f"owner {objective.owner}"] if objective.owner else [])
            lines.append(f"  {objective.id}  {objective.title}  [{', '.join(tags)}]")
            lines += _notes(outcome.notes.get(objective.id, ()), "    ")
            items = [*board.krs_of(objective.id), *board.drafts_of(objective.id)]
            for item in sorted(items, key=lambda doc: outcome.order.get(doc.id, 0)):
                shown = _draft_lines(item) if isinstance(item, DraftKeyResult) else _kr_lines(item)
                lines += shown + _notes(outcome.notes.get(item.id, ()))
        if outcome.from_export:
            lines.append(
                f"  {len(board.checkins)} check-ins, {len(board.blockers)} blockers, "
                f"{len(board.meetings)} meetings"
            )
    lines += [f"  line {number}: skipped ({why})" for number, why in outcome.skipped]
    if outcome.findings:
        lines += ["", "Lint:"] + [f"  {finding}" for finding in outcome.findings]
    drafts = outcome.count("drafts")
    summary = (
        f"{len(outcome.new_teams)} new team(s), {outcome.count('objectives')} objective(s), "
        f"{outcome.count('key_results')} KR(s)" + (f", {drafts} draft(s) needing input" if drafts else "")
    )
    lines += [
        "",
        f"Would create {summary}. Nothing was written (dry run)." if dry_run else f"Created {summary}.",
    ]
    return lines


def _new(is_new: bool) -> str:
    return " — new" if is_new else ""


def _kr_lines(kr: KeyResult) -> list[str]:
    numbers = _numbers(
        kr.baseline, kr.target, kr.unit, kr.direction.value if kr.direction else "", kr.kind.value
    )
    return [f"    {kr.id}  {kr.title}  @{kr.owner}", f"        {numbers}"]


def _draft_lines(draft: DraftKeyResult) -> list[str]:
    direction = draft.direction.value if draft.direction else "direction from the numbers"
    numbers = _numbers(draft.baseline, draft.target, draft.unit, direction, draft.kind.value)
    if draft.factor is not None:
        numbers += f" (target = baseline x {draft.factor:.4g})"
    elif draft.delta is not None:
        numbers += f" (target = baseline {draft.delta:+.4g})"
    owner = f"@{draft.owner}" if draft.owner else "no owner"
    return [
        f"    {draft.id}  {draft.title}  {owner}  DRAFT, needs {', '.join(draft.missing())}",
        f"        {numbers}",
    ]


def _notes(notes: tuple[str, ...], indent: str = "        ") -> list[str]:
    return [f"{indent}note: {note}" for note in notes]


def _numbers(baseline: float | None, target: float | None, unit: str, direction: str, kind: str) -> str:
    start = "?" if baseline is None else format_value(baseline, unit)
    end = "?" if target is None else format_value(target, unit)
    return f"{start} → {end} · {direction} · {kind}"
