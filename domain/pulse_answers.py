"""Answering a pulse: checking answers, storing exactly one response per person per wave, changing it.

For an anonymous pulse the response row gets a random id and, instead of the
person's id, the SHA-256 of a fresh secret (``change_key``). Only the member's
Slack DM holds the secret (in its "Change answer" button), so peerbot can find
the answer again when the member asks, but never from the member's identity.
The respondent row (the fact that they answered) and the response are written
in one transaction; the respondent row's uniqueness is what makes a double click,
a retried request or two devices racing leave exactly one response.
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
from domain.pulse_definitions import Audience, QuestionDraft, QuestionKind
from domain.pulses import min_group_size
from storage import pulses as store
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
    wave = store.share_lock_wave(session, wave_id=wave.id) or wave
    if not is_open(wave, now=now):
        return closed_receipt(wave)
    recipient = store.get_recipient(session, wave_id=wave.id, user_id=user_id)
    if recipient is None:
        return AnswerReceipt(AnswerOutcome.NOT_ASKED)
    pulse = store.get_pulse(session, pulse_id=wave.pulse_id)
    assert pulse is not None
    per_state = pulse.audience == Audience.PER_STATE
    payload = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    if not store.claim_respondent(
        session, wave_id=wave.id, user_id=user_id, state_unit=recipient.state if per_state else None
    ):
        if not store.has_responded(session, wave_id=wave.id, user_id=user_id):
            return AnswerReceipt(AnswerOutcome.STATE_DONE)
        if pulse.anonymous:
            return AnswerReceipt(AnswerOutcome.ALREADY)
        store.replace_answers_by_user(session, wave_id=wave.id, user_id=user_id, answers=payload)
        return AnswerReceipt(AnswerOutcome.CHANGED)
    change_key = secrets.token_urlsafe(24) if pulse.anonymous else None
    store.add_response(
        session,
        id=uuid.uuid4().hex,
        wave_id=wave.id,
        user_id=None if pulse.anonymous else user_id,
        group_state=_group(session, wave=wave, pulse_anonymous=pulse.anonymous, value=recipient.state, kind="state")
        if not per_state
        else recipient.state,
        group_agency=_group(session, wave=wave, pulse_anonymous=pulse.anonymous, value=recipient.agency, kind="agency"),
        answers=payload,
        change_key_hash=hash_key(change_key) if change_key else None,
    )
    return AnswerReceipt(AnswerOutcome.SAVED, change_key=change_key)


def _group(session: Session, *, wave: PulseWave, pulse_anonymous: bool, value: str | None, kind: str) -> str | None:
    """The respondent's group, kept only if the group had enough recipients to hide in (anonymous pulses)."""
    if value is None or not pulse_anonymous:
        return value
    pulse = store.get_pulse(session, pulse_id=wave.pulse_id)
    assert pulse is not None
    size = store.group_size(session, wave_id=wave.id, kind=kind, value=value)
    return value if size >= min_group_size(session, network_id=pulse.network_id) else None


def change_answer(
    session: Session, *, wave: PulseWave, user_id: str, change_key: str | None, answers: Answers, now: datetime
) -> AnswerReceipt:
    """Replace an answer: by the person for named pulses, by the DM's secret for anonymous ones."""
    wave = store.share_lock_wave(session, wave_id=wave.id) or wave
    if not is_open(wave, now=now):
        return closed_receipt(wave)
    payload = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    if change_key:
        changed = store.replace_answers_by_key(session, wave_id=wave.id, key_hash=hash_key(change_key), answers=payload)
        return AnswerReceipt(AnswerOutcome.CHANGED if changed else AnswerOutcome.NOT_ASKED, change_key=change_key)
    pulse = store.get_pulse(session, pulse_id=wave.pulse_id)
    assert pulse is not None
    if pulse.anonymous:
        return AnswerReceipt(AnswerOutcome.NOT_ASKED)
    if store.replace_answers_by_user(session, wave_id=wave.id, user_id=user_id, answers=payload):
        return AnswerReceipt(AnswerOutcome.CHANGED)
    return record_answer(session, wave=wave, user_id=user_id, answers=answers, now=now)


def current_answers(session: Session, *, wave: PulseWave, user_id: str, change_key: str | None) -> Answers:
    """What the person answered before, to pre-fill the Change answer form."""
    raw = (
        store.answers_by_key(session, wave_id=wave.id, key_hash=hash_key(change_key))
        if change_key
        else store.answers_by_user(session, wave_id=wave.id, user_id=user_id)
    )
    loaded = json.loads(raw) if raw else {}
    return loaded if isinstance(loaded, dict) else {}


def wave_for_recipient(session: Session, *, wave_id: int, user_id: str) -> tuple[PulseWave, Pulse]:
    """The wave a button or form names, once the person is checked to be one of its recipients."""
    wave = store.get_wave(session, wave_id=wave_id)
    pulse = store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
    if wave is None or pulse is None:
        raise NotFound("This pulse no longer exists.")
    if store.get_recipient(session, wave_id=wave.id, user_id=user_id) is None:
        raise NotAllowed("This pulse wasn't sent to you, so there's nothing to answer.")
    return wave, pulse
