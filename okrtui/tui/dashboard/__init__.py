"""tui/dashboard"""
