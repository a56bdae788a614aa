"""The `okrtui` command: the group in `group.main`, each command in the module named for what it does
(`group.COMMANDS` says which; a module is imported only when one of its commands runs). The console
script is `entry.run`, which runs `status` without importing click."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrtui.cli.group import main as main


def __getattr__(name: str) -> Any:
    """`okrtui.cli.main`, imported on first use: `okrtui.cli.entry` must not pay for click."""
    if name == "main":
        from okrtui.cli.group import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["main"]
