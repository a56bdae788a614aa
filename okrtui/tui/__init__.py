"""The Textual front end: the meeting, async check-ins and the dashboard."""
