"""Deployment promises: two web processes share a database safely; the manifest matches the app."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.config import Settings
from storage.db import SessionFactory
from storage.models import Member
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.network import HOME, set_up_network
from tests.support.harness import PeerbotUnderTest

ROOT = Path(__file__).parents[2]


def test_two_web_processes_handling_the_same_join_leave_one_member(
    peerbot: PeerbotUnderTest,
    settings: Settings,
    slack: SlackStub,
    engine: Engine,
    session_factory: SessionFactory,
    clock: FakeClock,
) -> None:
    set_up_network(peerbot)
    second = PeerbotUnderTest(
        settings=settings, stub=slack, engine=engine, session_factory=session_factory, clock=clock
    )
    slack.add_user("UNEW", name="kim", display_name="Kim")
    slack.set_channel_members(HOME, [*slack.channels[HOME].members, "UNEW"])
    event = {"type": "member_joined_channel", "user": "UNEW", "channel": HOME, "team": "T0001"}
    try:
        threads = [
            threading.Thread(target=web.event, args=(event,), kwargs={"event_id": "EvSame"})
            for web in (peerbot, second, peerbot, second)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        second.close()

    with peerbot.session_factory() as session:
        rows = session.scalars(select(Member).where(Member.user_id == "UNEW")).all()
    assert len(rows) == 1 and rows[0].in_channel


def test_slack_url_verification_is_answered_with_the_challenge(peerbot: PeerbotUnderTest) -> None:
    body = json.dumps(
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    ).encode()
    response = peerbot.post_slack(body, content_type="application/json")
    assert response.status == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_every_manifest_command_is_answered_and_points_at_the_slack_endpoint(peerbot: PeerbotUnderTest) -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    settings = manifest["settings"]

    for entry in manifest["features"]["slash_commands"]:
        assert entry["url"].endswith("/slack/events")
        reply = peerbot.command("help", user="UMARIA", channel=HOME, command=entry["command"])
        assert reply.status == 200 and reply.json()["blocks"], entry["command"]
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["message_menu_options_url"].endswith("/slack/events")
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_every_manifest_shortcut_opens_something(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    set_up_network(peerbot)
    for shortcut in manifest["features"].get("shortcuts", []):
        payload = {
            "type": "message_action" if shortcut["type"] == "message" else "shortcut",
            "callback_id": shortcut["callback_id"],
            "trigger_id": slack.new_trigger_id(),
            "team": {"id": "T0001"},
            "user": {"id": "UMARIA", "team_id": "T0001"},
            "channel": {"id": HOME},
            "message": {"type": "message", "user": "UMARIA", "ts": "1.1", "text": "See https://example.org/guide"},
            "response_url": slack.response_url(),
            "message_ts": "1.1",
        }
        response = peerbot.post_slack(payloads.interactive(payload))
        assert response.status == 200, shortcut["callback_id"]
    assert len(slack.calls_to("views.open")) == len(manifest["features"].get("shortcuts", [])) + 1


def test_readme_explains_every_scope_the_manifest_asks_for() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    readme = (ROOT / "README.md").read_text()
    for scope in manifest["oauth_config"]["scopes"]["bot"]:
        assert f"| `{scope}` |" in readme, f"README does not explain the {scope} scope"
    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        assert f"`{event}`" in readme, f"README does not mention the {event} event"


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./scripts/test     # set up and run the tests" in readme
    assert "\n./scripts/test\n" in ci and 'TEST_DATABASE_URL="$PG_URL" ./scripts/test' in ci
