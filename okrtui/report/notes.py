"""A meeting's Markdown notes: what the team would otherwise type up by hand afterwards."""

from __future__ import annotations

from okrtui.core.agenda import mmss
from okrtui.core.meeting_summary import KRLine, MeetingSummary
from okrtui.core.values import format_value
from okrtui.core.votes import describe_votes
from okrtui.report.status_markdown import cell


def notes_markdown(summary: MeetingSummary) -> str:
    board, meeting = summary.board, summary.meeting
    lines = [
        f"# {board.team.name} OKR check-in, {meeting.week}",
        "",
        f"Cycle {board.cycle.id} · meeting {meeting.id} · facilitator {meeting.facilitator or '—'}"
        f" · {len(summary.krs)} KRs: {summary.counts()}",
    ]
    if meeting.attendees:
        lines.append(f"Attendees: {', '.join(meeting.attendees)}")
    lines += ["", "## Headlines", ""]
    lines += _headlines(summary)
    lines += ["", "## Key results", ""]
    lines += ["| KR | Key result | Owner | Value | Confidence | Status | Time (plan) |"]
    lines += ["|---|---|---|---:|---|---|---|"]
    lines += [_kr_row(k) for k in summary.krs]
    if summary.parked:
        lines += ["", "## Parked (the time left could not hold them)", ""]
        lines += [
            f"- **{k.status.kr.id}** {cell(k.status.kr.title)} ({cell(k.status.kr.owner)}): {k.parked_note}"
            for k in summary.parked
        ]
    notes = [k for k in summary.krs if k.checked_in and _said(k)]
    if notes:
        lines += ["", "## What was said", ""]
        for k in notes:
            said = "; ".join(f"{label}: {text}" for label, text in _texts(k) if text)
            lines.append(f"- **{k.status.kr.id}** {cell(said)}")
    blockers = [(k.status.kr.id, b) for k in summary.krs for b in k.status.open_blockers]
    lines += ["", "## Open blockers", ""]
    lines += [f"- **{b.id}** ({kr}, owner {b.owner or '—'}): {b.text}" for kr, b in blockers] or ["None."]
    lines += ["", "## Resolved this week", ""]
    lines += [
        f"- **{b.id}** ({b.kr}, owner {b.owner or '—'}): {b.text}"
        + (f" — {b.resolution}" if b.resolution else "")
        for b in summary.resolved
    ] or ["None."]
    lines += ["", "## Action items", ""]
    lines += [
        f"- [ ] {item.text} — {item.owner or 'no owner'}" + (f", due {item.due}" if item.due else "")
        for item in summary.action_items
    ] or ["None."]
    if meeting.votes:
        lines += ["", "## Confidence votes", ""]
        for v in meeting.votes:
            again = f" (round {v.round})" if v.round > 1 else ""
            lines.append(f"- **{v.kr}**{again}: {cell(describe_votes(v.votes, v.not_counted))}")
    return "\n".join(lines) + "\n"


def _headlines(summary: MeetingSummary) -> list[str]:
    avg = summary.avg_confidence
    change = summary.avg_change
    lines = []
    if avg is not None:
        delta = "" if change is None else f" ({change:+.1f} since last week)"
        lines.append(f"- Average confidence {avg:.1f}/10{delta}")
    for k in summary.drops:
        lines.append(f"- Confidence drop: {k.status.kr.id} {k.previous_confidence} → {k.status.confidence}")
    for k in summary.attention:
        why = "behind pace" if k.status.behind_pace else k.status.health.label
        lines.append(f"- {k.status.health.symbol} {k.status.kr.id} {cell(k.status.kr.title)}: {why}")
    lines.append(f"- Time: {mmss(summary.spent_seconds)} of {mmss(summary.planned_seconds)} planned")
    return lines


def _kr_row(k: KRLine) -> str:
    s = k.status
    value = format_value(s.value if s.history else None, s.kr.unit)
    confidence = s.confidence_text("—")
    updated = " (confirmed unchanged)" if k.confirmed else "" if k.checked_in else " (not checked in)"
    updated = f" ({k.parked_note})" if k.parked and not k.checked_in else updated
    return (
        f"| {s.kr.id} | {cell(s.kr.title)} | {cell(s.kr.owner)} | {value}{updated} | {confidence}"
        f" | {s.health.badge} | {mmss(k.spent_seconds)} ({mmss(k.planned_seconds)}) |"
    )


def _texts(k: KRLine) -> list[tuple[str, str]]:
    latest = k.status.latest
    if latest is None:
        return []
    return [("moved", latest.moved), ("stuck", latest.stuck), ("next", latest.next)]


def _said(k: KRLine) -> bool:
    return any(text for _, text in _texts(k))
