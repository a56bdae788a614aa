"""The console script: `okrtui status` read without click says and does exactly what click's
`status` does, for every command line; anything it is unsure of goes to click."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrtui.cli import main
from okrtui.cli.entry import FLAGS, GROUP_OPTIONS, OPTIONS, quick_status, run
from okrtui.store import Store
from tests.support import TIMEOUT, okrtui_env, one_kr_board


def outcome(capsys: pytest.CaptureFixture[str], entry: bool, args: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `okrtui ARGS`, by the console script or by click alone."""
    capsys.readouterr()
    try:
        if entry:
            run(args)
        else:
            main(args)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_the_quick_reading_knows_every_option_of_status_and_the_group() -> None:
    """A new option on `status` would otherwise be refused by the quick path's table: it must be
    declared there too, with the same parameter name and kind."""
    status = main.get_command(click.Context(main), "status")
    assert status is not None

    def declared(command: click.Command) -> dict[str, tuple[str, bool]]:
        return {
            opt: (str(p.name), isinstance(p, click.Option) and p.is_flag)
            for p in command.params
            for opt in p.opts
            if opt not in ("--help", "--version")
        }

    assert declared(status) == {
        **{opt: (name, False) for opt, name in OPTIONS.items()},
        **{opt: (name, True) for opt, name in FLAGS.items()},
    }
    assert declared(main) == {opt: (name, False) for opt, name in GROUP_OPTIONS.items()}


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["status", "--format", "json", "--team", "platform"],
        ["--store", "S", "status", "--check", "--format=markdown"],
        ["--theme", "projector", "status", "--owner", "Ana", "--cycle=2026-Q4"],
    ],
    ids=str,
)
def test_plain_command_lines_are_read_quickly(args: list[str]) -> None:
    assert quick_status(args) is not None


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--help"],
        ["status", "-h"],
        ["--version"],
        ["lint"],
        ["status", "--team"],
        ["status", "--team", "--check"],
        ["status", "--team", "a", "--team", "b"],
        ["status", "--format", "xml"],
        ["status", "--check=yes"],
        ["status", "--store", " "],
        ["status", "extra"],
        ["status", "--", "--check"],
        ["--check", "status"],
    ],
    ids=str,
)
def test_anything_unusual_is_left_to_click(args: list[str]) -> None:
    assert quick_status(args) is None


VALUES = st.sampled_from(
    [
        *("platform", "growth", "nope", "", " ", "-x", "2026-Q4", "2099-Q9", "Ana", "Zed", "json"),
        *("markdown", "table", "xml", "okr-light", "projector", "no-such-theme", "STORE", "/no/such/store"),
    ]
)
JUNK = st.sampled_from(["-h", "--nope", "--", "status", "--check=1", "extra"])


def options(values: dict[str, str], flags: dict[str, str]) -> st.SearchStrategy[list[str]]:
    """Command lines made mostly of well-formed options (`--opt value`, `--opt=value`, flags),
    with now and then a token that is not one."""
    spaced = st.tuples(st.sampled_from([*values]), VALUES).map(list)
    joined = st.tuples(st.sampled_from([*values]), VALUES).map(lambda pair: ["=".join(pair)])
    flag = st.sampled_from([[f] for f in flags] or [["--check"]])
    junk = JUNK.map(lambda token: [token])
    part = st.one_of(spaced, spaced, joined, flag, junk) if flags else st.one_of(spaced, spaced, joined, junk)
    return st.lists(part, max_size=4).map(lambda parts: [token for p in parts for token in p])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.one_of(st.just([]), options(GROUP_OPTIONS, {})),
    after=options(OPTIONS, FLAGS),
    command=st.sampled_from([["status"], ["status"], ["status"], []]),
)
def test_the_console_script_says_what_click_says(
    demo_store: Store,
    capsys: pytest.CaptureFixture[str],
    before: list[str],
    after: list[str],
    command: list[str],
) -> None:
    """Same exit code, same output, same one-line errors, quick or not."""
    store = str(demo_store.root)
    args = [store if token == "STORE" else token for token in [*before, *command, *after]]
    assert outcome(capsys, True, args) == outcome(capsys, False, args), args


