"""`okrtui completion bash|zsh|fish`: the script that makes the shell complete okrtui's commands,
options and what is in the store (KR ids, teams, people, cycles, actions, themes)."""

from __future__ import annotations

import click

from okrtui.cli.group import main

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_OKRTUI_COMPLETE"


@main.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL; load it from your shell's start-up file.

    \b
    bash: eval "$(okrtui completion bash)"            in ~/.bashrc (bash 4.4 or newer)
    zsh:  eval "$(okrtui completion zsh)"             in ~/.zshrc
    fish: okrtui completion fish > ~/.config/fish/completions/okrtui.fish
    """
    from click.shell_completion import get_completion_class

    shell_class = get_completion_class(shell)
    assert shell_class is not None  # every name in SHELLS is one click ships
    click.echo(shell_class(main, {}, "okrtui", COMPLETE_VAR).source())
