"""The `okrtui` command: the group in `main`, each command in the module named for what it does
(`group.COMMANDS` says which; a module is imported only when one of its commands runs)."""

from okrtui.cli.group import main

__all__ = ["main"]
