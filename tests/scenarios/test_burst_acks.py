"""A burst of clicks while Slack is slow and rate-limiting: every click is acknowledged at once, the card converges."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from rendering.meetings.ids import MeetingAction
from storage.db import SessionFactory
from tests.scenarios.meetings.steps import HOME, block_text, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest

MEMBERS = [f"UBURST{n:02d}" for n in range(40)]
SLACK_DEADLINE = 3.0
WELL_WITHIN = 1.5


def _click(peerbot: PeerbotUnderTest, card: dict[str, object], user: str) -> tuple[int, float]:
    body = payloads.block_action(
        user=user,
        team=payloads.TEAM,
        action_id=MeetingAction.RSVP_GOING,
        value=buttons_value(card),
        trigger_id=peerbot.stub.new_trigger_id(),
        response_url=peerbot.stub.response_url(),
        channel=HOME,
        message=card,
    )
    started = time.monotonic()  # real time, only to bound how long the answer took
    status = peerbot.post_slack(body, settle=False).status
    return status, time.monotonic() - started


def _card_updates(slack: SlackStub, card: dict[str, object]) -> list[bool]:
    return [c.ok for c in slack.calls_to("chat.update") if c.args.get("ts") == card["ts"]]


def test_burst_of_rsvps_is_acknowledged_while_slack_is_slow_and_rate_limiting(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now(), extra=MEMBERS)
    schedule(peerbot)
    card = card_message(peerbot)
    slack.rate_limit_next("chat.update", retry_after=3)

    with slack.holding("response_url"):
        # Slack is slow to take confirmations: the post-ack pool fills up and stays full.
        first = MEMBERS[: peerbot.after_ack.max_workers]
        with ThreadPoolExecutor(max_workers=len(first)) as senders:
            early = list(senders.map(lambda user: _click(peerbot, card, user), first))
        slack.wait_until_held(peerbot.after_ack.max_workers)
        with ThreadPoolExecutor(max_workers=16) as senders:
            late = list(senders.map(lambda user: _click(peerbot, card, user), MEMBERS[len(first) :]))
        assert slack.held == peerbot.after_ack.max_workers  # still saturated while the rest were answered

    answers = early + late
    assert len(answers) == len(MEMBERS) == 40
    assert all(status == 200 for status, _ in answers)
    slowest = max(elapsed for _, elapsed in answers)
    assert slowest < WELL_WITHIN < SLACK_DEADLINE, f"slowest ack took {slowest:.2f}s"

    peerbot.settle()
    assert len(slack.responses) == 40  # every member got their confirmation once Slack caught up
    # The first refresh met the 429; the rest of the burst waits for Retry-After, folded into one update.
    assert _card_updates(slack, card) == [False]
    assert "*Going:* 0" in block_text(card_message(peerbot))

    peerbot.advance(seconds=3)
    assert _card_updates(slack, card) == [False, True]
    assert "*Going:* 40 · *Maybe:* 0 · *Can't make it:* 0" in block_text(card_message(peerbot))


def test_clicks_within_a_second_share_one_card_update_showing_the_latest_counts(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now(), extra=MEMBERS)
    schedule(peerbot)
    card = card_message(peerbot)

    for user in MEMBERS[:10]:
        status, _ = _click(peerbot, card, user)
        assert status == 200
        peerbot.settle()
    assert _card_updates(slack, card) == [True]  # the first click refreshed at once; the others wait their turn
    assert "*Going:* 1 ·" in block_text(card_message(peerbot))

    peerbot.advance(seconds=0.5)
    assert _card_updates(slack, card) == [True]
    peerbot.advance(seconds=0.5)
    assert _card_updates(slack, card) == [True, True]
    assert "*Going:* 10 ·" in block_text(card_message(peerbot))

    peerbot.advance(seconds=5)  # nothing changed since: no more updates
    assert _card_updates(slack, card) == [True, True]


def test_card_missing_a_refresh_converges_after_slack_fails_once(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now(), extra=MEMBERS)
    schedule(peerbot)
    card = card_message(peerbot)
    slack.rate_limit_next("chat.update", retry_after=2, times=2)

    _click(peerbot, card, MEMBERS[0])
    peerbot.settle()
    peerbot.advance(seconds=1)
    assert _card_updates(slack, card) == [False]  # Retry-After is honoured, not the shorter interval
    peerbot.advance(seconds=1)
    assert _card_updates(slack, card) == [False, False]
    peerbot.advance(seconds=2)
    assert _card_updates(slack, card) == [False, False, True]
    assert "*Going:* 1 ·" in block_text(card_message(peerbot))
