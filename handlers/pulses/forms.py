"""Reading the pulse builder's and the answer form's submitted state into domain values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.pulses.definitions import (
    MAX_QUESTIONS,
    Audience,
    PulseDraft,
    QuestionDraft,
    QuestionKind,
    Recurrence,
    ResultsVisibility,
    parse_choices,
)
from handlers.kit import forms
from rendering.payloads import ID_MAX
from rendering.pulses.builder import OPTIONAL_VALUE, question_block
from rendering.pulses.ids import PulseAction, PulseBlock
from rendering.pulses.payloads import BuilderForm


def text(view: dict[str, Any], block_id: str) -> str:
    return forms.value(view, block_id, PulseAction.INPUT) or ""


def selected(view: dict[str, Any], block_id: str) -> list[str]:
    return forms.selected(view, block_id, PulseAction.INPUT)


def moment(view: dict[str, Any], block_id: str) -> datetime | None:
    return forms.moment(view, block_id, PulseAction.INPUT)


def question_count(view: dict[str, Any]) -> int:
    return BuilderForm.from_value(view.get("private_metadata"), max_questions=MAX_QUESTIONS).count


def _small_number(raw: str, *, limit: int = 10_000) -> int | None:
    """A number typed or picked in the form, capped at ``limit`` (validation refuses what's too big)."""
    raw = raw.strip()
    return min(int(raw[:25]), limit) if raw.isascii() and raw.isdigit() else None


def _choice(raw: str, allowed: type[Any], default: Any) -> Any:
    try:
        return allowed(raw)
    except ValueError:
        return default


def draft_from_builder(view: dict[str, Any]) -> PulseDraft:
    questions = []
    for number in range(1, question_count(view) + 1):
        questions.append(
            QuestionDraft(
                text=text(view, question_block(PulseBlock.Q_TEXT, number)),
                kind=_choice(text(view, question_block(PulseBlock.Q_KIND, number)), QuestionKind, QuestionKind.TEXT),
                choices=parse_choices(text(view, question_block(PulseBlock.Q_CHOICES, number))),
                max_choices=_small_number(text(view, question_block(PulseBlock.Q_LIMIT, number))),
                required=OPTIONAL_VALUE not in selected(view, question_block(PulseBlock.Q_OPTIONAL, number)),
            )
        )
    reminders = _small_number(text(view, PulseBlock.REMINDERS))
    return PulseDraft(
        title=text(view, PulseBlock.TITLE),
        intro=text(view, PulseBlock.INTRO),
        questions=tuple(questions),
        anonymous=text(view, PulseBlock.ANONYMOUS) != "named",
        audience=_choice(text(view, PulseBlock.AUDIENCE), Audience, Audience.NETWORK),
        audience_states=tuple(selected(view, PulseBlock.STATES)),
        audience_users=tuple(selected(view, PulseBlock.MEMBERS)),
        opens_at=moment(view, PulseBlock.OPENS),
        deadline=moment(view, PulseBlock.DEADLINE),
        results_visibility=_choice(text(view, PulseBlock.VISIBILITY), ResultsVisibility, ResultsVisibility.AFTER_CLOSE),
        reminders=1 if reminders is None else reminders,
        recurrence=_choice(text(view, PulseBlock.RECURRENCE), Recurrence, Recurrence.NONE),
        meeting_id=_small_number(text(view, PulseBlock.MEETING), limit=ID_MAX),
    )


def has_series_block(view: dict[str, Any]) -> bool:
    return any(block.get("block_id") == PulseBlock.MEETING for block in view.get("blocks") or [])


def answers_in_form(view: dict[str, Any]) -> dict[str, Any]:
    """Every answer typed or picked in the answer form, keyed by question id: a string, or a list for multiple
    choice. Which of them belong to the pulse is the use case's to decide."""
    raw: dict[str, Any] = {}
    prefix = f"{PulseBlock.ANSWER}_"
    for block in forms.block_ids(view):
        qid = block.removeprefix(prefix)
        if not block.startswith(prefix) or not (qid.isascii() and qid.isdigit()):
            continue
        if "selected_options" in forms.state(view, block, PulseAction.INPUT):
            picks = selected(view, block)
            if picks:
                raw[qid] = picks
        elif text(view, block).strip():
            raw[qid] = text(view, block)
    return raw
