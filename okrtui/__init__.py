"""okrtui: run a team's weekly OKR check-in from the terminal."""

import os

__version__ = "0.1.0"

os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
"""okrtui uses no pydantic plugin: without this, the first model built scans every installed
package's entry points for one (10-15 ms of each command). Set it empty to load plugins anyway."""
