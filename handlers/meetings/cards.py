"""Keeping an occurrence's announcement card in step with the database after RSVPs, edits and cancels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from domain.meetings.rsvp import tally
from handlers.kit.live_cards import CardContent
from rendering.meetings.messages import announcement, announcement_text
from storage import meetings as meeting_store

if TYPE_CHECKING:
    from handlers.kit.deps import Deps

MEETING_CARD = "meeting"


class MeetingCards:
    """The announcement of one occurrence, with its live RSVP counts."""

    def render(self, session: Session, ident: int) -> CardContent | None:
        occurrence = meeting_store.get_occurrence(session, occurrence_id=ident)
        meeting = meeting_store.get_meeting(session, meeting_id=occurrence.meeting_id) if occurrence else None
        if occurrence is None or meeting is None or not occurrence.announcement_ts:
            return None
        counts = tally(session, occurrence=occurrence)
        name = meeting_store.network_name(session, network_id=meeting.network_id)
        return CardContent(
            team_id=meeting.team_id,
            channel=occurrence.announcement_channel or "",
            ts=occurrence.announcement_ts,
            text=announcement_text(meeting, occurrence),
            blocks=[b.to_dict() for b in announcement(meeting, occurrence, counts, network_name=name)],
            version=counts.version,
        )

    def version(self, session: Session, ident: int) -> int:
        return meeting_store.card_version(session, occurrence_id=ident)


def refresh_card(deps: Deps, *, occurrence_id: int) -> None:
    """Have the announcement show the latest RSVPs soon (coalesced with other changes; never waits for Slack)."""
    deps.cards.mark_dirty(MEETING_CARD, occurrence_id)
