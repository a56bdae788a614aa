"""`okrtui show KR --at WEEK` as lines of text: a key result as it stood then."""

from __future__ import annotations

from okrtui.core.history import KRThen
from okrtui.core.values import format_value


def describe_then(then: KRThen, week: str, as_of: str | None) -> list[str]:
    """`as_of` says which version this is ("commit 1a2b3c4 of 2026-11-08 14:02 by Ben"); None when
    no history goes back to `week`, so the KR's fields are shown as they are now."""
    kr = then.kr
    lines = [f"{kr.id}  {kr.title}" + ("  (archived)" if kr.archived else "")]
    lines.append(
        f"as of the end of {week}: {as_of}"
        if as_of
        else f"as of the end of {week}: no history that far back; fields as they are now"
    )
    numbers = f"{format_value(kr.baseline, kr.unit)} → {format_value(kr.target, kr.unit)}"
    facts = [f"owner {kr.owner}", kr.kind.value, numbers, (kr.direction.value if kr.direction else "")]
    facts += [f"weight {kr.weight:g}"] + ([f"due {kr.due.isoformat()}"] if kr.due else [])
    lines.append(" · ".join(fact.replace("_", " ") for fact in facts if fact))
    checkin = then.checkin
    if checkin is None:
        lines.append(f"no check-in by {week}")
    else:
        by = f", by {checkin.author}" if checkin.author else ""
        value = format_value(checkin.value, kr.unit)
        lines.append(f"last check-in {checkin.week}: {value}, confidence {checkin.confidence}{by}")
        notes = (("moved", checkin.moved), ("stuck", checkin.stuck), ("next", checkin.next))
        lines += [f"  {label}: {text}" for label, text in notes if text]
    if then.open_blockers:
        lines.append("open blockers:")
        lines += [f"  {b.id} {b.text} (raised {b.raised_week})" for b in then.open_blockers]
    else:
        lines.append("no open blockers")
    return lines
