"""RSVP and check-in buttons on meeting announcements and reminders."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.meetings import rsvp, series
from handlers.kit.deps import Deps
from rendering.ids import MeetingAction
from rendering.meetings.messages import rsvp_confirmation
from rendering.payloads import OccurrenceButton
from storage.changes import Change, record
from storage.models import RsvpAnswer

CHOICES = {
    MeetingAction.RSVP_GOING: RsvpAnswer.GOING,
    MeetingAction.RSVP_MAYBE: RsvpAnswer.MAYBE,
    MeetingAction.RSVP_NO: RsvpAnswer.NO,
}


def rsvp_clicked(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    ack()
    choice = CHOICES[MeetingAction(action["action_id"])]
    with deps.session_factory.begin() as session:
        meeting, occurrence = series.load_occurrence(
            session,
            occurrence_id=OccurrenceButton.from_value(action.get("value")).id,
            network_team_id=body["team"]["id"],
            user_id=body["user"]["id"],
        )
        rsvp.answer(session, occurrence=occurrence, user_id=body["user"]["id"], choice=choice, now=deps.now())
        record(
            session, Change.occurrence_rsvps(occurrence.id), Change.user_home(body["team"]["id"], body["user"]["id"])
        )
        text = rsvp_confirmation(meeting, occurrence, choice)
    if (body.get("view") or {}).get("type") != "home":  # Home has no reply channel: its refresh shows the answer
        respond(text=text, response_type="ephemeral", replace_original=False)
