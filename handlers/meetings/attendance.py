"""Attendance: the Check in button, /meeting attendance and /meeting mark, and the marking modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from handlers.kit import forms
from handlers.kit.forms import ack_update
from handlers.kit.subjects import command_scope, resolves
from handlers.meetings.subjects import button_occurrence, form_occurrence, occurrence
from rendering.common import notice_modal
from rendering.meetings.ids import MeetingAction, MeetingBlock
from workflows.interaction import Interaction
from workflows.meetings import attendance as flows
from workflows.meetings.occurrences import OccurrenceSubject

MARKING = "mark attendance"


@resolves(button_occurrence, occurrence())
def check_in_clicked(
    ack: Ack, body: dict[str, Any], respond: Respond, interaction: Interaction, subject: OccurrenceSubject
) -> None:
    ack()
    # App Home has no reply channel: the refreshed tab shows the check-in (a refusal: the kit tells and redraws).
    from_home = (body.get("view") or {}).get("type") == "home"
    text = flows.check_in(interaction, subject, from_home=from_home)
    if text is not None and not from_home:
        respond(text=text, response_type="ephemeral", replace_original=False)


def show_attendance(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    """Facilitators see everyone's attendance (optionally one series by title); members see their own."""
    blocks = flows.attendance_blocks(interaction, command_scope(command), title_filter=" ".join(args))
    respond(blocks=[b.to_dict() for b in blocks], text="Attendance", response_type="ephemeral")


def open_mark(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    flows.open_mark_for_latest(interaction, command_scope(command), trigger_id=command["trigger_id"])


@resolves(button_occurrence, occurrence(MARKING))
def open_mark_from_button(ack: Ack, body: dict[str, Any], interaction: Interaction, subject: OccurrenceSubject) -> None:
    ack()
    flows.open_mark(interaction, subject, trigger_id=body["trigger_id"])


@resolves(form_occurrence, occurrence(MARKING))
def submit_mark(ack: Ack, view: dict[str, Any], interaction: Interaction, subject: OccurrenceSubject) -> None:
    present = forms.selected(view, MeetingBlock.ATTENDANCE_PEOPLE, MeetingAction.ATTENDANCE_PEOPLE)
    text = flows.mark(interaction, subject, present=present)
    ack_update(ack, notice_modal("Attendance saved", text))
