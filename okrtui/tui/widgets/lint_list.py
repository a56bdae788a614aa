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

    def show(self, findings: Sequence[Finding], limit: int = 4) -> None:
        if not findings:
            self.update(Content.assemble(("✔ lint", "$okr-on-track"), ": nothing to flag"))
            return
        lines = [finding_line(f) for f in findings[:limit]]
        if len(findings) > limit:
            lines.append(Content(f"… and {len(findings) - limit} more (okrtui lint)"))
        self.update(Content("\n").join(lines))
