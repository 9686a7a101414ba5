"""/agenda and the agenda buttons: members suggest and upvote topics, facilitators post the agenda."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from domain.errors import InvalidInput, PeerbotError
from handlers.kit import forms
from handlers.kit.commands import subcommand_listener
from handlers.kit.forms import ack_errors, ack_update
from handlers.kit.subjects import action_value, command_scope, resolves
from handlers.meetings.subjects import button_occurrence, form_occurrence, occurrence
from rendering.common import notice_modal
from rendering.meetings.ids import MeetingAction, MeetingBlock
from rendering.meetings.payloads import SuggestionButton
from workflows.interaction import Interaction
from workflows.meetings import agenda as flows
from workflows.meetings.occurrences import OccurrenceSubject


def suggest_topic(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    text = flows.suggest_by_command(interaction, command_scope(command), topic=" ".join(args))
    respond(text=text, response_type="ephemeral")


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
    respond: Respond,
    interaction: Interaction,
    **_: Any,
) -> None:
    """The suggestions for the ``position``-th upcoming meeting; ``listing=None``: facilitators draft instead."""
    shown = flows.show_agenda(
        interaction,
        command_scope(command),
        listing=listing,
        position=position,
        trigger_id=command["trigger_id"],
    )
    if shown.blocks is not None:
        respond(blocks=[b.to_dict() for b in shown.blocks], text="Suggested topics", response_type="ephemeral")


@resolves(button_occurrence, occurrence())
def suggest_clicked(ack: Ack, body: dict[str, Any], interaction: Interaction, subject: OccurrenceSubject) -> None:
    ack()
    flows.open_suggest_form(interaction, subject, trigger_id=body["trigger_id"])


@resolves(form_occurrence, occurrence())
def submit_suggestion(ack: Ack, view: dict[str, Any], interaction: Interaction, subject: OccurrenceSubject) -> None:
    topic = forms.picked(view, MeetingBlock.AGENDA_TOPIC, MeetingAction.AGENDA_TOPIC) or ""
    try:
        thanks = flows.suggest(interaction, subject, topic=topic)
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, {"topic": MeetingBlock.AGENDA_TOPIC})
        return
    ack_update(ack, notice_modal("Thanks!", thanks))


def upvote_clicked(ack: Ack, body: dict[str, Any], respond: Respond, interaction: Interaction) -> None:
    ack()
    # The suggestion is loaded and checked against the person's networks by the use case (domain.meetings.agenda).
    blocks, note = flows.upvote(
        interaction,
        suggestion_id=SuggestionButton.from_value(action_value(body)).id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
    )
    respond(blocks=[b.to_dict() for b in blocks], text=note, response_type="ephemeral", replace_original=True)


@resolves(form_occurrence, occurrence("post agendas"), refused_title="Not posted")
def submit_agenda(ack: Ack, view: dict[str, Any], interaction: Interaction, subject: OccurrenceSubject) -> None:
    text = forms.picked(view, MeetingBlock.AGENDA_TEXT, MeetingAction.AGENDA_TEXT) or ""
    # Picks are option values: only ids among the occurrence's own suggestions are used (save_agenda).
    picks = forms.selected(view, MeetingBlock.AGENDA_PICKS, MeetingAction.AGENDA_PICKS)
    chosen = [int(v) for v in picks if v.isdigit()]
    try:
        post = flows.save_agenda(interaction, subject, text=text, chosen=chosen)
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, {"agenda": MeetingBlock.AGENDA_TEXT})
        return
    except PeerbotError as exc:
        ack_update(ack, notice_modal("Not posted", exc.message))
        return
    ack(response_action="clear")
    post()


# A bare /agenda drafts the agenda (facilitators) or lists suggestions (members); `/agenda 2` drafts the
# agenda of the meeting after next.
agenda_command = subcommand_listener(
    "/agenda",
    {"": draft_or_list, "suggest": suggest_topic, "list": list_suggestions},
    default="",
    fallback=for_meeting_number,
    fallback_takes=lambda word: word.isascii() and word.isdigit(),
)
