"""Colour themes: the theme file format, the built-in themes (package data in `builtin/`), listing.

Free of Textual, so `okrtui status` and `okrtui themes` read theme colours without loading it;
`okrtui.tui.theming` turns these into Textual themes.
"""
