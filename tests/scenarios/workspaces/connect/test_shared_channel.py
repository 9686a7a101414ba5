"""Slack Connect: people of other organizations in the network's shared home channel."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from rendering.meetings.ids import MeetingAction
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import Member, Rsvp
from tests.scenarios.meetings.steps import FAC, HOME, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.meetings import send_due_reminders

OHIO, TEXAS = "TOHIO", "TTEXAS"


def _three_organizations(slack: SlackStub) -> None:
    slack.add_organization(OHIO, name="State of Ohio")
    slack.add_organization(TEXAS, name="State of Texas", refuses_dms=True)
    slack.add_user("UOHIO", display_name="Olu", tz="America/New_York", team_id=OHIO)
    slack.add_user("UTEXAS", display_name="Tex", tz="America/Chicago", team_id=TEXAS)


def _rsvps(session_factory: SessionFactory) -> set[str]:
    with session_factory() as session:
        return set(session.scalars(select(Rsvp.user_id)))


def _join(peerbot: PeerbotUnderTest, slack: SlackStub, user: str, team: str) -> None:
    slack.set_channel_members(HOME, [*slack.channels[HOME].members, user])
    event = {"type": "member_joined_channel", "user": user, "channel": HOME, "team": team, "event_ts": "1.2"}
    assert peerbot.event(event).status == 200


def test_external_members_join_rsvp_and_a_refused_reminder_is_reported_by_name(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _three_organizations(slack)
    network_with_roster(session_factory, clock.now())
    _join(peerbot, slack, "UOHIO", OHIO)
    _join(peerbot, slack, "UTEXAS", TEXAS)
    with session_factory() as session:
        members = {m.user_id: m for m in session.scalars(select(Member))}
    assert (members["UOHIO"].display_name, members["UOHIO"].org_name, members["UOHIO"].timezone) == (
        "Olu",
        "State of Ohio",
        "America/New_York",
    )
    assert members["UTEXAS"].org_team_id == TEXAS and members["UTEXAS"].in_channel

    schedule(peerbot, title="Budget review", date="2026-01-08", reminders=["60"])
    card = card_message(peerbot)
    for user, team in (("UOHIO", OHIO), ("UTEXAS", TEXAS)):
        peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=user, channel=HOME, message=card, team=team)
    assert _rsvps(session_factory) == {"UOHIO", "UTEXAS"}

    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    send_due_reminders(RunContext(session_factory=session_factory, client=client, clock=clock, bot_user_id="UBOT"))

    assert slack.messages.get(slack.dm_channel("UOHIO"))
    told = [m["text"] for m in slack.messages.get(slack.dm_channel(FAC), []) if "could not be reached" in m["text"]]
    assert told and "1 could not be reached: Tex" in told[0]


def test_a_stranger_from_another_organization_cannot_rsvp(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _three_organizations(slack)
    network_with_roster(session_factory, clock.now())
    schedule(peerbot, title="Budget review", date="2026-01-08", reminders=["60"])
    card = card_message(peerbot)
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user="UOHIO", channel=HOME, message=card, team=OHIO)
    assert _rsvps(session_factory) == set()
