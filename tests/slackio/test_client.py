"""peerbot's Web API client waits out Slack's rate limits on peerbot's own clock."""

from __future__ import annotations

import http.client

import pytest
from slack_sdk.errors import SlackApiError

from slackio.client import build_web_client
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock


def test_rate_limited_call_is_retried_after_the_wait_slack_asks_for(slack: SlackStub, clock: FakeClock) -> None:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    slack.rate_limit_next("chat.postMessage", retry_after=30)

    client.chat_postMessage(channel="CHOME", text="Reminder")

    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 200]
    assert len(slack.messages["CHOME"]) == 1
    assert 30 <= clock.slept[0] < 31


def test_a_call_that_stays_rate_limited_fails_after_three_retries(slack: SlackStub, clock: FakeClock) -> None:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    slack.rate_limit_next("chat.postMessage", retry_after=1, times=10)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="CHOME", text="Reminder")

    assert raised.value.response.status_code == 429
    assert len(slack.calls_to("chat.postMessage")) == 4
    assert "CHOME" not in slack.messages or not slack.messages["CHOME"]


def test_a_post_whose_answer_is_lost_is_not_posted_again(slack: SlackStub, clock: FakeClock) -> None:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    slack.lose_answer_next("chat.postMessage")

    with pytest.raises((OSError, http.client.HTTPException)):
        client.chat_postMessage(channel="CHOME", text="Meeting announced")

    assert len(slack.calls_to("chat.postMessage")) == 1
    assert [m["text"] for m in slack.messages["CHOME"]] == ["Meeting announced"]


def test_a_post_answered_with_a_server_error_is_not_posted_again(slack: SlackStub, clock: FakeClock) -> None:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    slack.server_error_next("chat.postMessage", status=500, after_work=True)

    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="CHOME", text="Meeting announced")

    assert len(slack.messages["CHOME"]) == 1


def test_a_card_update_is_retried_when_the_connection_drops(slack: SlackStub, clock: FakeClock) -> None:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    ts = client.chat_postMessage(channel="CHOME", text="2 going")["ts"]
    slack.lose_answer_next("chat.update")
    slack.server_error_next("chat.update", status=503)

    client.chat_update(channel="CHOME", ts=ts, text="3 going")

    assert [c.status for c in slack.calls_to("chat.update")] == [200, 503, 200]
    assert slack.messages["CHOME"][0]["text"] == "3 going"
    assert clock.slept  # backed off on peerbot's clock, not the wall clock


def test_reads_are_retried_when_the_connection_drops(slack: SlackStub, clock: FakeClock) -> None:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    slack.lose_answer_next("users.info")

    assert client.users_info(user="UMARIA")["user"]["id"] == "UMARIA"
    assert len(slack.calls_to("users.info")) == 2
