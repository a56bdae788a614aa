"""`okrtui status` as lines laid out and coloured here: for pipes, cron and tmux status lines, and
for a terminal.

Importing rich's console and building its Table costs more than reading the whole store, so this
lays the table out itself, with rich's cell measuring (`report.cells`: rich itself only for text
beyond ASCII and okrtui's symbols), its word wrapping (`rich._wrap`, or the same cuts made by
`_plain_pieces` for plain words) and the rules of rich's Table for this one layout
(`status_table._table`): fixed columns at their width plus one cell of right padding, the
"Key result" column taking the rest, one space between columns. In a terminal `report.ansi` writes
each styled run as rich writes a segment. The output is byte for byte what
`status_table.render_table` prints, to a pipe and to a terminal of every colour system
(tests/report/test_status_lines.py compares them); a width or a text this does not lay out as
rich would returns None, and the caller falls back to rich.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Literal, NamedTuple

from okrtui.core.scoring import Band
from okrtui.report.ansi import PLAIN, Painter
from okrtui.report.cells import cell_len, one_cell_each, set_cell_size
from okrtui.report.spark import sparkline
from okrtui.report.status_parts import (
    DEFAULT_PALETTE,
    NOTHING_YET,
    KRTexts,
    Layout,
    actions_line,
    closed_lines,
    column_widths,
    drafts_line,
    kr_texts,
    sync_lines,
    week_lines,
)

if TYPE_CHECKING:
    from okrtui.core.glance import Glance, KRGlance, ObjectiveGlance
    from okrtui.core.status import KRStatus, ObjectiveStatus
    from okrtui.report.snapshot import Snapshot

    AnyKR = KRStatus | KRGlance

_JOINERS = frozenset("\u200d\ufe0f")
"""Characters whose width depends on their neighbours in rich's measure: without them a line's
width is the sum of its words' widths, and a cell's the sum of its text's and its padding's."""
_ONE_PASS = _JOINERS | set("\n\t")
"""What a one-line cell must not hold to be fitted in one pass (`_fit`)."""
Justify = Literal["default", "left", "right"]
Overflow = Literal["fold", "ellipsis"]


def _truncate(text: str, width: int, overflow: Overflow, pad: bool = False) -> str:
    length = cell_len(text)
    if length > width:
        text = set_cell_size(text, width - 1) + "…" if overflow == "ellipsis" else set_cell_size(text, width)
    if pad and length < width:
        text += " " * (width - length)
    return text


def _rstrip_end(text: str, size: int) -> str:
    """Trailing white space beyond `size` characters dropped (rich's Text.rstrip_end)."""
    excess = len(text) - size
    if excess <= 0:
        return text
    spaces = len(text) - len(text.rstrip())
    return text[: len(text) - min(spaces, excess)] if spaces else text


def _plain_pieces(line: str, width: int) -> list[str] | None:
    """`line` cut where rich's `divide_line` cuts it, for one-cell characters with single spaces
    between words (titles as `one_line` leaves them) and no word wider than `width`; None for any
    other line. Each cut is at the last space that leaves at most `width` characters before
    it; a piece keeps that space while it fits (as `_rstrip_end` leaves it)."""
    if not one_cell_each(line) or "  " in line or line[:1] == " " or line[-1:] == " ":
        return None
    pieces: list[str] = []
    start = 0
    while len(line) - start > width:
        cut = line.rfind(" ", start, start + width + 1)
        if cut < start:
            return None  # a word wider than `width`, folded across lines: left to divide_line
        pieces.append(line[start : cut + 1] if cut - start < width else line[start:cut])
        start = cut + 1
    pieces.append(line[start:])
    return pieces


def wrap(
    text: str, width: int, justify: Justify = "default", overflow: Overflow = "fold", no_wrap: bool = False
) -> list[str]:
    """`text` in lines of at most `width` cells, as rich's Text.wrap makes them."""
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.expandtabs(8)
        plain = None if no_wrap else _plain_pieces(line, width)
        if plain is not None:  # one cell per character, nothing to cut
            if justify == "left":
                lines += [p.ljust(width) for p in plain]
            elif justify == "right":
                lines += [p.rstrip().rjust(width) for p in plain]
            else:
                lines += plain
            continue
        if no_wrap:
            pieces = [line]
        elif cell_len(line) <= width and _JOINERS.isdisjoint(line):
            pieces = [_rstrip_end(line, width)]  # every word fits: divide_line would break nowhere
        else:
            from rich._wrap import divide_line

            offsets = [0, *divide_line(line, width, fold=overflow == "fold"), len(line)]
            pieces = [_rstrip_end(line[a:b], width) for a, b in pairwise(offsets)]
        if justify == "left":  # padded to exactly `width`: nothing left to cut
            lines += [_truncate(p, width, overflow, pad=True) for p in pieces]
        elif justify == "right":
            pieces = [_truncate(p.rstrip(), width, overflow) for p in pieces]
            lines += [" " * (width - cell_len(p)) + p for p in pieces]
        else:
            lines += [_truncate(p, width, overflow) for p in pieces]
    return lines


class Column(NamedTuple):
    header: str
    width: int | None
    """None for the column that takes the rest of the line."""
    justify: Justify = "left"
    overflow: Overflow = "ellipsis"
    no_wrap: bool = True


def _columns(layout: Layout, widths: dict[str, int]) -> list[Column]:
    columns = [Column("KR", widths["id"]), Column("Key result", None, overflow="fold", no_wrap=False)]
    if not layout.split:
        columns += [Column("Owner", min(widths["owner"], 8)), Column("Now → target", min(widths["now"], 20))]
    columns.append(Column("Score", 5, justify="right"))
    if layout.spark:
        columns.append(Column("Trend", layout.spark))
    columns.append(Column("Confidence", widths["conf"]))
    if layout.week:
        columns.append(Column("Wk", 3))
    return columns


Cell = tuple[str, str, str]
"""A cell's text; its style (rich's `Text(text, style=style)`: the padding that justifies it is in
that style too); and the owner and numbers the narrow layout puts under a title, dim. Plain
tuples: a table of 50 teams makes thousands."""


def _cells(status: AnyKR, texts: KRTexts, layout: Layout, palette: Mapping[Band, str] | None) -> list[Cell]:
    """A KR's row; its colours only for a terminal (`palette`): a pipe's row skips working them out."""
    cells = [
        (texts.id, "", ""),
        (status.kr.title, "", f"{texts.owner} · {texts.now}" if layout.split else ""),
    ]
    if not layout.split:
        cells += [(texts.owner, "", ""), (texts.now, "", "")]
    cells.append((texts.score, palette[status.score_band] if palette else "", ""))
    if layout.spark:
        cells.append((sparkline([c.value for c in status.history], layout.spark), "", ""))
    if palette:
        alert = " bold" if status.trend and status.trend.is_alert else ""
        cells.append((texts.confidence, palette[status.health] + alert, ""))
    else:
        cells.append((texts.confidence, "", ""))
    if layout.week:
        cells.append((texts.week, "" if not palette or status.checked_in_this_week else "dim", ""))
    return cells


@lru_cache(maxsize=4096)  # scores, owners, weeks and confidence cells repeat from row to row
def _fit(text: str, width: int, justify: Justify, overflow: Overflow) -> str | None:
    """A one-line cell that does not wrap, cut and justified to exactly `width` cells: what `wrap`
    and `set_cell_size` in `_row` make of it, in one pass (most cells of a table are these).
    None for a cell that holds a line break, a tab or a joiner: that one is left to `wrap`."""
    if one_cell_each(text):  # ids, numbers, sparklines, badges: cut and padded by length
        if justify == "right":
            text = text.rstrip()
        if len(text) > width:
            text = text[: width - 1] + "…" if overflow == "ellipsis" else text[:width]
        return text.rjust(width) if justify == "right" else text.ljust(width)
    if not _ONE_PASS.isdisjoint(text):
        return None
    if justify == "right":
        text = text.rstrip()
    text = _truncate(text, width, overflow)
    padding = " " * (width - cell_len(text))
    return padding + text if justify == "right" else text + padding


class Fit(NamedTuple):
    """How a column's cells are fitted: to `inner` cells, then its right padding."""

    inner: int
    justify: Justify
    overflow: Overflow
    pad: str
    wraps: bool


def _fits(columns: Sequence[Column], widths: Sequence[int]) -> list[Fit]:
    """Each column's `Fit`, from its width with its padding (`_sizes`); the last column has none."""
    last = len(columns) - 1
    pads = [" " if i < last else "" for i in range(len(columns))]
    return [
        Fit(width - len(pad), column.justify, column.overflow, pad, not column.no_wrap)
        for column, width, pad in zip(columns, widths, pads, strict=True)
    ]


def _row(cells: Sequence[Cell], fits: Sequence[Fit], paint: Painter, pad_style: str = "") -> list[str]:
    """One table row as lines: each cell wrapped to its width, padded, the row as tall as its
    tallest cell. Styled as rich styles a table's segments: a cell's text with the padding that
    justifies it, then the column's padding in `pad_style` (the header's bold); lines added below
    a shorter cell are plain."""
    blocks = []
    height = 1
    styled = paint.styled  # most cells of most tables are plain: no call for them
    for (text, style, below), (inner, justify, overflow, pad, wraps) in zip(cells, fits, strict=True):
        padding = paint(pad, pad_style) if styled and pad_style else pad
        fitted = None if wraps or below else _fit(text, inner, justify, overflow)
        if fitted is not None:
            blocks.append([(paint(fitted, style) if styled and style else fitted) + padding])
            continue
        lines = [
            paint(set_cell_size(line, inner), style) + padding
            for line in wrap(text, inner, justify, overflow, not wraps)
        ]
        if below:  # its own lines, dim; the padding that fills them out is the cell's (plain)
            assert justify == "left"
            under = wrap(below, inner, "default", overflow, not wraps)
            lines += [paint(line, "dim") + " " * (inner - cell_len(line)) + padding for line in under]
        blocks.append(lines)
        height = max(height, len(lines))
    if height == 1:
        return [" ".join(block[0] for block in blocks)]
    for block, f in zip(blocks, fits, strict=True):
        block += [" " * (f.inner + len(f.pad))] * (height - len(block))
    return [" ".join(parts) for parts in zip(*blocks, strict=True)]


def _sizes(columns: Sequence[Column], width: int) -> list[int] | None:
    """Each column's width with its right padding, as rich's Table gives them; None when rich would
    have to shrink columns to fit (left to rich)."""
    pads = [0 if i == len(columns) - 1 else 1 for i in range(len(columns))]
    fixed = [c.width + p if c.width is not None else 0 for c, p in zip(columns, pads, strict=True)]
    flexible = width - (len(columns) - 1) - sum(fixed)
    if flexible < 2 or max(fixed) > width - (len(columns) - 1):
        return None
    return [f or flexible for f in fixed]


def _heading(
    status: ObjectiveStatus | ObjectiveGlance, width: int, paint: Painter, palette: Mapping[Band, str]
) -> str | None:
    """`Team · Objective title  0.67 ▲ at risk`, the title shortened, never the status: the team
    dim, the title bold, the status in its colour. None when even that does not fit a styled line."""
    if status.band and status.score is not None:
        badge, style = f"  {status.score:.2f} {status.band.badge}", palette.get(status.band, "")
    else:
        badge, style = "  no check-ins yet", "dim"
    team = f"{status.team.name} · "
    title = _truncate(status.objective.title, max(8, width - len(team) - len(badge)), "ellipsis")
    line = team + title + badge
    if cell_len(line) <= width:
        return paint(team, "dim") + paint(title, "bold") + paint(badge, style)
    return None if paint.styled else _truncate(line, width, "ellipsis")


def _blocker(kr: str, blocker: str, text: str, width: int, paint: Painter) -> str | None:
    """`  ⚑ bl-x on kr-y: text`, cut to the width, the blocker's id bold; None when a styled line
    would be cut inside the id."""
    start = f"  ⚑ {blocker}"
    line = _truncate(f"{start} on {kr}: {text}", width, "ellipsis")
    if not paint.styled:
        return line
    if not line.startswith(start + " "):
        return None
    return f"  ⚑ {paint(blocker, 'bold')}{line[len(start) :]}"


def _wrapped(text: str, width: int, paint: Painter, style: str) -> list[str]:
    return [paint(line, style) for line in wrap(text, width)]


def render_lines(
    snapshot: Snapshot | Glance,
    width: int,
    paint: Painter = PLAIN,
    palette: Mapping[Band, str] | None = None,
) -> str | None:
    """The status as `render_table` prints it `width` columns wide, with `paint`'s escape codes
    (none for a pipe) and the status colours of `palette`; None when the table does not fit that
    width as laid out here, or a style is one `paint` cannot write."""
    if snapshot.cycle is None or not snapshot.objectives:
        return "\n".join(wrap(NOTHING_YET, width)) + "\n"
    palette = palette or DEFAULT_PALETTE
    used = {"bold", "dim", *palette.values(), *(f"{style} bold" for style in palette.values())}
    if not all(map(paint.paints, used)):
        return None
    colours = {band: palette.get(band, "") for band in Band} if paint.styled else None
    cycle = snapshot.cycle
    heading = f"{cycle.id} · week {snapshot.week} · {cycle.elapsed(snapshot.today):.0%} of the cycle gone"
    lines = wrap(heading, width)
    if paint.styled:
        if len(lines) > 1:
            return None
        lines = [paint(cycle.id, "bold") + heading[len(cycle.id) :]]
    layout = Layout.for_width(width)
    lines += _wrapped(layout.legend, width, paint, "dim")
    for line in closed_lines(snapshot):
        lines += _wrapped(line, width, paint, "bold")
    if snapshot.drafts:
        lines += _wrapped(drafts_line(snapshot.drafts), width, paint, "bold")
    texts = [kr_texts(kr) for kr in snapshot.key_results]
    columns = _columns(layout, column_widths(texts))
    sizes = _sizes(columns, width)
    if sizes is None:
        return None
    fits = _fits(columns, sizes)
    head = _row([(c.header, "bold", "") for c in columns], fits, paint, "bold")  # every objective's
    if len(head) > 1:  # a header that wraps: rich puts its shorter cells at the bottom
        return None
    head.append("─" * (sum(sizes) + len(sizes) - 1))
    each = iter(texts)  # in the order of snapshot.key_results: objective by objective
    for objective in snapshot.objectives:
        heading_line = _heading(objective, width, paint, palette)
        if heading_line is None:
            return None
        lines += ["", heading_line, *head]
        for status in objective.key_results:
            lines += _row(_cells(status, next(each), layout, colours), fits, paint)
        for kr in objective.key_results:
            for blocker in kr.open_blockers:
                flag = _blocker(kr.kr.id, blocker.id, blocker.text, width, paint)
                if flag is None:
                    return None
                lines.append(flag)
    notices = week_lines(snapshot) + sync_lines(snapshot)
    if notices:
        lines.append("")
        for line in notices:
            lines += _wrapped(line, width, paint, "bold")
    actions = actions_line(snapshot)
    if actions:
        lines += ["", *_wrapped(actions, width, paint, "bold")]
    return "\n".join(lines) + "\n"
