"""The occurrence a click names, loaded and checked once, and re-read inside the use case's own unit of work."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.errors import NotFound
from domain.meetings import series
from storage import meetings as meeting_store
from storage.models import Meeting, Occurrence

GONE = "I can't find that meeting any more."


@dataclass(frozen=True)
class OccurrenceSubject:
    """An occurrence the acting person may act on (as a member, or as a facilitator when asked)."""

    meeting: Meeting
    occurrence: Occurrence
    team_id: str
    user_id: str


def occurrence_for(
    session: Session, *, occurrence_id: int, team_id: str, user_id: str, facilitator_doing: str | None = None
) -> OccurrenceSubject:
    meeting, occurrence = series.load_occurrence(
        session,
        occurrence_id=occurrence_id,
        network_team_id=team_id,
        user_id=user_id,
        facilitator_doing=facilitator_doing,
    )
    return OccurrenceSubject(meeting, occurrence, team_id, user_id)


def reread(session: Session, subject: OccurrenceSubject) -> tuple[Meeting, Occurrence]:
    """The subject's rows in this unit of work (checked moments ago; gone only if deleted since)."""
    occurrence = meeting_store.get_occurrence(session, occurrence_id=subject.occurrence.id)
    meeting = meeting_store.get_meeting(session, meeting_id=subject.meeting.id) if occurrence else None
    if occurrence is None or meeting is None:
        raise NotFound(GONE)
    return meeting, occurrence
