"""The HTTP endpoint: signed requests are answered, forged or stale ones refused, health reported."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from bot.config import Settings
from storage.db import SessionFactory, create_db_engine
from storage.models import Network
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.network import FACILITATOR, HOME
from tests.support.harness import PeerbotUnderTest


def _setup_command_body(slack: SlackStub) -> bytes:
    return payloads.slash_command(
        command="/peerbot",
        text="setup",
        user=FACILITATOR,
        channel=HOME,
        team=payloads.TEAM,
        trigger_id=slack.new_trigger_id(),
        response_url=slack.response_url(),
    )


def test_signed_help_command_gets_friendly_help(peerbot: PeerbotUnderTest) -> None:
    response = peerbot.command("help", user="UMARIA", channel=HOME)

    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    text = " ".join(block["text"]["text"] for block in body["blocks"] if block.get("text"))
    assert "/peerbot setup" in text and "/peerbot profile" in text and "facilitator add @maria" in text


def test_bare_command_shows_help_and_unknown_words_point_to_it(peerbot: PeerbotUnderTest) -> None:
    assert "/peerbot profile" in peerbot.command("", user="UMARIA", channel=HOME).text
    reply = peerbot.command("frobnicate", user="UMARIA", channel=HOME).json()
    assert "I don't know `/peerbot frobnicate`" in reply["text"] and "/peerbot help" in reply["text"]


def test_forged_signature_is_rejected_and_changes_nothing(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    response = peerbot.post_slack(_setup_command_body(slack), secret="0123456789abcdef0123456789abcdef")

    assert response.status == 401
    assert slack.calls == [] and slack.responses == []
    with peerbot.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0


def test_stale_signature_is_rejected(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    ten_minutes_ago = int(time.time()) - 600
    response = peerbot.post_slack(_setup_command_body(slack), timestamp=ten_minutes_ago)

    assert response.status == 401
    assert slack.calls == []


def test_unsigned_request_is_rejected(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    response = peerbot.request(
        "POST", "/slack/events", _setup_command_body(slack), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 401


def test_health_check_reports_a_reachable_database(peerbot: PeerbotUnderTest) -> None:
    response = peerbot.request("GET", "/healthz")
    assert (response.status, response.text) == (200, "ok\n")


def test_health_check_reports_an_unreachable_database_as_unavailable(
    settings: Settings, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    unreachable = create_db_engine("postgresql://postgres@127.0.0.1:9/nowhere", connect_args={"connect_timeout": 2})
    app = PeerbotUnderTest(
        settings=settings, stub=slack, engine=unreachable, session_factory=session_factory, clock=clock
    )
    try:
        response = app.request("GET", "/healthz")
    finally:
        app.close()
    assert (response.status, response.text) == (503, "database unreachable\n")


def test_slack_path_only_takes_post(peerbot: PeerbotUnderTest) -> None:
    assert peerbot.request("GET", "/slack/events").status == 405
    assert peerbot.request("GET", "/elsewhere").status == 404
