"""A participant's view of the team's meeting."""
