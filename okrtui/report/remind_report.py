"""`okrtui remind` as a message (text, Markdown, Slack, Teams) and as JSON for scripts."""

from __future__ import annotations

from typing import Any

from okrtui.core.remind import Owed, Reminders
from okrtui.core.weeks import week_end, week_start
from okrtui.report.action_lines import action_json, action_line
from okrtui.report.message import Line, Message, Section, line, strong

JSON_SCHEMA = 1


def _owed_lines(owed: Owed, reminders: Reminders) -> list[Line]:
    lines = []
    for status in owed.checkins:
        last = f"last check-in {status.last_week}" if status.last_week else "never checked in"
        lines.append(
            line("check in ", strong(status.kr.id), f" {status.kr.title} ({status.team.name}, {last})")
        )
    for due in owed.actions:
        lines.append(action_line(due.action, reminders.today, owner=False))
    return lines


def _summary(owed: Owed) -> str:
    parts = []
    if owed.checkins:
        parts.append(f"{len(owed.checkins)} check-in{'s' if len(owed.checkins) != 1 else ''}")
    if owed.actions:
        parts.append(f"{len(owed.actions)} action{'s' if len(owed.actions) != 1 else ''}")
    return " and ".join(parts)


def remind_message(reminders: Reminders, stale_weeks: int | None = None, team: str = "") -> Message:
    week = reminders.week
    span = f"{week_start(week):%a %d %b} to {week_end(week):%a %d %b}"
    sections = [Section(f"{o.person}: {_summary(o)}", _owed_lines(o, reminders)) for o in reminders.owed]
    if not reminders.owed:
        everyone = "everyone is checked in and no action is due"
        sections.append(Section("Nobody owes anything this week", empty=everyone))
    if reminders.excused:
        sections.append(
            Section(
                "Away (not reminded)",
                [
                    line(
                        strong(e.person),
                        f" away {e.period.start} to {e.period.end}, would owe {_summary(e.owed)}",
                    )
                    for e in reminders.excused
                ],
            )
        )
    if stale_weeks is not None:
        sections.append(
            Section(
                f"No check-in for {stale_weeks}+ weeks",
                [
                    line(
                        strong(s.status.kr.id),
                        f" {s.status.kr.title}: {s.weeks} weeks, owner {s.status.kr.owner}"
                        + (f" (away to {s.owner_away.end})" if s.owner_away else "")
                        + f"; take it up with {s.objective_owner or 'the objective owner (none named)'}",
                    )
                    for s in reminders.stale
                ],
                empty="none: every KR was checked in recently",
            )
        )
    if reminders.quiet:
        sections.append(
            Section("Owe nothing", [line(f"{team}: {why}") for team, why in reminders.quiet.items()])
        )
    people = len(reminders.owed)
    summary = f"Week {week}: {people} {'person owes' if people == 1 else 'people owe'} check-ins or actions"
    on = f" on {team}" if team else ""
    return Message(f"Who owes what{on}, week {week} ({span})", summary, sections)


def remind_json(reminders: Reminders, stale_weeks: int | None = None) -> dict[str, Any]:
    today = reminders.today
    document: dict[str, Any] = {
        "schema": JSON_SCHEMA,
        "date": today.isoformat(),
        "week": reminders.week,
        "people": [
            {
                "name": owed.person,
                "checkins": [
                    {"kr": s.kr.id, "title": s.kr.title, "team": s.team.id, "last_checkin_week": s.last_week}
                    for s in owed.checkins
                ],
                "actions": [{**action_json(d.action, today), "team": d.team.id} for d in owed.actions],
            }
            for owed in reminders.owed
        ],
        "away": [
            {"name": e.person, "from": e.period.start.isoformat(), "to": e.period.end.isoformat()}
            for e in reminders.excused
        ],
        "quiet": reminders.quiet,
    }
    if stale_weeks is not None:
        document["stale"] = [
            {
                "kr": s.status.kr.id,
                "title": s.status.kr.title,
                "team": s.status.team.id,
                "owner": s.status.kr.owner,
                "owner_away": s.owner_away is not None,
                "objective_owner": s.objective_owner,
                "last_checkin_week": s.status.last_week,
                "weeks_without": s.weeks,
            }
            for s in reminders.stale
        ]
    return document
