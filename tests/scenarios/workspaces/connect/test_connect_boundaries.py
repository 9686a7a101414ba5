"""Slack Connect: people of another organization are served for the network whose channel they are in, nothing else."""

from __future__ import annotations

import json

from sqlalchemy import select

from rendering.home.ids import HomeAction
from rendering.meetings.ids import MeetingAction, MeetingCallback
from rendering.payloads import NetworkButton
from storage.db import SessionFactory
from storage.models import HomeTab, Member, Rsvp
from tests.scenarios.meetings.steps import FAC, HOME, buttons_value, card_message, form_values, schedule
from tests.scenarios.workspaces.connect.test_external_journey import (
    OHIO,
    OLU,
    TEX,
    TEXAS,
    join,
    open_home,
    three_organizations,
)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest

OTHER = "COTHER"  # a second network of the host workspace; its channel is not shared with anyone


def _rsvps(session_factory: SessionFactory) -> list[tuple[str, int]]:
    with session_factory() as session:
        return [(r.user_id, r.occurrence_id) for r in session.scalars(select(Rsvp))]


def test_an_external_member_is_refused_for_anything_but_their_shared_network(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    three_organizations(slack)
    network_with_roster(session_factory, clock.now())
    join(peerbot, slack, OLU, OHIO)
    other_id = network_with_roster(session_factory, clock.now(), channel=OTHER, name="Rural Health")
    slack.add_channel(OTHER, name="rural-health", members=[FAC, "UMARIA", "UDEV"])

    # A meeting of the other network: Olu (not in its channel) clicks Going on its card.
    peerbot.command("", user=FAC, channel=OTHER, command="/meeting")
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    peerbot.submit(view, form_values(title="Rural call", date="2026-01-08", channel=OTHER), user=FAC)
    card = card_message(peerbot, OTHER)
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=OLU, team=OHIO, channel=OTHER, message=card)
    assert peerbot.last_response()["text"] == "I can't find that meeting any more."
    assert _rsvps(session_factory) == []

    # Naming the other network from Olu's Home (a forged switcher value) is refused the same way.
    home = open_home(peerbot, OLU, OHIO)
    peerbot.click(HomeAction.SWITCH_NETWORK, NetworkButton(other_id).to_value(), user=OLU, team=OHIO, view=home)
    refusal = peerbot.stub.calls_to("views.open")[-1].args["view"]
    assert "I can't find that network any more." in json.dumps(refusal)
    with session_factory() as session:
        assert [t.network_id for t in session.scalars(select(HomeTab))] == [None]

    # Olu's own network still works; after Olu leaves its channel, its card refuses Olu too.
    schedule(peerbot, title="Budget review", date="2026-01-08", reminders=["60"])
    mine = card_message(peerbot, HOME)
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(mine), user=OLU, team=OHIO, channel=HOME, message=mine)
    assert "Budget review" in peerbot.last_response()["text"]
    slack.set_channel_members(HOME, [m for m in slack.channels[HOME].members if m != OLU])
    left = {"type": "member_left_channel", "user": OLU, "channel": HOME, "team": OHIO, "event_ts": "1.4"}
    peerbot.event(left, source_team=OHIO)
    peerbot.click(MeetingAction.RSVP_NO, buttons_value(mine), user=OLU, team=OHIO, channel=HOME, message=mine)
    assert peerbot.last_response()["text"] == "I can't find that meeting any more."
    with session_factory() as session:
        assert [(r.user_id, r.answer.value) for r in session.scalars(select(Rsvp))] == [(OLU, "going")]  # unchanged


def test_events_from_another_organization_outside_the_networks_channels_are_ignored(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    three_organizations(slack)
    network_with_roster(session_factory, clock.now())
    slack.add_channel("CEXT", name="ohio-texas", members=[OLU, TEX])

    joined = {"type": "member_joined_channel", "user": TEX, "channel": "CEXT", "team": TEXAS, "event_ts": "1.5"}
    assert peerbot.event(joined, source_team=TEXAS).status == 200
    opened = {"type": "app_home_opened", "user": OLU, "channel": f"D{OLU}", "tab": "home", "event_ts": "1.6"}
    assert peerbot.event(opened, source_team=OHIO).status == 200
    peerbot.advance(1)

    with session_factory() as session:
        assert set(session.scalars(select(Member.user_id))) == {FAC, "UMARIA", "UDEV"}
        assert session.scalars(select(HomeTab)).all() == []
    assert slack.calls_to("users.info") == [] and slack.calls_to("views.publish") == []


def test_a_slash_command_from_another_organization_is_served_only_for_its_shared_channel(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    """Slack sends peerbot a slash command only from a workspace where peerbot is installed; should another
    organization install it too, its people's commands name the shared network only while they are in it."""
    three_organizations(slack)
    network_with_roster(session_factory, clock.now())
    join(peerbot, slack, OLU, OHIO)

    peerbot.command("", user=OLU, channel=HOME, command="/meeting", team=OHIO)
    assert "/meeting" in json.dumps(peerbot.last_response())  # a member typing /meeting is shown what it does
    peerbot.command("", user=TEX, channel=HOME, command="/meeting", team=TEXAS)
    assert "You're not in a peerbot network yet" in peerbot.last_response()["text"]
