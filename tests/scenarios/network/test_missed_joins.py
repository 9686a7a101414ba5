"""Someone in the home channel whose join event peerbot missed is added when they act, not refused."""

from __future__ import annotations

from sqlalchemy import select

from rendering.meetings.ids import MeetingAction
from storage.db import SessionFactory
from storage.models import Member, Rsvp
from tests.scenarios.meetings.steps import HOME, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest


def test_a_member_whose_join_event_was_missed_clicks_going_and_is_added_to_the_roster(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    schedule(peerbot)
    card = card_message(peerbot)
    slack.add_user("UKIM", name="kim", display_name="Kim", tz="Pacific/Honolulu")
    slack.set_channel_members(HOME, [*slack.channels[HOME].members, "UKIM"])  # joined; the event never came

    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user="UKIM", channel=HOME, message=card)
    assert "You're going to *Monthly peer call*" in peerbot.last_response()["text"]
    assert slack.calls_to("conversations.members"), "the channel's members were checked"
    with session_factory() as session:
        kim = session.scalars(select(Member).where(Member.user_id == "UKIM")).one()
        assert kim.in_channel and kim.display_name == "Kim"
        assert [r.user_id for r in session.scalars(select(Rsvp))] == ["UKIM"]


def test_someone_not_in_the_channel_is_still_refused_after_the_check(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    schedule(peerbot)
    card = card_message(peerbot)
    slack.add_user("UOUT", name="out", display_name="Outsider")

    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user="UOUT", channel=HOME, message=card)
    assert "Join the network's channel first" in peerbot.last_response()["text"]
    with session_factory() as session:
        assert session.scalars(select(Rsvp)).all() == []
        assert session.scalars(select(Member).where(Member.user_id == "UOUT")).first() is None


def test_a_member_whose_join_event_was_missed_is_answered_when_they_type_a_command(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    slack.add_user("UKIM", name="kim", display_name="Kim")
    slack.set_channel_members(HOME, [*slack.channels[HOME].members, "UKIM"])

    peerbot.command("intros off", user="UKIM", channel=HOME)
    assert "You're out of introductions" in peerbot.last_response()["text"]
    with session_factory() as session:
        assert session.scalars(select(Member).where(Member.user_id == "UKIM")).one().in_channel
