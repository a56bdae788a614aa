"""tui/meeting"""
