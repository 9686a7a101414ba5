"""Keeping an occurrence's announcement card in step with the database after RSVPs, edits and cancels."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.rsvp import tally
from rendering.meetings import announcement, announcement_text
from storage import meetings as store
from storage.db import SessionFactory

logger = logging.getLogger(__name__)

MAX_REFRESHES = 5


def refresh_card(client: WebClient, session_factory: SessionFactory, *, occurrence_id: int) -> None:
    """chat.update the announcement until what Slack shows matches the latest committed RSVPs.

    Concurrent clicks each render and update; the one whose update lands last may
    carry older counts. Every RSVP bumps the occurrence's card version, so after an
    update we check the version we rendered is still the newest, and render again
    if not: the last update to land is always followed by a check that passed.
    """
    for _ in range(MAX_REFRESHES):
        with session_factory.begin() as session:
            occurrence = store.get_occurrence(session, occurrence_id=occurrence_id)
            meeting = store.get_meeting(session, meeting_id=occurrence.meeting_id) if occurrence else None
            if occurrence is None or meeting is None or not occurrence.announcement_ts:
                return
            counts = tally(session, occurrence=occurrence)
            channel, ts = occurrence.announcement_channel, occurrence.announcement_ts
            blocks = [b.to_dict() for b in announcement(meeting, occurrence, counts)]
            text = announcement_text(meeting, occurrence)
        try:
            client.chat_update(channel=channel or "", ts=ts, text=text, blocks=blocks)
        except SlackApiError as exc:
            logger.warning("could not update meeting card %s: %s", occurrence_id, exc.response.get("error"))
            return
        with session_factory.begin() as session:
            if store.card_version(session, occurrence_id=occurrence_id) == counts.version:
                return
    logger.warning("meeting card %s still changing after %s refreshes", occurrence_id, MAX_REFRESHES)
