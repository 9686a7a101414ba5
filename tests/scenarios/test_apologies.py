"""When something unexpected fails, the apology says "nothing was changed" only when that is true."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.db import SessionFactory
from storage.models import Member, Network, Role
from tests.slackstub import SlackStub
from tests.support.constants import MARIA
from tests.support.factories.network import FACILITATOR, HOME, set_up_network
from tests.support.harness import PeerbotUnderTest

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


def test_failure_after_a_role_was_granted_does_not_claim_nothing_changed(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    set_up_network(peerbot)
    # Slack delivers the new facilitator's DM each time, but the answer never comes back.
    slack.lose_answer_next("chat.postMessage", times=10, when=lambda args: args.get("channel") == MARIA)

    peerbot.command("facilitator add <@UMARIA|maria>", user=FACILITATOR, channel=HOME)

    replies = [r["body"]["text"] for r in slack.responses]
    assert "<@UMARIA> is now a facilitator of *Equity Learning Community*." in replies
    assert MAY_BE_DONE in replies[-1] and NOTHING_CHANGED not in replies[-1]
    with peerbot.session_factory() as session:
        role = session.scalar(select(Member.role).where(Member.user_id == MARIA))
    assert role == Role.FACILITATOR
