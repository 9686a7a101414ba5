"""Members answer Going / Maybe / Can't make it; the announcement shows live counts that match the database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from rendering.meetings.ids import MeetingAction
from storage.db import SessionFactory
from storage.models import Occurrence, OccurrenceStatus, Rsvp, RsvpAnswer
from tests.scenarios.meetings.steps import DEV, HOME, MARIA, block_text, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest


@pytest.fixture
def card(peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock) -> dict[str, object]:
    network_with_roster(session_factory, clock.now(), extra=[f"U{n:03d}" for n in range(24)])
    schedule(peerbot)
    return card_message(peerbot)


def _answers(session_factory: SessionFactory) -> dict[str, RsvpAnswer]:
    with session_factory.begin() as session:
        return {r.user_id: r.answer for r in session.scalars(select(Rsvp))}


def test_member_says_going_sees_a_confirmation_and_the_card_counts_them(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, card: dict[str, object]
) -> None:
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=MARIA, channel=HOME, message=card)
    assert "You're going to *Monthly peer call*" in peerbot.last_response()["text"]
    assert peerbot.last_response().get("response_type") == "ephemeral"
    text = block_text(card_message(peerbot))
    assert "*Going:* 1 · *Maybe:* 0" in text and "<@UMARIA>" in text
    assert slack.calls_to("chat.update")


def test_member_changes_their_answer_and_is_counted_once(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, card: dict[str, object]
) -> None:
    value = buttons_value(card)
    peerbot.click(MeetingAction.RSVP_GOING, value, user=MARIA, channel=HOME, message=card)
    peerbot.click(MeetingAction.RSVP_MAYBE, value, user=MARIA, channel=HOME, message=card)
    assert _answers(session_factory) == {MARIA: RsvpAnswer.MAYBE}
    peerbot.advance(seconds=1)  # the card refreshes at most once a second
    assert "*Going:* 0 · *Maybe:* 1 · *Can't make it:* 0" in block_text(card_message(peerbot))


def test_concurrent_clicks_leave_the_card_matching_the_database(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, card: dict[str, object]
) -> None:
    value = buttons_value(card)
    clicks = [
        (f"U{n:03d}", [MeetingAction.RSVP_GOING, MeetingAction.RSVP_MAYBE, MeetingAction.RSVP_NO][n % 3])
        for n in range(24)
    ]
    clicks += [
        ("U000", MeetingAction.RSVP_NO),
        ("U001", MeetingAction.RSVP_GOING),
        (MARIA, MeetingAction.RSVP_GOING),
    ] * 2

    def click(entry: tuple[str, str]) -> None:
        user, action = entry
        body = payloads.block_action(
            user=user,
            team=payloads.TEAM,
            action_id=action,
            value=value,
            trigger_id=peerbot.stub.new_trigger_id(),
            response_url=peerbot.stub.response_url(),
            channel=HOME,
            message=card,
        )
        assert peerbot.post_slack(body, settle=False).status == 200

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(click, clicks))
    peerbot.advance(seconds=1)
    answers = _answers(session_factory)
    expected = tuple(sum(1 for a in answers.values() if a == kind) for kind in RsvpAnswer)
    assert expected[0] > 0 and len(answers) == 25
    assert f"*Going:* {expected[0]} · *Maybe:* {expected[1]} · *Can't make it:* {expected[2]}" in block_text(
        card_message(peerbot)
    )


def test_button_on_a_cancelled_meeting_explains_and_saves_nothing(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, card: dict[str, object]
) -> None:
    with session_factory.begin() as session:
        for occurrence in session.scalars(select(Occurrence)):
            occurrence.status = OccurrenceStatus.CANCELLED
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=DEV, channel=HOME, message=card)
    assert "was cancelled" in peerbot.last_response()["text"]
    assert _answers(session_factory) == {}


def test_button_on_a_past_meeting_explains_and_saves_nothing(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock, card: dict[str, object]
) -> None:
    clock.advance(timedelta(days=2))
    peerbot.click(MeetingAction.RSVP_MAYBE, buttons_value(card), user=DEV, channel=HOME, message=card)
    assert "is over" in peerbot.last_response()["text"]
    assert _answers(session_factory) == {}


def test_a_forged_button_value_gets_an_explanation(peerbot: PeerbotUnderTest, card: dict[str, object]) -> None:
    peerbot.click(MeetingAction.RSVP_GOING, "not-a-number", user=DEV, channel=HOME, message=card)
    assert "out of date" in peerbot.last_response()["text"]
