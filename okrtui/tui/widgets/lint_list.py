"""OKR lint findings as short lines, each with a symbol and a word (never colour alone)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from okrtui.core.lint import Finding, Severity

MARKS = {
    Severity.ERROR: ("✖", "$okr-off-track"),
    Severity.WARNING: ("▲", "$okr-at-risk"),
    Severity.INFO: ("·", "$text-muted"),
}


def finding_line(finding: Finding) -> Content:
    """`▲ OKR004 warning: 'Make releases boring' has 1 KR`."""
    symbol, style = MARKS[finding.severity]
    return Content.assemble(
        (f"{symbol} {finding.rule.code} {finding.severity.value}", style),
        f": {finding.message}",
    )


class LintList(Static):
    """Live lint for what is being edited: findings, or a quiet "nothing to flag"."""

    DEFAULT_CSS = """
    LintList { height: auto; max-height: 5; }
    """

    def show(self, findings: Sequence[Finding], limit: int = 4, *, needed: Sequence[str] = ()) -> None:
        """`needed`: what the form still lacks before it can be saved (the owner, a number); shown
        first, so "nothing to flag" never sits above a refusal to save."""
        wanted = [Content.assemble(("✖ needed", "$okr-off-track"), f": {what}") for what in needed]
        if not findings and not wanted:
            self.update(Content.assemble(("✔ lint", "$okr-on-track"), ": nothing to flag"))
            return
        lines = [*wanted, *(finding_line(f) for f in findings[: max(0, limit - len(wanted))])]
        if len(findings) > limit - len(wanted):
            lines.append(Content(f"… and {len(findings) - limit + len(wanted)} more (okrtui lint)"))
        self.update(Content("\n").join(lines))
