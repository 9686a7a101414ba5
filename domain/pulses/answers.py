"""Answering a pulse: checking answers, storing exactly one response per person per wave, changing it.

For an anonymous pulse the answer goes, sealed, into the pool (``domain.pulses.pool``)
with, instead of the person's id, the SHA-256 of a fresh secret (``change_key``). Only
the member's Slack DM holds the secret (in its "Change answer" button), so peerbot can
find the answer again when the member asks — in the pool or, once moved, among the
responses — but never from the member's identity. The respondent row (the fact that
they answered) and the sealed answer are written in one transaction, so the respondent
row's uniqueness makes a double click, a retried request or two devices racing leave
exactly one answer; nothing readable in that transaction says what was answered.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.network.participants import counts_now
from domain.pulses.definitions import Audience, QuestionDraft, QuestionKind
from domain.pulses.pool import change_pooled, pool_answer, pooled_answers
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.models import Pulse, PulseQuestion, PulseWave, WaveStatus

TEXT_ANSWER_MAX = 3000

Answer = int | list[int] | str
Answers = dict[str, Answer]


class AnswerOutcome(StrEnum):
    SAVED = "saved"
    CHANGED = "changed"
    ALREADY = "already"  # anonymous: answered before; only the DM's Change answer button can change it
    STATE_DONE = "state_done"  # one-per-state: someone from the same state answered first
    CLOSED = "closed"
    NOT_ASKED = "not_asked"


@dataclass(frozen=True)
class AnswerReceipt:
    outcome: AnswerOutcome
    change_key: str | None = None
    closed_at: datetime | None = None


def hash_key(change_key: str) -> str:
    return hashlib.sha256(change_key.encode()).hexdigest()


def clean_answers(questions: list[PulseQuestion], raw: dict[str, Any], *, partial: bool = False) -> Answers:
    """Answers keyed by question id, checked against each question; InvalidInput names bad ones by ``q<id>``."""
    errors: dict[str, str] = {}
    answers: Answers = {}
    for question in questions:
        key = str(question.id)
        value = raw.get(key)
        draft = QuestionDraft(
            text=question.text,
            kind=QuestionKind(question.kind),
            choices=tuple(json.loads(question.choices)),
            max_choices=question.max_choices,
        )
        if value in (None, "", []):
            if question.required and not partial:
                errors[f"q{key}"] = "Please answer this question."
            continue
        try:
            answers[key] = _clean_one(draft, value)
        except ValueError as exc:
            errors[f"q{key}"] = str(exc)
    unknown = set(raw) - {str(q.id) for q in questions}
    if unknown:
        errors["form"] = "This answer doesn't match the pulse's questions."
    if errors:
        raise InvalidInput(errors)
    return answers


def _clean_one(question: QuestionDraft, value: Any) -> Answer:
    labels = question.labels()
    if question.kind == QuestionKind.TEXT:
        text = str(value).strip()
        if len(text) > TEXT_ANSWER_MAX:
            raise ValueError(f"Keep this to {TEXT_ANSWER_MAX} characters or fewer.")
        return text
    if question.kind == QuestionKind.MULTIPLE:
        picks = sorted({int(v) for v in (value if isinstance(value, list) else [value])})
        if any(not 0 <= p < len(labels) for p in picks):
            raise ValueError("Choose from the options given.")
        if question.max_choices is not None and len(picks) > question.max_choices:
            raise ValueError(f"Choose at most {question.max_choices}.")
        return picks
    pick = int(value)
    low, high = (1, 5) if question.kind in (QuestionKind.AGREEMENT, QuestionKind.RATING) else (0, len(labels) - 1)
    if not low <= pick <= high:
        raise ValueError("Choose from the options given.")
    return pick


def is_open(wave: PulseWave, *, now: datetime) -> bool:
    return wave.status == WaveStatus.OPEN and now < wave.deadline


def closed_receipt(wave: PulseWave) -> AnswerReceipt:
    return AnswerReceipt(AnswerOutcome.CLOSED, closed_at=wave.closed_at or wave.deadline)


def record_answer(session: Session, *, wave: PulseWave, user_id: str, answers: Answers, now: datetime) -> AnswerReceipt:
    """Store a first answer; for named pulses a repeat replaces the earlier one (the last wins)."""
    wave = pulse_store.share_lock_wave(session, wave_id=wave.id) or wave
    if not is_open(wave, now=now):
        return closed_receipt(wave)
    recipient = pulse_store.get_recipient(session, wave_id=wave.id, user_id=user_id)
    if recipient is None:
        return AnswerReceipt(AnswerOutcome.NOT_ASKED)
    pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id)
    assert pulse is not None
    per_state = pulse.audience == Audience.PER_STATE
    payload = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    if not answer_store.claim_respondent(
        session, wave_id=wave.id, user_id=user_id, state_unit=recipient.state if per_state else None
    ):
        if not answer_store.has_responded(session, wave_id=wave.id, user_id=user_id):
            return AnswerReceipt(AnswerOutcome.STATE_DONE)
        if pulse.anonymous:
            return AnswerReceipt(AnswerOutcome.ALREADY)
        answer_store.replace_answers_by_user(session, wave_id=wave.id, user_id=user_id, answers=payload)
        return AnswerReceipt(AnswerOutcome.CHANGED)
    if pulse.anonymous:
        # Labels are sealed with the answer; only the close decides which may be kept.
        change_key = secrets.token_urlsafe(24)
        pool_answer(
            session,
            pulse=pulse,
            wave=wave,
            answers=payload,
            state=recipient.state,
            agency=recipient.agency,
            key_hash=hash_key(change_key),
            counted=counts_now(session, network_id=pulse.network_id, user_id=user_id),
        )
        return AnswerReceipt(AnswerOutcome.SAVED, change_key=change_key)
    answer_store.add_response(
        session,
        id=uuid.uuid4().hex,
        wave_id=wave.id,
        user_id=user_id,
        group_state=recipient.state,
        group_agency=recipient.agency,
        answers=payload,
        change_key_hash=None,
    )
    return AnswerReceipt(AnswerOutcome.SAVED)


def change_answer(
    session: Session, *, wave: PulseWave, user_id: str, change_key: str | None, answers: Answers, now: datetime
) -> AnswerReceipt:
    """Replace an answer: by the person for named pulses, by the DM's secret for anonymous ones."""
    wave = pulse_store.share_lock_wave(session, wave_id=wave.id) or wave
    if not is_open(wave, now=now):
        return closed_receipt(wave)
    payload = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id)
    assert pulse is not None
    if change_key:
        key_hash = hash_key(change_key)
        changed = answer_store.replace_answers_by_key(session, wave_id=wave.id, key_hash=key_hash, answers=payload)
        if not changed and pulse.anonymous:
            changed = change_pooled(session, pulse=pulse, wave=wave, key_hash=key_hash, answers=payload)
        return AnswerReceipt(AnswerOutcome.CHANGED if changed else AnswerOutcome.NOT_ASKED, change_key=change_key)
    if pulse.anonymous:
        return AnswerReceipt(AnswerOutcome.NOT_ASKED)
    if answer_store.replace_answers_by_user(session, wave_id=wave.id, user_id=user_id, answers=payload):
        return AnswerReceipt(AnswerOutcome.CHANGED)
    return record_answer(session, wave=wave, user_id=user_id, answers=answers, now=now)


