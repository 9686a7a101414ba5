"""Add to calendar: from the announcement, a reminder and Home; updates and cancellations that follow."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from rendering.calendar.ids import CalendarAction
from rendering.meetings.ids import MeetingAction, MeetingCallback
from storage.db import SessionFactory
from storage.models import Occurrence
from tests.scenarios.calendar.support import calendar_row, events, invites_to, job_context
from tests.scenarios.meetings.steps import DEV, FAC, HOME, MARIA, buttons_value, card_message, form_values, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest
from workflows import calendar
from workflows.deliveries import resume_deliveries
from workflows.meetings import send_due_reminders


@pytest.fixture
def weekly(peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock) -> dict[str, Any]:
    network_with_roster(session_factory, clock.now())
    schedule(peerbot, title="Weekly check-in", date="2026-01-08", recurrence="weekly", count="3", reminders=["60"])
    card = card_message(peerbot)
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=MARIA, channel=HOME, message=card)
    peerbot.click(MeetingAction.RSVP_NO, buttons_value(card), user=DEV, channel=HOME, message=card)
    return card


def _buttons(response: dict[str, Any], action_id: str) -> list[dict[str, Any]]:
    return [
        element
        for block in response.get("blocks", [])
        for element in [block.get("accessory") or {}, *block.get("elements", [])]
        if element.get("action_id") == action_id
    ]


def test_announcement_offers_the_invite_and_google_and_outlook_links_for_that_meeting(
    peerbot: PeerbotUnderTest, weekly: dict[str, Any]
) -> None:
    add, google, outlook = calendar_row(card_message(peerbot))
    assert add["text"]["text"] == "Add to calendar" and add["action_id"] == CalendarAction.ADD_TO_CALENDAR
    # Jan 8, 2 pm in New York is 19:00 UTC
    assert parse_qs(urlsplit(google["url"]).query)["dates"] == ["20260108T190000Z/20260108T200000Z"]
    assert parse_qs(urlsplit(outlook["url"]).query)["startdt"] == ["2026-01-08T19:00:00Z"]
    assert "Equity Learning" in parse_qs(urlsplit(google["url"]).query)["details"][0]


def test_add_to_calendar_puts_the_series_invite_in_the_persons_dm(
    peerbot: PeerbotUnderTest, slack: SlackStub, weekly: dict[str, Any]
) -> None:
    (add, _, _) = calendar_row(weekly)
    peerbot.click(CalendarAction.ADD_TO_CALENDAR, add["value"], user=DEV, channel=HOME, message=weekly)
    assert "in our DM" in peerbot.last_response()["text"]
    ((invite, upload),) = invites_to(slack, DEV)
    assert upload["filename"] == "weekly-check-in.ics" and "add the meeting" in upload["initial_comment"]
    assert str(invite["method"]) == "PUBLISH"
    (event,) = events(invite)
    assert str(event["summary"]) == "Weekly check-in" and "COUNT" not in event["rrule"]
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event.decoded("dtstart").hour == 14
    assert str(event["location"]) == "https://meet.example.org/equity" and int(event["sequence"]) == 0
    assert "A meeting of Equity Learning." in str(event["description"])


def test_someone_outside_the_network_gets_no_invite(
    peerbot: PeerbotUnderTest, slack: SlackStub, weekly: dict[str, Any]
) -> None:
    slack.add_user("UOUT", name="out")
    (add, _, _) = calendar_row(weekly)
    peerbot.click(CalendarAction.ADD_TO_CALENDAR, add["value"], user="UOUT", channel="COUT")
    assert "not on the roster" in peerbot.last_response()["text"]
    assert not slack.uploads


def test_reschedule_and_cancel_send_those_coming_the_same_uid_with_a_higher_sequence_once(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    weekly: dict[str, Any],
) -> None:
    peerbot.command("edit", user=FAC, channel=HOME, command="/meeting")
    [edit] = _buttons(peerbot.last_response(), MeetingAction.MEETING_EDIT)
    peerbot.click(MeetingAction.MEETING_EDIT, str(edit["value"]), user=FAC, channel=HOME)
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    changes = form_values(
        title="Weekly check-in", date="2026-01-08", time="16:00", recurrence="weekly", count="3", reminders=["60"]
    )
    peerbot.submit(view, changes, user=FAC)
    ((moved, upload),) = invites_to(slack, MARIA)
    assert not invites_to(slack, DEV)  # said they couldn't come
    assert "changed" in upload["initial_comment"]
    (event,) = events(moved)
    assert event.decoded("dtstart").hour == 16 and int(event["sequence"]) == 1

    peerbot.command("cancel", user=FAC, channel=HOME, command="/meeting")
    first = _buttons(peerbot.last_response(), MeetingAction.MEETING_CANCEL_ONE)[0]
    peerbot.click(MeetingAction.MEETING_CANCEL_ONE, str(first["value"]), user=FAC, channel=HOME)
    (_, (cancelled, _)) = invites_to(slack, MARIA)
    assert str(cancelled["method"]) == "CANCEL"
    (gone,) = events(cancelled)
    assert str(gone["uid"]) == str(event["uid"]) and int(gone["sequence"]) == 2
    assert gone.decoded("recurrence-id").astimezone(UTC) == datetime(2026, 1, 8, 21, 0, tzinfo=UTC)

    ctx = job_context(slack, session_factory, clock)
    with session_factory.begin() as session:
        meeting_id = session.scalars(select(Occurrence.meeting_id)).first()
    assert meeting_id is not None
    calendar.send_updated_invites(ctx, meeting_id=meeting_id, people={MARIA}, owner=FAC, cancelled=[1])
    resume_deliveries(ctx)  # a restarted clock finishing what was left: nothing was
    assert len(invites_to(slack, MARIA)) == 2  # this version was already in her DM


def test_reminders_carry_the_calendar_buttons(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    weekly: dict[str, Any],
) -> None:
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    send_due_reminders(job_context(slack, session_factory, clock))
    reminder = slack.messages[slack.dm_channel(MARIA)][-1]
    assert reminder["text"].startswith("Reminder:")
    assert [e["text"]["text"] for e in calendar_row(reminder)] == ["Add to calendar", "Google Calendar", "Outlook"]


def test_home_entries_offer_add_to_calendar(
    peerbot: PeerbotUnderTest, slack: SlackStub, weekly: dict[str, Any]
) -> None:
    peerbot.event({"type": "app_home_opened", "user": MARIA, "channel": "DMARIA", "tab": "home"})
    peerbot.advance(1)  # her RSVP a moment ago refreshed Home: one publish a second
    home = slack.home_views[MARIA]
    rows = [b for b in home["blocks"] if str(b.get("block_id", "")).startswith("home_calendar_")]
    assert len(rows) == 3
    add = rows[0]["elements"][0]
    peerbot.click(CalendarAction.ADD_TO_CALENDAR, add["value"], user=MARIA, view=home)
    assert len(invites_to(slack, MARIA)) == 1


def _edit(peerbot: PeerbotUnderTest, **changes: Any) -> None:
    peerbot.command("edit", user=FAC, channel=HOME, command="/meeting")
    [edit] = _buttons(peerbot.last_response(), MeetingAction.MEETING_EDIT)
    peerbot.click(MeetingAction.MEETING_EDIT, str(edit["value"]), user=FAC, channel=HOME)
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    fields = {"title": "Weekly check-in", "date": "2026-01-08", "recurrence": "weekly", "count": "3", **changes}
    peerbot.submit(view, form_values(**fields), user=FAC)


def test_an_edit_a_calendar_shows_updates_the_invite_and_one_it_doesnt_sends_nothing(
    peerbot: PeerbotUnderTest, slack: SlackStub, weekly: dict[str, Any]
) -> None:
    _edit(peerbot, reminders=["1440"])  # reminders aren't in anyone's calendar
    assert not invites_to(slack, MARIA)
    _edit(peerbot, reminders=["60"], place="Room 4 & annex")
    ((update, _),) = invites_to(slack, MARIA)  # nothing moved, but her calendar shows the place
    (event,) = events(update)
    assert str(event["location"]) == "Room 4 & annex" and int(event["sequence"]) == 1
