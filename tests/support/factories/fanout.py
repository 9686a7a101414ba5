"""Many workspaces, each with a network whose meeting reminder is due now: the workers' and the scale bench's world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from domain.meetings.series import MeetingForm, create_meeting, validate
from domain.network.setup import NetworkSettings, set_up_network
from storage import meetings as meeting_store
from storage.db import SessionFactory
from storage.models import Rsvp, RsvpAnswer
from tests.slackstub import SlackStub


@dataclass(frozen=True)
class Workspace:
    team_id: str
    token: str
    channel: str
    organiser: str
    members: tuple[str, ...]  # everyone who said Going: each is owed exactly one reminder DM


def workspace_token(team_id: str) -> str:
    """The bot token peerbot holds for ``team_id`` in these worlds (the stand-in knows it too)."""
    return f"xoxb-{team_id.lower()}"


def reminder_due_now(
    session_factory: SessionFactory, stub: SlackStub, *, workspaces: int, members: int, now: datetime
) -> list[Workspace]:
    """``workspaces`` workspaces of ``members`` members, each with a meeting whose 1-hour reminder is due at ``now``.

    The meetings were scheduled a few minutes before ``now`` and start on the next minute an hour on,
    so the reminder fell due within the last minute: every run of the reminder job from ``now`` on sends it.
    """
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=60)
    scheduled = now - timedelta(minutes=5)
    world: list[Workspace] = []
    for n in range(1, workspaces + 1):
        team_id = f"T{n:04d}"
        people = tuple(f"U{n:04d}{m:04d}" for m in range(members))
        channel = f"C{n:04d}"
        stub.add_workspace(team_id, token=workspace_token(team_id))
        for user in people:
            stub.add_user(user, tz="UTC")
        stub.add_channel(channel, name=f"network-{n}", members=people)
        with session_factory.begin() as session:
            network, _ = set_up_network(
                session,
                team_id=team_id,
                channel_id=channel,
                settings=NetworkSettings(f"Network {n}", "UTC"),
                by_user=people[0],
                by_display_name="Organiser",
                by_timezone="UTC",
                now=scheduled,
            )
            plan = validate(
                MeetingForm(
                    title=f"Call {n}",
                    start_date=date(start.year, start.month, start.day).isoformat(),
                    start_time=start.strftime("%H:%M"),
                    duration="60",
                    recurrence="none",
                    channel_id=channel,
                    reminders=["60"],
                ),
                zone="UTC",
                now=scheduled,
            )
            meeting = create_meeting(session, network=network, plan=plan, by_user=people[0], now=scheduled)
            occurrence = meeting_store.occurrences_of(session, meeting_id=meeting.id)[0]
            session.execute(
                insert(Rsvp),
                [
                    {"occurrence_id": occurrence.id, "user_id": u, "answer": RsvpAnswer.GOING, "answered_at": scheduled}
                    for u in people
                ],
            )
        world.append(Workspace(team_id, workspace_token(team_id), channel, people[0], people))
    return world
