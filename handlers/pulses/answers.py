"""Answering a pulse from its DM: one click, the answer form, change answer, and a closed form's draft."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from sqlalchemy.orm import Session

from handlers.kit.forms import ack_errors, ack_update
from handlers.kit.subjects import Actor, action_value, resolves, view_metadata
from handlers.pulses.forms import answers_in_form
from rendering.common import notice_modal
from rendering.pulses.ids import PulseAction
from rendering.pulses.payloads import AnswerButton, AnswerForm, OneClickAnswer
from workflows.interaction import Interaction
from workflows.pulses import answers as flows
from workflows.pulses.answers import Answering, DmMessage


def _wave(session: Session, actor: Actor, payload: OneClickAnswer | AnswerButton | AnswerForm) -> Answering:
    return flows.answering(session, wave_id=payload.wave_id, team_id=actor.team_id, user_id=actor.user_id)


def _container_dm(body: dict[str, Any]) -> DmMessage:
    """The DM message the button was clicked in, as Slack reports it in the container (never from a value)."""
    container = body.get("container") or {}
    channel, ts = str(container.get("channel_id") or ""), str(container.get("message_ts") or "")
    return DmMessage(channel, ts) if channel.startswith("D") and not container.get("is_ephemeral") else DmMessage()


@resolves(lambda body: OneClickAnswer.from_value(action_value(body)), _wave)
def one_click(
    ack: Ack, body: dict[str, Any], respond: Respond, interaction: Interaction, payload: Any, subject: Answering
) -> None:
    ack()
    problem = flows.answer_with_one_click(
        interaction, subject, choice=payload.choice, trigger_id=body["trigger_id"], dm=_container_dm(body)
    )
    if problem is not None:
        respond(text=problem, response_type="ephemeral", replace_original=False)


@resolves(lambda body: AnswerButton.from_value(action_value(body)), _wave)
def open_form(
    ack: Ack, body: dict[str, Any], respond: Respond, interaction: Interaction, payload: Any, subject: Answering
) -> None:
    """Open the answer form from the DM: to answer (with any saved draft), or to change an answer."""
    ack()
    changing = body["actions"][0]["action_id"] == PulseAction.CHANGE
    refusal = flows.open_answer_form(
        interaction, subject, button=payload, changing=changing, trigger_id=body["trigger_id"], dm=_container_dm(body)
    )
    if refusal is None:
        return
    if body.get("response_url"):
        respond(text=refusal, response_type="ephemeral", replace_original=False)
    else:  # from the Home tab, which has no conversation to answer in
        flows.tell_in_modal(interaction, trigger_id=body["trigger_id"], text=refusal)


@resolves(lambda body: AnswerForm.from_value(view_metadata(body)), _wave, refused_title="Not recorded")
def submit_answers(ack: Ack, view: dict[str, Any], interaction: Interaction, payload: Any, subject: Answering) -> None:
    submitted = flows.submit_answers(interaction, subject, form=payload, raw=answers_in_form(view))
    if submitted.errors:
        ack_errors(ack, submitted.errors, {})
        return
    if submitted.notice is not None:
        ack_update(ack, notice_modal(*submitted.notice))
        return
    ack()
    if submitted.then is not None:
        submitted.then()


@resolves(lambda body: AnswerForm.from_value(view_metadata(body)), _wave)
def keep_draft(ack: Ack, view: dict[str, Any], interaction: Interaction, payload: Any, subject: Answering) -> None:
    """A closed, unsent form: keep what was typed in the DM's Answer button (in Slack, never in peerbot's database)."""
    ack()
    flows.keep_draft(interaction, subject, form=payload, raw=answers_in_form(view))
