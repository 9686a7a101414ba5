"""Reading the pulse builder's and the answer form's submitted state into domain values."""

from __future__ import annotations

from datetime import UTC, datetime
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
from rendering.ids import PulseAction, PulseBlock
from rendering.payloads import ID_MAX
from rendering.pulses.builder import OPTIONAL_VALUE, question_block
from rendering.pulses.payloads import BuilderForm


def _state(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values") or {}
    found = (values.get(block_id) or {}).get(PulseAction.INPUT)
    return found if isinstance(found, dict) else {}


def text(view: dict[str, Any], block_id: str) -> str:
    state = _state(view, block_id)
    option = state.get("selected_option")
    if isinstance(option, dict):
        return str(option.get("value") or "")
    return str(state.get("value") or "")


def selected(view: dict[str, Any], block_id: str) -> list[str]:
    state = _state(view, block_id)
    if "selected_users" in state:
        return [str(u) for u in state.get("selected_users") or []]
    return [str(o.get("value")) for o in state.get("selected_options") or [] if isinstance(o, dict)]


def moment(view: dict[str, Any], block_id: str) -> datetime | None:
    raw = _state(view, block_id).get("selected_date_time")
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC) if raw is not None else None
    except (TypeError, ValueError, OverflowError):
        return None


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


def answers_from_form(view: dict[str, Any], question_ids: list[int]) -> dict[str, Any]:
    """Raw answers keyed by question id: a string, or a list for multiple choice."""
    raw: dict[str, Any] = {}
    for qid in question_ids:
        block = f"{PulseBlock.ANSWER}_{qid}"
        state = _state(view, block)
        if "selected_options" in state:
            picks = selected(view, block)
            if picks:
                raw[str(qid)] = picks
        elif text(view, block).strip():
            raw[str(qid)] = text(view, block)
    return raw
