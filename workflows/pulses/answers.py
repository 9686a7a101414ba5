"""Answering a pulse from its DM: one click, the answer form, change answer, and a closed form's draft.

Each function is the one use case a listener calls: it owns its transactions and
its Slack calls, and returns what the listener turns into Slack's answer.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from domain.errors import InvalidInput
from domain.progress.collaborations import pulse_answer_opens_log
from domain.pulses.answers import (
    STATE_ANSWERED,
    AnswerOutcome,
    AnswerReceipt,
    Answers,
    change_answer,
    clean_answers,
    current_answers,
    is_open,
    record_answer,
    state_already_answered,
    wave_for_recipient,
)
from domain.pulses.deliveries import pulse_invite_key, pulse_wave_prefix
from domain.pulses.lifecycle import question_draft
from rendering.common import notice_modal
from rendering.payloads import StalePayload
from rendering.progress.forms import collab_modal
from rendering.progress.payloads import ProgressForm
from rendering.pulses.ids import PulseBlock
from rendering.pulses.messages import answer_modal, closed_text, invite_blocks, saved_elsewhere_text, thanks_blocks
from rendering.pulses.payloads import AnswerButton, AnswerForm, OneClickAnswer
from rendering.text import escape
from storage import deliveries as delivery_store
from storage import network as network_store
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.changes import Change, record
from storage.models import Pulse, PulseWave
from workflows.interaction import Interaction

logger = logging.getLogger(__name__)

DRAFT_MAX = 1800  # the "Answer" button keeps an unsent form's draft; a button value holds at most 2000 characters


@dataclass(frozen=True)
class Answering:
    """A wave the acting person was sent, loaded and checked once before the listener runs."""

    wave: PulseWave
    pulse: Pulse
    team_id: str
    user_id: str


def answering(session: Session, *, wave_id: int, team_id: str, user_id: str) -> Answering:
    """The wave a button or form names, once the person is checked to be one of its recipients."""
    wave, pulse = wave_for_recipient(session, wave_id=wave_id, user_id=user_id)
    return Answering(wave, pulse, team_id, user_id)


@dataclass(frozen=True)
class DmMessage:
    """The DM message a button was clicked in, as Slack reports it in the container (never from a value)."""

    channel: str = ""
    ts: str = ""


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


def answer_with_one_click(
    use: Interaction, subject: Answering, *, choice: int, trigger_id: str, dm: DmMessage
) -> str | None:
    """Record a one-question pulse's answer; thank in the DM. Returns what to tell the person instead, if anything."""
    user_id = subject.user_id
    with use.session_factory.begin() as session:
        questions = list(pulse_store.questions(session, pulse_id=subject.wave.pulse_id))
        if len(questions) != 1:
            raise StalePayload(OneClickAnswer.REOPEN)
        try:
            answers = clean_answers(questions, {str(questions[0].id): choice})
        except InvalidInput as exc:
            raise StalePayload(OneClickAnswer.REOPEN) from exc
        receipt = record_answer(session, wave=subject.wave, user_id=user_id, answers=answers, now=use.now())
        record(
            session, Change.user_home(subject.team_id, user_id), Change.network_facilitators(subject.pulse.network_id)
        )
        log_network = None
        if receipt.outcome in (AnswerOutcome.SAVED, AnswerOutcome.CHANGED) and pulse_answer_opens_log(
            questions[0].text, json.loads(questions[0].choices), choice
        ):
            log_network = network_store.get_network(session, network_id=subject.pulse.network_id)
    if log_network is not None:  # a Yes to "did you work with another state or agency?": log it now
        today = use.now().astimezone(ZoneInfo(log_network.timezone)).date()
        use.client.views_open(trigger_id=trigger_id, view=collab_modal(ProgressForm(log_network.id), today=today))
    problem = _outcome_text(receipt)
    if problem is None:
        _show_thanks(use, wave_id=subject.wave.id, dm=dm if dm.ts else DmMessage(), answers=answers, receipt=receipt)
    return problem


