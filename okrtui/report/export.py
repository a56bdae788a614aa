"""`okrtui export`: a cycle as JSON (the full store, re-importable byte for byte), CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from okrtui.core.actions import raised_in
from okrtui.core.board import Board
from okrtui.core.models import Action, Cycle, Team
from okrtui.core.retro import commentary, objective_grades
from okrtui.core.scoring import score
from okrtui.core.status import board_status
from okrtui.core.values import format_value, plain_number
from okrtui.report.status_markdown import cell
from okrtui.store import Store
from okrtui.store.repository import BOARD_TABLES

EXPORT_KEY = "okrtui_export"
EXPORT_VERSION = 1


def cycle_boards(store: Store, cycle: Cycle) -> list[Board]:
    """Every team's board in the cycle, including empty ones, in the store's team order."""
    return store.boards(cycle)


def export_payload(cycle: Cycle, teams: list[Team], boards: list[Board]) -> dict[str, Any]:
    """The export as plain data. No timestamps of its own, so exporting twice gives the same bytes."""
    return {
        EXPORT_KEY: EXPORT_VERSION,
        "cycle": cycle.model_dump(mode="json"),
        "teams": [team.model_dump(mode="json") for team in teams],
        "boards": [
            {"team": board.team.id}
            | {
                table: [doc.model_dump(mode="json") for doc in getattr(board, table)]
                for table in BOARD_TABLES
            }
            for board in boards
            if any(getattr(board, table) for table in BOARD_TABLES)
        ],
    }


def to_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def export_json(store: Store, cycle: Cycle) -> str:
    return to_json(export_payload(cycle, store.teams(), cycle_boards(store, cycle)))


CSV_COLUMNS = (
    "cycle",
    "team",
    "objective_id",
    "objective",
    "kr_id",
    "key_result",
    "owner",
    "unit",
    "baseline",
    "target",
    "direction",
    "week",
    "value",
    "confidence",
    "score",
    "moved",
    "stuck",
    "next",
    "author",
    "meeting",
    "created_at",
)


def export_csv(boards: list[Board]) -> str:
    """One row per check-in, oldest week first within each KR: ready for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for board in boards:
        for kr in board.live_key_results():
            objective = board.objective(kr.objective)
            for checkin in board.checkins_of(kr.id):
                writer.writerow(
                    [
                        board.cycle.id,
                        board.team.id,
                        kr.objective,
                        _safe(objective.title if objective else ""),
                        kr.id,
                        _safe(kr.title),
                        _safe(kr.owner),
                        _safe(kr.unit),
                        _number(kr.baseline),
                        _number(kr.target),
                        kr.direction.value if kr.direction else "",
                        checkin.week,
                        _number(checkin.value),
                        checkin.confidence,
                        f"{score(kr, checkin.value):.2f}",
                        _safe(checkin.moved),
                        _safe(checkin.stuck),
                        _safe(checkin.next),
                        _safe(checkin.author),
                        checkin.meeting or "",
                        checkin.created_at.isoformat(),
                    ]
                )
    return out.getvalue()


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float) -> str:
    return plain_number(value)


def export_markdown(boards: list[Board], today: date) -> str:
    """A readable report of the cycle: objectives, KRs with their weekly history, drafts, blockers."""
    if not boards:
        return "No OKRs in this cycle yet.\n"
    cycle = boards[0].cycle
    lines = [
        f"# OKRs {cycle.id} ({cycle.start.isoformat()} → {cycle.end.isoformat()}, {cycle.state.value})",
        "",
    ]
    for board in boards:
        if not (board.objectives or board.drafts):
            continue
        lines += [f"## {cell(board.team.name)}", ""]
        for objective in board_status(board, today):
            total = objective.score
            scored = f" — {total:.2f} {objective.band.badge}" if objective.band and total is not None else ""
            lines += [f"### {cell(objective.objective.title)}{scored}", ""]
            meta = [objective.objective.kind.value]
            if objective.objective.owner:
                meta.append(f"owner {objective.objective.owner}")
            lines += [
                f"*{', '.join(meta)}*" + (f" — {objective.objective.why}" if objective.objective.why else "")
            ]
            lines += [""]
            for kr in objective.key_results:
                now = format_value(kr.value if kr.history else None, kr.kr.unit)
                unit = kr.kr.unit
                lines.append(
                    f"- **{kr.kr.id}** {kr.kr.title} — {kr.kr.owner}: "
                    f"{format_value(kr.kr.baseline, unit)} → **{now}** → {format_value(kr.kr.target, unit)}, "
                    f"score {kr.score:.2f}, {kr.health.badge}"
                )
                if kr.history:
                    weeks = ", ".join(
                        f"{c.week[-3:]} {format_value(c.value, unit)} ({c.confidence})" for c in kr.history
                    )
                    lines.append(f"  - history: {weeks}")
                for blocker in kr.open_blockers:
                    lines.append(f"  - open blocker {blocker.id}: {blocker.text}")
            for draft in board.drafts_of(objective.objective.id):
                lines.append(
                    f"- *draft* **{draft.id}** {draft.title} — needs {', '.join(draft.missing()) or 'review'}"
                )
            lines.append("")
        lines += _meetings(board) + _retro(board)
    return "\n".join(lines).rstrip("\n") + "\n"


def _meetings(board: Board) -> list[str]:
    finished = [m for m in board.meetings if m.ended_at is not None]
    if not finished:
        return []
    lines = ["### Meetings", ""]
    for meeting in sorted(finished, key=lambda m: m.started_at):
        minutes = round(sum(meeting.step_seconds.values()) / 60)
        lines.append(f"- {meeting.week}: {len(meeting.attendees)} attended, {minutes} min")
        lines += [
            f"  - action: {item.text}" + (f" ({item.owner})" if item.owner else "") + _state(item)
            for item in raised_in(board, meeting.id)
        ]
    return [*lines, ""]


def _state(action: Action) -> str:
    return "" if action.is_open else f", {action.state.value} {action.closed_week}"


def _retro(board: Board) -> list[str]:
    """The retrospective: final scores with the reasons they moved, objective scores, the 0.7 rule."""
    if not board.retros:
        return []
    retro = board.retros[-1]
    scores = {g.kr: g.score for g in retro.grades}
    graded = objective_grades(board, scores)
    closed = f" (closed {retro.closed_at.date().isoformat()})" if retro.closed_at else ""
    lines = [f"### Retrospective{closed}", ""]
    for objective in graded:
        total = "—" if objective.score is None else f"{objective.score:.2f}"
        lines.append(f"- **{objective.objective.title}**: {total}")
        for kr in board.krs_of(objective.objective.id):
            grade = retro.grade(kr.id)
            if grade is None:
                continue
            moved = f" (suggested {grade.suggested:.1f}: {grade.reason})" if grade.adjusted else ""
            lines.append(f"  - {kr.id} {kr.title}: {grade.score:.1f}{moved}")
    lines += ["", *commentary(graded, scores.values()), ""]
    if retro.worked:
        lines += [f"What worked: {retro.worked}", ""]
    if retro.did_not:
        lines += [f"What did not: {retro.did_not}", ""]
    return lines
