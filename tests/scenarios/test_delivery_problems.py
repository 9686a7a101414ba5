"""When Slack loses an answer or people cannot be messaged, the facilitator hears what happened and about whom."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from domain.pulses.lifecycle import create_pulse
from rendering.ids import DeliveryAction
from rendering.meetings.ids import MeetingAction, MeetingCallback
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import Member, Network
from tests.scenarios.meetings.steps import (
    FAC,
    HOME,
    MARIA,
    block_text,
    buttons_value,
    card_message,
    form_values,
    schedule,
)
from tests.scenarios.pulses.support import dm, job_context, set_up_network
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.factories.pulses import draft
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.meetings import send_due_reminders
from workflows.pulses import open_due_waves, send_pulse_reminders

HOSTILE = "<!here> Pat <https://evil.example|CDC>"
HOSTILE_SHOWN = "&lt;!here&gt; Pat &lt;https://evil.example|CDC&gt;"


def _rename(session_factory: SessionFactory, names: dict[str, str]) -> None:
    with session_factory.begin() as session:
        for member in session.scalars(select(Member).where(Member.user_id.in_(names))):
            member.display_name = names[member.user_id]


def _unreachable_people(slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> list[str]:
    """Two people on the roster whose accounts were deactivated: one named with mentions and a link."""
    slack.add_user("UPAT", deleted=True)
    network_with_roster(session_factory, clock.now(), extra=["UPAT", "UGONE"])
    _rename(session_factory, {"UPAT": HOSTILE, "UGONE": "Gone Person"})
    return ["UGONE", "UPAT"]


def _buttons(message: dict[str, Any], action_id: str) -> list[dict[str, Any]]:
    return [
        element
        for block in message.get("blocks", [])
        for element in [block.get("accessory") or {}, *block.get("elements", [])]
        if element.get("action_id") == action_id
    ]


def _told(slack: SlackStub, needle: str) -> list[str]:
    return [str(m["text"]) for m in slack.messages.get(slack.dm_channel(FAC), []) if needle in str(m["text"])]


def test_an_announcement_slack_never_confirmed_is_sent_again_on_request_and_becomes_the_live_card(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    slack.server_error_next("chat.postMessage", status=503)  # Slack's answer: it may or may not have posted

    schedule(peerbot, title="Budget review", date="2026-01-08")

    assert not slack.messages.get(HOME)
    (notice,) = slack.messages[slack.dm_channel(FAC)]
    assert "didn't confirm" in notice["text"] and f"<#{HOME}>" in notice["text"]
    (send_again,) = _buttons(notice, DeliveryAction.RESEND)
    peerbot.click(DeliveryAction.RESEND, str(send_again["value"]), user=MARIA, channel=slack.dm_channel(FAC))
    assert "Only the facilitator" in peerbot.last_response()["text"] and not slack.messages.get(HOME)

    peerbot.click(DeliveryAction.RESEND, str(send_again["value"]), user=FAC, channel=slack.dm_channel(FAC))
    assert peerbot.last_response()["text"] == "Sent again."
    card = card_message(peerbot)
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=MARIA, channel=HOME, message=card)
    assert "<@UMARIA>" in block_text(card_message(peerbot))  # the card's counts update again

    peerbot.click(DeliveryAction.RESEND, str(send_again["value"]), user=FAC, channel=slack.dm_channel(FAC))
    assert "didn't send it twice" in peerbot.last_response()["text"]
    assert len(slack.messages[HOME]) == 1


def test_an_announcement_whose_answer_was_lost_is_posted_once_and_the_facilitator_is_told(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    slack.lose_answer_next("chat.postMessage", when=lambda args: args.get("channel") == HOME)

    schedule(peerbot, title="Budget review", date="2026-01-08")

    assert len(slack.messages[HOME]) == 1  # not posted a second time
    assert len(_told(slack, "didn't confirm")) == 1


def test_cancelling_names_the_people_who_could_not_be_told(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    people = _unreachable_people(slack, session_factory, clock)
    schedule(peerbot, title="Budget review", date="2026-01-08")
    card = card_message(peerbot)
    for user in [MARIA, *people]:
        peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=user, channel=HOME, message=card)

    peerbot.command("cancel", user=FAC, channel=HOME, command="/meeting")
    cancel = _buttons(peerbot.last_response(), MeetingAction.MEETING_CANCEL_ONE)[0]
    peerbot.click(MeetingAction.MEETING_CANCEL_ONE, str(cancel["value"]), user=FAC, channel=HOME)

    (told,) = _told(slack, "could not be reached")
    assert f"2 could not be reached: Gone Person and {HOSTILE_SHOWN}" in told
    assert "<!here>" not in told and "Budget review" in told


def test_rescheduling_names_the_people_who_could_not_be_told(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    people = _unreachable_people(slack, session_factory, clock)
    schedule(peerbot, title="Budget review", date="2026-01-08")
    card = card_message(peerbot)
    for user in [MARIA, *people]:
        peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=user, channel=HOME, message=card)

    peerbot.command("edit", user=FAC, channel=HOME, command="/meeting")
    edit = _buttons(peerbot.last_response(), MeetingAction.MEETING_EDIT)[0]
    peerbot.click(MeetingAction.MEETING_EDIT, str(edit["value"]), user=FAC, channel=HOME)
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    peerbot.submit(view, form_values(title="Budget review", date="2026-01-08", time="16:00"), user=FAC)

    assert len(slack.messages[slack.dm_channel(MARIA)]) == 1
    (told,) = _told(slack, "could not be reached")
    assert f"2 could not be reached: Gone Person and {HOSTILE_SHOWN}" in told


def test_reminder_dms_name_the_people_they_could_not_reach(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    people = _unreachable_people(slack, session_factory, clock)
    schedule(peerbot, title="Budget review", date="2026-01-08", reminders=["60"])
    card = card_message(peerbot)
    for user in [MARIA, *people]:
        peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=user, channel=HOME, message=card)
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    ctx = RunContext(session_factory=session_factory, client=client, clock=clock, bot_user_id="UBOT")

    send_due_reminders(ctx)
    send_due_reminders(ctx)

    (told,) = _told(slack, "could not be reached")
    assert f"2 could not be reached: Gone Person and {HOSTILE_SHOWN}" in told


def _pulse(session_factory: SessionFactory, clock: FakeClock, **kwargs: object) -> None:
    with session_factory.begin() as session:
        network = session.scalars(select(Network)).one()
        create_pulse(session, network=network, draft=draft(now=clock.now(), **kwargs), by_user=FAC, now=clock.now())  # type: ignore[arg-type]


def test_pulse_invites_and_reminders_name_the_people_they_could_not_reach(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    slack.add_user("UPAT", deleted=True)
    set_up_network(session_factory, clock, {"UMARIA": ("TX", None), "UGONE": ("TX", None), "UPAT": ("OH", None)})
    _rename(session_factory, {"UPAT": HOSTILE, "UGONE": "Gone Person"})
    _pulse(session_factory, clock, days=5, reminders=1)
    ctx = job_context(slack, session_factory, clock)

    open_due_waves(ctx)
    (opened,) = [m["text"] for m in dm(slack, FAC) if "went to" in m["text"]]
    assert f"went to 1 of 3 people. 2 could not be reached: Gone Person and {HOSTILE_SHOWN}" in opened

    for _hour in range(5 * 24):
        clock.advance(timedelta(hours=1))
        send_pulse_reminders(ctx)
    (reminded,) = [m["text"] for m in dm(slack, FAC) if m["text"].startswith("Reminder 1")]
    assert f"2 could not be reached: Gone Person and {HOSTILE_SHOWN}" in reminded


@pytest.mark.parametrize("count", [25, 400])
def test_a_long_list_of_missed_people_ends_with_and_n_more(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, count: int
) -> None:
    roster = {f"UX{i:03d}": ("TX", None) for i in range(count)}  # never in the workspace: user_not_found
    set_up_network(session_factory, clock, {"UMARIA": ("TX", None), **roster})
    _pulse(session_factory, clock)

    open_due_waves(job_context(slack, session_factory, clock))

    (opened,) = [m["text"] for m in dm(slack, FAC) if "went to" in m["text"]]
    assert f"{count} could not be reached: Ux000, Ux001" in opened
    assert f"and {count - 20} more" in opened and "Ux024" not in opened
    assert len(opened) < 3000
