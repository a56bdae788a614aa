"""Theme files: validation, messages, the `okrtui themes` list, the remembered choice, status colours."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import main
from okrtui.config import config_path, load_config, save_setting, to_toml
from okrtui.core.scoring import Band
from okrtui.paths import themes_dir
from okrtui.themes.files import (
    APP_VARIABLES,
    DEFAULT_THEME,
    builtin_folder,
    load_themes,
    parse_theme,
    requested_theme,
    theme_files,
)

REPO = Path(__file__).resolve().parent.parent
COLOUR_TERMINAL = {"FORCE_COLOR": "1", "COLORTERM": "truecolor", "COLUMNS": "100"}
"""rich writes truecolour escapes even into CliRunner's buffer."""
BUILTINS = sorted(f.name for f in theme_files(builtin_folder()))


def write_user_theme(name: str, text: str) -> Path:
    folder = themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_builtins_are_the_promised_ones() -> None:
    catalogue = load_themes()
    assert catalogue.problems == []
    assert {"okr-dark", "okr-light", "projector", "colour-blind"} <= set(catalogue.names())
    assert catalogue.get(DEFAULT_THEME) is not None
    assert [t.theme.dark for t in catalogue.themes.values()].count(False) >= 2


def test_status_reading_one_builtin_by_its_file_name_gets_the_same_theme(tmp_path) -> None:
    """`status` reads only the built-in it needs, found by file name: each file is named for its
    theme, and a user theme of the same name still replaces it."""
    for name in load_themes().names():
        assert load_themes(names={name}).names() == [name]
        assert load_themes(names={name}).get(name) == load_themes().get(name)
    mine = tmp_path / "themes"
    mine.mkdir()
    (mine / "zz-mine.toml").write_text('name = "projector"\nprimary = "#123456"\n')
    assert load_themes(mine, names={"projector"}).get("projector") == load_themes(mine).get("projector")
    assert load_themes(mine, names={"projector"}).get("projector").primary == "#123456"


@pytest.mark.parametrize("file", BUILTINS)
def test_every_builtin_validates_converts_and_sets_every_app_colour(file: str) -> None:
    from okrtui.tui.theming import to_textual

    theme = parse_theme(builtin_folder().joinpath(file).read_text(encoding="utf-8"), file)
    assert set(APP_VARIABLES) <= set(theme.variables.as_dict())
    generated = to_textual(theme).to_color_system().generate()
    assert generated["background"] and generated["primary"]


def test_the_colour_blind_theme_has_no_red_green_pair() -> None:
    palette = load_themes().get("colour-blind").status_palette()
    hues = {band: _hue(colour) for band, colour in palette.items()}
    greenish = [b for b, h in hues.items() if 75 <= h <= 165]
    reddish = [b for b, h in hues.items() if h <= 15 or h >= 345]
    assert not (greenish and reddish)


def test_the_projector_theme_keeps_every_text_colour_at_seven_to_one() -> None:
    theme = load_themes().get("projector")
    colours = [theme.foreground, *theme.status_palette().values(), theme.primary, theme.accent]
    assert all(_contrast(c, theme.background) >= 7 for c in colours)


THEMES_README = Path(__file__).resolve().parents[2] / "themes" / "README.md"


def test_the_readme_example_is_a_valid_theme_and_is_the_example_file() -> None:
    readme = THEMES_README.read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    theme = parse_theme(example, "README.md")
    assert theme.name == "sunset" and set(APP_VARIABLES) <= set(theme.variables.as_dict())
    assert example in (THEMES_README.parent / "sunset.toml").read_text(encoding="utf-8")


