"""Pulses after each meeting: which series a pulse may follow, and which ended meetings need their wave."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from domain.errors import InvalidInput
from domain.pulses.definitions import Recurrence
from storage import meetings as meeting_store
from storage import pulses as pulse_store
from storage.models import Network, OccurrenceStatus
from storage.pulses import EndedOccurrence


def followable_series(session: Session, *, network: Network, now: datetime) -> list[tuple[int, str]]:
    """The network's meeting series that still have a meeting to come, as (id, title)."""
    return [(m.id, m.title) for m in meeting_store.active_meetings(session, network_id=network.id, now=now)]


def require_followable_series(session: Session, *, network: Network, meeting_id: int | None, now: datetime) -> None:
    """Raise InvalidInput on ``meeting`` unless the series is the network's and has an upcoming meeting."""
    meeting = meeting_store.get_meeting(session, meeting_id=meeting_id) if meeting_id is not None else None
    if meeting is None or meeting.network_id != network.id:
        raise InvalidInput({"meeting": "Choose one of this network's meeting series."})
    if meeting_id not in {series_id for series_id, _ in followable_series(session, network=network, now=now)}:
        raise InvalidInput(
            {"meeting": f"{meeting.title} has no upcoming meeting. Choose another series, or schedule one first."}
        )


def occurrences_needing_waves(candidates: Sequence[EndedOccurrence], *, now: datetime) -> list[EndedOccurrence]:
    """The ended meetings that get a wave: held (not cancelled), over by now, and ended after the pulse was made.

    A meeting that ended before the pulse existed is history the facilitator didn't ask
    about; a cancelled one was never held.
    """
    return [
        c
        for c in candidates
        if c.status != OccurrenceStatus.CANCELLED and c.end_utc <= now and c.end_utc >= c.pulse_created_at
    ]


def create_due_meeting_waves(session: Session, *, now: datetime, team_id: str | None = None) -> int:
    """Add a scheduled wave for each ended meeting that needs one; the opening job then sends it.

    The database's unique (pulse, occurrence) makes a second wave impossible, and the
    pulse row lock keeps two clocks from both claiming the same wave number.
    """
    candidates = pulse_store.ended_occurrences_without_wave(
        session, recurrence=Recurrence.AFTER_MEETING, now=now, team_id=team_id
    )
    created = 0
    for candidate in occurrences_needing_waves(candidates, now=now):
        pulse = pulse_store.lock_pulse(session, pulse_id=candidate.pulse_id)
        if pulse is None or pulse.recurrence != Recurrence.AFTER_MEETING:  # stopped meanwhile
            continue
        created += pulse_store.add_occurrence_wave(
            session,
            pulse_id=pulse.id,
            number=pulse_store.next_wave_number(session, pulse_id=pulse.id),
            occurrence_id=candidate.occurrence_id,
            opens_at=candidate.end_utc,
            deadline=candidate.end_utc + timedelta(minutes=pulse.wave_length_minutes),
        )
    session.flush()
    return created
