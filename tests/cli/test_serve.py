"""`okrtui serve` refuses what would expose the store, in one line and exit 2, before it listens."""

from __future__ import annotations

import socket
import sys

import pytest
from click.testing import CliRunner

from okrtui.cli import main
from okrtui.cli.serve import INSTALL_HINT
from okrtui.store import Store
from okrtui.web.access import is_local, new_token


def serve(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["serve", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.com", "127.0.0.1.example.com"])
def test_a_host_others_can_reach_needs_allow_remote(demo_store: Store, host: str) -> None:
    code, output = serve("--host", host)
    assert code == 2
    assert output == (
        f"okrtui: --host {host} can be reached from other machines; add --allow-remote to serve there"
        " (anyone with the URL can then use okrtui as you)\n"
    )


def test_local_names_are_local() -> None:
    assert all(
        is_local(host) for host in ("127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost", "LOCALHOST")
    )
    assert not any(is_local(host) for host in ("", "0.0.0.0", "::", "10.0.0.1", "localhost.example.com"))


def test_with_allow_remote_it_goes_on_to_listen(demo_store: Store) -> None:
    """Past the host check: here it meets a port already taken, and says so in one line."""
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = serve("--host", "0.0.0.0", "--allow-remote", "--port", str(port))
    assert code == 2
    assert output.startswith(f"okrtui: cannot listen on 0.0.0.0 port {port}: ")
    assert output.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "platform"], "--team and --as go with --meeting or --join"),
        (["--meeting", "--as", "Ana"], "--as goes with --join"),
        (["--join", "--team", "nope"], "no team 'nope'"),
        (["--join", "--team", "growth", "--as", "Ana"], "'Ana' is not a member of Growth (members: Eli"),
    ],
)
def test_options_that_do_not_fit_are_refused(demo_store: Store, args: list[str], message: str) -> None:
    code, output = serve(*args)
    assert code == 2
    assert output.startswith(f"okrtui: {message}")


def test_no_store_no_server() -> None:
    code, output = serve()
    assert code == 2
    assert "no okrtui store at" in output


def test_without_textual_serve_it_says_what_to_install(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in ("aiohttp", "textual_serve"):  # as if `pip install .` had left them out
        monkeypatch.setitem(sys.modules, module, None)
    for module in ("okrtui.web.access", "okrtui.web.server"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    assert serve() == (2, f"okrtui: {INSTALL_HINT}\n")


def test_each_run_has_its_own_unguessable_token() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(token) >= 32 for token in tokens)


def test_only_the_app_serve_starts_skips_the_terminal_check(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`OKRTUI_SERVED` alone (say, left in a shell) must not make the app start in a pipe."""
    monkeypatch.setenv("OKRTUI_SERVED", "1")
    result = CliRunner().invoke(main, ["--store", str(demo_store.root)])
    assert result.exit_code == 2
    assert "needs a terminal" in result.output
