"""What a member sees of a pulse: the DM with its one-click buttons, the answer form, the thank-you."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from domain.pulses.definitions import ONE_CLICK_KINDS, QuestionDraft, QuestionKind
from rendering.pulses.ids import PulseAction, PulseBlock, PulseCallback
from rendering.pulses.payloads import AnswerButton, AnswerForm, OneClickAnswer
from rendering.text import escape, fit, slack_date, truncate

DATE = "{date_short_pretty} at {time}"
RADIO_MAX = 10


def when(moment: datetime) -> str:
    return slack_date(moment, DATE, moment.strftime("%Y-%m-%d %H:%M UTC"))


def _privacy_line(*, anonymous: bool, deadline: datetime) -> str:
    privacy = (
        "Anonymous: nobody, facilitators included, can see which answer is yours."
        if anonymous
        else "Named: facilitators will see your answers with your name."
    )
    return f"{privacy} Closes {when(deadline)}."


def one_click(questions: Sequence[QuestionDraft]) -> bool:
    return len(questions) == 1 and questions[0].kind in ONE_CLICK_KINDS


def one_click_value(question: QuestionDraft, index: int) -> int:
    """The stored answer for the option at ``index``: 1-5 for scales, the option's index for choices."""
    return index + 1 if question.kind in (QuestionKind.AGREEMENT, QuestionKind.RATING) else index


def invite_blocks(
    *,
    wave_id: int,
    title: str,
    intro: str,
    network_name: str,
    anonymous: bool,
    deadline: datetime,
    questions: Sequence[QuestionDraft],
    reminder: bool = False,
    draft: Mapping[str, Any] | None = None,
    follows: tuple[str, datetime] | None = None,
) -> list[Block]:
    """The pulse's DM; ``draft`` (answers typed into a closed form) rides in the Answer button for next time.

    ``follows`` is the meeting (title, start) a wave of an "after each meeting" pulse asks about.
    """
    lead = (
        "Reminder: this pulse is still waiting for your answer."
        if reminder
        else f"A pulse from *{escape(network_name)}*"
    )
    about = f"How was *{escape(follows[0])}* on {when(follows[1])}?\n" if follows else ""
    blocks: list[Block] = [
        SectionBlock(text=truncate(f"{lead}\n*{escape(title)}*\n{about}{escape(intro)}".strip(), 3000)),
        ContextBlock(elements=[MarkdownTextObject(text=_privacy_line(anonymous=anonymous, deadline=deadline))]),
    ]
    if one_click(questions):
        question = questions[0]
        blocks.append(SectionBlock(text=truncate(f"*{escape(question.text)}*", 3000)))
        blocks.append(
            ActionsBlock(
                block_id=PulseBlock.ONE_CLICK,
                elements=[
                    ButtonElement(
                        action_id=f"{PulseAction.ONE_CLICK}_{index}",
                        text=truncate(label, 75),
                        value=OneClickAnswer(wave_id, one_click_value(question, index)).to_value(),
                    )
                    for index, label in enumerate(question.labels())
                ],
            )
        )
    else:
        label = f"Answer ({len(questions)} questions)" if len(questions) > 1 else "Answer"
        value = AnswerButton(wave_id, draft=dict(draft or {}))
        if draft:
            label = "Continue answering"
        blocks.append(
            ActionsBlock(
                block_id=PulseBlock.ONE_CLICK,
                elements=[
                    ButtonElement(action_id=PulseAction.OPEN_FORM, text=label, style="primary", value=value.to_value())
                ],
            )
        )
    return blocks


def answer_summary(questions: Sequence[tuple[int, QuestionDraft]], answers: Mapping[str, Any]) -> str:
    lines = []
    for qid, question in questions:
        value = answers.get(str(qid))
        if value is None:
            shown = "_(skipped)_"
        elif question.kind == QuestionKind.TEXT:
            shown = f"“{fit(str(value), 200)}”"
        elif question.kind == QuestionKind.MULTIPLE:
            shown = ", ".join(escape(question.labels()[i]) for i in value) if isinstance(value, list) else "?"
        elif question.kind in (QuestionKind.AGREEMENT, QuestionKind.RATING):
            shown = escape(question.labels()[int(value) - 1])
        else:
            shown = escape(question.labels()[int(value)])
        lines.append(f"• {fit(question.text, 120)}: *{shown}*" if len(questions) > 1 else f"*{shown}*")
    return "\n".join(lines)


