"""A large network for the report bench (Core inserts): members, meetings, pulse answers, resources, collaborations."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from domain.network.profiles import STATES
from storage.models import (
    Attendance,
    AttendanceSource,
    Collaboration,
    CollaborationPartner,
    Meeting,
    Member,
    MembershipSpell,
    Network,
    Occurrence,
    OccurrenceStatus,
    Pulse,
    PulseQuestion,
    PulseWave,
    Resource,
    ResourceKind,
    Respondent,
    Response,
    Role,
    WaveRecipient,
    WaveStatus,
)
from storage.models import Recurrence as MeetingRecurrence

TEAM, HOME = "T0001", "CBIGREPORT"
START = datetime(2024, 1, 1, tzinfo=UTC)


def large_report_network(
    session: Session, *, members: int, meetings: int, waves: int, answers: int, resources: int, collaborations: int
) -> int:
    """Build it over the two years from 2024-01-01; returns the network id."""
    network = Network(
        team_id=TEAM, name="Big Network", home_channel_id=HOME, timezone="UTC", created_by="UM0",
        created_at=START, updated_at=START,
    )  # fmt: skip
    session.add(network)
    session.flush()
    states = list(STATES)[:20]
    users = [f"UM{n}" for n in range(members)]
    session.execute(
        insert(Member),
        [
            {
                "team_id": TEAM, "network_id": network.id, "user_id": u, "display_name": f"Member {n}",
                "timezone": None, "role": Role.FACILITATOR if n < 5 else Role.MEMBER, "in_channel": True,
                "state": None if n < 3 else states[n % len(states)], "agency": None, "role_title": None,
                "learning_interests": None, "dm_reminders": True, "joined_at": START, "left_at": None,
                "updated_at": START,
            }
            for n, u in enumerate(users)
        ],
    )  # fmt: skip
    session.execute(
        insert(MembershipSpell),
        [
            {"network_id": network.id, "user_id": u, "joined_at": START + timedelta(days=n % 200), "left_at": None}
            for n, u in enumerate(users)
        ],
    )
    meeting = Meeting(
        team_id=TEAM, network_id=network.id, title="Network call", timezone="UTC", start_date=START.date(),
        start_time=time(15), duration_minutes=60, recurrence=MeetingRecurrence.NONE, interval_weeks=2,
        end_date=None, occurrence_count=None, video_link=None, place=None, channel_id=HOME, reminder_offsets=[],
        cancelled_at=None, created_by="UM0", created_at=START, updated_at=START,
    )  # fmt: skip
    session.add(meeting)
    session.flush()
    session.execute(
        insert(Occurrence),
        [
            {
                "meeting_id": meeting.id, "network_id": network.id, "sequence": n + 1,
                "start_utc": START + timedelta(days=14 * n, hours=15),
                "end_utc": START + timedelta(days=14 * n, hours=16),
                "status": OccurrenceStatus.SCHEDULED, "card_version": 0,
            }
            for n in range(meetings)
        ],
    )  # fmt: skip
    occurrences = list(session.scalars(select(Occurrence.id).where(Occurrence.network_id == network.id)))
    session.execute(
        insert(Attendance),
        [
            {"occurrence_id": o, "user_id": u, "source": AttendanceSource.CHECK_IN, "recorded_by": u,
             "recorded_at": START}
            for i, o in enumerate(occurrences)
            for n, u in enumerate(users)
            if (n + i) % 3 == 0
        ],
    )  # fmt: skip
    _pulse(session, network, users, waves=waves, answers=answers)
    kinds = list(ResourceKind)
    session.execute(
        insert(Resource),
        [
            {
                "network_id": network.id, "title": f"Resource {n}", "url": f"https://example.org/r/{n}",
                "normalized_url": f"https://example.org/r/{n}", "description": "", "states": states[n % 20],
                "topics": f"topic {n % 12}", "tags": "", "kind": kinds[n % len(kinds)],
                "shared_by": users[n % members], "helpful_votes": n % 7,
                "created_at": START + timedelta(minutes=200 * n), "updated_at": START,
            }
            for n in range(resources)
        ],
    )  # fmt: skip
    session.execute(
        insert(Collaboration),
        [
            {
                "network_id": network.id, "logged_by": users[n % members], "kind": "peer_advice",
                "description": "", "happened_on": date(2024, 1, 1) + timedelta(days=n % 700), "outside": "",
                "created_at": START, "withdrawn_at": None,
            }
            for n in range(collaborations)
        ],
    )  # fmt: skip
    ids = list(session.scalars(select(Collaboration.id).where(Collaboration.network_id == network.id)))
    session.execute(
        insert(CollaborationPartner),
        [
            {"collaboration_id": c, "user_id": users[(n * 7 + 11) % members], "status": "confirmed",
             "answered_at": None}
            for n, c in enumerate(ids)
        ],
    )  # fmt: skip
    return network.id


def _pulse(session: Session, network: Network, users: list[str], *, waves: int, answers: int) -> None:
    pulse = Pulse(
        team_id=TEAM, network_id=network.id, title="Monthly check-in", intro="", anonymous=True,
        audience="network", audience_states="[]", audience_users="[]", results_visibility="after_close",
        reminders=0, recurrence="monthly", meeting_id=None, wave_length_minutes=60 * 24 * 7, created_by="UM0",
        created_at=START,
    )  # fmt: skip
    session.add(pulse)
    session.flush()
    for position, kind in enumerate(("agreement", "rating", "text"), start=1):
        session.add(
            PulseQuestion(
                pulse_id=pulse.id, position=position, kind=kind, text=f"Question {position}", choices="[]",
                max_choices=None, required=False,
            )
        )  # fmt: skip
    session.flush()
    questions = list(session.scalars(select(PulseQuestion.id).where(PulseQuestion.pulse_id == pulse.id)))
    per_wave = answers // waves
    for n in range(waves):
        opens = START + timedelta(days=30 * n)
        wave = PulseWave(
            pulse_id=pulse.id, number=n + 1, status=WaveStatus.CLOSED, opens_at=opens,
            deadline=opens + timedelta(days=7), opened_at=opens, closed_at=opens + timedelta(days=7),
            reminders_sent=0, unreachable=0,
        )  # fmt: skip
        session.add(wave)
        session.flush()
        session.execute(
            insert(WaveRecipient), [{"wave_id": wave.id, "user_id": u, "state": None, "agency": None} for u in users]
        )
        session.execute(
            insert(Respondent),
            [{"wave_id": wave.id, "user_id": u, "state_unit": None} for u in users[: min(per_wave, len(users))]],
        )
        session.execute(
            insert(Response),
            [
                {
                    "id": uuid.uuid4().hex, "wave_id": wave.id, "user_id": None, "group_state": None,
                    "group_agency": None, "change_key_hash": None, "sealed_groups": None,
                    "answers": json.dumps({str(questions[0]): 1 + i % 5, str(questions[1]): 1 + i % 5,
                                           str(questions[2]): "Some words"}),
                }
                for i in range(per_wave)
            ],
        )  # fmt: skip
