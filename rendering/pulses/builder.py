"""The pulse builder modal and the templates list: what a facilitator fills in to start a pulse."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DateTimePickerElement,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from domain.network.profiles import STATES
from domain.pulses.definitions import (
    ANONYMITY_PROMISE,
    AUDIENCE_LABELS,
    INTRO_MAX,
    KIND_LABELS,
    MAX_QUESTIONS,
    QUESTION_MAX,
    RECURRENCE_LABELS,
    TITLE_MAX,
    VISIBILITY_LABELS,
    PulseDraft,
    QuestionDraft,
    QuestionKind,
)
from domain.pulses.templates import TEMPLATES
from rendering.pulses.ids import PulseAction, PulseBlock, PulseCallback
from rendering.pulses.payloads import BuilderForm, QuestionSlots, TemplateChoice
from rendering.text import escape, fit, truncate

OPTIONAL_VALUE = "optional"
MAX_SELECT_OPTIONS = 100
FIELD_BLOCKS = {
    "title": PulseBlock.TITLE,
    "intro": PulseBlock.INTRO,
    "audience": PulseBlock.AUDIENCE,
    "audience_states": PulseBlock.STATES,
    "audience_users": PulseBlock.MEMBERS,
    "opens_at": PulseBlock.OPENS,
    "deadline": PulseBlock.DEADLINE,
    "reminders": PulseBlock.REMINDERS,
    "meeting": PulseBlock.MEETING,
    "questions": f"{PulseBlock.Q_TEXT}_1",
}
QUESTION_FIELDS = {"text": PulseBlock.Q_TEXT, "choices": PulseBlock.Q_CHOICES, "limit": PulseBlock.Q_LIMIT}


def question_block(kind: PulseBlock, number: int) -> str:
    return f"{kind}_{number}"


def error_blocks(errors: Mapping[str, str], *, has_series_block: bool = True) -> dict[str, str]:
    """Domain field names (``title``, ``q2_choices``…) to the builder's block ids.

    Without series to choose from the builder has no series block, so its error shows on "Repeats".
    """
    mapped: dict[str, str] = {}
    for field, message in errors.items():
        if field == "meeting" and not has_series_block:
            mapped[PulseBlock.RECURRENCE] = message
            continue
        if field.startswith("q") and "_" in field and field[1 : field.index("_")].isdigit():
            number, part = field[1:].split("_", 1)
            mapped[question_block(QUESTION_FIELDS[part], int(number))] = message
        else:
            mapped[str(FIELD_BLOCKS.get(field, PulseBlock.TITLE))] = message
    return mapped


def _option(value: str, label: str) -> Option:
    return Option(value=value, label=truncate(label, 75))


def _radio(block_id: str, label: str, labels: Mapping[str, str], chosen: str, hint: str | None = None) -> InputBlock:
    options = [_option(value, text) for value, text in labels.items()]
    return InputBlock(
        block_id=block_id,
        label=label,
        hint=hint,
        element=RadioButtonsElement(
            action_id=PulseAction.INPUT,
            options=options,
            initial_option=next(o for o in options if o.value == chosen),
        ),
    )


def _question_blocks(number: int, question: QuestionDraft | None) -> list[Block]:
    kinds = [_option(kind.value, label) for kind, label in KIND_LABELS.items()]
    kind = question.kind if question else QuestionKind.AGREEMENT
    optional = CheckboxesElement(
        action_id=PulseAction.INPUT,
        options=[_option(OPTIONAL_VALUE, "People may skip this question")],
        initial_options=[_option(OPTIONAL_VALUE, "People may skip this question")]
        if question and not question.required
        else None,
    )
    return [
        InputBlock(
            block_id=question_block(PulseBlock.Q_TEXT, number),
            label=f"Question {number}",
            element=PlainTextInputElement(
                action_id=PulseAction.INPUT,
                initial_value=question.text if question else None,
                max_length=QUESTION_MAX,
            ),
        ),
        InputBlock(
            block_id=question_block(PulseBlock.Q_KIND, number),
            label="Answered with",
            element=StaticSelectElement(
                action_id=PulseAction.INPUT,
                options=kinds,
                initial_option=next(o for o in kinds if o.value == kind),
            ),
        ),
        InputBlock(
            block_id=question_block(PulseBlock.Q_CHOICES, number),
            label="Options (choice questions only)",
            hint="One option per line, 2 to 25 of them.",
            optional=True,
            element=PlainTextInputElement(
                action_id=PulseAction.INPUT,
                multiline=True,
                initial_value="\n".join(question.choices) if question and question.choices else None,
            ),
        ),
        InputBlock(
            block_id=question_block(PulseBlock.Q_LIMIT, number),
            label="Most options one person may pick (multiple choice)",
            optional=True,
            element=NumberInputElement(
                action_id=PulseAction.INPUT,
                is_decimal_allowed=False,
                min_value="1",
                max_value="25",
                initial_value=str(question.max_choices) if question and question.max_choices else None,
            ),
        ),
        InputBlock(
            block_id=question_block(PulseBlock.Q_OPTIONAL, number),
            label="Required?",
            optional=True,
            element=optional,
        ),
    ]


def builder_modal(
    *, draft: PulseDraft, question_count: int, channel_id: str, series: Sequence[tuple[int, str]] = ()
) -> View:
    """The whole builder; ``question_count`` slots, filled from ``draft`` where it has questions.

    ``series`` are the meeting series (id, title) a pulse may follow after each meeting.
    """
    count = max(1, min(question_count, MAX_QUESTIONS))
    blocks: list[Block] = [
        InputBlock(
            block_id=PulseBlock.TITLE,
            label="Title",
            element=PlainTextInputElement(
                action_id=PulseAction.INPUT, initial_value=draft.title or None, max_length=TITLE_MAX
            ),
        ),
        InputBlock(
            block_id=PulseBlock.INTRO,
            label="Introduction",
            optional=True,
            element=PlainTextInputElement(
                action_id=PulseAction.INPUT, multiline=True, initial_value=draft.intro or None, max_length=INTRO_MAX
            ),
        ),
    ]
    for number in range(1, count + 1):
        blocks.append(DividerBlock())
        question = draft.questions[number - 1] if number <= len(draft.questions) else None
        blocks.extend(_question_blocks(number, question))
    buttons = []
    if count < MAX_QUESTIONS:
        buttons.append(
            ButtonElement(
                action_id=PulseAction.ADD_QUESTION, text="Add a question", value=QuestionSlots(count + 1).to_value()
            )
        )
    if count > 1:
        buttons.append(
            ButtonElement(
                action_id=PulseAction.REMOVE_QUESTION,
                text="Remove the last question",
                value=QuestionSlots(count - 1).to_value(),
            )
        )
    blocks.append(ActionsBlock(block_id=PulseBlock.QUESTION_BUTTONS, elements=buttons))
    blocks.extend(_settings_blocks(draft, series))
    return View(
        type="modal",
        callback_id=PulseCallback.BUILDER,
        title="New pulse",
        submit="Start pulse",
        close="Cancel",
        private_metadata=BuilderForm(channel_id, count).to_value(),
        blocks=blocks,
    )


def _series_block(draft: PulseDraft, series: Sequence[tuple[int, str]]) -> InputBlock:
    options = [_option(str(series_id), title) for series_id, title in series[:MAX_SELECT_OPTIONS]]
    chosen = next((o for o in options if o.value == str(draft.meeting_id)), None)
    return InputBlock(
        block_id=PulseBlock.MEETING,
        label="Meeting series (for “after each meeting”)",
        hint="Each meeting of this series gets its own wave when it ends, open for as long as from Opens to Deadline.",
        optional=True,
        element=StaticSelectElement(action_id=PulseAction.INPUT, options=options, initial_option=chosen),
    )


def _settings_blocks(draft: PulseDraft, series: Sequence[tuple[int, str]]) -> list[Block]:
    states = [_option(code, f"{name} ({code})") for code, name in STATES.items()]
    chosen_states = [o for o in states if o.value in set(draft.audience_states)]
    return [
        DividerBlock(),
        _radio(
            PulseBlock.ANONYMOUS,
            "Answers are",
            {"anonymous": "Anonymous", "named": "Named (facilitators see who answered what)"},
            "anonymous" if draft.anonymous else "named",
        ),
        ContextBlock(elements=[MarkdownTextObject(text=ANONYMITY_PROMISE)]),
        _radio(PulseBlock.AUDIENCE, "Who is asked", {k.value: v for k, v in AUDIENCE_LABELS.items()}, draft.audience),
        InputBlock(
            block_id=PulseBlock.STATES,
            label="States (for “members of chosen states”)",
            optional=True,
            element=StaticMultiSelectElement(
                action_id=PulseAction.INPUT, options=states, initial_options=chosen_states or None
            ),
        ),
        InputBlock(
            block_id=PulseBlock.MEMBERS,
            label="Members (for “chosen members”)",
            optional=True,
            element=UserMultiSelectElement(
                action_id=PulseAction.INPUT, initial_users=list(draft.audience_users) or None
            ),
        ),
        InputBlock(
            block_id=PulseBlock.OPENS,
            label="Opens",
            hint="Leave empty to send it now.",
            optional=True,
            element=DateTimePickerElement(
                action_id=PulseAction.INPUT,
                initial_date_time=int(draft.opens_at.timestamp()) if draft.opens_at else None,
            ),
        ),
        InputBlock(
            block_id=PulseBlock.DEADLINE,
            label="Deadline",
            element=DateTimePickerElement(
                action_id=PulseAction.INPUT,
                initial_date_time=int(draft.deadline.timestamp()) if draft.deadline else None,
            ),
        ),
        _radio(
            PulseBlock.VISIBILITY,
            "Results",
            {k.value: v for k, v in VISIBILITY_LABELS.items()},
            draft.results_visibility,
        ),
        _radio(
            PulseBlock.REMINDERS,
            "Reminders to people who haven't answered",
            {"0": "None", "1": "One, a day before the deadline", "2": "Two", "3": "Three"},
            str(draft.reminders),
        ),
        _radio(
            PulseBlock.RECURRENCE,
            "Repeats",
            {k.value: v for k, v in RECURRENCE_LABELS.items()},
            draft.recurrence,
            hint="A repeating pulse sends a new wave each time, with the same length as the first.",
        ),
        *([_series_block(draft, series)] if series else []),
    ]


def templates_blocks(*, channel_id: str) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text="*Ready-made pulses.* Pick one to open the builder with it filled in.")]
    for key, template in TEMPLATES.items():
        blocks.append(
            SectionBlock(
                text=f"*{escape(template.title)}*\n{fit(template.description, 280)}",
                accessory=ButtonElement(
                    action_id=PulseAction.USE_TEMPLATE,
                    text="Use this",
                    value=TemplateChoice(key, channel_id).to_value(),
                ),
            )
        )
    return blocks


def saved_notice_text(*, title: str, opens_now: bool, opens_at_text: str, follows_series: str | None = None) -> str:
    if follows_series is not None:
        return (
            f"*{escape(title)}* is saved. When each meeting of *{escape(follows_series)}* ends, "
            "everyone in its audience gets it in a DM."
        )
    if opens_now:
        return (
            f"*{escape(title)}* is on its way to everyone in its audience. I'll tell you if anyone couldn't be reached."
        )
    return f"*{escape(title)}* is saved and opens {opens_at_text}."
