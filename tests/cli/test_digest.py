"""`okrtui digest`: the week in one message, and chat payloads that are the webhooks' own JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from okrtui.cli import main
from okrtui.core.actions import NewAction
from okrtui.core.digest import VoteSpread, vote_spreads
from okrtui.services.actions import add_action
from okrtui.store import Store
from tests.support import assert_refused, voted_meeting


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def slack_texts(payload: dict) -> list[str]:
    """Every line a person sees in a Slack Block Kit payload, in order (a rich text section's
    elements joined, as Slack shows them)."""
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "plain_text":
                found.append(node["text"])
            elif node.get("type") == "rich_text_section":
                found.append("".join(element["text"] for element in node["elements"]))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(payload["blocks"])
    return found


def test_slack_is_the_webhooks_json_and_holds_the_weeks_numbers(demo_store: Store) -> None:
    result = cli("digest", "--team", "platform", "--format", "slack")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"text", "blocks"} and isinstance(payload["text"], str)
    assert payload["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "OKR digest, week 2026-W47 (2026-Q4)"},
    }
    assert all(b["type"] in ("header", "rich_text", "context") for b in payload["blocks"])
    assert len(payload["blocks"]) <= 50
    for block in payload["blocks"][1:]:
        section, *lists = block["elements"]
        assert section["type"] == "rich_text_section"
        assert all(item["type"] == "rich_text_list" and item["style"] == "bullet" for item in lists)

    numbers = json.loads(cli("digest", "--team", "platform", "--format", "json").stdout)["teams"][0]
    headline = (
        f"Platform: {numbers['score']:.2f} ({numbers['score_change']:+.2f}) ▲ at risk, 1 of 5 KRs checked in"
    )
    assert headline in payload["text"]
    texts = "\n".join(slack_texts(payload))
    assert headline in texts
    cfr = numbers["objectives"][0]["key_results"][0]
    assert (cfr["id"], cfr["checked_in"]) == ("kr-cfr5", True)
    assert f" {cfr['score']:.2f} ({cfr['score_change']:+.2f}), confidence 7→" in texts
    assert "Ben: kr-bld6, kr-mig3" in texts.splitlines()
    assert "Ask security for a review date" in texts and "⚠ overdue by 5 days" in texts


def test_teams_is_a_message_with_an_adaptive_card(demo_store: Store) -> None:
    payload = json.loads(cli("digest", "--format", "teams").stdout)
    assert payload["type"] == "message"
    (attachment,) = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    assert all(block["type"] == "RichTextBlock" for block in card["body"])
    runs = [run["text"] for block in card["body"] for run in block["inlines"]]
    assert all(run["type"] == "TextRun" for block in card["body"] for run in block["inlines"])
    assert any(text.startswith("Platform: ") for text in runs) and any(
        text.startswith("Growth: ") for text in runs
    )


def test_json_holds_scores_changes_blockers_actions_and_who_did_not_check_in(demo_store: Store) -> None:
    document = json.loads(cli("digest", "--format", "json").stdout)
    assert (document["schema"], document["week"], document["cycle"]["id"]) == (1, "2026-W47", "2026-Q4")
    platform, growth = document["teams"]
    assert (platform["checked_in"], platform["key_results"]) == (1, 5)
    assert [a["id"] for a in platform["actions"]["done"]] == ["ac-gde3"]
    assert [a["id"] for a in platform["actions"]["late"]] == ["ac-sec1"]
    assert {p["name"]: p["krs"] for p in platform["did_not_check_in"]} == {
        "Ben": ["kr-bld6", "kr-mig3"],
        "Chen": ["kr-upt9"],
        "Dara": ["kr-nps4"],
    }
    assert platform["vote_spreads"] == [] and platform["meeting"] is None
    assert growth["name"] == "Growth"


def test_last_weeks_digest_says_what_last_week_said(demo_store: Store) -> None:
    document = json.loads(cli("digest", "--week", "2026-W46", "--format", "json").stdout)
    platform = document["teams"][0]
    assert (platform["checked_in"], platform["did_not_check_in"]) == (5, [])
    assert platform["meeting"] == "mt-last"
    assert [a["id"] for a in platform["actions"]["raised"]] == ["ac-sec1", "ac-dsk2", "ac-gde3"]
    mig = next(k for o in platform["objectives"] for k in o["key_results"] if k["id"] == "kr-mig3")
    assert (mig["previous_confidence"], mig["confidence"]) == (5, 3)
    assert platform["confidence_drops"] == [{"kr": "kr-mig3", "from": 5, "to": 3}]
    resolved = json.loads(cli("digest", "--week", "2026-W43", "--format", "json").stdout)["teams"][0]
    assert [b["id"] for b in resolved["blockers"]["resolved"]] == ["bl-mig31"]


def test_the_away_are_not_counted_as_missing(demo_store: Store) -> None:
    assert cli("away", "--from", "2026-11-19", "--to", "2026-11-20", "--as", "Chen").exit_code == 0
    platform = json.loads(cli("digest", "--format", "json").stdout)["teams"][0]
    assert "Chen" not in {p["name"] for p in platform["did_not_check_in"]}
    assert platform["away"] == [{"name": "Chen", "from": "2026-11-19", "to": "2026-11-20"}]
    assert "- **Chen** away 2026-11-19 to 2026-11-20" in cli("digest").stdout


def test_store_text_is_text_in_every_form(demo_store: Store) -> None:
    sneaky = "<!channel> *ping* [x](https://evil) \x1b[2J"
    add_action(demo_store, "2026-Q4", "platform", NewAction(text=sneaky, owner="Ana", week="2026-W47"))
    markdown = cli("digest", "--team", "platform").stdout
    assert r"\<!channel\> \*ping\* \[x\](https://evil)" in markdown
    assert "\x1b" not in markdown
    slack = json.loads(cli("digest", "--team", "platform", "--format", "slack").stdout)
    assert any("<!channel> *ping*" in text for text in slack_texts(slack)), "a literal rich_text element"
    assert "\x1b" not in json.dumps(slack, ensure_ascii=False)
    text = cli("digest", "--team", "platform", "--format", "text").stdout
    assert "\x1b" not in text and "<!channel> *ping*" in text


REFUSED = {
    "future week": (["digest", "--week", "2026-W49"], "in the future"),
    "bad week": (["digest", "--week", "W47"], "week must look like"),
    "week in no cycle": (["digest", "--week", "2025-W10"], "no cycle holds 2025-W10"),
    "unknown team": (["digest", "--team", "nope"], "no team 'nope'"),
}


@pytest.mark.parametrize(("args", "mentions"), REFUSED.values(), ids=REFUSED.keys())
def test_refusals_are_one_line_and_change_nothing(demo_store: Store, args: list[str], mentions: str) -> None:
    assert_refused(demo_store.root, lambda: cli(*args), mentions=mentions)


def test_vote_spreads_flag_the_krs_the_room_disagrees_on() -> None:
    votes = {
        "kr-a": {"Ana": 4, "Ben": 8},
        "kr-b": {"Ana": 6, "Ben": 7},
        "kr-c": {"Ana": 2, "Ben": 9, "Chen": 5},
    }
    assert vote_spreads(votes) == [VoteSpread("kr-c", (2, 9, 5)), VoteSpread("kr-a", (4, 8))]


@pytest.mark.parametrize("fmt", ["text", "markdown", "slack", "teams"])
def test_every_form_shows_control_characters_as_pictures_never_raw(fmt: str) -> None:
    """The store's models already drop control characters; the renderers do not rely on it."""
    from okrtui.report.message import Message, Section, line, render, strong

    raw = "Ring \x1bP52;c;ZXZpbA==\x07 now"
    message = Message(raw, raw, [Section(raw, [line(strong(raw), raw, depth=1)], empty=raw)])
    shown = render(message, fmt)
    assert "\x1b" not in shown and "\x07" not in shown and "\\u001b" not in shown
    assert "␛P52;c;ZXZpbA==␇" in shown


def test_the_digest_names_what_the_room_disagreed_on_from_the_meeting_record(demo_store: Store) -> None:
    """The room's private votes (issue 13) reach the digest: the latest round per KR, 4+ apart."""
    voted_meeting(
        demo_store,
        ("kr-bld6", 1, {"Ana": 8, "Ben": 3}),
        ("kr-bld6", 2, {"Ana": 7, "Ben": 6}),  # they talked: agreed
        ("kr-upt9", 1, {"Ana": 9, "Ben": 2, "Chen": 5}),
    )
    platform = json.loads(cli("digest", "--team", "platform", "--format", "json").stdout)["teams"][0]
    assert platform["vote_spreads"] == [{"kr": "kr-upt9", "low": 2, "high": 9, "spread": 7}]
    assert "kr-upt9 votes 2 to 9 (spread 7)" in cli("digest", "--team", "platform", "--format", "text").stdout
