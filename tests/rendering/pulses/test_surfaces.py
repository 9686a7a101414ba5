"""Pulse surfaces stay within Slack's limits by construction, whatever the facilitator typed."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.pulses.definitions import MAX_QUESTIONS, PulseDraft, QuestionDraft, QuestionKind
from domain.pulses.results import WaveResults, tally
from domain.pulses.templates import TEMPLATES
from rendering.pulses.builder import builder_modal, error_blocks
from rendering.pulses.messages import answer_modal, invite_blocks
from rendering.pulses.payloads import AnswerForm
from rendering.pulses.results import results_blocks
from storage.models import WaveStatus
from tests.slackstub import validate_blocks, validate_view

DEADLINE = datetime(2026, 1, 9, 17, 0, tzinfo=UTC)
LONG = "x" * 500
MANY = tuple(f"Option {i} " + "y" * 60 for i in range(25))


def test_builder_with_ten_questions_is_a_valid_modal_under_100_blocks() -> None:
    questions = tuple(QuestionDraft(text=LONG, kind=QuestionKind.MULTIPLE, choices=MANY) for _ in range(MAX_QUESTIONS))
    view = builder_modal(draft=PulseDraft(title="t" * 150, questions=questions), question_count=10, channel_id="C1")
    payload = view.to_dict()
    assert validate_view(payload) == []
    assert len(payload["blocks"]) < 100


def test_every_template_opens_a_valid_builder() -> None:
    for template in TEMPLATES.values():
        view = builder_modal(draft=template.draft, question_count=len(template.draft.questions), channel_id="C1")
        assert validate_view(view.to_dict()) == []


def test_builder_errors_land_on_the_right_question_blocks() -> None:
    mapped = error_blocks({"q3_choices": "bad", "deadline": "late", "audience_users": "none"})
    assert mapped == {"pulse_q_choices_3": "bad", "pulse_deadline": "late", "pulse_members": "none"}


def test_a_single_choice_question_with_25_options_is_one_click() -> None:
    question = QuestionDraft(text=LONG, kind=QuestionKind.SINGLE, choices=MANY)
    blocks = invite_blocks(
        wave_id=1,
        title="t" * 150,
        intro="i" * 2000,
        network_name="N",
        anonymous=True,
        deadline=DEADLINE,
        questions=[question],
    )
    payload = [b.to_dict() for b in blocks]
    assert validate_blocks(payload) == []
    assert len(payload[-1]["elements"]) == 25


def test_answer_form_uses_menus_when_there_are_too_many_options_for_radio_buttons() -> None:
    questions = [
        (1, QuestionDraft(text=LONG, kind=QuestionKind.SINGLE, choices=MANY)),
        (2, QuestionDraft(text=LONG, kind=QuestionKind.MULTIPLE, choices=MANY, max_choices=3)),
        (3, QuestionDraft(text=LONG, kind=QuestionKind.AGREEMENT)),
        (4, QuestionDraft(text=LONG, kind=QuestionKind.TEXT, required=False)),
    ]
    view = answer_modal(
        title="t" * 150,
        intro="",
        anonymous=False,
        deadline=DEADLINE,
        questions=questions,
        current={"1": 3, "2": [0, 4], "3": 5, "4": "kept"},
        metadata=AnswerForm(1),
    ).to_dict()
    assert validate_view(view) == []
    kinds = [b["element"]["type"] for b in view["blocks"] if b["type"] == "input"]
    assert kinds == ["static_select", "multi_static_select", "radio_buttons", "plain_text_input"]


def test_results_with_many_long_free_text_answers_fit_in_one_message() -> None:
    questions = [(i, QuestionDraft(text=LONG, kind=QuestionKind.TEXT)) for i in range(MAX_QUESTIONS)]
    answers = [{str(i): "z" * 3000 for i in range(MAX_QUESTIONS)} for _ in range(60)]
    results = WaveResults(
        pulse_id=1,
        title="t" * 150,
        anonymous=True,
        wave_id=1,
        wave_number=1,
        status=WaveStatus.CLOSED,
        deadline=DEADLINE,
        closed_at=DEADLINE,
        asked=80,
        responded=60,
        unreachable=2,
        tallies=tally(questions, answers),
        by_state=(),
        by_agency=(),
        hidden_groups=3,
        min_group=3,
        states_done=None,
        states_waiting=None,
    )
    payload = [b.to_dict() for b in results_blocks(results, for_facilitator=True)]
    assert validate_blocks(payload) == []