def test_a_bad_colour_gives_one_message_naming_the_file_and_the_field() -> None:
    write_user_theme(
        "sunset.toml", 'name = "sunset"\nprimary = "#ff8800"\n[variables]\nokr-at-risk = "orang"\n'
    )
    catalogue = load_themes(themes_dir())
    assert "sunset" not in catalogue.themes
    assert catalogue.problems == [
        "sunset.toml: variables.okr-at-risk: 'orang' is not a colour (write #rrggbb: six hex digits)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\nprimry = "#123456"', "x.toml: primary: missing; primry: unknown setting (a typo?)"),
        ('name = "x"\nprimary = "#12345g"', "x.toml: primary: '#12345g' is not a colour"),
        (
            'name = "x"\nprimary = "#123"\n[variables]\nokr-on-trak = "#123"',
            "x.toml: variables: unknown variable",
        ),
        ('name = "x"\nprimary = "#123"\n[variables]\nborder = "blue 120%"', "x.toml: variables.border: "),
        ('name = "x"\nprimary = "#123"\n[variables]\nborder = "#123 ٥٠%"', "x.toml: variables.border: "),
        ('name = "X Y"\nprimary = "#123"', "x.toml: name: 'X Y' is not a theme name"),
        ('name = "x"\nprimary = ', "x.toml: not valid TOML (Invalid value"),
        (
            'name = "x"\nprimary = 5\ndark = "maybe"',
            "x.toml: dark: 'maybe' is not true or false; primary: 5 is not",
        ),
        ('name = "x"\nprimary = "#123"\ntext_alpha = 2', "x.toml: text_alpha: 2 is not a number from 0 to 1"),
        ('name = "x"\nprimary = "#123"\nvariables = 3', "x.toml: variables: 3 is not a table"),
        ('name = "x"\nprimary = 1979-05-27', "x.toml: primary: 1979-05-27 is not text (write it in quotes)"),
        ('name = "x"\nprimary = "#123"\ndark = [1]', "x.toml: dark: a list is not true or false"),
        ('name = "x"\nprimary = {a = 1}', "x.toml: primary: a table is not text"),
    ],
)
def test_other_mistakes_are_named_too(text: str, expected: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(expected)):
        parse_theme(text, "x.toml")


def test_settings_spelled_as_earlier_versions_took_them_still_load() -> None:
    theme = parse_theme('name = "x"\nprimary = "#123"\ndark = "false"\ntext_alpha = "0.5"', "x.toml")
    assert (theme.dark, theme.text_alpha) == (False, 0.5)


def test_colours_are_normalised_for_textual_and_rich() -> None:
    theme = parse_theme('name = "x"\nprimary = "#AbC"\nboost = "#FFFFFF0A"', "x.toml")
    assert (theme.primary, theme.boost) == ("#aabbcc", "#ffffff0a")


def test_a_user_theme_without_app_colours_falls_back_to_its_own() -> None:
    theme = parse_theme('name = "x"\nprimary = "#112233"\nsuccess = "#00aa00"', "x.toml")
    palette = theme.status_palette()
    assert palette[Band.ON_TRACK] == "#00aa00"
    assert palette[Band.OFF_TRACK] == "red"  # the theme names no error colour: the terminal's red


