"""Objectives -> key results as a tree, one aligned row per KR with its numbers and status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from okrtui.core.alignment import Alignment
from okrtui.core.scoring import Band, score_band
from okrtui.core.status import KRStatus, ObjectiveStatus
from okrtui.core.values import format_value
from okrtui.report.status_parts import INLINE_UNITS, now_and_target
from okrtui.tui.cells import fit
from okrtui.tui.dashboard.sync_marks import flagged

Row = ObjectiveStatus | KRStatus
FIXED = 2 + 6 + 1
"""Cells every KR row spends besides its title and optional columns: `✔ `, ` 0.62` and a space."""


def band_colour(app: object, band: Band) -> str:
    """The theme's colour for a band, read now (themes can change while the app runs)."""
    variables: dict[str, str] = getattr(app, "theme_variables", {}) or {}
    return variables.get(band.variable, "")


def numbers_text(status: KRStatus, short: bool = False) -> str:
    """`24 → 30 interviews`, or `24 → 30` when short (word units dropped, `%` and `$` kept)."""
    if not short or status.kr.unit in INLINE_UNITS:
        return now_and_target(status)
    now = format_value(status.value) if status.history else "—"
    return f"{now} → {format_value(status.kr.target)}"


@dataclass(frozen=True)
class RowLayout:
    """Column widths for KR rows at a given width; narrow trees shorten numbers, drop id and word."""

    width: int
    id: int
    numbers: int
    confidence: int
    word: bool
    short: bool = False

    @classmethod
    def fit(cls, statuses: Sequence[KRStatus], width: int) -> RowLayout:
        """Title first (at least 16 cells), then value → target, the id and the status word."""
        confidence = max((cell_len(s.confidence_text()) for s in statuses), default=1)
        ids = max((len(s.kr.id) for s in statuses), default=0)
        room = width - FIXED - confidence - 16  # the title's minimum
        short = False
        numbers = min(20, max((cell_len(numbers_text(s)) for s in statuses), default=0))
        if room < numbers + 1:
            short = True
            numbers = max((cell_len(numbers_text(s, short=True)) for s in statuses), default=0)
        numbers = numbers if room >= numbers + 1 else 0
        room -= numbers + 1 if numbers else 0
        ids = ids if room >= ids + 1 + 4 else 0  # the id only when the title gains 4 more cells too
        room -= ids + 1 if ids else 0
        word = room >= 10 + 4
        return cls(width=width, id=ids, numbers=numbers, confidence=confidence, word=word, short=short)

    @property
    def columns(self) -> int:
        """Cells of every column but the title."""
        used = FIXED + self.confidence + (10 if self.word else 0)
        return used + (self.numbers + 1 if self.numbers else 0) + (self.id + 1 if self.id else 0)

    @property
    def title(self) -> int:
        return max(4, self.width - self.columns)

    @property
    def cells(self) -> int:
        """A KR row's width (wider than `width` only when even a 4-cell title does not fit)."""
        return self.columns + self.title


def kr_label(status: KRStatus, layout: RowLayout, colour: str) -> Text:
    """`✔ kr-cfr5 Cut change failure…  9.94% → 5%  0.62 7→ on track`, status in colour and symbol."""
    health = status.health
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(f"{health.symbol} ", style=colour)
    if layout.id:
        label.append(fit(status.kr.id, layout.id) + " ", style="dim")
    label.append(fit(status.kr.title, layout.title))
    if layout.numbers:
        label.append(" " + fit(numbers_text(status, layout.short), layout.numbers, right=True))
    label.append(f" {status.score:5.2f}", style=band_colour_or_none(colour, status.score_band, health))
    confidence = fit(status.confidence_text(), layout.confidence, right=True)
    alert = status.trend is not None and status.trend.is_alert
    label.append(f" {confidence}", style=f"{colour} bold" if alert else colour)
    if layout.word:
        label.append(" " + fit(health.label, 9), style=colour)
    return label


