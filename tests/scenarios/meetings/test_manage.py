"""Listing, editing/rescheduling and cancelling meetings; past meetings are kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from rendering.meetings.ids import MeetingAction, MeetingCallback
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import Occurrence, OccurrenceStatus
from tests.scenarios.meetings.steps import (
    DEV,
    FAC,
    HOME,
    MARIA,
    block_text,
    buttons_value,
    card_message,
    form_values,
    schedule,
)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.meetings import send_due_reminders


@pytest.fixture
def weekly(peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock) -> dict[str, object]:
    network_with_roster(session_factory, clock.now())
    schedule(peerbot, title="Weekly check-in", date="2026-01-08", recurrence="weekly", count="3", reminders=["60"])
    card = card_message(peerbot)
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=MARIA, channel=HOME, message=card)
    peerbot.click(MeetingAction.RSVP_NO, buttons_value(card), user=DEV, channel=HOME, message=card)
    return card


def _occurrences(session_factory: SessionFactory) -> list[Occurrence]:
    with session_factory.begin() as session:
        return list(session.scalars(select(Occurrence).order_by(Occurrence.sequence)))


def _ctx(slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> RunContext:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    return RunContext(session_factory=session_factory, client=client, clock=clock, bot_user_id="UBOT")


def _buttons(response: dict[str, object], action_id: str) -> list[dict[str, object]]:
    found = []
    for block in response.get("blocks", []):  # type: ignore[attr-defined]
        for element in [block.get("accessory") or {}, *block.get("elements", [])]:
            if element.get("action_id") == action_id:
                found.append(element)
    return found


def test_member_lists_upcoming_meetings_with_their_answer(peerbot: PeerbotUnderTest, weekly: dict[str, object]) -> None:
    peerbot.command("list", user=MARIA, channel=HOME, command="/meeting")
    text = str(peerbot.last_response()["blocks"])
    assert text.count("Weekly check-in") == 3
    assert text.count("you said *Going*") == 1 and text.count("you haven't answered") == 2


def test_facilitator_reschedules_a_series_and_rsvps_and_reminders_move_with_it(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    weekly: dict[str, object],
) -> None:
    peerbot.command("edit", user=FAC, channel=HOME, command="/meeting")
    [edit] = _buttons(peerbot.last_response(), MeetingAction.MEETING_EDIT)
    peerbot.click(MeetingAction.MEETING_EDIT, str(edit["value"]), user=FAC, channel=HOME)
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    assert "Weekly check-in" in str(view["blocks"])
    response = peerbot.submit(
        view,
        form_values(
            title="Weekly check-in", date="2026-01-08", time="16:00", recurrence="weekly", count="3", reminders=["60"]
        ),
        user=FAC,
    )
    assert response.json()["response_action"] == "update"
    starts = [o.start_utc for o in _occurrences(session_factory)]
    assert starts[0] == datetime(2026, 1, 8, 21, 0, tzinfo=UTC)
    peerbot.advance(seconds=1)  # the card was refreshed for the RSVP a moment ago: one update a second
    assert "1767906000" in block_text(card_message(peerbot))  # the card shows the new time
    peerbot.command("list", user=MARIA, channel=HOME, command="/meeting")
    assert "you said *Going*" in str(peerbot.last_response()["blocks"])
    maria_dms = slack.messages[slack.dm_channel(MARIA)]
    assert len(maria_dms) == 1 and "has moved to <!date^1767906000^" in maria_dms[0]["text"]
    assert not slack.messages.get(slack.dm_channel(DEV))  # said they couldn't come
    ctx = _ctx(slack, session_factory, clock)
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))  # the old reminder time
    send_due_reminders(ctx)
    assert len(slack.messages[slack.dm_channel(MARIA)]) == 1
    clock.set(datetime(2026, 1, 8, 20, 0, tzinfo=UTC))
    send_due_reminders(ctx)
    assert slack.messages[slack.dm_channel(MARIA)][-1]["text"].startswith("Reminder:")


def test_cancelling_one_meeting_tells_those_coming_and_drops_its_reminders(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    weekly: dict[str, object],
) -> None:
    peerbot.command("cancel", user=FAC, channel=HOME, command="/meeting")
    first_cancel = _buttons(peerbot.last_response(), MeetingAction.MEETING_CANCEL_ONE)[0]
    peerbot.click(MeetingAction.MEETING_CANCEL_ONE, str(first_cancel["value"]), user=FAC, channel=HOME)
    assert "has been cancelled" in peerbot.last_response()["text"]
    statuses = [o.status for o in _occurrences(session_factory)]
    assert statuses == [OccurrenceStatus.CANCELLED, OccurrenceStatus.SCHEDULED, OccurrenceStatus.SCHEDULED]
    maria_dms = slack.messages[slack.dm_channel(MARIA)]
    assert len(maria_dms) == 1 and "cancelled" in maria_dms[0]["text"]
    assert not slack.messages.get(slack.dm_channel(DEV))  # said they couldn't come
    peerbot.advance(seconds=1)  # the card's coalesced refresh
    assert "Cancelled: Weekly check-in" in str(slack.messages[HOME][0]["blocks"])  # the card, updated in place
    clock.set(datetime(2026, 1, 8, 18, 30, tzinfo=UTC))
    send_due_reminders(_ctx(slack, session_factory, clock))
    assert len(slack.messages[slack.dm_channel(MARIA)]) == 1
    first_id = str(_occurrences(session_factory)[0].id)  # a stale button someone still has on screen
    peerbot.click(MeetingAction.RSVP_MAYBE, first_id, user=DEV, channel=HOME)
    assert "was cancelled" in peerbot.last_response()["text"]


def test_cancelling_the_series_keeps_past_meetings(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    weekly: dict[str, object],
) -> None:
    clock.set(datetime(2026, 1, 10, 12, 0, tzinfo=UTC))  # the first meeting has happened
    peerbot.command("cancel", user=FAC, channel=HOME, command="/meeting")
    series = _buttons(peerbot.last_response(), MeetingAction.MEETING_CANCEL_SERIES)[0]
    peerbot.click(MeetingAction.MEETING_CANCEL_SERIES, str(series["value"]), user=FAC, channel=HOME)
    assert "series has been cancelled (2 upcoming meetings)" in peerbot.last_response()["text"]
    statuses = [o.status for o in _occurrences(session_factory)]
    assert statuses == [OccurrenceStatus.SCHEDULED, OccurrenceStatus.CANCELLED, OccurrenceStatus.CANCELLED]
    peerbot.command("list", user=MARIA, channel=HOME, command="/meeting")
    assert "No meetings" in str(peerbot.last_response()["blocks"])


def test_member_cannot_cancel_a_meeting(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, weekly: dict[str, object]
) -> None:
    peerbot.command("cancel", user=MARIA, channel=HOME, command="/meeting")
    assert "Only facilitators" in peerbot.last_response()["text"]
    occurrence_id = _occurrences(session_factory)[0].id
    peerbot.click(MeetingAction.MEETING_CANCEL_ONE, str(occurrence_id), user=MARIA, channel=HOME)
    assert "Only facilitators" in peerbot.last_response()["text"]
    assert all(o.status == OccurrenceStatus.SCHEDULED for o in _occurrences(session_factory))
