"""The "Add to calendar" row under a meeting: the invite into your DM, and Google Calendar / Outlook links."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from domain.calendar.links import google_link, outlook_link
from rendering.calendar.ids import CalendarAction, CalendarBlock
from rendering.meetings.payloads import OccurrenceButton
from storage.models import Meeting, Occurrence

A_PEERBOT_NETWORK = "a peerbot network"


def calendar_buttons(
    meeting: Meeting, occurrence: Occurrence, *, network_name: str | None, block_id: str | None = None
) -> ActionsBlock:
    """Three buttons (well within an actions block's 25): the .ics of the whole series is put in the
    clicker's DM; the links add this one meeting to Google Calendar or Outlook on the web."""
    name = network_name or A_PEERBOT_NETWORK
    return ActionsBlock(
        block_id=block_id or CalendarBlock.CALENDAR_BUTTONS,
        elements=[
            ButtonElement(
                text="Add to calendar",
                action_id=CalendarAction.ADD_TO_CALENDAR,
                value=OccurrenceButton(occurrence.id).to_value(),
            ),
            ButtonElement(
                text="Google Calendar",
                action_id=CalendarAction.GOOGLE_LINK,
                url=google_link(meeting, occurrence, network_name=name),
            ),
            ButtonElement(
                text="Outlook",
                action_id=CalendarAction.OUTLOOK_LINK,
                url=outlook_link(meeting, occurrence, network_name=name),
            ),
        ],
    )
