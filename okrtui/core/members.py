"""Who belongs to a team: names typed for `--as`, owners and away periods are checked against it.

A name is matched case-insensitively and comes back spelled as the team spells it, so `--as ben`
files a check-in by "Ben" and the two never show up as two people. A team that lists no members
(an old store, a team made by hand) takes any name: there is nothing to check it against.
"""

from __future__ import annotations

from collections.abc import Iterable

from okrtui.core.errors import RuleError
from okrtui.core.models import Team


def member_name(team: Team, name: str) -> str:
    """`name` as `team` spells it; RuleError when the team lists members and `name` is not one."""
    wanted = name.strip()
    if not team.members:
        return wanted
    for member in team.members:
        if member.casefold() == wanted.casefold():
            return member
    raise RuleError(f"{wanted!r} is not a member of {team.name} (members: {', '.join(team.members)})")


def people(teams: Iterable[Team]) -> list[str]:
    """Every member of every team, each once (first spelling wins), sorted case-insensitively."""
    seen: dict[str, str] = {}
    for team in teams:
        for member in team.members:
            seen.setdefault(member.casefold(), member)
    return sorted(seen.values(), key=str.casefold)


def person_name(teams: Iterable[Team], name: str) -> str:
    """`name` as the store spells it, if any team lists it; RuleError naming the people otherwise.

    With no members listed anywhere, any name is taken (see the module's docstring).
    """
    everyone = people(teams)
    wanted = name.strip()
    if not everyone:
        return wanted
    for person in everyone:
        if person.casefold() == wanted.casefold():
            return person
    raise RuleError(f"{wanted!r} is not a member of any team (people: {', '.join(everyone)})")


def same_person(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()
