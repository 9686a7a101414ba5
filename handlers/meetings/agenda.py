"""/agenda and the agenda buttons: members suggest and upvote topics, facilitators post the agenda."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.errors import InvalidInput, NotAllowed, PeerbotError
from domain.meetings import agenda, series
from domain.network import roles
from handlers.kit.commands import command_network, dispatch_subcommand
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update
from handlers.meetings.series import picked, picked_many
from handlers.network.setup import tell_user
from rendering.common import notice_modal
from rendering.ids import MeetingAction, MeetingBlock
from rendering.meetings.agenda import (
    agenda_message,
    agenda_modal,
    agenda_text,
    made_the_agenda,
    suggest_modal,
    suggestions_list,
)
from rendering.payloads import OccurrenceButton, OccurrenceForm, SuggestionButton
from rendering.text import escape
from storage import meetings as meeting_store
from storage import meetings as store
from storage.changes import Change, record

logger = logging.getLogger(__name__)


def agenda_command(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    # A bare /agenda drafts the agenda (facilitators) or lists suggestions (members); `/agenda 2` drafts the
    # agenda of the meeting after next.
    dispatch_subcommand(
        ack,
        command,
        name="/agenda",
        subcommands={"": draft_or_list, "suggest": suggest_topic, "list": list_suggestions},
        default="",
        fallback=for_meeting_number,
        fallback_takes=lambda word: word.isascii() and word.isdigit(),
        client=client,
        respond=respond,
        deps=deps,
    )


def suggest_topic(*, command: dict[str, Any], args: list[str], respond: Respond, deps: Deps, **_: Any) -> None:
    user_id = command["user_id"]
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        meeting, occurrence = agenda.upcoming(session, network_id=network.id, now=deps.now())
        try:
            agenda.suggest(session, occurrence=occurrence, user_id=user_id, topic=" ".join(args), now=deps.now())
        except InvalidInput as exc:
            raise PeerbotError(f"{exc.message} For example: `/agenda suggest onboarding new members`.") from None
        title = escape(meeting.title)
    respond(
        text=f"Thanks! Your topic is suggested for *{title}*. Others can upvote it with `/agenda list`.",
        response_type="ephemeral",
    )


def list_suggestions(**kwargs: Any) -> None:
    _show_agenda(listing=True, position=1, **kwargs)


def draft_or_list(**kwargs: Any) -> None:
    _show_agenda(listing=None, position=1, **kwargs)


def for_meeting_number(*, args: list[str], **kwargs: Any) -> None:
    _show_agenda(listing=False, position=int(args[0]), args=args, **kwargs)


def _show_agenda(
    *,
    listing: bool | None,
    position: int,
    command: dict[str, Any],
    client: WebClient,
    respond: Respond,
    deps: Deps,
    **_: Any,
) -> None:
    """The suggestions for the ``position``-th upcoming meeting; ``listing=None``: facilitators draft instead."""
    user_id = command["user_id"]
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        meeting, occurrence = agenda.upcoming(session, network_id=network.id, now=deps.now(), position=position)
        ranked = store.ranked(session, occurrence_id=occurrence.id)
        if listing is None:
            # A member typing just /agenda is shown the suggestions they can add to and upvote.
            listing = not roles.is_facilitator(session, network=network, user_id=user_id)
        if listing:
            blocks = suggestions_list(meeting, occurrence, ranked)
        else:
            roles.require_facilitator(session, network=network, user_id=user_id, doing="post agendas")
            view = agenda_modal(meeting, occurrence, ranked)
    if listing:
        respond(blocks=[b.to_dict() for b in blocks], text="Suggested topics", response_type="ephemeral")
    else:
        client.views_open(trigger_id=command["trigger_id"], view=view)


def suggest_clicked(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    ack()
    occurrence_id = OccurrenceButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        meeting, occurrence = series.load_occurrence(
            session,
            occurrence_id=occurrence_id,
            network_team_id=body["team"]["id"],
            user_id=body["user"]["id"],
        )
        reason = series.stale_reason(occurrence, now=deps.now())
        if reason is not None:
            raise PeerbotError(reason)
        view = suggest_modal(meeting, occurrence)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_suggestion(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    topic = picked(view, MeetingBlock.AGENDA_TOPIC, MeetingAction.AGENDA_TOPIC) or ""
    occurrence_id = OccurrenceForm.from_value(view.get("private_metadata")).occurrence_id
    with deps.session_factory.begin() as session:
        try:
            meeting, occurrence = series.load_occurrence(
                session,
                occurrence_id=occurrence_id,
                network_team_id=body["team"]["id"],
                user_id=body["user"]["id"],
            )
            agenda.suggest(session, occurrence=occurrence, user_id=body["user"]["id"], topic=topic, now=deps.now())
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, {"topic": MeetingBlock.AGENDA_TOPIC})
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
        title = escape(meeting.title)
    ack_update(ack, notice_modal("Thanks!", f"Your topic is suggested for *{title}*."))


def upvote_clicked(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    suggestion_id = SuggestionButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        meeting, occurrence, added = agenda.upvote(
            session,
            suggestion_id=suggestion_id,
            user_id=body["user"]["id"],
            team_id=body["team"]["id"],
            now=deps.now(),
        )
        blocks = suggestions_list(meeting, occurrence, store.ranked(session, occurrence_id=occurrence.id))
    note = "Upvoted." if added else "You've already upvoted that one; each person has one vote per topic."
    respond(blocks=[b.to_dict() for b in blocks], text=note, response_type="ephemeral", replace_original=True)


def submit_agenda(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    text = picked(view, MeetingBlock.AGENDA_TEXT, MeetingAction.AGENDA_TEXT) or ""
    # Picks are option values: only ids among the occurrence's own suggestions are used (save_agenda).
    chosen = [int(v) for v in picked_many(view, MeetingBlock.AGENDA_PICKS, MeetingAction.AGENDA_PICKS) if v.isdigit()]
    occurrence_id = OccurrenceForm.from_value(view.get("private_metadata")).occurrence_id
    with deps.session_factory.begin() as session:
        try:
            meeting, occurrence = series.load_occurrence(
                session,
                occurrence_id=occurrence_id,
                network_team_id=team_id,
                user_id=user_id,
                facilitator_doing="post agendas",
            )
            posted = agenda.save_agenda(session, occurrence=occurrence, text=text, chosen_ids=chosen, now=deps.now())
            record(session, Change.occurrence_rsvps(occurrence.id), Change.network_meetings(occurrence.network_id))
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, {"agenda": MeetingBlock.AGENDA_TEXT})
            return
        except (NotAllowed, PeerbotError) as exc:
            ack_update(ack, notice_modal("Not posted", exc.message))
            return
        blocks = [b.to_dict() for b in agenda_message(meeting, occurrence)]
        summary = agenda_text(meeting)
        existing = (occurrence.agenda_channel, occurrence.agenda_ts)
        channel, occurrence_id = meeting.channel_id, occurrence.id
        thanks = [(s.user_id, made_the_agenda(meeting, occurrence, s)) for s in posted.authors_to_tell]
    ack(response_action="clear")
    _post_agenda(
        client, deps, occurrence_id=occurrence_id, channel=channel, existing=existing, text=summary, blocks=blocks
    )
    for author, message in thanks:
        tell_user(client, author, message)


def _post_agenda(
    client: WebClient,
    deps: Deps,
    *,
    occurrence_id: int,
    channel: str,
    existing: tuple[str | None, str | None],
    text: str,
    blocks: list[dict[str, Any]],
) -> None:
    """Edit the posted agenda in place, or post it the first time and remember where."""
    old_channel, old_ts = existing
    try:
        if old_channel and old_ts:
            client.chat_update(channel=old_channel, ts=old_ts, text=text, blocks=blocks)
            return
        response = client.chat_postMessage(channel=channel, text=text, blocks=blocks)
    except SlackApiError as exc:
        logger.warning("could not post the agenda of occurrence %s: %s", occurrence_id, exc.response.get("error"))
        return
    with deps.session_factory.begin() as session:
        occurrence = meeting_store.get_occurrence(session, occurrence_id=occurrence_id)
        if occurrence is not None:
            occurrence.agenda_channel, occurrence.agenda_ts = str(response["channel"]), str(response["ts"])
