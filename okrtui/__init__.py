"""okrtui: run a team's weekly OKR check-in from the terminal."""

__version__ = "0.1.0"