@pytest.mark.parametrize(
    "args",
    [
        ["--store", "STORE", "status"],
        ["status", "--store", "STORE", "--format", "json", "--team", "growth"],
        ["status", "--owner", "Ana", "--check"],
        ["status", "--team", "nope"],
        ["status", "--theme", "no-such-theme"],
        ["--theme", "projector", "status", "--format", "markdown"],
    ],
    ids=str,
)
def test_the_quick_path_matches_click_on_typical_lines(
    demo_store: Store, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    args = [str(demo_store.root) if token == "STORE" else token for token in args]
    assert quick_status(args) is not None
    assert outcome(capsys, True, args) == outcome(capsys, False, args)


def test_a_pinned_day_that_is_no_date_is_refused_the_same_way(
    demo_store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKRTUI_TODAY", "someday")
    quick = outcome(capsys, True, ["status"])
    assert quick == outcome(capsys, False, ["status"])
    assert quick[0] == 2 and "OKRTUI_TODAY must be a date" in quick[2]


@pytest.mark.parametrize(
    "env",
    [{}, {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "OKRTUI_THEME": "projector"}],
    ids=["pipe", "terminal"],
)
def test_status_from_the_console_script_never_imports_click(demo_store: Store, env: dict[str, str]) -> None:
    """The point of the quick path: click is a fifth of what `status` costs to start."""
    probe = (
        "import sys\nfrom okrtui.cli.entry import run\n"
        "try:\n    run(['status', '--check'])\nexcept SystemExit:\n    pass\n"
        "print(','.join(sorted(sys.modules)), file=sys.stderr)"
    )
    command = [sys.executable, "-c", probe]
    ran = subprocess.run(command, capture_output=True, text=True, env=okrtui_env(**env), timeout=TIMEOUT)
    loaded = set(ran.stderr.strip().splitlines()[-1].split(","))
    assert "okrtui.store.quick_read" in loaded  # it ran the status
    assert ("okrtui.themes.files" in loaded) is bool(env)  # and took a terminal's colours
    assert {name.split(".")[0] for name in loaded} & {"click", "pydantic", "rich", "textual"} == set()


@pytest.fixture
def accented_store(store: Store) -> Store:
    return one_kr_board(store, team="Équipe", objective="Café ouvert", owner="Zoë")


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_a_stream_that_says_ascii_still_gets_utf8(accented_store: Store, fmt: str) -> None:
    """As click writes: a locale that says ASCII (cron's, often) is taken as misconfigured, so a
    report saved from a cron job keeps its names instead of `?` for each accent."""
    ran = subprocess.run(
        [sys.executable, "-m", "okrtui", "status", "--format", fmt],
        capture_output=True,
        env=okrtui_env(PYTHONIOENCODING="ascii"),
        timeout=TIMEOUT,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    out = ran.stdout.decode("utf-8")
    assert "Zoë" in out and "Café" in out, out


def test_a_refusal_names_what_was_typed_in_utf8(demo_store: Store) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "okrtui", "status", "--team", "Zoë"],
        capture_output=True,
        env=okrtui_env(PYTHONIOENCODING="ascii"),
        timeout=TIMEOUT,
        check=False,
    )
    assert ran.returncode == 2 and "no team 'Zoë'" in ran.stderr.decode("utf-8")


def test_python_dash_m_runs_the_console_script(demo_store: Store) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "okrtui", "status", "--format", "json"],
        capture_output=True,
        text=True,
        env=okrtui_env(),
        timeout=TIMEOUT,
        check=False,
    )
    assert ran.returncode == 0 and '"kr-mig3"' in ran.stdout
