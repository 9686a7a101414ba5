"""A large network in bulk (Core inserts): members, meetings, pulse waves and resources, for Home's limits and speed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from domain.network.profiles import STATES
from storage.models import (
    Attendance,
    AttendanceSource,
    IntroParticipant,
    IntroSettings,
    LabelKind,
    Meeting,
    Member,
    MembershipSpell,
    Network,
    Occurrence,
    OccurrenceStatus,
    Pulse,
    PulseWave,
    Recurrence,
    Resource,
    ResourceKind,
    ResourceLabel,
    Role,
    Rsvp,
    RsvpAnswer,
    WaveRecipient,
    WaveStatus,
)

TEAM = "T0001"


def large_network(
    session: Session, *, now: datetime, members: int, meetings: int, waves: int, resources: int
) -> tuple[int, str, str]:
    """Build it; returns (network id, a member's user id, a facilitator's user id)."""
    start = now - timedelta(days=400)
    network = Network(
        team_id=TEAM,
        name="Big Network",
        home_channel_id="CBIG",
        timezone="America/New_York",
        created_by="UF0",
        created_at=start,
        updated_at=start,
    )
    session.add(network)
    session.flush()
    states = list(STATES)
    users = [f"UM{n}" for n in range(members)]
    session.execute(
        insert(Member),
        [
            {
                "team_id": TEAM,
                "network_id": network.id,
                "user_id": u,
                "display_name": f"Member {n:05d}",
                "timezone": None,
                "role": Role.FACILITATOR if n < 3 else Role.MEMBER,
                "in_channel": True,
                "state": states[n % len(states)],
                "agency": "Agency" if n % 2 else None,
                "role_title": "Lead",
                "learning_interests": "Everything" if n % 3 else None,
                "dm_reminders": True,
                "joined_at": start,
                "left_at": None,
                "updated_at": start,
            }
            for n, u in enumerate(users)
        ],
    )
    session.execute(
        insert(MembershipSpell),
        [{"network_id": network.id, "user_id": u, "joined_at": start, "left_at": None} for u in users],
    )
    meeting = Meeting(
        team_id=TEAM,
        network_id=network.id,
        title="Weekly call",
        timezone="America/New_York",
        start_date=date(2025, 1, 1),
        start_time=time(14),
        duration_minutes=60,
        recurrence=Recurrence.WEEKLY,
        interval_weeks=1,
        end_date=None,
        occurrence_count=None,
        video_link="https://meet.example.org/big",
        place=None,
        channel_id="CBIG",
        reminder_offsets=[],
        cancelled_at=None,
        created_by="UM0",
        created_at=start,
        updated_at=start,
    )
    session.add(meeting)
    session.flush()
    first = now - timedelta(days=7 * (meetings - 5))
    session.execute(
        insert(Occurrence),
        [
            {
                "meeting_id": meeting.id,
                "network_id": network.id,
                "sequence": n + 1,
                "start_utc": first + timedelta(days=7 * n),
                "end_utc": first + timedelta(days=7 * n, hours=1),
                "status": OccurrenceStatus.SCHEDULED,
                "card_version": 0,
            }
            for n in range(meetings)
        ],
    )
    occurrence_ids = [o.id for o in session.query(Occurrence.id).filter(Occurrence.network_id == network.id)]
    recent = occurrence_ids[-8:]
    session.execute(
        insert(Attendance),
        [
            {
                "occurrence_id": o,
                "user_id": u,
                "source": AttendanceSource.CHECK_IN,
                "recorded_by": u,
                "recorded_at": now - timedelta(days=1),
            }
            for o in recent
            for u in users[: members // 2]
        ],
    )
    session.execute(
        insert(Rsvp),
        [
            {"occurrence_id": o, "user_id": u, "answer": RsvpAnswer.GOING, "answered_at": now - timedelta(days=2)}
            for o in recent[-3:]
            for u in users[: members // 3]
        ],
    )
    pulse = Pulse(
        team_id=TEAM,
        network_id=network.id,
        title="Pulse",
        intro="",
        anonymous=True,
        audience="network",
        audience_states="[]",
        audience_users="[]",
        results_visibility="facilitators",
        reminders=0,
        recurrence="weekly",
        meeting_id=None,
        wave_length_minutes=60 * 24 * 7,
        created_by="UM0",
        created_at=start,
    )
    session.add(pulse)
    session.flush()
    session.execute(
        insert(PulseWave),
        [
            {
                "pulse_id": pulse.id,
                "number": n + 1,
                "status": WaveStatus.OPEN if n >= waves - 20 else WaveStatus.CLOSED,
                "opens_at": now - timedelta(days=waves - n),
                "deadline": now + timedelta(days=n % 9 + 1),
                "opened_at": now - timedelta(days=waves - n),
                "closed_at": None,
                "reminders_sent": 0,
                "unreachable": 0,
            }
            for n in range(waves)
        ],
    )
    open_waves = [w.id for w in session.query(PulseWave.id).filter(PulseWave.status == WaveStatus.OPEN)]
    session.execute(
        insert(WaveRecipient),
        [{"wave_id": w, "user_id": u, "state": None, "agency": None} for w in open_waves for u in users],
    )
    kinds = list(ResourceKind)
    session.execute(
        insert(Resource),
        [
            {
                "network_id": network.id,
                "title": f"Resource {n} <&>",
                "url": f"https://example.org/r/{n}",
                "normalized_url": f"https://example.org/r/{n}",
                "description": "A useful thing",
                "states": states[n % len(states)],
                "topics": "",
                "tags": "",
                "kind": kinds[n % len(kinds)],
                "shared_by": users[n % 50],
                "helpful_votes": 0,
                "created_at": now - timedelta(minutes=n * 7),
                "updated_at": now,
            }
            for n in range(resources)
        ],
    )
    first_resource = session.query(Resource.id).filter(Resource.network_id == network.id).order_by(Resource.id).first()
    assert first_resource is not None
    session.execute(
        insert(ResourceLabel),
        [
            {"resource_id": first_resource.id + n, "kind": LabelKind.STATE, "value": states[n % len(states)]}
            for n in range(resources)
        ],
    )
    # Introductions on (so Home shows its participation control); the member shown has paused them.
    session.add(
        IntroSettings(
            network_id=network.id,
            enabled=True,
            every_weeks=2,
            weekday=1,
            hour=10,
            minute=0,
            group_size=2,
            cross_state=True,
            cross_agency=True,
            shared_interests=True,
            avoid_repeat_rounds=4,
            prompt=None,
            starts_on=now.date(),
            updated_by=users[0],
            updated_at=now,
        )
    )
    session.add(
        IntroParticipant(
            network_id=network.id,
            user_id=users[members - 1],
            opted_out=False,
            skip_next=False,
            paused_until=now.date() + timedelta(days=30),
            updated_at=now,
        )
    )
    session.flush()
    return network.id, users[members - 1], users[0]
