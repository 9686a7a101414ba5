"""A network where Maria has left a trace in every feature: for data rights scenarios."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.meetings.deliveries import reminder_key
from domain.pulses.definitions import QuestionDraft, QuestionKind
from storage.models import (
    Attendance,
    AttendanceSource,
    Collaboration,
    CollaborationPartner,
    Delivery,
    DeliveryStatus,
    Meeting,
    Network,
    Occurrence,
    OccurrenceStatus,
    PulseQuestion,
    PulseWave,
    Recurrence,
    Resource,
    ResourceKind,
    ResourceVote,
    Respondent,
    Response,
    Rsvp,
    RsvpAnswer,
)
from tests.support.factories.pulses import draft, network_with_members, opened_wave

TEXT_Q = QuestionDraft(text="What helped most?", kind=QuestionKind.TEXT)
NAMED_TEXT = "Maria's named answer"
ANONYMOUS_TEXT = "An anonymous answer"


@dataclass(frozen=True)
class Traces:
    network_id: int
    named_wave_id: int
    anonymous_wave_id: int
    resource_id: int
    collaboration_id: int


def question_id(session: Session, wave_id: int) -> str:
    wave = session.get(PulseWave, wave_id)
    assert wave is not None
    question = session.scalars(select(PulseQuestion).where(PulseQuestion.pulse_id == wave.pulse_id)).one()
    return str(question.id)


def maria_everywhere(session: Session, *, now: datetime) -> Traces:
    network = network_with_members(session, now=now, members={"UMARIA": ("MS", "Health"), "UDEV": ("CO", None)})
    meeting = Meeting(
        team_id=network.team_id,
        network_id=network.id,
        title="Monthly call",
        timezone="America/Chicago",
        start_date=date(2026, 1, 5),
        start_time=time(10),
        duration_minutes=60,
        recurrence=Recurrence.NONE,
        interval_weeks=1,
        end_date=None,
        occurrence_count=None,
        video_link=None,
        place=None,
        channel_id=network.home_channel_id,
        reminder_offsets=[],
        cancelled_at=None,
        created_by="UFAC",
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    session.flush()
    occurrence = Occurrence(
        meeting_id=meeting.id,
        network_id=network.id,
        sequence=1,
        start_utc=now,
        end_utc=now + timedelta(hours=1),
        status=OccurrenceStatus.SCHEDULED,
        announcement_channel=None,
        announcement_ts=None,
        card_version=0,
        agenda_text=None,
        agenda_channel=None,
        agenda_ts=None,
        cancelled_at=None,
    )
    session.add(occurrence)
    session.flush()
    for user in ("UMARIA", "UDEV"):
        session.add(Rsvp(occurrence_id=occurrence.id, user_id=user, answer=RsvpAnswer.GOING, answered_at=now))
        session.add(
            Attendance(
                occurrence_id=occurrence.id,
                user_id=user,
                source=AttendanceSource.FACILITATOR,
                recorded_by="UFAC",
                recorded_at=now,
            )
        )
    named = opened_wave(
        session, network=network, pulse_draft=draft(now=now, questions=(TEXT_Q,), anonymous=False), now=now
    )
    anonymous = opened_wave(session, network=network, pulse_draft=draft(now=now, questions=(TEXT_Q,)), now=now)
    for wave, user, text in ((named, "UMARIA", NAMED_TEXT), (named, "UDEV", "Dev's answer")):
        session.add(Respondent(wave_id=wave.id, user_id=user))
        session.add(
            Response(
                id=uuid.uuid4().hex,
                wave_id=wave.id,
                user_id=user,
                answers=json.dumps({question_id(session, wave.id): text}),
            )
        )
    session.add(Respondent(wave_id=anonymous.id, user_id="UMARIA"))
    session.add(
        Response(
            id=uuid.uuid4().hex,
            wave_id=anonymous.id,
            user_id=None,
            answers=json.dumps({question_id(session, anonymous.id): ANONYMOUS_TEXT}),
        )
    )
    resource = Resource(
        network_id=network.id,
        title="Maria's toolkit",
        url="https://example.org/toolkit",
        normalized_url="https://example.org/toolkit",
        description="",
        states="MS",
        topics="",
        tags="",
        kind=ResourceKind.TOOLKIT,
        shared_by="UMARIA",
        helpful_votes=1,
        created_at=now,
        updated_at=now,
    )
    session.add(resource)
    session.flush()
    session.add(ResourceVote(resource_id=resource.id, user_id="UMARIA", created_at=now))
    collaboration = Collaboration(
        network_id=network.id,
        logged_by="UMARIA",
        kind="call",
        description="Shared our intake form",
        happened_on=date(2026, 1, 2),
        outside="",
        created_at=now,
        withdrawn_at=None,
    )
    session.add(collaboration)
    session.flush()
    session.add(
        CollaborationPartner(collaboration_id=collaboration.id, user_id="UDEV", status="confirmed", answered_at=now)
    )
    session.flush()
    # The messages peerbot sent: a reminder to each of them, and Maria's invitation to the anonymous pulse.
    sent = [
        (reminder_key(occurrence.id, occurrence.start_utc, 60, "dm:UMARIA"), "meeting_reminder", "UMARIA"),
        (reminder_key(occurrence.id, occurrence.start_utc, 60, "dm:UDEV"), "meeting_reminder", "UDEV"),
        (f"pulse:{anonymous.id}:invite:UMARIA", "pulse_invite", "UMARIA"),
    ]
    for key, kind, user in sent:
        session.add(
            Delivery(
                team_id=network.team_id,
                network_id=network.id,
                key=key,
                kind=kind,
                channel=user,
                status=DeliveryStatus.SENT,
                claimed_at=now,
                finished_at=now,
                owner="UFAC",
                message_ts="1.000",
            )
        )
    session.flush()
    return Traces(network.id, named.id, anonymous.id, resource.id, collaboration.id)


def network_of(session: Session, traces: Traces) -> Network:
    network = session.get(Network, traces.network_id)
    assert network is not None
    return network
