"""At-most-once delivery: a key is sent once, whoever races for it and however often it is retried."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select

from rendering.ids import DeliveryAction
from slackio.client import build_web_client
from slackio.delivery import Delivered, Message, Outcome, deliver_all, deliver_once
from storage import network as store
from storage.db import SessionFactory
from storage.models import Delivery, DeliveryStatus
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock


def _network_id(session_factory: SessionFactory) -> int:
    with session_factory.begin() as session:
        return store.add_network(
            session,
            team_id="T0001",
            channel_id="CHOME",
            name="N",
            timezone="UTC",
            created_by="UFAC",
            now=datetime(2026, 1, 1, tzinfo=UTC),
        ).id


def _send(
    session_factory: SessionFactory,
    slack: SlackStub,
    clock: FakeClock,
    network_id: int,
    *,
    key: str = "reminder:1:60:channel",
    channel: str = "CHOME",
) -> Delivered:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    return deliver_once(
        session_factory=session_factory,
        client=client,
        clock=clock,
        team_id="T0001",
        network_id=network_id,
        key=key,
        kind="reminder",
        channel=channel,
        text="Meeting in an hour",
    )


def test_the_same_key_is_sent_once(session_factory: SessionFactory, slack: SlackStub, clock: FakeClock) -> None:
    network_id = _network_id(session_factory)

    first = _send(session_factory, slack, clock, network_id)
    second = _send(session_factory, slack, clock, network_id)

    assert (first.outcome, second.outcome) == (Outcome.SENT, Outcome.DUPLICATE)
    assert len(slack.messages["CHOME"]) == 1
    with session_factory() as session:
        delivery = session.scalars(select(Delivery)).one()
    assert (delivery.status, delivery.message_ts) == (DeliveryStatus.SENT, first.message_ts)


def test_racing_senders_post_once(session_factory: SessionFactory, slack: SlackStub, clock: FakeClock) -> None:
    network_id = _network_id(session_factory)
    outcomes: list[Outcome] = []
    threads = [
        threading.Thread(target=lambda: outcomes.append(_send(session_factory, slack, clock, network_id).outcome))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted([Outcome.SENT] + [Outcome.DUPLICATE] * 5)
    assert len(slack.messages["CHOME"]) == 1


def test_an_unreachable_person_is_recorded_and_not_retried(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    network_id = _network_id(session_factory)

    result = _send(session_factory, slack, clock, network_id, key="reminder:1:60:dm:UOTHERBOT", channel="UOTHERBOT")

    assert (result.outcome, result.error) == (Outcome.UNREACHABLE, "cannot_dm_bot")
    with session_factory() as session:
        assert session.scalars(select(Delivery)).one().status == DeliveryStatus.FAILED
    again = _send(session_factory, slack, clock, network_id, key="reminder:1:60:dm:UOTHERBOT", channel="UOTHERBOT")
    assert again.outcome == Outcome.DUPLICATE


def test_a_direct_message_lands_in_the_persons_dm(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    network_id = _network_id(session_factory)
    result = _send(session_factory, slack, clock, network_id, key="k:dm:UMARIA", channel="UMARIA")
    assert result.outcome == Outcome.SENT and result.channel == slack.dm_channel("UMARIA")
    assert slack.messages[slack.dm_channel("UMARIA")][0]["text"] == "Meeting in an hour"


def test_a_fan_out_sends_each_key_once_and_reports_every_result(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    network_id = _network_id(session_factory)
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    people = ["UMARIA", "UDEV", "UFAC", "UOTHERBOT", "UMARIA"]  # Maria listed twice; one bot
    messages = [
        Message(
            team_id="T0001",
            network_id=network_id,
            key=f"pulse:1:invite:{user}",
            kind="pulse",
            channel=user,
            text="A new pulse",
        )
        for user in people
    ]
    seen: list[tuple[str, Outcome]] = []

    outcomes = deliver_all(
        messages,
        session_factory=session_factory,
        client=client,
        clock=clock,
        after=lambda message, result: seen.append((message.channel, result.outcome)),
    )

    assert outcomes == {Outcome.SENT: 3, Outcome.UNREACHABLE: 1, Outcome.DUPLICATE: 1}
    assert sorted(seen) == sorted(
        [
            ("UMARIA", Outcome.SENT),
            ("UMARIA", Outcome.DUPLICATE),
            ("UDEV", Outcome.SENT),
            ("UFAC", Outcome.SENT),
            ("UOTHERBOT", Outcome.UNREACHABLE),
        ]
    )
    assert len(slack.messages[slack.dm_channel("UMARIA")]) == 1


def _owned_send(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock, network_id: int, *, timeout: int = 15
) -> Delivered:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock, timeout=timeout)
    return deliver_once(
        session_factory=session_factory,
        client=client,
        clock=clock,
        team_id="T0001",
        network_id=network_id,
        key="announce:1",
        kind="meeting_announcement",
        channel="CHOME",
        text="Budget meeting on Tuesday",
        owner="UFAC",
    )


def _status(session_factory: SessionFactory, key: str) -> DeliveryStatus:
    with session_factory() as session:
        return session.scalars(select(Delivery.status).where(Delivery.key == key)).one()


def _send_again_button(slack: SlackStub, user: str) -> dict[str, object]:
    notices = slack.messages[slack.dm_channel(user)]
    assert len(notices) == 1 and "didn't confirm" in str(notices[0]["text"])
    (button,) = [e for b in notices[0]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == DeliveryAction.RESEND
    return dict(button)


def test_a_lost_answer_posts_once_is_recorded_unknown_and_the_owner_can_send_again(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    network_id = _network_id(session_factory)
    slack.lose_answer_next("chat.postMessage", when=lambda args: args.get("channel") == "CHOME")

    result = _owned_send(session_factory, slack, clock, network_id)

    assert result.outcome == Outcome.UNKNOWN
    assert len(slack.messages["CHOME"]) == 1  # posted exactly once: never blindly retried
    assert _status(session_factory, "announce:1") == DeliveryStatus.UNKNOWN
    _send_again_button(slack, "UFAC")
    assert _owned_send(session_factory, slack, clock, network_id).outcome == Outcome.DUPLICATE
    assert len(slack.messages["CHOME"]) == 1


def test_a_timed_out_post_is_recorded_unknown_not_left_in_flight(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    network_id = _network_id(session_factory)
    slack.slow_next("chat.postMessage", seconds=1.5)

    result = _owned_send(session_factory, slack, clock, network_id, timeout=1)

    assert result.outcome == Outcome.UNKNOWN
    assert _status(session_factory, "announce:1") == DeliveryStatus.UNKNOWN
    _send_again_button(slack, "UFAC")


def test_a_rate_limited_post_waits_outside_the_in_flight_state_and_is_sent_once(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    network_id = _network_id(session_factory)
    slack.rate_limit_next("chat.postMessage", retry_after=20, times=2)

    result = _owned_send(session_factory, slack, clock, network_id)

    assert result.outcome == Outcome.SENT
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 429, 200]
    assert len(slack.messages["CHOME"]) == 1 and sum(clock.slept) >= 40
    assert _status(session_factory, "announce:1") == DeliveryStatus.SENT
