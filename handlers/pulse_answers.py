"""Answering a pulse from its DM: one click, the answer form, change answer, and a closed form's draft."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.deliveries import pulse_invite_key
from domain.errors import InvalidInput, NotFound, PeerbotError
from domain.pulse_answers import (
    AnswerOutcome,
    AnswerReceipt,
    Answers,
    change_answer,
    clean_answers,
    current_answers,
    is_open,
    record_answer,
)
from domain.pulses import question_draft
from handlers.after_ack import ack_first
from handlers.deps import Deps
from handlers.errors import guarded
from handlers.pulse_forms import answers_from_form
from handlers.views import ack_update
from rendering.common import notice_modal
from rendering.ids import PulseAction, PulseBlock, PulseCallback
from rendering.pulse_messages import answer_modal, closed_text, invite_blocks, saved_elsewhere_text, thanks_blocks
from rendering.text import escape
from storage import deliveries
from storage import pulses as store

logger = logging.getLogger(__name__)

DRAFT_MAX = 1800  # the "Answer" button keeps an unsent form's draft; a button value holds at most 2000 characters


def _button(body: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(body["actions"][0].get("value") or "{}")
        int(value["w"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PeerbotError("That button is out of date.") from exc
    return value if isinstance(value, dict) else {}


def _message_ref(body: dict[str, Any]) -> tuple[str, str]:
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts") or ""
    if container.get("is_ephemeral"):
        return "", ""
    return str(channel), str(ts)


def _invite_ref(client: WebClient, deps: Deps, *, wave_id: int, user_id: str) -> tuple[str, str]:
    """The pulse's DM to this person, for answers given from elsewhere (the `/pulse` list)."""
    with deps.session_factory.begin() as session:
        delivery = deliveries.get(session, key=pulse_invite_key(wave_id, user_id))
        ts = delivery.message_ts if delivery is not None else None
    if not ts:
        return "", ""
    try:
        channel = str(client.conversations_open(users=user_id)["channel"]["id"])
    except SlackApiError:
        return "", ""
    return channel, ts


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
    value = _button(body)
    wave_id, user_id = int(value["w"]), body["user"]["id"]
    with deps.session_factory.begin() as session:
        wave = store.get_wave(session, wave_id=wave_id)
        if wave is None:
            raise NotFound("This pulse no longer exists.")
        questions = list(store.questions(session, pulse_id=wave.pulse_id))
        if len(questions) != 1:
            raise PeerbotError("That button is out of date.")
        try:
            answers = clean_answers(questions, {str(questions[0].id): value.get("v")})
        except InvalidInput as exc:
            raise PeerbotError("That button is out of date.") from exc
        receipt = record_answer(session, wave=wave, user_id=user_id, answers=answers, now=deps.now())
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
    channel, ts = _message_ref(body)
    _show_thanks(client, deps, wave_id=wave_id, channel=channel, ts=ts, answers=answers, receipt=receipt)


