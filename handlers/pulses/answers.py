"""Answering a pulse from its DM: one click, the answer form, change answer, and a closed form's draft."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.deliveries import pulse_invite_key, pulse_wave_prefix
from domain.errors import InvalidInput, PeerbotError
from domain.progress.collaborations import pulse_answer_opens_log
from domain.pulses.answers import (
    AnswerOutcome,
    AnswerReceipt,
    Answers,
    change_answer,
    clean_answers,
    current_answers,
    is_open,
    record_answer,
    wave_for_recipient,
)
from domain.pulses.lifecycle import question_draft
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_update
from handlers.progress.entries import open_collab_modal
from handlers.pulses.forms import answers_from_form
from rendering.common import notice_modal
from rendering.ids import PulseAction, PulseBlock
from rendering.payloads import StalePayload
from rendering.pulses.messages import answer_modal, closed_text, invite_blocks, saved_elsewhere_text, thanks_blocks
from rendering.pulses.payloads import AnswerButton, AnswerForm, OneClickAnswer
from rendering.text import escape
from storage import deliveries
from storage import network as network_store
from storage import pulses as store
from storage.changes import Change, record

logger = logging.getLogger(__name__)

DRAFT_MAX = 1800  # the "Answer" button keeps an unsent form's draft; a button value holds at most 2000 characters


def _container_dm_ts(body: dict[str, Any]) -> str:
    """The DM message the button was clicked in, as Slack reports it in the container (never from a value)."""
    container = body.get("container") or {}
    channel, ts = str(container.get("channel_id") or ""), str(container.get("message_ts") or "")
    return ts if channel.startswith("D") and not container.get("is_ephemeral") else ""


def _own_dm_ts(deps: Deps, *, wave_id: int, user_id: str, hint: str, changing: bool) -> str:
    """Which of this person's pulse DMs to thank in: only a message peerbot itself stored for them and this wave.

    ``hint`` comes from the form's metadata, which the sender controls: it is used only when it names
    one of those stored messages. Otherwise a new answer goes to the invitation, a changed one nowhere.
    """
    suffix = f":{user_id}"
    with deps.session_factory.begin() as session:
        stored = {
            d.key: d.message_ts
            for d in deliveries.with_prefix(session, prefix=pulse_wave_prefix(wave_id))
            if d.key.endswith(suffix) and d.message_ts
        }
    if hint and hint in stored.values():
        return hint
    if changing:
        return ""
    return stored.get(pulse_invite_key(wave_id, user_id)) or ""


def _dm_channel(client: WebClient, user_id: str) -> str:
    try:
        return str(client.conversations_open(users=user_id)["channel"]["id"])
    except SlackApiError as exc:
        logger.warning("could not open a DM to thank for a pulse answer: %s", exc.response.get("error"))
        return ""


def _outcome_text(receipt: AnswerReceipt) -> str | None:
    if receipt.outcome == AnswerOutcome.CLOSED and receipt.closed_at is not None:
        return closed_text(receipt.closed_at)
    if receipt.outcome == AnswerOutcome.ALREADY:
        return "You've already answered this pulse. Use *Change answer* on the message where you answered."
    if receipt.outcome == AnswerOutcome.STATE_DONE:
        return "Someone from your state has already answered this pulse for your state, so yours wasn't recorded."
    if receipt.outcome == AnswerOutcome.NOT_ASKED:
        return "This pulse wasn't sent to you, or your answer can no longer be found, so nothing was recorded."
    return None


def _show_thanks(
    client: WebClient, deps: Deps, *, wave_id: int, channel: str, ts: str, answers: Answers, receipt: AnswerReceipt
) -> None:
    with deps.session_factory.begin() as session:
        wave = store.get_wave(session, wave_id=wave_id)
        pulse = store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
        if wave is None or pulse is None:
            return
        questions = [(q.id, question_draft(q)) for q in store.questions(session, pulse_id=pulse.id)]
        blocks = thanks_blocks(
            wave_id=wave.id,
            title=pulse.title,
            deadline=wave.deadline,
            questions=questions,
            answers=answers,
            change_key=receipt.change_key,
            can_change=is_open(wave, now=deps.now()),
        )
        title = pulse.title
    if not channel or not ts:
        return
    try:
        client.chat_update(
            channel=channel, ts=ts, text=f"Thanks — you answered {escape(title)}", blocks=[b.to_dict() for b in blocks]
        )
    except SlackApiError as exc:
        logger.warning("could not update a pulse DM: %s", exc.response.get("error"))


def one_click(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    ack()
    value = OneClickAnswer.from_value(body["actions"][0].get("value"))
    wave_id, user_id = value.wave_id, body["user"]["id"]
    with deps.session_factory.begin() as session:
        wave, pulse = wave_for_recipient(session, wave_id=wave_id, user_id=user_id)
        questions = list(store.questions(session, pulse_id=wave.pulse_id))
        if len(questions) != 1:
            raise StalePayload(OneClickAnswer.REOPEN)
        try:
            answers = clean_answers(questions, {str(questions[0].id): value.choice})
        except InvalidInput as exc:
            raise StalePayload(OneClickAnswer.REOPEN) from exc
        receipt = record_answer(session, wave=wave, user_id=user_id, answers=answers, now=deps.now())
        record(session, Change.user_home(body["team"]["id"], user_id), Change.network_facilitators(pulse.network_id))
        log_network = None
        if receipt.outcome in (AnswerOutcome.SAVED, AnswerOutcome.CHANGED) and pulse_answer_opens_log(
            questions[0].text, json.loads(questions[0].choices), value.choice
        ):
            log_network = network_store.get_network(session, network_id=pulse.network_id)
            if log_network is not None:
                session.expunge(log_network)
    if log_network is not None:  # a Yes to "did you work with another state or agency?": log it now
        open_collab_modal(client, body["trigger_id"], log_network, user_id, deps=deps)
    _finish(client, respond, deps, wave_id=wave_id, body=body, answers=answers, receipt=receipt)


def _finish(
    client: WebClient,
    respond: Respond,
    deps: Deps,
    *,
    wave_id: int,
    body: dict[str, Any],
    answers: Answers,
    receipt: AnswerReceipt,
) -> None:
    problem = _outcome_text(receipt)
    if problem is not None:
        respond(text=problem, response_type="ephemeral", replace_original=False)
        return
    ts = _container_dm_ts(body)
    channel = str((body.get("container") or {}).get("channel_id") or "") if ts else ""
    _show_thanks(client, deps, wave_id=wave_id, channel=channel, ts=ts, answers=answers, receipt=receipt)


def open_form(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    """Open the answer form from the DM: to answer (with any saved draft), or to change an answer."""
    ack()
    value = AnswerButton.from_value(body["actions"][0].get("value"))
    wave_id, user_id = value.wave_id, body["user"]["id"]
    changing = body["actions"][0]["action_id"] == PulseAction.CHANGE
    key = value.change_key if changing else None
    with deps.session_factory.begin() as session:
        wave, pulse = wave_for_recipient(session, wave_id=wave_id, user_id=user_id)
        if not is_open(wave, now=deps.now()):
            _tell(client, respond, body, closed_text(wave.closed_at or wave.deadline))
            return
        if not changing and store.has_responded(session, wave_id=wave.id, user_id=user_id):
            _tell(client, respond, body, "You've already answered this pulse.")
            return
        questions = [(q.id, question_draft(q)) for q in store.questions(session, pulse_id=pulse.id)]
        current: dict[str, Any] = {}
        if changing:
            current = dict(current_answers(session, wave=wave, user_id=user_id, change_key=key))
        else:
            current = dict(value.draft)
        view = answer_modal(
            title=pulse.title,
            intro=pulse.intro,
            anonymous=pulse.anonymous,
            deadline=wave.deadline,
            questions=questions,
            current=current,
            metadata=AnswerForm(wave.id, changing=changing, change_key=key, message_ts=_container_dm_ts(body)),
        )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def _tell(client: WebClient, respond: Respond, body: dict[str, Any], text: str) -> None:
    """Answer a click: in the conversation it came from, or (from the Home tab, which has none) in a small modal."""
    if body.get("response_url"):
        respond(text=text, response_type="ephemeral", replace_original=False)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=notice_modal("Pulse", text))


def submit_answers(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    meta = AnswerForm.from_value(view.get("private_metadata"))
    wave_id, user_id = meta.wave_id, body["user"]["id"]
    with deps.session_factory.begin() as session:
        try:
            wave, pulse = wave_for_recipient(session, wave_id=wave_id, user_id=user_id)
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not recorded", exc.message))
            return
        title = pulse.title
        questions = list(store.questions(session, pulse_id=wave.pulse_id))
        try:
            answers = clean_answers(questions, answers_from_form(view, [q.id for q in questions]))
        except InvalidInput as exc:
            ack(
                response_action="errors",
                errors={f"{PulseBlock.ANSWER}_{k[1:]}": v for k, v in exc.errors.items() if k.startswith("q")},
            )
            return
        if meta.changing:
            receipt = change_answer(
                session, wave=wave, user_id=user_id, change_key=meta.change_key, answers=answers, now=deps.now()
            )
        else:
            receipt = record_answer(session, wave=wave, user_id=user_id, answers=answers, now=deps.now())
        record(session, Change.user_home(body["team"]["id"], user_id), Change.network_facilitators(pulse.network_id))
    problem = _outcome_text(receipt)
    if problem is not None:
        ack_update(ack, notice_modal("Not recorded", problem))
        return
    ts = _own_dm_ts(deps, wave_id=wave_id, user_id=user_id, hint=meta.message_ts, changing=meta.changing)
    if not ts:
        ack_update(ack, notice_modal("Answer saved", saved_elsewhere_text(title)))
        return
    ack()
    if receipt.change_key is None and meta.change_key:
        receipt = AnswerReceipt(receipt.outcome, change_key=meta.change_key)
    channel = _dm_channel(client, user_id)
    _show_thanks(client, deps, wave_id=wave_id, channel=channel, ts=ts, answers=answers, receipt=receipt)


def keep_draft(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A closed, unsent form: keep what was typed in the DM's Answer button (in Slack, never in peerbot's database)."""
    ack()
    meta = AnswerForm.from_value(view.get("private_metadata"))
    wave_id, user_id = meta.wave_id, body["user"]["id"]
    if meta.changing:
        return
    ts = _own_dm_ts(deps, wave_id=wave_id, user_id=user_id, hint=meta.message_ts, changing=False)
    if not ts:
        return
    with deps.session_factory.begin() as session:
        wave, pulse = wave_for_recipient(session, wave_id=wave_id, user_id=user_id)
        if not is_open(wave, now=deps.now()):
            return
        rows = list(store.questions(session, pulse_id=pulse.id))
        try:
            draft = clean_answers(rows, answers_from_form(view, [q.id for q in rows]), partial=True)
        except InvalidInput:
            return
        while draft and len(AnswerButton(wave_id, draft=draft).to_value()) > DRAFT_MAX:
            draft.pop(max(draft, key=lambda k: len(json.dumps(draft[k]))))
        network = store.network_of(session, pulse=pulse)
        blocks = invite_blocks(
            wave_id=wave.id,
            title=pulse.title,
            intro=pulse.intro,
            network_name=network.name,
            anonymous=pulse.anonymous,
            deadline=wave.deadline,
            questions=[question_draft(q) for q in rows],
            draft=draft,
        )
        title = pulse.title
    channel = _dm_channel(client, user_id)
    if not channel:
        return
    try:
        client.chat_update(channel=channel, ts=ts, text=escape(title), blocks=[b.to_dict() for b in blocks])
    except SlackApiError as exc:
        logger.warning("could not keep a pulse draft: %s", exc.response.get("error"))
