"""Agendas shaped by members: suggestions, upvotes, and the agenda a facilitator posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotFound, PeerbotError
from domain.meetings.series import load_occurrence, stale_reason
from storage import meetings as meeting_store
from storage.models import AgendaSuggestion, Meeting, Occurrence

TOPIC_MAX = 300
AGENDA_MAX = 2500


def upcoming(session: Session, *, network_id: int, now: datetime, position: int = 1) -> tuple[Meeting, Occurrence]:
    """The n-th upcoming meeting of the network (1 = the next one), as numbered in /meeting list."""
    occurrences = meeting_store.upcoming_occurrences(session, network_id=network_id, now=now, limit=max(position, 1))
    if len(occurrences) < position or position < 1:
        raise NotFound("There's no such upcoming meeting. See `/meeting list` for what's coming up.")
    occurrence = occurrences[position - 1]
    meeting = meeting_store.get_meeting(session, meeting_id=occurrence.meeting_id)
    assert meeting is not None
    return meeting, occurrence


def suggest(session: Session, *, occurrence: Occurrence, user_id: str, topic: str, now: datetime) -> AgendaSuggestion:
    reason = stale_reason(occurrence, now=now)
    if reason is not None:
        raise PeerbotError(reason)
    cleaned = " ".join(topic.split())
    if not cleaned:
        raise InvalidInput({"topic": "Write the topic you'd like to discuss."})
    if len(cleaned) > TOPIC_MAX:
        raise InvalidInput({"topic": f"Keep the topic to {TOPIC_MAX} characters or fewer."})
    return meeting_store.add_suggestion(session, occurrence_id=occurrence.id, user_id=user_id, topic=cleaned, now=now)


def upvote(
    session: Session, *, suggestion_id: int, user_id: str, team_id: str, now: datetime
) -> tuple[Meeting, Occurrence, bool]:
    """Add a member's vote; returns the meeting, the occurrence, and False if they had already voted."""
    suggestion = meeting_store.get_suggestion(session, suggestion_id=suggestion_id)
    if suggestion is None:
        raise NotFound("That suggestion is gone.")
    meeting, occurrence = load_occurrence(
        session, occurrence_id=suggestion.occurrence_id, network_team_id=team_id, user_id=user_id
    )
    reason = stale_reason(occurrence, now=now)
    if reason is not None:
        raise PeerbotError(reason)
    return meeting, occurrence, meeting_store.add_vote(session, suggestion_id=suggestion_id, user_id=user_id, now=now)


@dataclass(frozen=True)
class PostedAgenda:
    text: str
    authors_to_tell: list[AgendaSuggestion]


def compose(text: str, chosen: Sequence[AgendaSuggestion]) -> str:
    """The facilitator's text, followed by each chosen suggestion not already written into it."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    for suggestion in chosen:
        if suggestion.topic.lower() not in text.lower():
            lines.append(f"• {suggestion.topic}")
    return "\n".join(lines).strip()


def save_agenda(
    session: Session, *, occurrence: Occurrence, text: str, chosen_ids: Sequence[int], now: datetime
) -> PostedAgenda:
    reason = stale_reason(occurrence, now=now, until_end=True)
    if reason is not None:
        raise PeerbotError(reason)
    ranked = meeting_store.ranked(session, occurrence_id=occurrence.id)
    chosen = [s for s, _ in ranked if s.id in set(chosen_ids)]
    agenda = compose(text, chosen)
    if not agenda:
        raise InvalidInput({"agenda": "Write the agenda, or pick suggestions to put on it."})
    if len(agenda) > AGENDA_MAX:
        raise InvalidInput({"agenda": f"Keep the agenda to {AGENDA_MAX} characters or fewer."})
    occurrence.agenda_text = agenda
    untold = meeting_store.put_on_agenda(session, occurrence_id=occurrence.id, suggestion_ids=[s.id for s in chosen])
    session.flush()
    return PostedAgenda(agenda, untold)
