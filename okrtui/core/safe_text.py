"""Text from a shared store, made safe to show: no byte of it may drive the terminal.

Any member of the store's group can write any file, so a title, an owner or a meeting key may hold
escape sequences (set the window title, fill the clipboard with OSC 52, clear the screen), other
control characters, or bidi overrides that make text read differently from what it says. `visible`
turns every one of them into a visible placeholder; markup is never interpreted because views build
Rich `Text` and Textual `Content` from it, never markup strings.
"""

from __future__ import annotations

import re

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates."""
_PLACEHOLDER = "\ufffd"


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL: the Unicode control pictures
    if code == 0x7F:
        return "\u2421"  # ␡
    return _PLACEHOLDER


_TYPED_JUNK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_controls(text: str) -> str:
    """A person's own text (a pasted document) without control characters: junk, not content.
    Line breaks and tabs stay. Text read from a store is shown with `visible` instead."""
    return _TYPED_JUNK.sub("", text)


def visible(text: str) -> str:
    """`text` with every control character and bidi control replaced by a visible placeholder."""
    return UNSAFE.sub(_picture, text)


def visible_lines(text: str) -> str:
    """`visible`, keeping line breaks (notes and multi-line messages)."""
    return "\n".join(visible(line) for line in text.split("\n"))


_SPACES = re.compile(r"\s+")


def one_line(value: object) -> object:
    """Fold newlines and runs of white space into one space; control and bidi characters that remain
    (escape sequences from a planted file, say) become visible placeholders, never terminal input."""
    if not isinstance(value, str):
        return value
    return visible(_SPACES.sub(" ", value)).strip()
