"""tui/checkin"""