def thanks_blocks(
    *,
    wave_id: int,
    title: str,
    deadline: datetime,
    questions: Sequence[tuple[int, QuestionDraft]],
    answers: Mapping[str, Any],
    change_key: str | None,
    can_change: bool,
) -> list[Block]:
    summary = answer_summary(questions, answers)
    joiner = " " if len(questions) == 1 else "\n"
    blocks: list[Block] = [
        SectionBlock(text=truncate(f"Thanks — you answered *{escape(title)}*:{joiner}{summary}", 3000)),
    ]
    if can_change:
        change = AnswerButton(wave_id, change_key=change_key)
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=f"You can change your answer until {when(deadline)}.")])
        )
        blocks.append(
            ActionsBlock(
                block_id=PulseBlock.ONE_CLICK,
                elements=[ButtonElement(action_id=PulseAction.CHANGE, text="Change answer", value=change.to_value())],
            )
        )
    return blocks


def closed_text(closed_at: datetime) -> str:
    return f"This pulse closed on {when(closed_at)}. Your answer wasn't recorded."


def _options(labels: Sequence[str]) -> list[Option]:
    return [Option(value=str(i), label=truncate(label, 75)) for i, label in enumerate(labels)]


def _answer_element(question: QuestionDraft, current: Any) -> Any:
    labels = question.labels()
    options = _options(labels)
    scale = question.kind in (QuestionKind.AGREEMENT, QuestionKind.RATING)
    if scale:
        options = [Option(value=str(i + 1), label=label) for i, label in enumerate(labels)]
    if question.kind == QuestionKind.TEXT:
        return PlainTextInputElement(
            action_id=PulseAction.INPUT, multiline=True, max_length=3000, initial_value=current or None
        )
    if question.kind == QuestionKind.MULTIPLE:
        chosen = [o for o in options if isinstance(current, list) and int(o.value or 0) in current] or None
        if len(options) <= RADIO_MAX:
            return CheckboxesElement(action_id=PulseAction.INPUT, options=options, initial_options=chosen)
        return StaticMultiSelectElement(
            action_id=PulseAction.INPUT,
            options=options,
            initial_options=chosen,
            max_selected_items=question.max_choices,
        )
    initial = next((o for o in options if current is not None and o.value == str(current)), None)
    if len(options) <= RADIO_MAX:
        return RadioButtonsElement(action_id=PulseAction.INPUT, options=options, initial_option=initial)
    return StaticSelectElement(action_id=PulseAction.INPUT, options=options, initial_option=initial)


def answer_modal(
    *,
    title: str,
    intro: str,
    anonymous: bool,
    deadline: datetime,
    questions: Sequence[tuple[int, QuestionDraft]],
    current: Mapping[str, Any],
    metadata: AnswerForm,
) -> View:
    blocks: list[Block] = [
        SectionBlock(text=truncate(f"*{escape(title)}*\n{escape(intro)}".strip(), 3000)),
        ContextBlock(elements=[MarkdownTextObject(text=_privacy_line(anonymous=anonymous, deadline=deadline))]),
    ]
    for qid, question in questions:
        hint = None
        if question.kind == QuestionKind.MULTIPLE and question.max_choices:
            hint = f"Choose up to {question.max_choices}."
        blocks.append(
            InputBlock(
                block_id=f"{PulseBlock.ANSWER}_{qid}",
                label=truncate(question.text, 2000),
                optional=not question.required,
                hint=hint,
                element=_answer_element(question, current.get(str(qid))),
            )
        )
    return View(
        type="modal",
        callback_id=PulseCallback.ANSWER,
        title=truncate(title, 24),
        submit="Send answers",
        close="Not now",
        notify_on_close=True,
        private_metadata=metadata.to_value(),
        blocks=blocks,
    )


def waiting_blocks(rows: Sequence[tuple[int, str, datetime]]) -> list[Block]:
    """The pulses waiting for someone, each with an Answer button (at most 40, within a message's 50 blocks)."""
    if not rows:
        return [SectionBlock(text="No pulses are waiting for your answer. :tada:")]
    blocks: list[Block] = [SectionBlock(text="*Pulses waiting for your answer*")]
    for wave_id, title, deadline in rows[:40]:
        blocks.append(
            SectionBlock(
                text=truncate(f"*{escape(title)}* — closes {when(deadline)}", 3000),
                accessory=ButtonElement(
                    action_id=PulseAction.OPEN_FORM, text="Answer", value=AnswerButton(wave_id).to_value()
                ),
            )
        )
    if len(rows) > 40:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(rows) - 40} more in your DMs.")]))
    return blocks


def saved_elsewhere_text(title: str) -> str:
    return f"Thanks — your answer to *{escape(title)}* is saved."
