"""The intro settings modal, and what facilitators see: who is in, rounds, met rate and state coverage."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from domain.intros.figures import NO_STATE, IntroFigures
from domain.intros.settings import PROMPT_MAX, WEEKDAYS, IntroChoices
from rendering.deliveries import people_list
from rendering.intros.ids import IntroAction, IntroBlock, IntroCallback
from rendering.intros.payloads import IntrosForm
from rendering.text import escape, fit, plain, sections_from_lines, truncate
from storage.models import Network

RULES = {
    "cross_state": "Prefer people from different states",
    "cross_agency": "Prefer people from different agencies",
    "shared_interests": "Prefer people who want to learn about the same things",
}
MATRIX_ROWS = 40


def _select(block: IntroBlock, label: str, options: Sequence[tuple[str, str]], current: str) -> InputBlock:
    choices = [Option(text=text, value=value) for value, text in options]
    initial = next((o for o in choices if o.value == current), None)
    return InputBlock(
        block_id=block,
        label=label,
        element=StaticSelectElement(action_id=IntroAction.INPUT, options=choices, initial_option=initial),
    )


def _text(block: IntroBlock, label: str, current: str | None, *, hint: str, optional: bool = False) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=label,
        optional=optional,
        hint=hint,
        element=PlainTextInputElement(
            action_id=IntroAction.INPUT,
            initial_value=plain(current, PROMPT_MAX) if current else None,
            max_length=PROMPT_MAX,
            multiline=block == IntroBlock.PROMPT,
        ),
    )


def settings_modal(*, network: Network, choices: IntroChoices) -> View:
    rule_options = [Option(text=text, value=value) for value, text in RULES.items()]
    chosen = [o for o in rule_options if getattr(choices, str(o.value))]
    return View(
        type="modal",
        callback_id=IntroCallback.SETTINGS,
        private_metadata=IntrosForm(network.id).to_value(),
        title="Peer introductions",
        submit="Save",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=f"Small groups of members of *{fit(network.name, 200)}* are introduced to each other in a "
                "group DM, matched across states and agencies on what they want to learn."
            ),
            _select(
                IntroBlock.ENABLED, "Introductions", [("on", "On"), ("off", "Off")], "on" if choices.enabled else "off"
            ),
            _select(
                IntroBlock.EVERY_WEEKS,
                "How often",
                [("1", "Every week"), ("2", "Every 2 weeks"), ("4", "Every 4 weeks")],
                choices.every_weeks,
            ),
            _select(IntroBlock.WEEKDAY, "On", [(str(i), day) for i, day in enumerate(WEEKDAYS)], choices.weekday),
            _text(
                IntroBlock.TIME,
                "At (24-hour time)",
                choices.time_of_day,
                hint=f"In the network's time zone, {network.timezone}. For example 10:00.",
            ),
            _select(IntroBlock.GROUP_SIZE, "Group size", [("2", "Pairs"), ("3", "Groups of 3")], choices.group_size),
            InputBlock(
                block_id=IntroBlock.RULES,
                label="Matching",
                optional=True,
                element=CheckboxesElement(
                    action_id=IntroAction.INPUT, options=rule_options, initial_options=chosen or None
                ),
            ),
            _text(
                IntroBlock.REPEATS,
                "Don't repeat a pairing for this many rounds",
                choices.avoid_repeat_rounds,
                hint="0 to 26. When nobody new is left, repeats are spread as evenly as possible.",
            ),
            _text(
                IntroBlock.PROMPT,
                "A prompt for every introduction (optional)",
                choices.prompt,
                hint="For example: share one thing your agency is trying this season.",
                optional=True,
            ),
        ],
    )


def who_is_in_blocks(
    *, network: Network, taking_part: Sequence[str], not_taking_part: Sequence[str], state: str
) -> list[Block]:
    lines = [
        f"*Peer introductions in {fit(network.name, 200)}*: {escape(state)}",
        f"*{len(taking_part)} taking part:* {people_list(taking_part) or 'nobody yet'}",
    ]
    if not_taking_part:
        lines.append(f"*{len(not_taking_part)} out, paused or skipping:* {people_list(not_taking_part)}")
    return [SectionBlock(text=truncate(line, 3000)) for line in lines]


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def report_blocks(*, network: Network, figures: IntroFigures, state_names: dict[str, str]) -> list[Block]:
    """Rounds, the met rate, and which pairs of states were introduced and met."""
    if not figures.rounds:
        return [SectionBlock(text=f"*{fit(network.name, 200)}* has had no rounds of introductions yet.")]
    head = (
        f"*Peer introductions in {fit(network.name, 200)}*: {len(figures.rounds)} rounds, {figures.groups} groups; "
        f"{figures.met} met ({_percent(figures.met, figures.groups)})."
    )
    rounds = [
        f"Round {r.number} ({r.starts_at:%Y-%m-%d}): {r.groups} groups, {r.people} people — {r.met} met, "
        f"{r.scheduling} scheduling, {r.skipped} skipped, {r.no_answer} no answer"
        for r in figures.rounds[-10:]
    ]

    def name(code: str) -> str:
        return "state not given" if code == NO_STATE else state_names.get(code, code)

    pairs = sorted(figures.coverage.items(), key=lambda item: (-item[1].introduced, item[0]))
    matrix = [f"{escape(name(a))} × {escape(name(b))}: introduced {c.introduced}, met {c.met}" for (a, b), c in pairs]  # noqa: RUF001
    blocks: list[Block] = [SectionBlock(text=head), SectionBlock(text=truncate("\n".join(rounds), 3000))]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text="*States introduced to each other*")]))
    blocks.extend(sections_from_lines(matrix, max_blocks=MATRIX_ROWS // 10, noun="more pairs of states"))
    return blocks
