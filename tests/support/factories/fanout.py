"""Many workspaces, each with a network whose meeting reminder is due now: the workers' and the scale bench's world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from domain.meetings.series import MeetingForm, create_meeting, validate
from domain.network.setup import NetworkSettings, set_up_network
from slackio.workspaces import installation_store
from storage import meetings as meeting_store
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import Meeting, Rsvp, RsvpAnswer
from tests.slackstub import SlackStub

# The Slack app these worlds install peerbot from (OAuth mode: SLACK_CLIENT_ID / SLACK_CLIENT_SECRET).
CLIENT_ID = "3333333333.4444444444"
CLIENT_SECRET = "fa11fa11fa11fa11fa11fa11fa11fa11"


@dataclass(frozen=True)
class Workspace:
    team_id: str
    token: str
    channel: str
    organiser: str
    members: tuple[str, ...]  # everyone who said Going: each is owed exactly one reminder DM


def oauth_env() -> dict[str, str]:
    """A peerbot process installed in many workspaces (no single bot token)."""
    return {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}


def reminder_due_now(
    session_factory: SessionFactory,
    stub: SlackStub,
    engine: Engine,
    *,
    workspaces: int,
    members: int,
    now: datetime,
) -> list[Workspace]:
    """``workspaces`` workspaces of ``members`` members, each with a meeting whose 1-hour reminder is due at ``now``.

    The meetings were scheduled a few minutes before ``now`` and start on the next minute an hour on,
    so the reminder fell due within the last minute: every run of the reminder job from ``now`` on sends it.
    peerbot is installed in each workspace (its bot token in the installation store, as the OAuth pages leave it).
    """
    stub.set_oauth_app(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    installs = installation_store(client_id=CLIENT_ID, engine=engine)
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=60)
    scheduled = now - timedelta(minutes=5)
    world: list[Workspace] = []
    for n in range(1, workspaces + 1):
        team_id = f"T{n:04d}"
        people = tuple(f"U{n:04d}{m:04d}" for m in range(members))
        channel = f"C{n:04d}"
        stub.add_workspace(team_id, name=f"Workspace {n}", bot_user_id=f"UB{n:04d}", installer=people[0])
        token = stub.issue_token(team_id)
        installs.save(
            Installation(
                app_id="ASTUB",
                enterprise_id=None,
                team_id=team_id,
                bot_token=token,
                bot_id=f"BB{n:04d}",
                bot_user_id=f"UB{n:04d}",
                bot_scopes="chat:write,im:write",
                user_id=people[0],
                installed_at=scheduled.timestamp(),
            )
        )
        for user in people:
            stub.add_user(user, tz="UTC", workspace=team_id)
        stub.add_channel(channel, name=f"network-{n}", members=people, team_id=team_id)
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
            _going(
                session, create_meeting(session, network=network, plan=plan, by_user=people[0], now=scheduled), people
            )
        world.append(Workspace(team_id, token, channel, people[0], people))
    return world


def _going(session: Session, meeting: Meeting, people: tuple[str, ...]) -> None:
    occurrence = meeting_store.occurrences_of(session, meeting_id=meeting.id)[0]
    session.execute(
        insert(Rsvp),
        [
            {
                "occurrence_id": occurrence.id,
                "user_id": u,
                "answer": RsvpAnswer.GOING,
                "answered_at": meeting.created_at,
            }
            for u in people
        ],
    )


def another_reminder_due_now(
    session_factory: SessionFactory, world: list[Workspace], *, title: str, now: datetime
) -> None:
    """In each workspace of ``world``, a second meeting (``title`` and the workspace's number) whose 1-hour
    reminder to every member falls due at ``now``'s minute, like ``reminder_due_now``'s."""
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=60)
    scheduled = now - timedelta(minutes=5)
    for n, workspace in enumerate(world, start=1):
        with session_factory.begin() as session:
            network = network_store.get_network_by_channel(
                session, team_id=workspace.team_id, channel_id=workspace.channel
            )
            assert network is not None
            plan = validate(
                MeetingForm(
                    title=f"{title} {n}",
                    start_date=date(start.year, start.month, start.day).isoformat(),
                    start_time=start.strftime("%H:%M"),
                    duration="60",
                    recurrence="none",
                    channel_id=workspace.channel,
                    reminders=["60"],
                ),
                zone="UTC",
                now=scheduled,
            )
            meeting = create_meeting(session, network=network, plan=plan, by_user=workspace.organiser, now=scheduled)
            _going(session, meeting, workspace.members)
