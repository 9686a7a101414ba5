"""Meeting messages: the announcement card with live RSVPs, reminders, lists and pickers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from domain.meetings.recurrence import describe
from domain.meetings.rsvp import ANSWER_WORDS, NAMES_SHOWN, Tally
from domain.meetings.series import rule_of
from rendering.meetings.ids import MeetingAction, MeetingBlock
from rendering.meetings.modal import duration_label, offset_label
from rendering.meetings.payloads import MeetingButton, OccurrenceButton
from rendering.text import fit, link, plain, slack_date, truncate
from storage.models import Meeting, Occurrence, OccurrenceStatus, RsvpAnswer

AGENDA_SHOWN = 2500
TITLE_SHOWN = 300  # rendered characters: a 150-character title, escaped, always fits
PLACE_SHOWN = 400


def when(moment: datetime, zone: str, *, style: str = "{date_long_pretty} at {time}") -> str:
    """A Slack date token every reader sees in their own zone; the fallback is in the network's zone."""
    local = moment.astimezone(ZoneInfo(zone))
    fallback = local.strftime("%a %b %d, %Y %I:%M %p ") + (local.tzname() or zone)
    return slack_date(moment, style, fallback)


def title(meeting: Meeting) -> str:
    """The meeting's title as typed, escaped for mrkdwn and message text."""
    return fit(meeting.title, TITLE_SHOWN)


def mentions(user_ids: Sequence[str], limit: int = NAMES_SHOWN, *, total: int | None = None) -> str:
    """The first ``limit`` people, then "and N more" of ``total`` (by default, everyone in ``user_ids``)."""
    shown = ", ".join(f"<@{u}>" for u in user_ids[:limit])
    hidden = (len(user_ids) if total is None else total) - min(len(user_ids), limit)
    return shown + (f" and {hidden} more" if hidden > 0 else "")


def where_lines(meeting: Meeting) -> list[str]:
    lines = []
    if meeting.video_link:
        lines.append(f"*Join:* {link(meeting.video_link, meeting.video_link, limit=60)}")
    if meeting.place:
        lines.append(f"*Where:* {fit(meeting.place, PLACE_SHOWN)}")
    return lines


def _details(meeting: Meeting, occurrence: Occurrence) -> str:
    lines = [
        f"*When:* {when(occurrence.start_utc, meeting.timezone)} "
        f"({duration_label(int((occurrence.end_utc - occurrence.start_utc).total_seconds() // 60))})",
    ]
    if meeting.recurrence.value != "none":
        lines.append(f"*Repeats:* {describe(rule_of(meeting))}")
    lines += where_lines(meeting)
    return "\n".join(lines)


def _rsvp_buttons(occurrence: Occurrence, *, check_in: bool, suggest: bool) -> ActionsBlock:
    value = OccurrenceButton(occurrence.id).to_value()
    elements = [
        ButtonElement(text="Going", action_id=MeetingAction.RSVP_GOING, value=value, style="primary"),
        ButtonElement(text="Maybe", action_id=MeetingAction.RSVP_MAYBE, value=value),
        ButtonElement(text="Can't make it", action_id=MeetingAction.RSVP_NO, value=value),
    ]
    if suggest:
        elements.append(
            ButtonElement(text="Suggest a topic", action_id=MeetingAction.MEETING_SUGGEST_TOPIC, value=value)
        )
    if check_in:
        elements.append(ButtonElement(text="Check in", action_id=MeetingAction.MEETING_CHECK_IN, value=value))
    return ActionsBlock(block_id=MeetingBlock.MEETING_BUTTONS, elements=elements)


def _tally_blocks(tally: Tally) -> list[Block]:
    going, maybe, no = tally.counts()
    blocks: list[Block] = [
        ContextBlock(elements=[MarkdownTextObject(text=f"*Going:* {going} · *Maybe:* {maybe} · *Can't make it:* {no}")])
    ]
    if going:
        blocks.append(SectionBlock(text=truncate(f"Going: {mentions(tally.going, total=going)}", 3000)))
    return blocks


def _agenda_block(occurrence: Occurrence) -> list[Block]:
    if not occurrence.agenda_text:
        return []
    return [SectionBlock(text=f"*Agenda*\n{fit(occurrence.agenda_text, AGENDA_SHOWN)}")]


def announcement(meeting: Meeting, occurrence: Occurrence, tally: Tally, *, by_user: str | None = None) -> list[Block]:
    """The occurrence's card: details, agenda, live counts and the RSVP buttons."""
    if occurrence.status == OccurrenceStatus.CANCELLED:
        return [
            HeaderBlock(text=plain(f"Cancelled: {meeting.title}", 150)),
            SectionBlock(text=f"~{when(occurrence.start_utc, meeting.timezone)}~ has been cancelled."),
        ]
    intro = f"<@{by_user}> scheduled a meeting." if by_user else "Coming up:"
    return [
        HeaderBlock(text=plain(meeting.title, 150)),
        SectionBlock(text=f"{intro}\n{_details(meeting, occurrence)}"),
        *_agenda_block(occurrence),
        *_tally_blocks(tally),
        _rsvp_buttons(occurrence, check_in=False, suggest=True),
    ]


def announcement_text(meeting: Meeting, occurrence: Occurrence) -> str:
    if occurrence.status == OccurrenceStatus.CANCELLED:
        return f"Cancelled: {title(meeting)}"
    return f"{title(meeting)}: {when(occurrence.start_utc, meeting.timezone)}"