def open_form(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    """Open the answer form from the DM: to answer (with any saved draft), or to change an answer."""
    ack()
    value = _button(body)
    wave_id, user_id = int(value["w"]), body["user"]["id"]
    changing = body["actions"][0]["action_id"] == PulseAction.CHANGE
    key = str(value["k"]) if changing and value.get("k") else None
    with deps.session_factory.begin() as session:
        wave = store.get_wave(session, wave_id=wave_id)
        pulse = store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
        if wave is None or pulse is None:
            raise NotFound("This pulse no longer exists.")
        if not is_open(wave, now=deps.now()):
            respond(
                text=closed_text(wave.closed_at or wave.deadline), response_type="ephemeral", replace_original=False
            )
            return
        if not changing and store.has_responded(session, wave_id=wave.id, user_id=user_id):
            respond(text="You've already answered this pulse.", response_type="ephemeral", replace_original=False)
            return
        questions = [(q.id, question_draft(q)) for q in store.questions(session, pulse_id=pulse.id)]
        saved_draft = value.get("d")
        current: dict[str, Any] = {}
        if changing:
            current = dict(current_answers(session, wave=wave, user_id=user_id, change_key=key))
        elif isinstance(saved_draft, dict):
            current = saved_draft
        channel, ts = _message_ref(body)
        if not ts or not channel.startswith("D"):
            channel, ts = "", ""
        view = answer_modal(
            title=pulse.title,
            intro=pulse.intro,
            anonymous=pulse.anonymous,
            deadline=wave.deadline,
            questions=questions,
            current=current,
            metadata={"w": wave.id, "k": key, "c": channel, "ts": ts, "change": changing},
        )
    if not ts and not changing:
        # Opened from the `/pulse` list: the thank-you (and an anonymous answer's change key) goes to the DM.
        channel, ts = _invite_ref(client, deps, wave_id=wave_id, user_id=user_id)
        metadata = {**json.loads(view.private_metadata or "{}"), "c": channel, "ts": ts}
        view.private_metadata = json.dumps(metadata)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_answers(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    meta = json.loads(view.get("private_metadata") or "{}")
    wave_id, user_id = int(meta["w"]), body["user"]["id"]
    with deps.session_factory.begin() as session:
        wave = store.get_wave(session, wave_id=wave_id)
        pulse = store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
        if wave is None or pulse is None:
            ack_update(ack, notice_modal("Not recorded", "This pulse no longer exists."))
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
        if meta.get("change"):
            receipt = change_answer(
                session, wave=wave, user_id=user_id, change_key=meta.get("k"), answers=answers, now=deps.now()
            )
        else:
            receipt = record_answer(session, wave=wave, user_id=user_id, answers=answers, now=deps.now())
    problem = _outcome_text(receipt)
    if problem is not None:
        ack_update(ack, notice_modal("Not recorded", problem))
        return
    if not meta.get("c") or not meta.get("ts"):
        ack_update(ack, notice_modal("Answer saved", saved_elsewhere_text(title)))
        return
    ack()
    if receipt.change_key is None and meta.get("k"):
        receipt = AnswerReceipt(receipt.outcome, change_key=str(meta["k"]))
    _show_thanks(
        client,
        deps,
        wave_id=wave_id,
        channel=str(meta.get("c") or ""),
        ts=str(meta.get("ts") or ""),
        answers=answers,
        receipt=receipt,
    )


def keep_draft(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A closed, unsent form: keep what was typed in the DM's Answer button (in Slack, never in peerbot's database)."""
    ack()
    meta = json.loads(view.get("private_metadata") or "{}")
    if meta.get("change") or not meta.get("c") or not meta.get("ts"):
        return
    wave_id = int(meta["w"])
    with deps.session_factory.begin() as session:
        wave = store.get_wave(session, wave_id=wave_id)
        pulse = store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
        if wave is None or pulse is None or not is_open(wave, now=deps.now()):
            return
        rows = list(store.questions(session, pulse_id=pulse.id))
        try:
            draft = clean_answers(rows, answers_from_form(view, [q.id for q in rows]), partial=True)
        except InvalidInput:
            return
        while draft and len(json.dumps({"w": wave_id, "d": draft})) > DRAFT_MAX:
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
    try:
        client.chat_update(
            channel=str(meta["c"]), ts=str(meta["ts"]), text=escape(title), blocks=[b.to_dict() for b in blocks]
        )
    except SlackApiError as exc:
        logger.warning("could not keep a pulse draft: %s", exc.response.get("error"))


def register(app: App) -> None:
    app.action(re.compile(f"^{PulseAction.ONE_CLICK}_\\d+$"))(ack_first(one_click))
    app.action(PulseAction.OPEN_FORM)(ack_first(open_form))
    app.action(PulseAction.CHANGE)(ack_first(open_form))
    app.view_submission(PulseCallback.ANSWER)(guarded(submit_answers))
    app.view_closed(PulseCallback.ANSWER)(ack_first(keep_draft))
