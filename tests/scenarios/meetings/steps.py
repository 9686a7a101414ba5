"""Steps shared by the meeting scenarios: a network with a roster, and scheduling through the modal."""

from __future__ import annotations

from typing import Any

from rendering.meetings.ids import MeetingAction, MeetingBlock, MeetingCallback
from tests.support.constants import HOME
from tests.support.harness import PeerbotUnderTest
from tests.support.payloads import select_value, text_value

FAC, MARIA, DEV = "UFAC", "UMARIA", "UDEV"


def form_values(**changes: Any) -> dict[str, dict[str, Any]]:
    """Modal state for a meeting; keyword arguments override fields (None clears one)."""
    fields: dict[str, Any] = {
        "title": "Monthly peer call",
        "date": "2026-01-06",
        "time": "14:00",
        "duration": "60",
        "recurrence": "none",
        "interval": None,
        "end_date": None,
        "count": None,
        "link": "https://meet.example.org/equity",
        "place": None,
        "channel": HOME,
        "reminders": ["10080", "1440", "60"],
    }
    fields.update(changes)
    reminders = fields["reminders"]
    return {
        MeetingBlock.MEETING_TITLE: {MeetingAction.MEETING_TITLE: text_value(fields["title"])},
        MeetingBlock.MEETING_DATE: {
            MeetingAction.MEETING_DATE: {"type": "datepicker", "selected_date": fields["date"]}
        },
        MeetingBlock.MEETING_TIME: {
            MeetingAction.MEETING_TIME: {"type": "timepicker", "selected_time": fields["time"]}
        },
        MeetingBlock.MEETING_DURATION: {MeetingAction.MEETING_DURATION: select_value(fields["duration"])},
        MeetingBlock.MEETING_RECURRENCE: {MeetingAction.MEETING_RECURRENCE: select_value(fields["recurrence"])},
        MeetingBlock.MEETING_INTERVAL: {MeetingAction.MEETING_INTERVAL: select_value(fields["interval"])},
        MeetingBlock.MEETING_END_DATE: {
            MeetingAction.MEETING_END_DATE: {"type": "datepicker", "selected_date": fields["end_date"]}
        },
        MeetingBlock.MEETING_COUNT: {MeetingAction.MEETING_COUNT: text_value(fields["count"])},
        MeetingBlock.MEETING_LINK: {MeetingAction.MEETING_LINK: text_value(fields["link"])},
        MeetingBlock.MEETING_PLACE: {MeetingAction.MEETING_PLACE: text_value(fields["place"])},
        MeetingBlock.MEETING_CHANNEL: {
            MeetingAction.MEETING_CHANNEL: {"type": "conversations_select", "selected_conversation": fields["channel"]}
        },
        MeetingBlock.MEETING_REMINDERS: {
            MeetingAction.MEETING_REMINDERS: {
                "type": "multi_static_select",
                "selected_options": [{"text": {"type": "plain_text", "text": r}, "value": r} for r in reminders],
            }
        },
    }


def schedule(peerbot: PeerbotUnderTest, **changes: Any) -> Any:
    """Open /meeting as the facilitator and submit the modal; returns the HTTP response of the submission."""
    peerbot.command("", user=FAC, channel=HOME, command="/meeting")
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    return peerbot.submit(view, form_values(**changes), user=FAC)


def card_message(peerbot: PeerbotUnderTest, channel: str = HOME) -> dict[str, Any]:
    """The meeting announcement in the channel (the first message with RSVP buttons)."""
    for message in peerbot.stub.messages.get(channel, []):
        if any(b.get("block_id") == MeetingBlock.MEETING_BUTTONS for b in message.get("blocks", [])):
            return message
    raise AssertionError(f"no meeting card in {channel}: {peerbot.stub.messages.get(channel)}")


def buttons_value(message: dict[str, Any]) -> str:
    for block in message["blocks"]:
        if block.get("block_id") == MeetingBlock.MEETING_BUTTONS:
            return str(block["elements"][0]["value"])
    raise AssertionError("no RSVP buttons")


def block_text(message: dict[str, Any]) -> str:
    parts = [message.get("text") or ""]
    for block in message.get("blocks", []):
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(text.get("text", ""))
        for element in block.get("elements", []) if block.get("type") == "context" else []:
            parts.append(element.get("text", ""))
    return "\n".join(parts)
