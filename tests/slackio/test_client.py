"""peerbot's Web API client waits out Slack's rate limits on peerbot's own clock."""

from __future__ import annotations

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
