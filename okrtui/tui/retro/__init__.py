"""tui/retro"""
