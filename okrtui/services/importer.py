"""`okrtui import`: a pasted OKR doc or a JSON export into the store, with a dry run that writes nothing.

Everything is read, placed and checked before the first write, so a mistake anywhere in the file
leaves the store untouched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from pydantic import ValidationError

from okrtui.core.board import Board
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.errors import explain
from okrtui.core.kr_phrase import numbers_phrase
from okrtui.core.lint import Finding, lint_boards
from okrtui.core.models import Cycle, CycleState, KeyResult, Record, Team
from okrtui.core.okr_text import MAX_NAME, read_okrs
from okrtui.core.placement import PlanError, build
from okrtui.core.sentence import ASK_BASELINE, NO_NUMBER
from okrtui.core.text import one_line
from okrtui.core.weeks import quarter_of
from okrtui.report.export import EXPORT_KEY, EXPORT_VERSION
from okrtui.store import Store
from okrtui.store.errors import NotFoundError
from okrtui.store.repository import BOARD_TABLES

MAX_BYTES = 5_000_000
MAX_DEPTH = 8
"""An export nests 5 levels (export > boards > board > table > record > history); 8 leaves room."""
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
    source: tuple[str, ...] = ()
    """The doc's lines, so the preview can quote each line it did not import."""
    doc_notes: tuple[str, ...] = ()
    """What the reader says about the whole doc (a second cycle named, quoted OKRs read)."""
    owner_from: dict[str, str] = field(default_factory=dict)
    """By KR id, where its owner came from when the doc does not name one on it."""

    def count(self, table: str) -> int:
        return sum(len(getattr(board, table)) for board in self.boards)


def decode(data: bytes, name: str) -> str:
    """The file's text, or one clear sentence on why it is not an OKR doc."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"{name} is larger than {MAX_BYTES:,} bytes: too large for an OKR doc")
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
    store: Store,
    text: str,
    name: str,
    today: date,
    *,
    team: str | None = None,
    cycle: str | None = None,
    owner: str | None = None,
) -> Outcome:
    """Read and place everything, writing nothing: the dry run, and the first half of a real import.

    `team` and `cycle` win over what the doc names; `owner` is for the KRs the doc gives no owner
    (neither on the KR nor on its objective)."""
    if text.lstrip().startswith("{"):
        if team or cycle or owner:
            raise ImportFileError(
                "--team, --cycle and --owner are for text imports; a JSON export keeps its own"
            )
        return _prepare_export(store, _load_export(text, name), today)
    default_owner = _default_owner(owner)
    plan = read_okrs(text)
    if not plan.objectives:
        raise ImportFileError(
            f"found no objectives in {name}; start one with `Objective: ...` or a `## ...` heading"
        )
    chosen, is_new = _choose_cycle(store, cycle or _dated(plan.cycle, today), today)
    _refuse_closed(chosen)
    try:
        built = build(plan, chosen, store.teams(), team=team, owner=default_owner, taken=store.all_ids())
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
        source=tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")),
        doc_notes=plan.notes,
        owner_from=built.owner_from,
    )
    outcome.findings = lint_boards(built.boards)
    return outcome


def _default_owner(owner: str | None) -> str | None:
    if owner is None:
        return None
    cleaned = str(one_line(owner)).lstrip("@").strip()
    if not cleaned or len(cleaned) > MAX_NAME:
        raise ImportFileError(f"--owner needs a name of 1 to {MAX_NAME} characters")
    return cleaned


def _dated(cycle: str | None, today: date) -> str | None:
    """A quarter named without its year ("## Q3") is this year's."""
    if cycle and re.fullmatch(r"Q[1-4]", cycle):
        return f"{today.year}-{cycle}"
    return cycle


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
    depth = _nesting(text)
    if depth > MAX_DEPTH:
        raise ImportFileError(f"{name} nests {depth} levels deep; an okrtui export nests at most {MAX_DEPTH}")
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
            boards.append(Board(cycle=cycle, team=all_teams[team_id], **cast("dict[str, Any]", tables)))
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


