"""The meetings feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


class MeetingCallback(StrEnum):
    """Modals of meetings: scheduling, agendas, attendance."""

    # meetings
    MEETING_SCHEDULE = "meeting_schedule"
    AGENDA_DRAFT = "agenda_draft"
    AGENDA_SUGGEST = "agenda_suggest"
    ATTENDANCE_MARK = "attendance_mark"


class MeetingBlock(StrEnum):
    """Blocks of the meeting modals and cards."""

    # meetings
    MEETING_TITLE = "meeting_title"
    MEETING_DATE = "meeting_date"
    MEETING_TIME = "meeting_time"
    MEETING_DURATION = "meeting_duration"
    MEETING_RECURRENCE = "meeting_recurrence"
    MEETING_INTERVAL = "meeting_interval"
    MEETING_END_DATE = "meeting_end_date"
    MEETING_COUNT = "meeting_count"
    MEETING_LINK = "meeting_link"
    MEETING_PLACE = "meeting_place"
    MEETING_CHANNEL = "meeting_channel"
    MEETING_REMINDERS = "meeting_reminders"
    MEETING_BUTTONS = "meeting_buttons"
    AGENDA_TEXT = "agenda_text"
    AGENDA_TOPIC = "agenda_topic"
    AGENDA_PICKS = "agenda_picks"
    ATTENDANCE_PEOPLE = "attendance_people"


class MeetingAction(StrEnum):
    """Inputs and buttons of meetings: the scheduling modal, RSVP, check-in, agendas, attendance."""

    # meetings
    MEETING_TITLE = "meeting_title_input"
    MEETING_DATE = "meeting_date_input"
    MEETING_TIME = "meeting_time_input"
    MEETING_DURATION = "meeting_duration_input"
    MEETING_RECURRENCE = "meeting_recurrence_input"
    MEETING_INTERVAL = "meeting_interval_input"
    MEETING_END_DATE = "meeting_end_date_input"
    MEETING_COUNT = "meeting_count_input"
    MEETING_LINK = "meeting_link_input"
    MEETING_PLACE = "meeting_place_input"
    MEETING_CHANNEL = "meeting_channel_input"
    MEETING_REMINDERS = "meeting_reminders_input"
    RSVP_GOING = "meeting_rsvp_going"
    RSVP_MAYBE = "meeting_rsvp_maybe"
    RSVP_NO = "meeting_rsvp_no"
    MEETING_CHECK_IN = "meeting_check_in"
    MEETING_SUGGEST_TOPIC = "meeting_suggest_topic"
    MEETING_EDIT = "meeting_edit"
    MEETING_CANCEL_ONE = "meeting_cancel_one"
    MEETING_CANCEL_SERIES = "meeting_cancel_series"
    AGENDA_UPVOTE = "agenda_upvote"
    AGENDA_TEXT = "agenda_text_input"
    AGENDA_TOPIC = "agenda_topic_input"
    AGENDA_PICKS = "agenda_picks_input"
    ATTENDANCE_OPEN_MARK = "attendance_open_mark"
    ATTENDANCE_PEOPLE = "attendance_people_input"