def band_colour_or_none(colour: str, band: Band, health: Band) -> str:
    """Score is coloured by its own band only when it agrees with the KR's status (avoids mixed signals)."""
    return colour if band is health else ""


def objective_label(status: ObjectiveStatus, width: int, colour: str, rollup: float | None = None) -> Text:
    """`Platform · Make every release boring and safe   0.67 ▲ at risk`; in the alignment tree the
    score is the roll-up (`rollup`), marked `Σ`."""
    score, band = (status.score, status.band) if rollup is None else (rollup, score_band(rollup))
    mark = "Σ" if rollup is not None else ""
    badge = f" {mark}{score:.2f} {band.badge}" if band and score is not None else ""
    heading = fit(f"{status.team.name} · {status.objective.title}", max(8, width - cell_len(badge)))
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(heading, style="bold")
    label.append(badge, style=colour)
    return label


class OkrTree(Tree[Row]):
    """The current cycle's objectives, expanded, with the first KR (or the one asked for) selected.

    Rows are labelled when they are drawn (`render_label`), for the width the tree has then: a
    600-row tree at 50 teams costs what its visible rows cost, and the first frame already has the
    final labels (no relabelling pass once the tree learns its width)."""

    DEFAULT_CSS = """
    OkrTree { padding: 0; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        self.objectives: list[ObjectiveStatus] = []
        self.flags: dict[str, str] = {}
        """KRs and objectives a sync conflict or notice is about (`dashboard.sync_marks`)."""
        self.alignment: Alignment | None = None
        """Set while the tree shows alignment (objectives under the ones they serve, roll-ups)."""
        self._layout: tuple[int, RowLayout] | None = None
        """The tree's width and the KR columns for it: worked out once per width and content."""
        self._labelled: set[int] = set()
        """Nodes (ids) whose label fits the current layout."""
        super().__init__("OKRs", id=id, classes=classes)  # which asks for the root's label width
        self.show_root = False
        self.guide_depth = 2

    @property
    def selected_kr(self) -> KRStatus | None:
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, KRStatus) else None

    @property
    def selected_objective(self) -> ObjectiveStatus | None:
        node = self.cursor_node
        if node is None:
            return None
        if isinstance(node.data, KRStatus):
            node = node.parent
        return node.data if node is not None and isinstance(node.data, ObjectiveStatus) else None

    def show_aligned(self, alignment: Alignment, select: str | None = None) -> None:
        """Objectives only, each under the one it aligns to; the cursor on `select` (an objective id)
        when shown, else the first."""
        self.objectives, self.alignment = [n.status for _, n in alignment.walk()], alignment
        self.clear()
        nodes: dict[str, TreeNode[Row]] = {}
        for _, node in alignment.walk():
            above = nodes[node.parent.id] if node.parent is not None else self.root
            nodes[node.id] = above.add(Text(), data=node.status, expand=True)
            if not node.children:
                nodes[node.id].allow_expand = False
        self.relabel()
        self._put_cursor(nodes.get(select or "") or next(iter(nodes.values()), None))

    def find(self, doc_id: str) -> TreeNode[Row] | None:
        """The row of an objective or KR by id, at any depth."""
        for _, node in self.walk():
            data = node.data
            if isinstance(data, ObjectiveStatus) and data.objective.id == doc_id:
                return node
            if isinstance(data, KRStatus) and data.kr.id == doc_id:
                return node
        return None

    def walk(self, node: TreeNode[Row] | None = None, depth: int = 0) -> list[tuple[int, TreeNode[Row]]]:
        """Every row under `node` (default: all), depth first, with its depth (0: top level)."""
        found: list[tuple[int, TreeNode[Row]]] = []
        for child in (node or self.root).children:
            found += [(depth, child), *self.walk(child, depth + 1)]
        return found

    def show(self, objectives: list[ObjectiveStatus], select: str | None = None) -> None:
        """Rebuild the tree; keep the cursor on `select` (a KR's or an objective's id) when it is still
        shown, else on the first KR."""
        self.objectives, self.alignment = objectives, None
        self.clear()
        target: TreeNode[Row] | None = None
        first: TreeNode[Row] | None = None
        for objective in objectives:
            parent = self.root.add(Text(), data=objective, expand=True)
            if objective.objective.id == select:
                target = parent
            for status in objective.key_results:
                leaf = parent.add_leaf(Text(), data=status)
                first = first or leaf
                if status.kr.id == select:
                    target = leaf
        self.relabel()
        self._put_cursor(target or first)

    def _put_cursor(self, node: TreeNode[Row] | None) -> None:
        """The cursor on `node` now (not after a refresh), so the first frame shows its detail."""
        if node is None:
            return
        self.get_node_at_line(0)  # lays the rows out, which gives every node its line
        if self.size.height:
            self.move_cursor(node)  # and scrolls to it
        else:
            self.cursor_line = node.line  # not laid out yet: scrolling now would hide the top rows

    def relabel(self) -> None:
        """Label every row again (for new rows, flags or theme colours), each when it is next drawn."""
        self._forget_labels()
        self.refresh()

    def _forget_labels(self) -> None:
        self._layout = None
        self._labelled.clear()
        self._clear_line_cache()  # Textual's cache of drawn rows knows nothing of our labels

    def _width(self) -> int:
        region = self.scrollable_content_region.width
        return max(20, region if region > 0 else 80)

    def _row_layout(self) -> tuple[int, RowLayout]:
        """The tree's width and the KR columns for it."""
        if self._layout is None:
            width = self._width()
            statuses = [k for o in self.objectives for k in o.key_results]
            self._layout = (width, RowLayout.fit(statuses, width - self.guide_depth))
        return self._layout

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._layout is not None and self._layout[0] != self._width():
            self._forget_labels()  # resized, or a scrollbar came or went, since the rows were labelled
        return super().render_lines(crop)

    def render_label(self, node: TreeNode[Row], base_style: Style, style: Style) -> Text:
        if node.id not in self._labelled:
            width, layout = self._row_layout()
            node._label = self._label_of(node, width, layout)  # set_label would refresh the row again
            self._labelled.add(node.id)
        return super().render_label(node, base_style, style)

    def get_label_width(self, node: TreeNode[Row]) -> int:
        """The width the row's label will have, without building it (Textual asks for every row)."""
        width, layout = self._row_layout()
        if isinstance(node.data, KRStatus):
            return layout.cells
        mark = 2 if isinstance(node.data, ObjectiveStatus) and node.data.objective.id in self.flags else 0
        return self._objective_room(node, width) + mark + (2 if node.allow_expand else 0)

    def _objective_room(self, node: TreeNode[Row], width: int) -> int:
        """Guides, then the expand icon if any: every objective row's badge ends in the same column."""
        depth, above = 0, node.parent
        while above is not None and above is not self.root:
            depth, above = depth + 1, above.parent
        return width - self.guide_depth * depth - (2 if node.allow_expand else 0) - 2

    def _label_of(self, node: TreeNode[Row], width: int, layout: RowLayout) -> Text:
        data = node.data
        if isinstance(data, KRStatus):
            label = kr_label(data, layout, band_colour(self.app, data.health))
            return self._flag(data.kr.id, label)
        if isinstance(data, ObjectiveStatus):
            aligned = self.alignment.of(data.objective.id) if self.alignment else None
            rollup = aligned.rollup if aligned else None
            band = aligned.rollup_band if aligned and rollup is not None else data.band
            colour = band_colour(self.app, band) if band else ""
            label = objective_label(data, self._objective_room(node, width), colour, rollup)
            return self._flag(data.objective.id, label, over_symbol=False)
        return Text()

    def _flag(self, record: str, label: Text, *, over_symbol: bool = True) -> Text:
        if record not in self.flags:
            return label
        return flagged(label, getattr(self.app, "theme_variables", {}).get("warning", ""), over_symbol)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.relabel())