def _nesting(text: str) -> int:
    """How deep JSON nests (strings skipped), counted before parsing: a deep file is refused, not recursed."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


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
    """The preview a person reads: teams, objectives and KRs with the numbers as okrtui understood
    them, owners, drafts, what was not imported and why, lint findings and a summary."""
    lines = [
        f"Cycle {outcome.cycle.id} ({outcome.cycle.start} → {outcome.cycle.end})" + _new(outcome.cycle_is_new)
    ]
    new_ids = {t.id for t in outcome.new_teams}
    for board in outcome.boards:
        lines.append(f"Team {board.team.id} ({board.team.name})" + _new(board.team.id in new_ids))
        items: dict[str, list[KeyResult | DraftKeyResult]] = {}
        group: list[KeyResult | DraftKeyResult] = [*board.key_results, *board.drafts]
        for item in group:
            items.setdefault(item.objective, []).append(item)
        for objective in board.objectives:
            tags = [objective.kind.value] + ([f"owner {objective.owner}"] if objective.owner else [])
            lines.append(f"  {objective.id}  {objective.title}  [{', '.join(tags)}]")
            lines += _notes(outcome.notes.get(objective.id, ()), "    ")
            for item in sorted(items.get(objective.id, []), key=lambda doc: outcome.order.get(doc.id, 0)):
                lines += _item_lines(item, outcome.owner_from.get(item.id))
                said = (ASK_BASELINE, NO_NUMBER)  # the numbers line and DRAFT already say these
                lines += _notes(tuple(n for n in outcome.notes.get(item.id, ()) if not n.startswith(said)))
        if outcome.from_export:
            lines.append(
                f"  {len(board.checkins)} check-ins, {len(board.blockers)} blockers, "
                f"{len(board.meetings)} meetings"
            )
    lines += _not_imported(outcome)
    lines += [f"Note: {note}" for note in outcome.doc_notes]
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
    lines += _readiness(outcome)
    if drafts and not dry_run and not outcome.from_export:
        lines.append("Finish the drafts in one pass: okrtui complete (or D on the dashboard).")
    return lines


def _new(is_new: bool) -> str:
    return " — new" if is_new else ""


def _item_lines(item: KeyResult | DraftKeyResult, owner_from: str | None) -> list[str]:
    owner = f"@{item.owner}" if item.owner else "no owner"
    if owner_from and item.owner:
        owner += f" (from {owner_from})"
    if isinstance(item, DraftKeyResult):
        phrase = numbers_phrase(
            item.kind,
            item.baseline,
            item.target,
            item.unit,
            item.direction,
            factor=item.factor,
            delta=item.delta,
        )
        return [
            f"    {item.id}  {item.title}  {owner}  DRAFT, needs {', '.join(item.missing())}",
            f"        {phrase}",
        ]
    phrase = numbers_phrase(item.kind, item.baseline, item.target, item.unit, item.direction)
    return [f"    {item.id}  {item.title}  {owner}", f"        {phrase}"]


def _notes(notes: tuple[str, ...], indent: str = "        ") -> list[str]:
    return [f"{indent}note: {note}" for note in notes]


def _not_imported(outcome: Outcome) -> list[str]:
    """Every line not imported, with why; runs of lines skipped for one reason are shown once."""
    if not outcome.skipped:
        return []
    runs: list[tuple[int, int, str]] = []
    for number, why in outcome.skipped:
        if runs and runs[-1][1] == number - 1 and runs[-1][2] == why:
            runs[-1] = (runs[-1][0], number, why)
        else:
            runs.append((number, number, why))
    shown = [f"Not imported ({len(outcome.skipped)} line(s)):"]
    for first, last, why in runs:
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        text = outcome.source[first - 1].strip() if first <= len(outcome.source) else ""
        quoted = f": {text[:57]}…" if len(text) > 58 else f": {text}" if text else ""
        shown.append(f"  {where}  {why}{quoted}")
    return shown


def _readiness(outcome: Outcome) -> list[str]:
    """How many KRs a meeting could check in now, and what the drafts still need."""
    ready = outcome.count("key_results")
    drafts = [d for board in outcome.boards for d in board.drafts]
    if not drafts or outcome.from_export:
        return []
    needs: dict[str, int] = {}
    for draft in drafts:
        for missing in draft.missing():
            needs[missing] = needs.get(missing, 0) + 1
    listed = ", ".join(f"{what} ({count})" for what, count in needs.items())
    hint = " `--owner NAME` names the owner of KRs the doc gives none." if "owner" in needs else ""
    return [f"Ready to check in: {ready} of {ready + len(drafts)} KRs. Drafts need: {listed}.{hint}"]