def open_answer_form(
    use: Interaction, subject: Answering, *, button: AnswerButton, changing: bool, trigger_id: str, dm: DmMessage
) -> str | None:
    """Open the answer form (with any saved draft), or the change-answer form. Returns a refusal to show instead."""
    key = button.change_key if changing else None
    wave, pulse, user_id = subject.wave, subject.pulse, subject.user_id
    with use.session_factory.begin() as session:
        if not is_open(wave, now=use.now()):
            return closed_text(wave.closed_at or wave.deadline)
        if not changing and answer_store.has_responded(session, wave_id=wave.id, user_id=user_id):
            return "You've already answered this pulse."
        if not changing and state_already_answered(session, wave=wave, pulse=pulse, user_id=user_id):
            return STATE_ANSWERED
        questions = [(q.id, question_draft(q)) for q in pulse_store.questions(session, pulse_id=pulse.id)]
        current: dict[str, Any] = {}
        if changing:
            current = dict(current_answers(session, wave=wave, user_id=user_id, change_key=key))
        else:
            current = dict(button.draft)
        view = answer_modal(
            title=pulse.title,
            intro=pulse.intro,
            anonymous=pulse.anonymous,
            deadline=wave.deadline,
            questions=questions,
            current=current,
            metadata=AnswerForm(wave.id, changing=changing, change_key=key, message_ts=dm.ts),
        )
    use.client.views_open(trigger_id=trigger_id, view=view)
    return None


def tell_in_modal(use: Interaction, *, trigger_id: str, text: str) -> None:
    """Answer a click that came from the Home tab (which has no conversation to reply in) in a small modal."""
    use.client.views_open(trigger_id=trigger_id, view=notice_modal("Pulse", text))


@dataclass(frozen=True)
class Submitted:
    """What the answer form's submission comes to: inline errors, a notice in the modal, or a plain close."""

    errors: dict[str, str] = field(default_factory=dict)
    notice: tuple[str, str] | None = None  # (title, text)
    then: Callable[[], None] | None = None  # thanking in the DM, once the form is closed


def submit_answers(use: Interaction, subject: Answering, *, form: AnswerForm, raw: dict[str, Any]) -> Submitted:
    """Record (or change) the answers typed in the form; thank in the DM once the listener closed the form."""
    wave_id, user_id = subject.wave.id, subject.user_id
    with use.session_factory.begin() as session:
        title = subject.pulse.title
        questions = list(pulse_store.questions(session, pulse_id=subject.wave.pulse_id))
        ids = {str(q.id) for q in questions}
        try:
            answers = clean_answers(questions, {k: v for k, v in raw.items() if k in ids})
        except InvalidInput as exc:
            return Submitted(
                errors={f"{PulseBlock.ANSWER}_{k[1:]}": v for k, v in exc.errors.items() if k.startswith("q")}
            )
        if form.changing:
            receipt = change_answer(
                session, wave=subject.wave, user_id=user_id, change_key=form.change_key, answers=answers, now=use.now()
            )
        else:
            receipt = record_answer(session, wave=subject.wave, user_id=user_id, answers=answers, now=use.now())
        record(
            session, Change.user_home(subject.team_id, user_id), Change.network_facilitators(subject.pulse.network_id)
        )
    problem = _outcome_text(receipt)
    if problem is not None:
        return Submitted(notice=("Not recorded", problem))
    ts = _own_dm_ts(use, wave_id=wave_id, user_id=user_id, hint=form.message_ts, changing=form.changing)
    if not ts:
        return Submitted(notice=("Answer saved", saved_elsewhere_text(title)))
    if receipt.change_key is None and form.change_key:
        receipt = AnswerReceipt(receipt.outcome, change_key=form.change_key)
    shown = receipt

    def thank() -> None:
        dm = DmMessage(_dm_channel(use, user_id), ts)
        _show_thanks(use, wave_id=wave_id, dm=dm, answers=answers, receipt=shown)

    return Submitted(then=thank)


