"""When something unexpected fails, the apology says "nothing was changed" only when that is true."""

from __future__ import annotations

from sqlalchemy import func, select

from rendering.ids import ActionId
from storage.db import SessionFactory
from storage.models import Network, Rsvp, RsvpAnswer
from tests.scenarios.meeting_steps import HOME, MARIA, buttons_value, card_message, network_with_roster, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from tests.support.networks import FACILITATOR

NOTHING_CHANGED = "nothing was changed"
MAY_BE_DONE = "part of what you asked may already be done"


def test_failure_before_anything_is_saved_says_nothing_was_changed(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory
) -> None:
    slack.fail_next("views.open", "internal_error")

    peerbot.command("setup", user=FACILITATOR, channel=HOME)

    apology = peerbot.last_response()["text"]
    assert NOTHING_CHANGED in apology and MAY_BE_DONE not in apology
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0


def test_failure_after_an_rsvp_was_saved_does_not_claim_nothing_changed(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    schedule(peerbot)
    card = card_message(peerbot)
    # Slack updates the card each time but the answer never comes back, retries included.
    slack.lose_answer_next("chat.update", times=10)

    peerbot.click(ActionId.RSVP_GOING, buttons_value(card), user=MARIA, channel=HOME, message=card)

    replies = [r["body"]["text"] for r in slack.responses]
    assert any("You're going" in text for text in replies)
    assert MAY_BE_DONE in replies[-1] and NOTHING_CHANGED not in replies[-1]
    with session_factory() as session:
        assert session.scalars(select(Rsvp.answer)).all() == [RsvpAnswer.GOING]