def test_user_themes_appear_in_okrtui_themes_and_broken_ones_are_explained() -> None:
    write_user_theme("ocean.toml", 'name = "ocean"\nprimary = "#3399ff"\nbackground = "#001020"\n')
    write_user_theme("bad.toml", 'name = "bad"\nprimary = "blue"\n')
    result = CliRunner().invoke(main, ["themes"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    ocean = next(line for line in lines if " ocean " in line)
    assert "✔ on track  ▲ at risk  ✖ off track" in ocean and "ocean.toml" in ocean
    for name in ("okr-dark", "okr-light", "projector", "colour-blind"):
        assert any(f" {name} " in line and "built-in" in line for line in lines)
    assert "● okr-dark" in result.output  # the one in use
    assert "bad.toml: primary: 'blue' is not a colour" in result.output


def test_where_themes_prints_the_user_themes_folder() -> None:
    result = CliRunner().invoke(main, ["where", "--themes"])
    assert result.output.strip() == str(themes_dir())


def test_an_unknown_theme_name_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(main, ["--theme", "nope", "status"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "no theme named 'nope'" in result.output


def test_the_choice_is_remembered_and_flag_and_env_win(monkeypatch: pytest.MonkeyPatch) -> None:
    assert requested_theme().name == DEFAULT_THEME
    save_setting("theme", "projector")
    save_setting("author", "Ana")
    assert load_config().values == {"theme": "projector", "author": "Ana"}
    assert requested_theme().name == "projector"
    monkeypatch.setenv("OKRTUI_THEME", "okr-light")
    assert requested_theme().name == "okr-light"
    assert requested_theme("colour-blind").name == "colour-blind"


def test_a_damaged_config_file_means_defaults_and_a_clear_reason() -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text("theme = = 'x'")
    request = requested_theme()
    assert request.name == DEFAULT_THEME
    assert "config.toml is not valid TOML" in request.problem
    save_setting("theme", "projector")  # a new choice replaces the damaged file
    assert load_config().values == {"theme": "projector"}


def test_the_config_writer_round_trips() -> None:
    import tomllib

    values = {"theme": 'a "b"', "n": 3, "ok": True, "list": ["x", "y"], "table": {"k": 1.5, "é": "ü"}}
    assert tomllib.loads(to_toml(values)) == values


def test_status_uses_the_theme_status_colours(demo_store) -> None:
    projector = CliRunner().invoke(main, ["status", "--theme", "projector"], env=COLOUR_TERMINAL).output
    assert "38;2;176;0;0" in projector  # projector's off-track #b00000
    dark = CliRunner().invoke(main, ["status"], env=COLOUR_TERMINAL).output
    assert "38;2;255;107;97" in dark and "38;2;176;0;0" not in dark  # okr-dark's off-track


def test_themes_and_status_never_import_textual(demo_store) -> None:
    code = (
        "import sys\n"
        "from okrtui.cli import main\n"
        "main(['themes'], standalone_mode=False)\n"
        "main(['status', '--theme', 'projector'], standalone_mode=False)\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "projector" in out and out.splitlines()[-1] == "False"


def test_no_hex_colour_outside_the_theme_files() -> None:
    pattern = re.compile(r"#[0-9a-fA-F]{6}")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "okrtui").rglob("*"))
        if path.suffix in {".py", ".tcss"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _hue(colour: str) -> float:
    import colorsys

    return colorsys.rgb_to_hsv(*_rgb(colour))[0] * 360


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio."""

    def luminance(colour: str) -> float:
        r, g, b_ = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "args",
    [
        ["--theme", "projector"],
        ["demo", "--theme", "projector"],
        ["meeting", "--theme", "projector", "--team", "platform"],
        ["checkin", "--theme", "projector"],
        ["--theme", "projector", "meeting"],
    ],
)
def test_every_tui_command_passes_the_theme_to_the_app(
    demo_store, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    import okrtui.tui.app

    seen: dict[str, object] = {}

    class FakeApp:
        return_code = None
        farewell = ""

        def run(self) -> int:
            return 0

    def fake_make_app(store, options) -> FakeApp:
        seen["theme"] = options.theme
        return FakeApp()

    monkeypatch.setattr(okrtui.tui.app, "make_app", fake_make_app)
    monkeypatch.setattr("okrtui.cli.group.in_terminal", lambda: True)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert seen["theme"] == "projector"


def test_the_group_theme_colours_status_too(demo_store) -> None:
    output = CliRunner().invoke(main, ["--theme", "projector", "status"], env=COLOUR_TERMINAL).output
    assert "38;2;176;0;0" in output


def test_the_installed_package_ships_the_builtin_themes(tmp_path) -> None:
    """Run from outside the checkout, so the themes must come from the installed package (a wheel in CI)."""
    import subprocess
    import sys

    from tests.support import TIMEOUT, okrtui_env

    listing = subprocess.run(
        [sys.executable, "-m", "okrtui", "themes"],
        cwd=tmp_path,
        env={**okrtui_env(), "PYTHONPATH": ""},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert listing.returncode == 0, listing.stderr
    for name in ("okr-dark", "okr-light", "projector", "colour-blind"):
        assert name in listing.stdout
