"""Copying text to the user's clipboard, and saying truthfully where it went.

Textual copies with OSC 52, which the terminal may ignore. Inside tmux it is dropped unless the user
set `set-clipboard on` (the default is `external`), so there the text goes to tmux's own paste buffer
(`tmux load-buffer`, with `-w` to pass it on to the outer clipboard where tmux can).
"""

from __future__ import annotations

import os
import shutil
import subprocess

from textual.app import App

TMUX_TIMEOUT = 5.0


def _tmux_buffer(text: str) -> bool:
    """Put `text` in tmux's paste buffer (and the outer clipboard with tmux 3.2+); False if it failed."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return False
    for args in ([tmux, "load-buffer", "-w", "-"], [tmux, "load-buffer", "-"]):
        try:
            done = subprocess.run(
                args, input=text.encode(), capture_output=True, timeout=TMUX_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        if done.returncode == 0:
            return True
    return False


def copy_text(app: App[object], text: str) -> str:
    """Copy `text` as well as this terminal allows; returns the sentence that says where it went."""
    if os.environ.get("TMUX"):
        if _tmux_buffer(text):
            return "copied to tmux's paste buffer (prefix ] pastes it)"
        return "not copied: inside tmux the clipboard cannot be reached (tmux load-buffer failed)"
    app.copy_to_clipboard(text)
    return "sent to the terminal's clipboard (OSC 52; a terminal that ignores it gets nothing)"
