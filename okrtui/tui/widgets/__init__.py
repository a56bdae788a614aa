"""Widgets shared by several screens: the KR check-in form, plotext charts, the lint list.

Widgets that belong to one feature live in that feature's package (`tui/meeting/`, `tui/dashboard/`).
"""
