"""`okrtui status --format json`: a stable, documented schema (see README, "Status JSON")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from okrtui.core.overdue import is_overdue
from okrtui.core.scoring import Band
from okrtui.core.votes import LastVote, spread

if TYPE_CHECKING:
    from datetime import date

    from okrtui.core.glance import Glance, KRGlance, ObjectiveGlance
    from okrtui.core.models import Action
    from okrtui.core.read_models import ActionRow
    from okrtui.core.status import KRStatus, ObjectiveStatus
    from okrtui.core.sync_count import SyncCount
    from okrtui.report.snapshot import Snapshot

JSON_SCHEMA_VERSION = 1
_WORDS = {band: band.name.lower() for band in Band}
"""`on_track`...: a band as the JSON names it (an enum's name is a descriptor call: once per KR adds up)."""


def _figure(value: float) -> float:
    """A figure to 4 places; a tiny negative one is 0.0, not `-0.0` (which reads as a bug)."""
    return round(value, 4) + 0.0


def _kr(status: KRStatus | KRGlance) -> dict[str, Any]:
    kr = status.kr
    return {
        "id": kr.id,
        "title": kr.title,
        "owner": kr.owner,
        "kind": kr.kind,  # orjson writes an enum as its value
        "direction": kr.direction,
        "baseline": kr.baseline,
        "target": kr.target,
        "unit": kr.unit,
        "value": status.value,
        "progress": _figure(status.progress),
        "score": _figure(status.score),
        "score_band": _WORDS[status.score_band],
        "status": _WORDS[status.health],
        "confidence": status.confidence,
        "confidence_trend": status.trend.delta if status.trend else None,
        "expected_progress": _figure(status.expected),
        "behind_pace": status.behind_pace,
        "last_checkin_week": status.last_week,
        "checked_in_this_week": status.checked_in_this_week,
        "confirmed_unchanged": status.confirmed_this_week,
        "open_blockers": [{"id": b.id, "text": b.text} for b in status.open_blockers],
        "history": [{"week": c.week, "value": c.value, "confidence": c.confidence} for c in status.history],
        "last_vote": _vote(status.last_vote),
    }


def _vote(vote: LastVote | None) -> dict[str, Any] | None:
    """The room's latest private vote: every vote and the spread (the owner's confidence is above)."""
    found = spread(vote.votes) if vote is not None else None
    if vote is None or found is None:
        return None
    return {
        "week": vote.week,
        "round": vote.round,
        "votes": dict(sorted(vote.votes.items())),
        "low": found.low,
        "median": found.median,
        "high": found.high,
        "talk_about_it": found.talk,
        "not_counted": list(vote.not_counted),
    }


def _objective(status: ObjectiveStatus | ObjectiveGlance, closed: dict[str, str]) -> dict[str, Any]:
    score = status.score
    return {
        "id": status.objective.id,
        "team": status.team.id,
        "title": status.objective.title,
        "owner": status.objective.owner,
        "kind": status.objective.kind,
        "parent": status.objective.parent,
        "score": None if score is None else _figure(score),
        "score_band": _WORDS[status.band] if status.band else None,
        "board_closed": status.team.id in closed,
        "key_results": [_kr(k) for k in status.key_results],
    }


def _action(action: Action | ActionRow, team: str, today: date) -> dict[str, Any]:
    return {
        "id": action.id,
        "team": team,
        "text": action.text,
        "owner": action.owner,
        "due": action.due.isoformat() if action.due else None,
        "kr": action.kr,
        "overdue": is_overdue(action, today),
    }


def _sync_counts(snapshot: Snapshot | Glance) -> list[tuple[str | None, SyncCount]]:
    """Open sync rows per file: `None` for the workspace (teams, cycles), then each team's board."""
    workspace = [(None, snapshot.workspace_sync)] if snapshot.workspace_sync else []
    return [*workspace, *snapshot.sync.items()]


def to_json(snapshot: Snapshot | Glance) -> str:
    cycle = snapshot.cycle
    document = {
        "schema": JSON_SCHEMA_VERSION,
        "date": snapshot.today.isoformat(),
        "week": snapshot.week,
        "cycle": None
        if cycle is None
        else {
            "id": cycle.id,
            "start": cycle.start.isoformat(),
            "end": cycle.end.isoformat(),
            "state": cycle.state.value,
            "elapsed": _figure(cycle.elapsed(snapshot.today)),
        },
        "objectives": [_objective(o, snapshot.closed) for o in snapshot.objectives],
        "sync_notices": [
            {"team": team, "conflicts": count.conflicts, "notices": count.notices}
            for team, count in _sync_counts(snapshot)
        ],
        "actions": [
            _action(a, team, snapshot.today) for team, held in snapshot.actions.items() for a in held
        ],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
