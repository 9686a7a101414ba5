"""Going / Maybe / Can't make it: record a person's RSVP and have the card and their Home show it."""

from __future__ import annotations

from domain.meetings import rsvp
from rendering.meetings.messages import rsvp_confirmation
from storage.changes import Change, record
from storage.models import RsvpAnswer
from workflows.interaction import Interaction
from workflows.meetings.occurrences import OccurrenceSubject, reread


def answer_rsvp(use: Interaction, subject: OccurrenceSubject, *, choice: RsvpAnswer) -> str:
    """Save the answer (any earlier one is replaced); returns the private confirmation."""
    with use.session_factory.begin() as session:
        meeting, occurrence = reread(session, subject)
        rsvp.answer(session, occurrence=occurrence, user_id=subject.user_id, choice=choice, now=use.now())
        record(session, Change.occurrence_rsvps(occurrence.id), Change.user_home(subject.team_id, subject.user_id))
        text = rsvp_confirmation(meeting, occurrence, choice)
    return text
