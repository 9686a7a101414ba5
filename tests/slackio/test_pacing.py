"""Pacing: each workspace's posts keep to its pace, whatever else is being sent, on peerbot's clock."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from slackio.client import build_web_client
from slackio.pacing import Pacer
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock


def test_a_burst_of_a_seconds_worth_goes_at_once_and_the_rest_keep_the_pace(slack: SlackStub) -> None:
    slack.add_workspace("T0002", name="Second", bot_user_id="UBOT2")
    second_token = slack.issue_token("T0002")
    slack.add_channel("CSECOND", name="second", team_id="T0002")
    clock = FakeClock(datetime(2026, 1, 5, 15, 0, tzinfo=UTC))
    pacer = Pacer(10, clock)
    first = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock, pacer=pacer)
    second = build_web_client(token=second_token, base_url=slack.api_url, clock=clock, pacer=pacer)
    start = clock.now()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda n: first.chat_postMessage(channel="CHOME", text=f"#{n}"), range(30)))
    after_first = clock.now()
    second.chat_postMessage(channel="CSECOND", text="another workspace")
    first.auth_test()  # only posting is paced

    # 30 posts at 10 a second, the first 10 at once: two more seconds, on peerbot's clock.
    assert 1.9 <= (after_first - start).total_seconds() <= 2.1
    assert clock.now() == after_first, "another workspace's post did not wait on the first one's pace"
    assert len(slack.messages["CHOME"]) == 30 and len(slack.messages["CSECOND"]) == 1
