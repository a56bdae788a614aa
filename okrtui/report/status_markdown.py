"""`okrtui status --format markdown`: paste-ready for a wiki, a chat or an email."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.core.values import format_value
from okrtui.report.status_parts import NOTHING_YET, closed_lines

if TYPE_CHECKING:
    from okrtui.core.glance import Glance
    from okrtui.report.snapshot import Snapshot


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(snapshot: Snapshot | Glance) -> str:
    if snapshot.cycle is None or not snapshot.objectives:
        return NOTHING_YET + "\n"
    lines = [f"# OKR status {snapshot.cycle.id}, week {snapshot.week}", ""]
    lines += [*(f"**{cell(line)}**" for line in closed_lines(snapshot)), ""] if closed_lines(snapshot) else []
    for objective in snapshot.objectives:
        score = objective.score
        band = f" — {score:.2f} {objective.band.badge}" if objective.band and score is not None else ""
        lines += [f"## {cell(objective.team.name)}: {cell(objective.objective.title)}{band}", ""]
        lines += ["| KR | Key result | Owner | Now → target | Score | Confidence | Status | Last check-in |"]
        lines += ["|---|---|---|---|---:|---|---|---|"]
        for kr in objective.key_results:
            now = format_value(kr.value if kr.history else None, kr.kr.unit)
            confidence = kr.confidence_text("—")
            lines.append(
                f"| {kr.kr.id} | {cell(kr.kr.title)} | {cell(kr.kr.owner)} "
                f"| {now} → {format_value(kr.kr.target, kr.kr.unit)} | {kr.score:.2f} | {confidence} "
                f"| {kr.health.badge} | {kr.last_week or '—'} |"
            )
        blockers = [(kr.kr.id, b) for kr in objective.key_results for b in kr.open_blockers]
        if blockers:
            lines += ["", "Open blockers:", ""]
            lines += [f"- **{b.id}** ({kr_id}): {b.text}" for kr_id, b in blockers]
        lines.append("")
    return "\n".join(lines)
