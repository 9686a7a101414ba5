"""Checking in during the meeting, facilitators marking in-person attendance, and the attendance report."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from rendering.meetings.ids import MeetingAction, MeetingBlock, MeetingCallback
from storage.db import SessionFactory
from storage.models import Attendance, Member
from tests.scenarios.meetings.steps import DEV, FAC, HOME, MARIA, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest

START = datetime(2026, 1, 8, 19, 0, tzinfo=UTC)  # 2 pm New York, one hour long


@pytest.fixture
def occurrence_id(peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock) -> str:
    network_with_roster(session_factory, clock.now())
    with session_factory.begin() as session:
        for member in session.scalars(select(Member)):
            member.state = {MARIA: "NY", DEV: "CO"}.get(member.user_id)
    schedule(peerbot, date="2026-01-08", reminders=["60"])
    return buttons_value(card_message(peerbot))


def _attendees(session_factory: SessionFactory) -> set[str]:
    with session_factory.begin() as session:
        return set(session.scalars(select(Attendance.user_id)))


def test_check_in_opens_15_minutes_before_and_closes_at_the_end(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock, occurrence_id: str
) -> None:
    clock.set(datetime(2026, 1, 8, 18, 40, tzinfo=UTC))
    peerbot.click(MeetingAction.MEETING_CHECK_IN, occurrence_id, user=MARIA, channel=HOME)
    assert "opens 15 minutes before" in peerbot.last_response()["text"]
    clock.set(datetime(2026, 1, 8, 18, 50, tzinfo=UTC))
    peerbot.click(MeetingAction.MEETING_CHECK_IN, occurrence_id, user=MARIA, channel=HOME)
    assert "You're checked in" in peerbot.last_response()["text"]
    peerbot.click(MeetingAction.MEETING_CHECK_IN, occurrence_id, user=MARIA, channel=HOME)
    assert "already checked in" in peerbot.last_response()["text"]
    clock.set(datetime(2026, 1, 8, 20, 0, tzinfo=UTC))
    peerbot.click(MeetingAction.MEETING_CHECK_IN, occurrence_id, user=DEV, channel=HOME)
    assert "check-in has closed" in peerbot.last_response()["text"]
    assert _attendees(session_factory) == {MARIA}


def test_facilitator_marks_in_person_attendance_from_the_roster(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock, occurrence_id: str
) -> None:
    clock.set(datetime(2026, 1, 8, 19, 5, tzinfo=UTC))
    peerbot.click(MeetingAction.MEETING_CHECK_IN, occurrence_id, user=MARIA, channel=HOME)
    clock.set(datetime(2026, 1, 8, 21, 0, tzinfo=UTC))
    peerbot.command("mark", user=FAC, channel=HOME, command="/meeting")
    modal = peerbot.opened_view(MeetingCallback.ATTENDANCE_MARK)
    element = next(b for b in modal["blocks"] if b.get("block_id") == MeetingBlock.ATTENDANCE_PEOPLE)["element"]
    assert {o["value"] for o in element["options"]} == {FAC, MARIA, DEV}
    assert [o["value"] for o in element["initial_options"]] == [MARIA]
    dev = next(o for o in element["options"] if o["value"] == DEV)
    maria = next(o for o in element["options"] if o["value"] == MARIA)
    response = peerbot.submit(
        modal,
        {
            MeetingBlock.ATTENDANCE_PEOPLE: {
                MeetingAction.ATTENDANCE_PEOPLE: {"type": "multi_static_select", "selected_options": [maria, dev]}
            }
        },
        user=FAC,
    )
    assert "Saved: 2 present" in str(response.json())
    assert _attendees(session_factory) == {MARIA, DEV}


def test_facilitator_sees_attendance_by_meeting_and_state_with_the_rate(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock, occurrence_id: str
) -> None:
    clock.set(datetime(2026, 1, 8, 19, 5, tzinfo=UTC))
    for user in (MARIA, DEV):
        peerbot.click(MeetingAction.MEETING_CHECK_IN, occurrence_id, user=user, channel=HOME)
    clock.set(datetime(2026, 1, 9, 12, 0, tzinfo=UTC))
    peerbot.command("attendance", user=FAC, channel=HOME, command="/meeting")
    text = str(peerbot.last_response()["blocks"])
    assert "2 attendances · roster of 3 · attendance rate *67%*" in text
    assert "By state: Colorado: 1, New York: 1" in text
    assert "<@UMARIA>" in text and "<@UDEV>" in text
    peerbot.command("attendance no such series", user=FAC, channel=HOME, command="/meeting")
    assert "No meetings" in str(peerbot.last_response()["blocks"])


def test_member_sees_only_their_own_record(peerbot: PeerbotUnderTest, clock: FakeClock, occurrence_id: str) -> None:
    clock.set(datetime(2026, 1, 8, 19, 5, tzinfo=UTC))
    peerbot.click(MeetingAction.MEETING_CHECK_IN, occurrence_id, user=MARIA, channel=HOME)
    clock.set(datetime(2026, 1, 9, 12, 0, tzinfo=UTC))
    peerbot.command("attendance", user=DEV, channel=HOME, command="/meeting")
    text = str(peerbot.last_response()["blocks"])
    assert "0 of the last 1 meetings" in text and "UMARIA" not in text


def test_member_cannot_mark_attendance(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, occurrence_id: str
) -> None:
    clock.set(datetime(2026, 1, 8, 21, 0, tzinfo=UTC))
    peerbot.command("mark", user=MARIA, channel=HOME, command="/meeting")
    assert "Only facilitators" in peerbot.last_response()["text"]
    peerbot.click(MeetingAction.ATTENDANCE_OPEN_MARK, occurrence_id, user=MARIA, channel=HOME)
    assert "Only facilitators" in peerbot.last_response()["text"]
    assert not [v for v in slack.views.values() if v.get("callback_id") == MeetingCallback.ATTENDANCE_MARK]


def test_app_home_offers_check_in_during_the_meeting(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    occurrence_id: str,
) -> None:
    peerbot.event({"type": "app_home_opened", "user": MARIA, "tab": "home"})
    assert MeetingAction.MEETING_CHECK_IN not in str(slack.home_views[MARIA]["blocks"])  # not open yet
    clock.set(datetime(2026, 1, 8, 18, 50, tzinfo=UTC))
    peerbot.event({"type": "app_home_opened", "user": MARIA, "tab": "home"})
    home = slack.home_views[MARIA]
    assert MeetingAction.MEETING_CHECK_IN in str(home["blocks"])
    peerbot.click(MeetingAction.MEETING_CHECK_IN, occurrence_id, user=MARIA, view=home)
    assert _attendees(session_factory) == {MARIA}
    peerbot.advance(1)  # Home refreshes coalesce: at most one publish a second per person
    assert "You're checked in" in str(slack.home_views[MARIA]["blocks"])