def current_answers(session: Session, *, wave: PulseWave, user_id: str, change_key: str | None) -> Answers:
    """What the person answered before, to pre-fill the Change answer form."""
    if change_key:
        key_hash = hash_key(change_key)
        raw = answer_store.answers_by_key(session, wave_id=wave.id, key_hash=key_hash) or pooled_answers(
            session, wave_id=wave.id, key_hash=key_hash
        )
    else:
        raw = answer_store.answers_by_user(session, wave_id=wave.id, user_id=user_id)
    loaded = json.loads(raw) if raw else {}
    return loaded if isinstance(loaded, dict) else {}


STATE_ANSWERED = (
    "Someone from your state has already answered this pulse for your state (it takes one answer per state), "
    "so there's nothing for you to fill in."
)


def state_already_answered(session: Session, *, wave: PulseWave, pulse: Pulse, user_id: str) -> bool:
    """Whether the person's state already answered a one-per-state wave that they themselves haven't answered:
    what they hear before they start, rather than after filling the form in."""
    if pulse.audience != Audience.PER_STATE or answer_store.has_responded(session, wave_id=wave.id, user_id=user_id):
        return False
    recipient = pulse_store.get_recipient(session, wave_id=wave.id, user_id=user_id)
    return recipient is not None and recipient.state in answer_store.answered_states(session, wave_id=wave.id)


def wave_for_recipient(session: Session, *, wave_id: int, user_id: str) -> tuple[PulseWave, Pulse]:
    """The wave a button or form names, once the person is checked to be one of its recipients."""
    wave = pulse_store.get_wave(session, wave_id=wave_id)
    pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
    if wave is None or pulse is None:
        raise NotFound("This pulse no longer exists.")
    if pulse_store.get_recipient(session, wave_id=wave.id, user_id=user_id) is None:
        raise NotAllowed("This pulse wasn't sent to you, so there's nothing to answer.")
    return wave, pulse
