"""Steps shared by the calendar scenarios: the invites people got, read back with icalendar."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar, Event
from slack_sdk import WebClient

from rendering.calendar.ids import CalendarBlock
from slackio.client import build_web_client
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from workflows.context import RunContext


def invites_to(slack: SlackStub, user: str) -> list[tuple[Calendar, dict[str, Any]]]:
    """Every .ics uploaded into the person's DM, parsed, with its upload record (comment, file name)."""
    return [
        (Calendar.from_ical(u["content"]), u)
        for u in slack.uploads
        if u["channel_id"] == slack.dm_channel(user) and str(u["filename"]).endswith(".ics")
    ]


def events(calendar: Calendar) -> list[Event]:
    return list(calendar.walk("VEVENT"))


def calendar_row(message: dict[str, Any], block_id: str = CalendarBlock.CALENDAR_BUTTONS) -> list[dict[str, Any]]:
    for block in message.get("blocks", []):
        if block.get("block_id") == block_id:
            return list(block["elements"])
    raise AssertionError(f"no {block_id} row in {message.get('blocks')}")


def job_context(slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> RunContext:
    client: WebClient = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    return RunContext(session_factory=session_factory, client=client, clock=clock, bot_user_id="UBOT")
