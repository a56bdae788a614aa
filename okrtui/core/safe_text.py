"""Text from a shared store, made safe to show: no byte of it may drive the terminal.

Any member of the store's group can write any file, so a title, an owner or a meeting key may hold
escape sequences (set the window title, fill the clipboard with OSC 52, clear the screen), other
control characters, or bidi overrides that make text read differently from what it says. `visible`
turns every one of them into a visible placeholder; markup is never interpreted because views build
Rich `Text` and Textual `Content` from it, never markup strings.
"""

from __future__ import annotations

_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
"""The bidi marks, embeddings, overrides and isolates."""
_PICTURES = {
    **{code: 0x2400 + code for code in range(0x20)},  # ␛ for ESC, ␇ for BEL: the Unicode control pictures
    0x7F: 0x2421,  # ␡
    **dict.fromkeys([*range(0x80, 0xA0), *_BIDI], 0xFFFD),
}
"""C0 and C1 controls, DEL and the bidi controls, each to a visible placeholder (a `str.translate`
table: no regular expression to compile when `status` starts)."""
_TYPED_JUNK = dict.fromkeys([*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *_BIDI])
"""The same, but for line breaks and tabs, each to nothing."""


def without_controls(text: str) -> str:
    """A person's own text (a pasted document) without control characters: junk, not content.
    Line breaks and tabs stay. Text read from a store is shown with `visible` instead."""
    return text.translate(_TYPED_JUNK)


def visible(text: str) -> str:
    """`text` with every control character and bidi control replaced by a visible placeholder.

    Every one of them is "Other" to Unicode, so printable text (most of it) has none to replace and
    skips `translate`, which looks each character up in a dict (`status` calls this per field)."""
    return text if text.isprintable() else text.translate(_PICTURES)


def visible_lines(text: str) -> str:
    """`visible`, keeping line breaks (notes and multi-line messages)."""
    return "\n".join(visible(line) for line in text.split("\n"))


_JOINERS = "\u200d\ufe0f"
"""The zero-width joiner and the emoji variation selector: they only mean something after a character."""


def _no_dangling_joiners(text: str) -> str:
    """Without joiners that follow nothing (the start, a space), nor zero-width joiners that join
    nothing after them (a space, the end): they join nothing, and terminals and Rich disagree about
    how wide they make the text around them (Rich counts the space after a joiner as joined)."""
    if "\u200d" not in text and "\ufe0f" not in text:
        return text
    kept: list[str] = []
    for n, char in enumerate(text):
        if char in _JOINERS and (not kept or kept[-1] == " "):
            continue
        if char == "\u200d" and text[n + 1 : n + 2] in ("", " "):
            continue
        kept.append(char)
    return "".join(kept)


def one_line(value: object) -> object:
    """Fold newlines and runs of white space into one space; control and bidi characters that remain
    (escape sequences from a planted file, say) become visible placeholders, never terminal input."""
    if not isinstance(value, str):
        return value
    return visible(_no_dangling_joiners(" ".join(value.split())))  # split() folds what `\s+` matches
