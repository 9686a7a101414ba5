"""The modal facilitators schedule or edit a meeting series with."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from domain.meetings.series import DEFAULT_REMINDERS, DURATIONS, MAX_INTERVAL_WEEKS, MAX_REMINDERS, REMINDER_CHOICES
from rendering.meetings.ids import MeetingAction, MeetingBlock, MeetingCallback
from rendering.meetings.payloads import MeetingForm
from rendering.text import escape
from storage.models import Meeting, Recurrence

RECURRENCE_LABELS = {
    Recurrence.NONE: "Doesn't repeat",
    Recurrence.WEEKLY: "Weekly, on the same weekday",
    Recurrence.MONTHLY_WEEKDAY: "Monthly, same weekday (e.g. first Tuesday)",
    Recurrence.MONTHLY_DAY: "Monthly, same day of the month",
}


def offset_label(minutes: int) -> str:
    if minutes % (7 * 24 * 60) == 0:
        weeks = minutes // (7 * 24 * 60)
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return "1 day" if days == 1 else f"{days} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} minutes"


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    return f"{hours} h {rest} min" if rest else ("1 hour" if hours == 1 else f"{hours} hours")


def _option(label: str, value: object) -> Option:
    return Option(text=label, value=str(value))


@dataclass(frozen=True)
class ModalDefaults:
    network_id: int
    network_name: str
    timezone: str
    channel_id: str
    meeting: Meeting | None = None


def schedule_modal(defaults: ModalDefaults) -> View:
    meeting = defaults.meeting
    recurrence_options = [_option(label, value) for value, label in RECURRENCE_LABELS.items()]
    duration_options = [_option(duration_label(m), m) for m in DURATIONS]
    interval_options = [
        _option("Every week" if n == 1 else f"Every {n} weeks", n) for n in range(1, MAX_INTERVAL_WEEKS + 1)
    ]
    reminder_options = [_option(f"{offset_label(m)} before", m) for m in REMINDER_CHOICES]
    offsets = meeting.reminder_offsets if meeting else list(DEFAULT_REMINDERS)
    duration = meeting.duration_minutes if meeting else 60
    recurrence = meeting.recurrence if meeting else Recurrence.NONE
    interval = meeting.interval_weeks if meeting else 1
    what = "Change" if meeting else "Schedule"
    return View(
        type="modal",
        callback_id=MeetingCallback.MEETING_SCHEDULE,
        title="Edit meeting" if meeting else "Schedule a meeting",
        submit="Save" if meeting else "Schedule",
        close="Cancel",
        private_metadata=MeetingForm(defaults.network_id, meeting.id if meeting else None).to_value(),
        blocks=[
            SectionBlock(
                text=f"{what} a meeting of *{escape(defaults.network_name)}*. Date and time are in the network's "
                f"time zone, *{defaults.timezone}*; everyone sees reminders in their own time zone."
                + ("\nChanges apply to meetings that haven't started yet." if meeting else "")
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_TITLE,
                label="Title",
                element=PlainTextInputElement(
                    action_id=MeetingAction.MEETING_TITLE,
                    max_length=150,
                    initial_value=meeting.title if meeting else None,
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_DATE,
                label="Date (of the first meeting)",
                element=DatePickerElement(
                    action_id=MeetingAction.MEETING_DATE,
                    initial_date=meeting.start_date.isoformat() if meeting else None,
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_TIME,
                label=f"Start time ({defaults.timezone})",
                element=TimePickerElement(
                    action_id=MeetingAction.MEETING_TIME,
                    initial_time=meeting.start_time.strftime("%H:%M") if meeting else None,
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_DURATION,
                label="Duration",
                element=StaticSelectElement(
                    action_id=MeetingAction.MEETING_DURATION,
                    options=duration_options,
                    initial_option=_option(duration_label(duration), duration),
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_RECURRENCE,
                label="Repeats",
                element=StaticSelectElement(
                    action_id=MeetingAction.MEETING_RECURRENCE,
                    options=recurrence_options,
                    initial_option=_option(RECURRENCE_LABELS[recurrence], recurrence.value),
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_INTERVAL,
                label="For weekly meetings: how often",
                optional=True,
                element=StaticSelectElement(
                    action_id=MeetingAction.MEETING_INTERVAL,
                    options=interval_options,
                    initial_option=interval_options[interval - 1],
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_END_DATE,
                label="Repeat until (optional)",
                optional=True,
                element=DatePickerElement(
                    action_id=MeetingAction.MEETING_END_DATE,
                    initial_date=meeting.end_date.isoformat() if meeting and meeting.end_date else None,
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_COUNT,
                label="Or: number of meetings (optional)",
                hint="Without an end, a series is planned up to 2 years or 100 meetings ahead.",
                optional=True,
                element=PlainTextInputElement(
                    action_id=MeetingAction.MEETING_COUNT,
                    max_length=3,
                    initial_value=str(meeting.occurrence_count) if meeting and meeting.occurrence_count else None,
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_LINK,
                label="Video link",
                optional=True,
                element=PlainTextInputElement(
                    action_id=MeetingAction.MEETING_LINK,
                    placeholder="https://…",
                    initial_value=meeting.video_link if meeting else None,
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_PLACE,
                label="Place (for in-person meetings)",
                optional=True,
                element=PlainTextInputElement(
                    action_id=MeetingAction.MEETING_PLACE,
                    max_length=200,
                    initial_value=meeting.place if meeting else None,
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_CHANNEL,
                label="Announce in",
                hint="I need to be a member of the channel to post there.",
                element=ConversationSelectElement(
                    action_id=MeetingAction.MEETING_CHANNEL,
                    initial_conversation=meeting.channel_id if meeting else defaults.channel_id,
                    filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
                ),
            ),
            InputBlock(
                block_id=MeetingBlock.MEETING_REMINDERS,
                label=f"Reminders (at most {MAX_REMINDERS})",
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=MeetingAction.MEETING_REMINDERS,
                    options=reminder_options,
                    initial_options=[o for o in reminder_options if int(o.value or 0) in offsets] or None,
                ),
            ),
        ],
    )
