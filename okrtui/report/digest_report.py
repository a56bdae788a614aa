"""`okrtui digest`: the week's result as one message (Markdown, text, Slack, Teams) or as JSON."""

from __future__ import annotations

from typing import Any

from okrtui.core.digest import KRWeek, TeamDigest
from okrtui.core.models import Cycle
from okrtui.core.scoring import Band, score_band
from okrtui.report.action_lines import action_json, action_line
from okrtui.report.message import Line, Message, Section, line, strong

JSON_SCHEMA = 1


def _change(value: float | None) -> str:
    """`(+0.05)`, `(±0.00)`; nothing when there was nothing to compare with."""
    if value is None:
        return ""
    return " (±0.00)" if round(value, 2) == 0 else f" ({value:+.2f})"


def _score(score: float | None) -> tuple[str, Band | None]:
    if score is None:
        return "no score yet", None
    return f"{score:.2f}", score_band(score)


def _kr_line(k: KRWeek) -> Line:
    now = k.now
    change = _change(k.score_change) if k.updated else ""
    score = f" {now.score:.2f}{change}" if now.history else " no check-in yet"
    confidence = f", confidence {now.confidence_text()}" if now.confidence is not None else ""
    updated = "" if k.updated else f", not updated since {now.last_week}" if now.last_week else ""
    return line(strong(now.kr.id), f"{score}{confidence}{updated}: {now.kr.title} ({now.kr.owner})", depth=1)


def _headline(d: TeamDigest) -> str:
    score, band = _score(d.score)
    badge = f" {band.badge}" if band else ""
    return (
        f"{d.board.team.name}: {score}{_change(d.score_change)}{badge}, "
        f"{len(d.updated)} of {len(d.krs)} KRs checked in"
    )


def _team_sections(d: TeamDigest) -> list[Section]:
    name = d.board.team.name
    scores: list[Line] = []
    if d.closed:
        scores.append(line(d.closed))
    for o in d.objectives:
        score, band = _score(o.now.score)
        badge = f" {band.badge}" if band else ""
        scores.append(line(strong(score), f"{_change(o.score_change)}{badge} {o.now.objective.title}"))
        scores += [_kr_line(k) for k in o.krs]
    sections = [Section(_headline(d), scores)]
    if d.drops:
        drops = [
            line(strong(k.now.kr.id), f" {k.before.confidence} → {k.now.confidence}: {k.now.kr.title}")
            for k in d.drops
        ]
        sections.append(Section(f"{name}: confidence drops", drops))
    blockers = [line("raised ", strong(b.id), f" ({b.kr}): {b.text}") for b in d.raised]
    blockers += [
        line(
            "resolved ", strong(b.id), f" ({b.kr}): {b.text}" + (f" — {b.resolution}" if b.resolution else "")
        )
        for b in d.resolved
    ]
    sections.append(Section(f"{name}: blockers", blockers, empty="none raised or resolved"))
    actions = [line("new: ", *action_line(a, d.day).spans) for a in d.actions_raised]
    actions += [line("done: ", *action_line(a, d.day).spans) for a in d.actions_done]
    actions += [line("dropped: ", *action_line(a, d.day).spans, f" ({a.reason})") for a in d.actions_dropped]
    actions += [line("late: ", *action_line(a, d.day).spans) for a in d.actions_late]
    sections.append(Section(f"{name}: actions", actions, empty="none raised, done or late"))
    missing = [
        line(strong(person), ": " + ", ".join(s.kr.id for s in krs)) for person, krs in d.missing.items()
    ]
    missing += [line(strong(person), f" away {p.start} to {p.end}") for person, p in d.away.items()]
    sections.append(Section(f"{name}: did not check in", missing, empty="everyone checked in"))
    if d.vote_spreads:
        spreads = [
            line(strong(s.kr), f" votes {s.low} to {s.high} (spread {s.spread})") for s in d.vote_spreads
        ]
        sections.append(Section(f"{name}: votes far apart", spreads))
    return sections


def digest_message(digests: list[TeamDigest], week: str, cycle: Cycle) -> Message:
    sections = [s for d in digests for s in _team_sections(d)]
    if not digests:
        sections.append(Section("Nothing to report", empty=f"no OKRs in {cycle.id} for week {week}"))
    summary = (
        f"OKR digest {week}: " + "; ".join(_headline(d) for d in digests) if digests else f"OKR digest {week}"
    )
    return Message(f"OKR digest, week {week} ({cycle.id})", summary, sections)


def _kr_json(k: KRWeek) -> dict[str, Any]:
    now = k.now
    return {
        "id": now.kr.id,
        "title": now.kr.title,
        "owner": now.kr.owner,
        "value": now.value if now.history else None,
        "score": round(now.score, 4) if now.history else None,
        "score_change": None if k.score_change is None else round(k.score_change, 4),
        "confidence": now.confidence,
        "previous_confidence": k.before.confidence,
        "checked_in": k.updated,
    }


def digest_json(digests: list[TeamDigest], week: str, cycle: Cycle) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    def team(d: TeamDigest) -> dict[str, Any]:
        actions = {
            "raised": d.actions_raised,
            "done": d.actions_done,
            "dropped": d.actions_dropped,
            "late": d.actions_late,
        }
        return {
            "id": d.board.team.id,
            "name": d.board.team.name,
            "closed": d.closed,
            "score": rounded(d.score),
            "score_change": rounded(d.score_change),
            "checked_in": len(d.updated),
            "key_results": len(d.krs),
            "objectives": [
                {
                    "id": o.now.objective.id,
                    "title": o.now.objective.title,
                    "score": rounded(o.now.score),
                    "score_change": rounded(o.score_change),
                    "key_results": [_kr_json(k) for k in o.krs],
                }
                for o in d.objectives
            ],
            "confidence_drops": [
                {"kr": k.now.kr.id, "from": k.before.confidence, "to": k.now.confidence} for k in d.drops
            ],
            "blockers": {
                "raised": [{"id": b.id, "kr": b.kr, "text": b.text, "owner": b.owner} for b in d.raised],
                "resolved": [
                    {"id": b.id, "kr": b.kr, "text": b.text, "resolution": b.resolution} for b in d.resolved
                ],
            },
            "actions": {key: [action_json(a, d.day) for a in found] for key, found in actions.items()},
            "did_not_check_in": [{"name": p, "krs": [s.kr.id for s in krs]} for p, krs in d.missing.items()],
            "away": [
                {"name": p, "from": a.start.isoformat(), "to": a.end.isoformat()} for p, a in d.away.items()
            ],
            "meeting": d.meeting.id if d.meeting else None,
            "vote_spreads": [
                {"kr": s.kr, "low": s.low, "high": s.high, "spread": s.spread} for s in d.vote_spreads
            ],
        }

    return {
        "schema": JSON_SCHEMA,
        "week": week,
        "cycle": {"id": cycle.id, "state": cycle.state.value},
        "teams": [team(d) for d in digests],
    }
