"""Two web workers sharing one database: a card is updated at most once a second between them, and converges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from rendering.meetings.ids import MeetingAction
from storage.db import SessionFactory
from tests.scenarios.meetings.steps import HOME, block_text, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest

MEMBERS = [f"UWORK{n:02d}" for n in range(30)]


@pytest.fixture
def other_worker(
    settings: Settings, slack: SlackStub, engine: Engine, session_factory: SessionFactory, clock: FakeClock
) -> Iterator[PeerbotUnderTest]:
    """A second web worker: its own refresher, pools and timers; the same database, Slack and clock."""
    worker = PeerbotUnderTest(
        settings=settings, stub=slack, engine=engine, session_factory=session_factory, clock=clock
    )
    yield worker
    worker.close()


def _settle(workers: list[PeerbotUnderTest]) -> None:
    for _ in range(3):  # a refresh on one worker can leave work due on the other
        for worker in workers:
            worker.settle()


def _advance(workers: list[PeerbotUnderTest], seconds: float) -> None:
    _settle(workers)
    workers[0].clock.advance(timedelta(seconds=seconds))
    _settle(workers)


def _click(
    worker: PeerbotUnderTest, card: dict[str, object], user: str, action: str = MeetingAction.RSVP_GOING
) -> None:
    body = payloads.block_action(
        user=user,
        team=payloads.TEAM,
        action_id=action,
        value=buttons_value(card),
        trigger_id=worker.stub.new_trigger_id(),
        response_url=worker.stub.response_url(),
        channel=HOME,
        message=card,
    )
    assert worker.post_slack(body, settle=False).status == 200


def _updates(slack: SlackStub, card: dict[str, object]) -> list[bool]:
    return [c.ok for c in slack.calls_to("chat.update") if c.args.get("ts") == card["ts"]]


def test_clicks_on_two_workers_share_one_card_update_a_second(
    peerbot: PeerbotUnderTest,
    other_worker: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
) -> None:
    network_with_roster(session_factory, clock.now(), extra=MEMBERS)
    schedule(peerbot)
    card = card_message(peerbot)
    workers = [peerbot, other_worker]

    for n, user in enumerate(MEMBERS[:10]):  # a burst within one second, spread over both workers
        _click(workers[n % 2], card, user)
        _settle(workers)
    assert _updates(slack, card) == [True]  # the first click refreshed at once; nobody else may this second
    assert "*Going:* 1 ·" in block_text(card_message(peerbot))

    _advance(workers, 0.5)
    assert _updates(slack, card) == [True]
    _advance(workers, 0.5)
    assert _updates(slack, card) == [True, True]  # one worker took the slot for both
    assert "*Going:* 10 · *Maybe:* 0 · *Can't make it:* 0" in block_text(card_message(peerbot))

    _advance(workers, 5)  # the other worker's clicks are already shown: it leaves Slack alone
    assert _updates(slack, card) == [True, True]


def test_card_converges_when_the_last_click_lands_on_the_worker_that_did_not_refresh(
    peerbot: PeerbotUnderTest,
    other_worker: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
) -> None:
    network_with_roster(session_factory, clock.now(), extra=MEMBERS)
    schedule(peerbot)
    card = card_message(peerbot)
    workers = [peerbot, other_worker]

    _click(peerbot, card, MEMBERS[0])
    _settle(workers)
    _advance(workers, 0.3)
    _click(other_worker, card, MEMBERS[1], MeetingAction.RSVP_MAYBE)  # within the first worker's second
    _settle(workers)
    assert _updates(slack, card) == [True]
    assert "*Going:* 1 · *Maybe:* 0 ·" in block_text(card_message(peerbot))

    _advance(workers, 0.7)  # the slot opens: the second worker shows its click
    assert _updates(slack, card) == [True, True]
    assert "*Going:* 1 · *Maybe:* 1 ·" in block_text(card_message(peerbot))
    _advance(workers, 5)
    assert _updates(slack, card) == [True, True]


def test_a_rate_limit_met_by_one_worker_holds_back_the_other(
    peerbot: PeerbotUnderTest,
    other_worker: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
) -> None:
    network_with_roster(session_factory, clock.now(), extra=MEMBERS)
    schedule(peerbot)
    card = card_message(peerbot)
    workers = [peerbot, other_worker]
    slack.rate_limit_next("chat.update", retry_after=3)

    _click(peerbot, card, MEMBERS[0])
    _settle(workers)
    assert _updates(slack, card) == [False]
    _advance(workers, 1)
    _click(other_worker, card, MEMBERS[1])
    _advance(workers, 1)
    assert _updates(slack, card) == [False]  # Slack said wait 3 s, to both workers
    _advance(workers, 1)
    assert _updates(slack, card) == [False, True]  # one update carries both clicks
    assert "*Going:* 2 ·" in block_text(card_message(peerbot))
    _advance(workers, 5)
    assert _updates(slack, card) == [False, True]
