"""Colours and text styles as the escape codes rich writes for them, without importing rich.

`okrtui status` in a terminal must print what rich's table printed (colours from the theme, bold
and dim), but importing rich's console costs more than the rest of the command. The styles status
uses are few (`bold`, `dim`, a `#rrggbb` or one of the 16 terminal colours, and those combined),
so they are turned into SGR codes here: the colour system is chosen from the environment as rich
chooses it, a theme's colour is brought down to 256 or 16 colours by rich's rules, and each styled
run is written as rich writes a segment (`ESC[codes m text ESC[0m`). A style this module does not
know makes `Painter.paints` false, and the caller leaves that output to rich.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from colorsys import rgb_to_hls
from functools import lru_cache
from math import sqrt
from typing import Literal

ColorSystem = Literal["standard", "256", "truecolor"]

_TERM_COLORS: dict[str, ColorSystem] = {"kitty": "256", "256color": "256", "16color": "standard"}
_ATTRIBUTES = {"bold": "1", "dim": "2"}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_EIGHT = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_NAMES = (*_EIGHT, *(f"bright_{name}" for name in _EIGHT))
"""rich's names of the 16 terminal colours, by number."""
STANDARD = (
    (0, 0, 0),
    (170, 0, 0),
    (0, 170, 0),
    (170, 85, 0),
    (0, 0, 170),
    (170, 0, 170),
    (0, 170, 170),
    (170, 170, 170),
    (85, 85, 85),
    (255, 85, 85),
    (85, 255, 85),
    (255, 255, 85),
    (85, 85, 255),
    (255, 85, 255),
    (85, 255, 255),
    (255, 255, 255),
)
"""The 16 terminal colours as rich assumes them when it brings a colour down to 16."""


def color_system(environ: Mapping[str, str] = os.environ) -> ColorSystem | None:
    """rich's choice for a terminal on a POSIX system: none on a dumb terminal, then COLORTERM,
    then the end of TERM (`xterm-256color`), else the 16 standard colours."""
    term = environ.get("TERM", "").strip().lower()
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):  # not stripped here: rich does not
        return None
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    return _TERM_COLORS.get(term.rpartition("-")[2], "standard")


def _eight_bit(red: int, green: int, blue: int) -> int:
    """rich's `Color.downgrade` to 256 colours: a grey ramp for colours of little saturation, else
    the 6x6x6 cube."""
    _hue, lightness, saturation = rgb_to_hls(red / 255, green / 255, blue / 255)
    if saturation < 0.15:
        gray = round(lightness * 25.0)
        return 16 if gray == 0 else 231 if gray == 25 else 231 + gray

    def six(c: int) -> int:
        return round(c / 95 if c < 95 else 1 + (c - 95) / 40)

    return 16 + 36 * six(red) + 6 * six(green) + six(blue)


def _standard(red: int, green: int, blue: int) -> int:
    """rich's `Palette.match` on its 16 colours: the nearest by the 'redmean' distance."""

    def distance(index: int) -> float:
        r2, g2, b2 = STANDARD[index]
        mean = (red + r2) // 2
        r, g, b = red - r2, green - g2, blue - b2
        return sqrt((((512 + mean) * r * r) >> 8) + 4 * g * g + (((767 - mean) * b * b) >> 8))

    return min(range(len(STANDARD)), key=distance)


def _sixteen(number: int) -> str:
    """The foreground code of one of the 16 terminal colours."""
    return str(30 + number if number < 8 else 82 + number)


def _colour_codes(word: str, system: ColorSystem) -> str | None:
    """The foreground codes of a colour word; None for a word that is not a colour known here."""
    if word in _NAMES:
        return _sixteen(_NAMES.index(word))
    if len(word) != 7 or word[0] != "#" or not _HEX_DIGITS.issuperset(word[1:]):
        return None
    red, green, blue = (int(word[i : i + 2], 16) for i in (1, 3, 5))
    if system == "truecolor":
        return f"38;2;{red};{green};{blue}"
    if system == "256":
        return f"38;5;{_eight_bit(red, green, blue)}"
    return _sixteen(_standard(red, green, blue))


class Painter:
    """Writes text in a style as rich does for one colour system (None: no escape codes at all,
    as rich writes to a pipe or a dumb terminal); `no_color` drops colours and keeps bold and dim,
    as NO_COLOR does in rich."""

    def __init__(self, system: ColorSystem | None = None, *, no_color: bool = False) -> None:
        self.system = system
        self.no_color = no_color
        self._codes = lru_cache(maxsize=64)(self._make_codes)

    @property
    def styled(self) -> bool:
        return self.system is not None

    def _make_codes(self, style: str) -> str | None:
        """The SGR codes of a style (attributes first, then the colour, as rich orders them);
        None when it holds a word this module cannot write."""
        attributes: set[str] = set()
        colour: list[str] = []
        for word in style.split():
            if word in _ATTRIBUTES:
                attributes.add(word)
            elif self.system is not None and (codes := _colour_codes(word, self.system)) is not None:
                colour = [codes]  # the last colour named wins, as in rich
            else:
                return None
        ordered = [code for name, code in _ATTRIBUTES.items() if name in attributes]
        return ";".join(ordered + ([] if self.no_color else colour))

    def paints(self, style: str) -> bool:
        return self.system is None or self._codes(style) is not None

    def __call__(self, text: str, style: str) -> str:
        """`text` in `style`; a style it cannot write is a mistake of the caller's (see `paints`)."""
        if not text or not style or self.system is None:
            return text
        codes = self._codes(style)
        if codes is None:
            raise ValueError(f"no escape codes for the style {style!r}: check it with `paints` first")
        return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


PLAIN = Painter()
"""No escape codes: a pipe, a file, cron, a dumb terminal."""
