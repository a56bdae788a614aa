"""Text from a shared store never reaches the terminal as anything but visible characters."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from okrtui.core.safe_text import one_line, visible

BIDI = {"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_no_control_or_bidi_character_survives(text: str) -> None:
    for shown in (visible(text), str(one_line(text))):
        assert not any(unicodedata.category(c) == "Cc" or c in BIDI for c in shown), repr(shown)


@given(st.text(st.characters(codec="utf-8"), max_size=40).filter(str.isprintable))
def test_printable_text_is_shown_as_it_is(text: str) -> None:
    assert visible(text) == text