def keep_draft(use: Interaction, subject: Answering, *, form: AnswerForm, raw: dict[str, Any]) -> None:
    """A closed, unsent form: keep what was typed in the DM's Answer button (in Slack, never in peerbot's database)."""
    wave_id, user_id = subject.wave.id, subject.user_id
    if form.changing:
        return
    ts = _own_dm_ts(use, wave_id=wave_id, user_id=user_id, hint=form.message_ts, changing=False)
    if not ts:
        return
    wave, pulse = subject.wave, subject.pulse
    with use.session_factory.begin() as session:
        if not is_open(wave, now=use.now()):
            return
        rows = list(pulse_store.questions(session, pulse_id=pulse.id))
        ids = {str(q.id) for q in rows}
        try:
            draft = clean_answers(rows, {k: v for k, v in raw.items() if k in ids}, partial=True)
        except InvalidInput:
            return
        while draft and len(AnswerButton(wave_id, draft=draft).to_value()) > DRAFT_MAX:
            draft.pop(max(draft, key=lambda k: len(json.dumps(draft[k]))))
        network = pulse_store.network_of(session, pulse=pulse)
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
    channel = _dm_channel(use, user_id)
    if not channel:
        return
    try:
        use.client.chat_update(channel=channel, ts=ts, text=escape(title), blocks=[b.to_dict() for b in blocks])
    except SlackApiError as exc:
        logger.warning("could not keep a pulse draft: %s", exc.response.get("error"))


def _own_dm_ts(use: Interaction, *, wave_id: int, user_id: str, hint: str, changing: bool) -> str:
    """Which of this person's pulse DMs to thank in: only a message peerbot itself stored for them and this wave.

    ``hint`` comes from the form's metadata, which the sender controls: it is used only when it names
    one of those stored messages. Otherwise a new answer goes to the invitation, a changed one nowhere.
    """
    suffix = f":{user_id}"
    with use.session_factory.begin() as session:
        stored = {
            d.key: d.message_ts
            for d in delivery_store.with_prefix(session, prefix=pulse_wave_prefix(wave_id))
            if d.key.endswith(suffix) and d.message_ts
        }
    if hint and hint in stored.values():
        return hint
    if changing:
        return ""
    return stored.get(pulse_invite_key(wave_id, user_id)) or ""


def _dm_channel(use: Interaction, user_id: str) -> str:
    try:
        return str(use.client.conversations_open(users=user_id)["channel"]["id"])
    except SlackApiError as exc:
        logger.warning("could not open a DM to thank for a pulse answer: %s", exc.response.get("error"))
        return ""


def _show_thanks(use: Interaction, *, wave_id: int, dm: DmMessage, answers: Answers, receipt: AnswerReceipt) -> None:
    with use.session_factory.begin() as session:
        wave = pulse_store.get_wave(session, wave_id=wave_id)
        pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
        if wave is None or pulse is None:
            return
        questions = [(q.id, question_draft(q)) for q in pulse_store.questions(session, pulse_id=pulse.id)]
        blocks = thanks_blocks(
            wave_id=wave.id,
            title=pulse.title,
            deadline=wave.deadline,
            questions=questions,
            answers=answers,
            change_key=receipt.change_key,
            can_change=is_open(wave, now=use.now()),
        )
        title = pulse.title
    if not dm.channel or not dm.ts:
        return
    try:
        use.client.chat_update(
            channel=dm.channel,
            ts=dm.ts,
            text=f"Thanks — you answered {escape(title)}",
            blocks=[b.to_dict() for b in blocks],
        )
    except SlackApiError as exc:
        logger.warning("could not update a pulse DM: %s", exc.response.get("error"))
