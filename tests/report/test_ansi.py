"""`report.ansi` writes colours and styles exactly as rich would for the same terminal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from okrtui.report.ansi import ColorSystem, Painter, color_system
from tests.support import forget_rich_styles

SYSTEMS: tuple[ColorSystem, ...] = ("truecolor", "256", "standard")
HEX = st.tuples(*[st.integers(0, 255)] * 3).map(lambda rgb: "#{:02x}{:02x}{:02x}".format(*rgb))
NAMES = ["red", "green", "yellow", "bright_blue", "white", "black", "bright_white"]


def rich_render(text: str, style: str, system: ColorSystem, no_color: bool = False) -> str:
    forget_rich_styles()
    console = Console(force_terminal=True, color_system=system, no_color=no_color)
    with console.capture() as captured:
        console.print(text, style=style, end="")
    return captured.get()


@given(HEX, st.sampled_from(["", " bold", " bold ", " dim", " dim bold"]), st.sampled_from(SYSTEMS))
def test_theme_colours_come_down_to_256_and_16_colours_as_rich_brings_them(
    colour: str, extra: str, system: ColorSystem
) -> None:
    style = colour + extra
    assert Painter(system)("x", style) == rich_render("x", style, system)


@pytest.mark.parametrize("style", [*NAMES, "bold", "dim", "green bold", "dim red"])
@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("no_color", [False, True])
def test_named_colours_and_attributes(style: str, system: ColorSystem, no_color: bool) -> None:
    assert Painter(system, no_color=no_color)("x y", style) == rich_render("x y", style, system, no_color)


def test_no_colour_system_writes_no_codes_and_unknown_styles_are_left_to_rich() -> None:
    assert Painter()("x", "bold red") == "x"
    assert not Painter("truecolor").paints("italic")
    assert not Painter("256").paints("rgb(1,2,3)")
    assert not Painter("256").paints("#+1+2+3")  # int() would take it; rich would not
    assert Painter("256").paints("#00ff00 bold")


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"TERM": "xterm-256color"},
        {"TERM": "xterm-kitty"},
        {"TERM": "screen-16color"},
        {"TERM": "xterm", "COLORTERM": "truecolor"},
        {"TERM": "xterm-256color", "COLORTERM": " 24BIT "},
        {"TERM": "dumb", "COLORTERM": "truecolor"},
        {"TERM": "UNKNOWN"},
        {"TERM": "linux"},
        {"TERM": " Xterm-256Color "},
    ],
    ids=str,
)
def test_the_colour_system_is_the_one_rich_picks_for_a_terminal(env: dict[str, str]) -> None:
    console = Console(force_terminal=True, _environ=env)
    assert color_system(env) == console.color_system
