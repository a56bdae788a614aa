"""Everything about one objective: its score and roll-up, what each KR adds, what it aligns to and
what is aligned under it. Shown in place of the KR detail when the cursor is on an objective."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from okrtui.core.alignment import AlignedObjective, Alignment, contributions
from okrtui.core.safe_text import visible
from okrtui.core.scoring import Band
from okrtui.tui.dashboard.detail import band_style
from okrtui.tui.dashboard.sync_marks import SyncNote


def scored(score: float | None, band: Band | None, what: str = "score") -> Content:
    """`score 0.62 ▲ at risk`, or `score –, no check-in yet`; the band in colour and in words."""
    if score is None or band is None:
        return Content(f"{what} –, no check-in yet")
    return Content.assemble(f"{what} ", (f"{score:.2f} {band.badge}", band_style(band.variable)))


def one_line(node: AlignedObjective) -> Content:
    """`ob-pl1 Make every release boring · Platform, Ana · roll-up 0.80 ✔ on track`."""
    objective = node.status.objective
    who = ", ".join(part for part in (node.status.team.name, objective.owner) if part)
    return Content.assemble(
        (objective.id, "$text-muted"),
        " ",
        visible(objective.title),
        f" · {visible(who)} · ",
        scored(node.rollup, node.rollup_band, "roll-up"),
    )


def parent_line(node: AlignedObjective, alignment: Alignment) -> Content:
    """What the objective aligns to: the parent's line (and the KR it serves), or why there is none."""
    if node.parent is not None:
        line = one_line(node.parent)
        if node.via_kr is not None:
            kr = node.via_kr.kr
            via = Content.assemble("\n  through ", (kr.id, "$text-muted"), " ", visible(kr.title))
            return Content.assemble(line, via)
        return line
    missing = alignment.missing.get(node.id)
    if missing:
        return Content(f"{visible(missing)}, which is not among this cycle's objectives")
    return Content("Nothing: a top-level objective. e links it to a parent; l shows the alignment tree.")


class ObjectiveDetail(VerticalScroll):
    """The panel for a selected objective; `show(node, alignment)` fills it."""

    DEFAULT_CSS = """
    ObjectiveDetail { padding: 0 1; }
    ObjectiveDetail .heading { text-style: bold; color: $text-accent; margin-top: 1; }
    ObjectiveDetail #objective-title { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="objective-title")
        yield Static(id="objective-facts")
        yield SyncNote(id="objective-sync")
        yield Static("Key results: share of the score · score · adds", classes="heading")
        yield Static(id="objective-krs")
        yield Static("Aligned to", classes="heading")
        yield Static(id="objective-parent")
        yield Static("Aligned under it", classes="heading")
        yield Static(id="objective-children")

    def show(self, node: AlignedObjective, alignment: Alignment, synced: str = "") -> None:
        """`synced`: what a git merge left about the objective or its team (`dashboard.sync_marks`)."""
        status, objective = node.status, node.status.objective
        self.query_one(SyncNote).show(synced)
        self.query_one("#objective-title", Static).update(
            Content.assemble((objective.id, "$text-muted"), " ", visible(objective.title))
        )
        owner = visible(objective.owner) if objective.owner else "no owner"
        facts = [
            Content(f"{owner} · {visible(status.team.name)} · {objective.kind.value} · "),
            scored(status.score, status.band),
        ]
        if node.children:
            facts += [Content(" · "), scored(node.rollup, node.rollup_band, "roll-up")]
            facts += [Content(f" (itself and {len(node.children)} aligned)")]
        if objective.why:
            facts += [Content.assemble("\n", ("why: ", "$text-muted"), visible(objective.why))]
        self.query_one("#objective-facts", Static).update(Content.assemble(*facts))
        krs = [
            Content.assemble(
                (c.status.kr.id, "$text-muted"),
                " ",
                visible(c.status.kr.title),
                f" · {c.share:.0%} · ",
                (f"{c.status.score:.2f}", band_style(c.status.score_band.variable)),
                f" · +{c.points:.2f}",
            )
            for c in contributions(status)
        ]
        self.query_one("#objective-krs", Static).update(
            Content("\n").join(krs) if krs else "No key results yet: press a to add one."
        )
        self.query_one("#objective-parent", Static).update(parent_line(node, alignment))
        children = [one_line(child) for child in node.children]
        self.query_one("#objective-children", Static).update(
            Content("\n").join(children) if children else "Nothing aligns to it yet."
        )