@dataclass(frozen=True)
class ReminderContent:
    text: str
    blocks: list[Block]


def reminder(
    meeting: Meeting, occurrence: Occurrence, tally: Tally, *, offset_minutes: int, last: bool, direct: bool
) -> ReminderContent:
    """A reminder at ``offset_minutes`` before the start; the last one carries the Check in button."""
    soon = when(occurrence.start_utc, meeting.timezone, style="{date_short_pretty} at {time}")
    lead = f"Reminder: *{title(meeting)}* starts {soon}"
    if last:
        lead += ". Check in when you arrive (from 15 minutes before the start)"
    blocks: list[Block] = [
        SectionBlock(text=f"{lead}.\n{_details(meeting, occurrence)}"),
        *_agenda_block(occurrence),
    ]
    if not direct:
        blocks += _tally_blocks(tally)
    if direct:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="You get this because you said Going or Maybe. Turn these DMs off with `/meeting dms off`."
                    )
                ]
            )
        )
    blocks.append(_rsvp_buttons(occurrence, check_in=last, suggest=not last))
    text = f"Reminder: {title(meeting)} starts {soon} ({offset_label(offset_minutes)} to go)"
    return ReminderContent(text=text, blocks=blocks)


def rsvp_confirmation(meeting: Meeting, occurrence: Occurrence, choice: RsvpAnswer) -> str:
    words = {
        RsvpAnswer.GOING: "You're going to",
        RsvpAnswer.MAYBE: "You might come to",
        RsvpAnswer.NO: "You can't make it to",
    }[choice]
    return (
        f"{words} *{title(meeting)}* on {when(occurrence.start_utc, meeting.timezone)}. "
        "You can change your answer any time before it starts."
    )


def upcoming_list(
    entries: Sequence[tuple[Meeting, Occurrence]], answers: dict[int, RsvpAnswer], *, network_name: str
) -> list[Block]:
    if not entries:
        return [SectionBlock(text=f"No meetings of *{fit(network_name, 200)}* are coming up.")]
    lines = []
    for number, (meeting, occurrence) in enumerate(entries, start=1):
        answer = answers.get(occurrence.id)
        yours = f"you said *{ANSWER_WORDS[answer]}*" if answer else "you haven't answered"
        lines.append(f"{number}. *{title(meeting)}* — {when(occurrence.start_utc, meeting.timezone)} · {yours}")
    return [SectionBlock(text=f"*Coming up in {fit(network_name, 200)}*"), SectionBlock(text="\n".join(lines))]


def edit_picker(meetings: Sequence[Meeting]) -> list[Block]:
    if not meetings:
        return [SectionBlock(text="There are no upcoming meetings to edit.")]
    blocks: list[Block] = [SectionBlock(text="*Which meeting do you want to change?*")]
    for meeting in meetings[:20]:
        blocks.append(
            SectionBlock(
                text=f"*{title(meeting)}* · {describe(rule_of(meeting))}",
                accessory=ButtonElement(
                    text="Edit", action_id=MeetingAction.MEETING_EDIT, value=MeetingButton(meeting.id).to_value()
                ),
            )
        )
    return blocks


def cancel_picker(entries: Sequence[tuple[Meeting, Occurrence]]) -> list[Block]:
    if not entries:
        return [SectionBlock(text="There are no upcoming meetings to cancel.")]
    blocks: list[Block] = [SectionBlock(text="*Which meeting do you want to cancel?*")]
    for meeting, occurrence in entries[:12]:
        value = OccurrenceButton(occurrence.id).to_value()
        elements = [
            ButtonElement(
                text="Cancel this one",
                action_id=MeetingAction.MEETING_CANCEL_ONE,
                value=value,
                style="danger",
                confirm=ConfirmObject(
                    title="Cancel this meeting?",
                    text="Everyone who said Going or Maybe will be told.",
                    confirm="Cancel it",
                    deny="Keep it",
                ),
            )
        ]
        if meeting.recurrence.value != "none":
            elements.append(
                ButtonElement(
                    text="Cancel the series",
                    action_id=MeetingAction.MEETING_CANCEL_SERIES,
                    value=value,
                    style="danger",
                    confirm=ConfirmObject(
                        title="Cancel the whole series?",
                        text="Every upcoming meeting of this series is cancelled; past ones are kept.",
                        confirm="Cancel them",
                        deny="Keep them",
                    ),
                )
            )
        blocks += [
            DividerBlock(),
            SectionBlock(text=f"*{title(meeting)}* — {when(occurrence.start_utc, meeting.timezone)}"),
            ActionsBlock(block_id=f"cancel_{occurrence.id}", elements=elements),
        ]
    return blocks


def moved_notice(meeting: Meeting, occurrence: Occurrence) -> str:
    return f"*{title(meeting)}* has moved to {when(occurrence.start_utc, meeting.timezone)}."


def cancellation_notice(meeting: Meeting, occurrences: Sequence[Occurrence], *, series: bool) -> str:
    if series:
        return f"The *{title(meeting)}* series has been cancelled ({len(occurrences)} upcoming meetings)."
    return f"*{title(meeting)}* on {when(occurrences[0].start_utc, meeting.timezone)} has been cancelled."
