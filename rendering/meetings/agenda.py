"""Agenda surfaces: the suggestion list with upvotes, the suggest and draft modals, the agenda message."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from domain.meetings.agenda import AGENDA_MAX, TOPIC_MAX
from rendering.meetings.ids import MeetingAction, MeetingBlock, MeetingCallback
from rendering.meetings.messages import title, when
from rendering.meetings.payloads import OccurrenceForm, SuggestionButton
from rendering.text import SECTION_TEXT_MAX, fit, plain
from storage.models import AgendaSuggestion, Meeting, Occurrence

LISTED = 20
PICKABLE = 10  # Slack's limit on checkbox options
TOPIC_SHOWN = 1500  # rendered characters: a 300-character topic, escaped, always fits


def _votes(count: int) -> str:
    return "1 vote" if count == 1 else f"{count} votes"


def suggestions_list(
    meeting: Meeting, occurrence: Occurrence, ranked: Sequence[tuple[AgendaSuggestion, int]]
) -> list[Block]:
    heading = f"*Topics suggested for {title(meeting)}* ({when(occurrence.start_utc, meeting.timezone)})"
    if not ranked:
        return [SectionBlock(text=f"{heading}\nNo suggestions yet. Add one with `/agenda suggest &lt;topic&gt;`.")]
    blocks: list[Block] = [SectionBlock(text=heading)]
    for suggestion, votes in ranked[:LISTED]:
        mark = " · _on the agenda_" if suggestion.on_agenda else ""
        blocks.append(
            SectionBlock(
                text=f"*{_votes(votes)}* · {fit(suggestion.topic, TOPIC_SHOWN)} — <@{suggestion.user_id}>{mark}",
                accessory=ButtonElement(
                    text="Upvote",
                    action_id=MeetingAction.AGENDA_UPVOTE,
                    value=SuggestionButton(suggestion.id).to_value(),
                ),
            )
        )
    if len(ranked) > LISTED:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(ranked) - LISTED} more")]))
    return blocks


def suggest_modal(meeting: Meeting, occurrence: Occurrence) -> View:
    return View(
        type="modal",
        callback_id=MeetingCallback.AGENDA_SUGGEST,
        title="Suggest a topic",
        submit="Suggest",
        close="Cancel",
        private_metadata=OccurrenceForm(occurrence.id).to_value(),
        blocks=[
            SectionBlock(text=f"For *{title(meeting)}* on {when(occurrence.start_utc, meeting.timezone)}."),
            InputBlock(
                block_id=MeetingBlock.AGENDA_TOPIC,
                label="What would you like to discuss?",
                element=PlainTextInputElement(action_id=MeetingAction.AGENDA_TOPIC, max_length=TOPIC_MAX),
            ),
        ],
    )


def agenda_modal(meeting: Meeting, occurrence: Occurrence, ranked: Sequence[tuple[AgendaSuggestion, int]]) -> View:
    blocks: list[Block] = [
        SectionBlock(
            text=f"Agenda for *{title(meeting)}* on {when(occurrence.start_utc, meeting.timezone)}. "
            "It's posted in the meeting's channel and included in later reminders."
        )
    ]
    if ranked:
        options = [
            Option(
                text=plain(f"({votes}) {suggestion.topic}", 75),
                value=SuggestionButton(suggestion.id).to_value(),
            )
            for suggestion, votes in ranked[:PICKABLE]
        ]
        blocks.append(
            InputBlock(
                block_id=MeetingBlock.AGENDA_PICKS,
                label="Members' suggestions, by votes",
                optional=True,
                element=CheckboxesElement(
                    action_id=MeetingAction.AGENDA_PICKS,
                    options=options,
                    initial_options=[o for o, (s, _) in zip(options, ranked, strict=False) if s.on_agenda] or None,
                ),
            )
        )
    else:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="No member suggestions yet.")]))
    blocks.append(
        InputBlock(
            block_id=MeetingBlock.AGENDA_TEXT,
            label="Agenda",
            hint="Ticked suggestions are added at the end unless you've already written them in.",
            optional=True,
            element=PlainTextInputElement(
                action_id=MeetingAction.AGENDA_TEXT,
                multiline=True,
                max_length=AGENDA_MAX,
                initial_value=occurrence.agenda_text or None,
            ),
        )
    )
    return View(
        type="modal",
        callback_id=MeetingCallback.AGENDA_DRAFT,
        title="Meeting agenda",
        submit="Post agenda",
        close="Cancel",
        private_metadata=OccurrenceForm(occurrence.id).to_value(),
        blocks=blocks,
    )


def agenda_message(meeting: Meeting, occurrence: Occurrence) -> list[Block]:
    return [
        HeaderBlock(text=plain(f"Agenda: {meeting.title}", 150)),
        SectionBlock(text=when(occurrence.start_utc, meeting.timezone)),
        SectionBlock(text=fit(occurrence.agenda_text or "", SECTION_TEXT_MAX)),
    ]


def agenda_text(meeting: Meeting) -> str:
    return f"Agenda: {title(meeting)}"


def made_the_agenda(meeting: Meeting, occurrence: Occurrence, suggestion: AgendaSuggestion) -> str:
    return (
        f"Your suggestion “{fit(suggestion.topic, TOPIC_SHOWN)}” is on the agenda of *{title(meeting)}* "
        f"({when(occurrence.start_utc, meeting.timezone)}). Thank you!"
    )
