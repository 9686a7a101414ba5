"""RSVP buttons on meeting announcements, reminders and the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from domain.meetings.rsvp import RsvpAnswer
from handlers.kit.subjects import resolves
from handlers.meetings.subjects import button_occurrence, occurrence
from rendering.meetings.ids import MeetingAction
from workflows.interaction import Interaction
from workflows.meetings.occurrences import OccurrenceSubject
from workflows.meetings.rsvp import answer_rsvp

CHOICES = {
    MeetingAction.RSVP_GOING: RsvpAnswer.GOING,
    MeetingAction.RSVP_MAYBE: RsvpAnswer.MAYBE,
    MeetingAction.RSVP_NO: RsvpAnswer.NO,
}


@resolves(button_occurrence, occurrence())
def rsvp_clicked(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    interaction: Interaction,
    subject: OccurrenceSubject,
) -> None:
    ack()
    text = answer_rsvp(interaction, subject, choice=CHOICES[MeetingAction(action["action_id"])])
    if (body.get("view") or {}).get("type") != "home":  # Home has no reply channel: its refresh shows the answer
        respond(text=text, response_type="ephemeral", replace_original=False)
