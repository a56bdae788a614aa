"""Non-interactive views: status table, JSON and Markdown. Rich, never Textual."""
