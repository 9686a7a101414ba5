"""Agenda use cases: members suggest and upvote topics, facilitators draft and post the agenda."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from domain.errors import InvalidInput, PeerbotError
from domain.meetings import agenda, series
from domain.network import roles
from rendering.meetings.agenda import (
    agenda_message,
    agenda_modal,
    agenda_text,
    made_the_agenda,
    suggest_modal,
    suggestions_list,
)
from rendering.text import escape
from slackio.direct import tell_user
from storage import meetings as meeting_store
from storage.changes import Change, record
from workflows.interaction import CommandScope, Interaction
from workflows.meetings.occurrences import OccurrenceSubject, reread

logger = logging.getLogger(__name__)


def suggest_by_command(use: Interaction, scope: CommandScope, *, topic: str) -> str:
    """`/agenda suggest <topic>` for the network's next meeting; returns the thanks."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        meeting, occurrence = agenda.upcoming(session, network_id=network.id, now=use.now())
        try:
            agenda.suggest(session, occurrence=occurrence, user_id=scope.user_id, topic=topic, now=use.now())
        except InvalidInput as exc:
            raise PeerbotError(f"{exc.message} For example: `/agenda suggest onboarding new members`.") from None
        title = escape(meeting.title)
    return f"Thanks! Your topic is suggested for *{title}*. Others can upvote it with `/agenda list`."


@dataclass(frozen=True)
class Shown:
    """The suggestions to list (``blocks``), or the drafting form that was opened instead."""

    blocks: list[Block] | None


def show_agenda(
    use: Interaction, scope: CommandScope, *, listing: bool | None, position: int, trigger_id: str
) -> Shown:
    """The suggestions for the ``position``-th upcoming meeting; ``listing=None``: facilitators draft instead."""
    view: View | None = None
    with use.session_factory.begin() as session:
        network = scope.network(session)
        meeting, occurrence = agenda.upcoming(session, network_id=network.id, now=use.now(), position=position)
        ranked = meeting_store.ranked(session, occurrence_id=occurrence.id)
        if listing is None:
            # A member typing just /agenda is shown the suggestions they can add to and upvote.
            listing = not roles.is_facilitator(session, network=network, user_id=scope.user_id)
        if listing:
            return Shown(suggestions_list(meeting, occurrence, ranked))
        roles.require_facilitator(session, network=network, user_id=scope.user_id, doing="post agendas")
        view = agenda_modal(meeting, occurrence, ranked)
    use.client.views_open(trigger_id=trigger_id, view=view)
    return Shown(None)


def open_suggest_form(use: Interaction, subject: OccurrenceSubject, *, trigger_id: str) -> None:
    reason = series.stale_reason(subject.occurrence, now=use.now())
    if reason is not None:
        raise PeerbotError(reason)
    use.client.views_open(trigger_id=trigger_id, view=suggest_modal(subject.meeting, subject.occurrence))


def suggest(use: Interaction, subject: OccurrenceSubject, *, topic: str) -> str:
    """A topic typed in the suggestion form; returns the thanks (InvalidInput names the bad field)."""
    with use.session_factory.begin() as session:
        meeting, occurrence = reread(session, subject)
        agenda.suggest(session, occurrence=occurrence, user_id=subject.user_id, topic=topic, now=use.now())
        return f"Your topic is suggested for *{escape(meeting.title)}*."


def upvote(use: Interaction, *, suggestion_id: int, team_id: str, user_id: str) -> tuple[list[Block], str]:
    """Add the person's vote (the suggestion is checked against their networks); the refreshed list and a note."""
    with use.session_factory.begin() as session:
        meeting, occurrence, added = agenda.upvote(
            session, suggestion_id=suggestion_id, user_id=user_id, team_id=team_id, now=use.now()
        )
        blocks = suggestions_list(meeting, occurrence, meeting_store.ranked(session, occurrence_id=occurrence.id))
    note = "Upvoted." if added else "You've already upvoted that one; each person has one vote per topic."
    return blocks, note


@dataclass(frozen=True)
class Posting:
    occurrence_id: int
    channel: str
    existing: tuple[str | None, str | None]
    text: str
    blocks: list[dict[str, Any]]
    thanks: list[tuple[str, str]]


def save_agenda(use: Interaction, subject: OccurrenceSubject, *, text: str, chosen: list[int]) -> Callable[[], None]:
    """Save the agenda (InvalidInput names a bad field); returns the posting, to run once the form is closed."""
    with use.session_factory.begin() as session:
        meeting, occurrence = reread(session, subject)
        posted = agenda.save_agenda(session, occurrence=occurrence, text=text, chosen_ids=chosen, now=use.now())
        record(session, Change.occurrence_rsvps(occurrence.id), Change.network_meetings(occurrence.network_id))
        posting = Posting(
            occurrence_id=occurrence.id,
            channel=meeting.channel_id,
            existing=(occurrence.agenda_channel, occurrence.agenda_ts),
            text=agenda_text(meeting),
            blocks=[b.to_dict() for b in agenda_message(meeting, occurrence)],
            thanks=[(s.user_id, made_the_agenda(meeting, occurrence, s)) for s in posted.authors_to_tell],
        )
    return lambda: post_agenda(use, posting)


def post_agenda(use: Interaction, posting: Posting) -> None:
    """Edit the posted agenda in place, or post it the first time and remember where; tell whose topic made it."""
    _post(use, posting)
    for author, message in posting.thanks:
        tell_user(use.client, author, message)


def _post(use: Interaction, posting: Posting) -> None:
    old_channel, old_ts = posting.existing
    try:
        if old_channel and old_ts:
            use.client.chat_update(channel=old_channel, ts=old_ts, text=posting.text, blocks=posting.blocks)
            return
        response = use.client.chat_postMessage(channel=posting.channel, text=posting.text, blocks=posting.blocks)
    except SlackApiError as exc:
        logger.warning(
            "could not post the agenda of occurrence %s: %s", posting.occurrence_id, exc.response.get("error")
        )
        return
    with use.session_factory.begin() as session:
        occurrence = meeting_store.get_occurrence(session, occurrence_id=posting.occurrence_id)
        if occurrence is not None:
            occurrence.agenda_channel, occurrence.agenda_ts = str(response["channel"]), str(response["ts"])
