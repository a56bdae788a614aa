"""Reusable widgets: the KR check-in form, plotext charts, the meeting clock and step bodies.

Import from the modules (`okrtui.tui.widgets.kr_form`), so using one widget loads only its module.
"""
