"""The OKR editor's dialogs (objective, KR, teams, cycle, archive) and the dashboard's editor actions."""
