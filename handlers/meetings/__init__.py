"""Slack surfaces of meetings: /meeting, /agenda, RSVP and check-in buttons, attendance."""

from __future__ import annotations

from slack_bolt import App

from handlers.kit.after_ack import ack_first
from handlers.kit.errors import guarded
from handlers.meetings import agenda, attendance, rsvp, series
from rendering.meetings.ids import MeetingAction, MeetingCallback


def register(app: App) -> None:
    """Every Slack surface of meetings."""
    app.command("/meeting")(guarded(series.meeting_command))
    app.view(MeetingCallback.MEETING_SCHEDULE)(guarded(series.submit_schedule))
    app.action(MeetingAction.MEETING_EDIT)(ack_first(series.open_edit_from_button))
    app.action(MeetingAction.MEETING_CANCEL_ONE)(ack_first(series.cancel_clicked))
    app.action(MeetingAction.MEETING_CANCEL_SERIES)(ack_first(series.cancel_clicked))
    for action_id in rsvp.CHOICES:
        app.action(action_id)(ack_first(rsvp.rsvp_clicked))
    app.command("/agenda")(guarded(agenda.agenda_command))
    app.action(MeetingAction.MEETING_SUGGEST_TOPIC)(ack_first(agenda.suggest_clicked))
    app.action(MeetingAction.AGENDA_UPVOTE)(ack_first(agenda.upvote_clicked))
    app.view(MeetingCallback.AGENDA_SUGGEST)(guarded(agenda.submit_suggestion))
    app.view(MeetingCallback.AGENDA_DRAFT)(guarded(agenda.submit_agenda))
    app.action(MeetingAction.MEETING_CHECK_IN)(ack_first(attendance.check_in_clicked))
    app.action(MeetingAction.ATTENDANCE_OPEN_MARK)(ack_first(attendance.open_mark_from_button))
    app.view(MeetingCallback.ATTENDANCE_MARK)(guarded(attendance.submit_mark))
