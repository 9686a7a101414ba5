"""Messages Slack never confirmed: the organiser gets one notice per fan-out naming who, with one "Send again"
for all of them, checked again (every id, the person's role) when it is clicked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from rendering.deliveries import RESEND_MAX, ResendButton
from rendering.ids import DeliveryAction
from rendering.meetings.ids import MeetingAction
from rendering.payloads import StalePayload
from slackio.client import build_web_client
from storage import deliveries
from storage.db import SessionFactory
from storage.models import DeliveryStatus
from tests.scenarios.meetings.steps import DEV, FAC, HOME, MARIA, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.deliveries import resume_deliveries
from workflows.meetings import send_due_reminders

LOST = ("UANA", "UBEN", MARIA)


def _reminders(slack: SlackStub, user: str) -> list[dict[str, Any]]:
    return [m for m in slack.messages.get(slack.dm_channel(user), []) if str(m.get("text", "")).startswith("Reminder")]


def _notices(slack: SlackStub) -> list[dict[str, Any]]:
    return [m for m in slack.messages.get(slack.dm_channel(FAC), []) if "didn't confirm" in str(m.get("text"))]


def _send_again(notice: dict[str, Any]) -> str:
    (button,) = [e for b in notice["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == DeliveryAction.RESEND and button["text"]["text"] == "Send again"
    return str(button["value"])


@pytest.fixture
def lost_reminders(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> dict[str, Any]:
    """A reminder fan-out to five people of which three answers were lost (posted, never confirmed)."""
    for user in ("UANA", "UBEN"):
        slack.add_user(user)
    network_with_roster(session_factory, clock.now(), extra=["UANA", "UBEN"])
    schedule(peerbot, title="Budget review", date="2026-01-08", reminders=["60"])  # 19:00 UTC
    for user in (MARIA, DEV, "UANA", "UBEN", FAC):
        peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card_message(peerbot)), user=user, channel=HOME)
    slack.lose_answer_next("chat.postMessage", times=3, when=lambda args: args.get("channel") in LOST)
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    send_due_reminders(RunContext(session_factory, client, clock, "UBOT"))
    (notice,) = _notices(slack)
    return notice


def test_a_fan_outs_unconfirmed_messages_come_in_one_notice_naming_each_person(
    slack: SlackStub, lost_reminders: dict[str, Any]
) -> None:
    text = str(lost_reminders["text"])
    assert "these 3" in text and all(name in text for name in ("Maria", "uana", "uben"))
    assert "Dev" not in text and "Fran" not in text  # confirmed: not named
    assert ResendButton.from_value(_send_again(lost_reminders)).delivery_ids.__len__() == 3
    assert all(len(_reminders(slack, user)) == 1 for user in (*LOST, DEV)), "each posted once, none repeated"


def test_send_again_sends_each_unconfirmed_message_once_for_the_organiser_only(
    peerbot: PeerbotUnderTest, slack: SlackStub, lost_reminders: dict[str, Any]
) -> None:
    value = _send_again(lost_reminders)

    peerbot.click(DeliveryAction.RESEND, value, user=DEV, channel=slack.dm_channel(DEV))
    assert "Only the facilitator" in peerbot.last_response()["text"]
    assert all(len(_reminders(slack, user)) == 1 for user in LOST)

    peerbot.click(DeliveryAction.RESEND, value, user=FAC, channel=slack.dm_channel(FAC))
    assert peerbot.last_response()["text"] == "Sent again: 3."
    assert all(len(_reminders(slack, user)) == 2 for user in LOST)
    assert len(_reminders(slack, DEV)) == 1

    peerbot.click(DeliveryAction.RESEND, value, user=FAC, channel=slack.dm_channel(FAC))
    assert "3 already sent again" in peerbot.last_response()["text"]
    assert all(len(_reminders(slack, user)) == 2 for user in LOST)


def test_a_send_again_value_naming_other_ids_sends_only_what_the_organiser_may(
    peerbot: PeerbotUnderTest, slack: SlackStub, lost_reminders: dict[str, Any]
) -> None:
    ids = ResendButton.from_value(_send_again(lost_reminders)).delivery_ids
    forged = json.dumps({"d": [ids[0], 987654321]})

    peerbot.click(DeliveryAction.RESEND, forged, user=FAC, channel=slack.dm_channel(FAC))

    assert peerbot.last_response()["text"] == "Sent again: 1. 1 can no longer be found."
    assert sorted(len(_reminders(slack, user)) for user in LOST) == [1, 1, 2]


@pytest.mark.parametrize(
    "value",
    [
        '{"d": []}',
        '{"d": [0]}',
        '{"d": [1, 1]}',
        '{"d": ["x"]}',
        "[1]",
        "not json",
        json.dumps({"d": list(range(1, 200))}),
    ],
)
def test_a_tampered_send_again_value_is_out_of_date_and_sends_nothing(
    peerbot: PeerbotUnderTest, slack: SlackStub, lost_reminders: dict[str, Any], value: str
) -> None:
    with pytest.raises(StalePayload):
        ResendButton.from_value(value)
    before = len(slack.calls_to("chat.postMessage"))

    peerbot.click(DeliveryAction.RESEND, value, user=FAC, channel=slack.dm_channel(FAC))

    assert "out of date" in peerbot.last_response()["text"]
    assert len(slack.calls_to("chat.postMessage")) == before


def test_a_send_again_button_fits_slacks_value_limit_at_its_largest() -> None:
    assert len(ResendButton(tuple(range(2**62, 2**62 + RESEND_MAX))).to_value()) <= 2000


def test_a_sender_that_died_before_telling_leaves_the_notice_to_the_next_safety_net_pass(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    for user in ("UANA", "UBEN"):
        slack.add_user(user)
    network_id = network_with_roster(session_factory, clock.now(), extra=["UANA", "UBEN"])
    with session_factory.begin() as session:
        for user in ("UANA", "UBEN"):  # what a worker killed right after its fan-out left: unknown, nobody told
            key = f"pulse:7:invite:{user}"
            deliveries.claim(
                session,
                team_id="T0001",
                network_id=network_id,
                key=key,
                kind="pulse_invite",
                channel=user,
                now=clock.now(),
                owner=FAC,
                payload='{"text": "A pulse", "blocks": null}',
            )
            deliveries.finish(session, key=key, status=DeliveryStatus.UNKNOWN, now=clock.now(), error="ReadTimeout")
    ctx = RunContext(
        session_factory, build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock), clock, None
    )

    resume_deliveries(ctx)
    assert _notices(slack) == [], "a fan-out still running tells about itself first"
    clock.advance(timedelta(minutes=3))
    resume_deliveries(ctx)
    resume_deliveries(ctx)

    (notice,) = _notices(slack)
    assert "pulse invitation" in notice["text"] and "uana" in notice["text"] and "uben" in notice["text"]
    assert len(ResendButton.from_value(_send_again(notice)).delivery_ids) == 2
