"""Facilitators schedule meetings through the modal; bad input is refused inline and nothing is saved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from rendering.meetings.ids import MeetingBlock, MeetingCallback
from storage.db import SessionFactory
from storage.models import Meeting, Occurrence
from tests.scenarios.meetings.steps import FAC, HOME, MARIA, block_text, card_message, form_values, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest


@pytest.fixture
def network_id(session_factory: SessionFactory, clock: FakeClock) -> int:
    return network_with_roster(session_factory, clock.now())


def _count(session_factory: SessionFactory, model: type) -> int:
    with session_factory.begin() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_facilitator_schedules_a_monthly_series_and_it_is_announced(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, network_id: int
) -> None:
    response = schedule(peerbot, recurrence="monthly_weekday", count="6", place="Room 4, State House")
    assert response.status == 200 and response.json() == {"response_action": "clear"}
    card = card_message(peerbot)
    text = block_text(card)
    assert "Monthly peer call" in text and "Monthly on the first Tuesday" in text
    assert "<!date^1767726000^" in text  # 2026-01-06 14:00 New York = 19:00 UTC
    assert "Room 4, State House" in text and "https://meet.example.org/equity" in text
    assert "*Going:* 0" in text
    with session_factory.begin() as session:
        starts = session.scalars(select(Occurrence.start_utc).order_by(Occurrence.sequence)).all()
    assert len(starts) == 6
    assert starts[3] == datetime(2026, 4, 7, 18, 0, tzinfo=UTC)  # still 2 pm in New York after DST


def test_member_cannot_open_the_scheduling_modal(peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int) -> None:
    peerbot.command("new", user=MARIA, channel=HOME, command="/meeting")
    assert "Only facilitators" in peerbot.last_response()["text"]
    assert not slack.calls_to("views.open")


def test_member_typing_just_meeting_gets_help(peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int) -> None:
    peerbot.command("", user=MARIA, channel=HOME, command="/meeting")
    assert "/meeting list" in str(peerbot.last_response()["blocks"])
    assert not slack.calls_to("views.open")


@pytest.mark.parametrize(
    ("changes", "block", "words"),
    [
        ({"date": "2026-01-04"}, MeetingBlock.MEETING_DATE, "in the past"),
        ({"date": "2026-01-05", "time": "09:00"}, MeetingBlock.MEETING_TIME, "in the past"),
        ({"recurrence": "weekly", "end_date": "2026-01-01"}, MeetingBlock.MEETING_END_DATE, "end before"),
        ({"recurrence": "weekly", "count": "0"}, MeetingBlock.MEETING_COUNT, "at least one"),
        ({"link": "meet dot example"}, MeetingBlock.MEETING_LINK, "link"),
        ({"reminders": ["10", "30", "60", "120", "1440", "2880"]}, MeetingBlock.MEETING_REMINDERS, "at most 5"),
        ({"title": "  "}, MeetingBlock.MEETING_TITLE, "title"),
    ],
)
def test_bad_input_is_shown_on_the_right_field_and_nothing_is_saved(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    network_id: int,
    changes: dict[str, object],
    block: str,
    words: str,
) -> None:
    response = schedule(peerbot, **changes)
    body = response.json()
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == [block] and words in body["errors"][block]
    assert _count(session_factory, Meeting) == 0
    assert not slack.messages.get(HOME)


def test_a_channel_without_the_bot_is_refused_on_the_channel_field(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, network_id: int
) -> None:
    slack.add_channel("COUTSIDE", name="outside", members=[FAC], bot_is_member=False)
    body = schedule(peerbot, channel="COUTSIDE").json()
    assert body["response_action"] == "errors" and "/invite @peerbot" in body["errors"][MeetingBlock.MEETING_CHANNEL]
    assert _count(session_factory, Meeting) == 0


def test_the_modal_defaults_to_the_home_channel_and_three_reminders(
    peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int
) -> None:
    peerbot.command("new", user=FAC, channel=HOME, command="/meeting")
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks[MeetingBlock.MEETING_CHANNEL]["element"]["initial_conversation"] == HOME
    assert [o["value"] for o in blocks[MeetingBlock.MEETING_REMINDERS]["element"]["initial_options"]] == [
        "60",
        "1440",
        "10080",
    ]
    assert "America/New_York" in blocks[MeetingBlock.MEETING_TIME]["label"]["text"]


def test_meeting_help_lists_the_commands(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    response = peerbot.command("help", user=MARIA, channel=HOME, command="/meeting")
    assert "/meeting list" in response.text and "/meeting cancel" in response.text


def test_form_values_cover_every_input(peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int) -> None:
    peerbot.command("", user=FAC, channel=HOME, command="/meeting")
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    inputs = {b["block_id"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs == set(form_values())
