"""The reminder clock: right UTC instants across DST, missed reminders sent once, races and restarts safe."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from domain.meetings.reminders import reminder_key
from rendering.meetings.ids import MeetingAction
from slackio.client import build_web_client
from slackio.delivery import deliver_once
from storage import deliveries
from storage.db import SessionFactory
from storage.models import DeliveryStatus, Occurrence
from tests.scenarios.meetings.steps import DEV, FAC, HOME, MARIA, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.deliveries import resume_deliveries
from workflows.meetings import send_due_reminders


def _ctx(slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> RunContext:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    return RunContext(session_factory=session_factory, client=client, clock=clock, bot_user_id="UBOT")


def _reminders(slack: SlackStub, channel: str) -> list[dict[str, object]]:
    return [m for m in slack.messages.get(channel, []) if str(m.get("text", "")).startswith("Reminder:")]


def _occurrences(session_factory: SessionFactory) -> list[Occurrence]:
    with session_factory.begin() as session:
        return list(session.scalars(select(Occurrence).order_by(Occurrence.sequence)))


@pytest.fixture
def network_id(slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> int:
    for user in ("UANA", "UBEN", "UCAL"):
        slack.add_user(user, tz="Europe/Madrid")
    return network_with_roster(session_factory, clock.now(), extra=["UANA", "UBEN", "UCAL"])


def test_monthly_reminders_fire_at_the_right_utc_instants_across_daylight_saving(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-02-03", recurrence="monthly_weekday", count="4", reminders=["60"])
    ctx = _ctx(slack, session_factory, clock)
    expected = [
        datetime(2026, 2, 3, 18, 0, tzinfo=UTC),  # 1 pm EST
        datetime(2026, 3, 3, 18, 0, tzinfo=UTC),
        datetime(2026, 4, 7, 17, 0, tzinfo=UTC),  # 1 pm EDT
        datetime(2026, 5, 5, 17, 0, tzinfo=UTC),
    ]
    for n, instant in enumerate(expected, start=1):
        clock.set(instant - timedelta(minutes=1))
        send_due_reminders(ctx)
        assert len(_reminders(slack, HOME)) == n - 1, f"reminder {n} came early"
        clock.set(instant)
        send_due_reminders(ctx)
        assert len(_reminders(slack, HOME)) == n, f"reminder {n} missing at {instant}"
    last = _reminders(slack, HOME)[-1]
    assert any(
        e.get("action_id") == MeetingAction.MEETING_CHECK_IN for b in last["blocks"] for e in b.get("elements", [])
    )


def test_reminder_missed_while_the_clock_was_down_is_sent_once_when_it_returns(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-08", reminders=["1440", "60"])  # 19:00 UTC
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card_message(peerbot)), user=MARIA, channel=HOME)
    ctx = _ctx(slack, session_factory, clock)
    clock.set(datetime(2026, 1, 7, 18, 59, tzinfo=UTC))
    send_due_reminders(ctx)  # last run before the clock went down
    assert _reminders(slack, HOME) == []
    clock.set(datetime(2026, 1, 7, 20, 30, tzinfo=UTC))  # back up, 90 minutes later
    send_due_reminders(ctx)
    send_due_reminders(ctx)
    clock.advance(timedelta(minutes=1))
    send_due_reminders(ctx)
    assert len(_reminders(slack, HOME)) == 1
    assert len(_reminders(slack, slack.dm_channel(MARIA))) == 1


def test_final_reminder_is_skipped_and_logged_once_if_the_meeting_started_while_down(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    network_id: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    schedule(peerbot, date="2026-01-08", reminders=["60"])
    ctx = _ctx(slack, session_factory, clock)
    clock.set(datetime(2026, 1, 8, 17, 59, tzinfo=UTC))
    send_due_reminders(ctx)
    clock.set(datetime(2026, 1, 8, 19, 5, tzinfo=UTC))
    with caplog.at_level(logging.WARNING, logger="domain.reminders"):
        assert send_due_reminders(ctx)["skipped_started"] == 1
        assert send_due_reminders(ctx)["skipped_started"] == 0
    assert _reminders(slack, HOME) == []
    assert sum("already started" in r.getMessage() for r in caplog.records) == 1


def test_after_a_long_outage_only_the_latest_due_reminder_is_sent(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-20", reminders=["10080", "1440", "60"])
    clock.set(datetime(2026, 1, 19, 20, 0, tzinfo=UTC))  # past the 1-week and 1-day times
    send_due_reminders(_ctx(slack, session_factory, clock))
    reminders = _reminders(slack, HOME)
    assert len(reminders) == 1 and "1 day to go" in str(reminders[0]["text"])


def test_restart_mid_fan_out_sends_only_what_the_first_process_had_not(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-08", reminders=["60"])
    card = card_message(peerbot)
    going = [MARIA, DEV, "UANA", "UBEN", "UCAL"]
    for user in going:
        peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=user, channel=HOME)
    occurrence = _occurrences(session_factory)[0]
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    ctx = _ctx(slack, session_factory, clock)
    # The first clock process claimed and sent the channel post and two DMs, then died.
    for destination, channel in [("channel", HOME), (f"dm:{MARIA}", MARIA), (f"dm:{DEV}", DEV)]:
        deliver_once(
            session_factory=session_factory,
            client=ctx.client,
            clock=clock,
            team_id="T0001",
            network_id=network_id,
            key=reminder_key(occurrence, 60, destination),
            kind="meeting_reminder",
            channel=channel,
            text="Reminder: (sent before the crash)",
        )
    outcomes = send_due_reminders(ctx)
    assert outcomes["sent"] == 3 and "failed" not in outcomes
    for user in going:
        assert len(_reminders(slack, slack.dm_channel(user))) == 1, user
    assert len(_reminders(slack, HOME)) == 1


def test_two_clock_processes_racing_deliver_each_reminder_once(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-08", reminders=["60"])
    going = [MARIA, DEV, "UANA", "UBEN", "UCAL", FAC]
    for user in going:
        peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card_message(peerbot)), user=user, channel=HOME)
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    contexts = [_ctx(slack, session_factory, clock), _ctx(slack, session_factory, clock)]
    start = threading.Barrier(2)

    def run(ctx: RunContext) -> None:
        start.wait()
        send_due_reminders(ctx)

    threads = [threading.Thread(target=run, args=(c,)) for c in contexts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(_reminders(slack, HOME)) == 1
    for user in going:
        assert len(_reminders(slack, slack.dm_channel(user))) == 1, user


def test_dm_opt_out_and_unreachable_members_do_not_stop_the_others(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-08", reminders=["60"])
    card = card_message(peerbot)
    for user in [MARIA, DEV, "UCAL"]:
        peerbot.click(MeetingAction.RSVP_MAYBE, buttons_value(card), user=user, channel=HOME)
    slack.add_user("UCAL", deleted=True)  # deactivated after answering: unreachable now
    peerbot.command("dms off", user=MARIA, channel=HOME, command="/meeting")
    assert "no more reminder DMs" in peerbot.last_response()["text"]
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    outcomes = send_due_reminders(_ctx(slack, session_factory, clock))
    assert outcomes["sent"] == 2 and outcomes["unreachable"] == 1
    assert _reminders(slack, slack.dm_channel(MARIA)) == []
    assert len(_reminders(slack, slack.dm_channel(DEV))) == 1
    assert len(_reminders(slack, HOME)) == 1


def test_a_series_later_meeting_gets_its_first_channel_reminder_as_its_live_card(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-08", recurrence="weekly", count="2", reminders=["1440"])
    clock.set(datetime(2026, 1, 14, 19, 0, tzinfo=UTC))
    send_due_reminders(_ctx(slack, session_factory, clock))
    second = _occurrences(session_factory)[1]
    reminder = _reminders(slack, HOME)[-1]
    assert second.announcement_ts == reminder["ts"]
    peerbot.click(MeetingAction.RSVP_GOING, str(second.id), user=DEV, channel=HOME, message=reminder)
    updated = next(m for m in slack.messages[HOME] if m["ts"] == reminder["ts"])
    assert "<@UDEV>" in str(updated["blocks"])


def test_the_facilitator_is_told_once_when_the_channel_reminder_cannot_be_posted(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-08", reminders=["1440", "60"])
    slack.channels[HOME].bot_is_member = False  # someone removed peerbot from the channel
    ctx = _ctx(slack, session_factory, clock)
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    assert send_due_reminders(ctx)["unreachable"] == 1
    send_due_reminders(ctx)
    told = slack.messages[slack.dm_channel(FAC)]
    assert len(told) == 1 and "/invite @peerbot" in told[0]["text"]


def test_someone_answering_after_a_reminder_went_out_is_not_sent_that_reminder_late(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-08", reminders=["1440", "60"])
    ctx = _ctx(slack, session_factory, clock)
    clock.set(datetime(2026, 1, 7, 19, 0, tzinfo=UTC))
    send_due_reminders(ctx)
    clock.set(datetime(2026, 1, 7, 21, 0, tzinfo=UTC))
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card_message(peerbot)), user=DEV, channel=HOME)
    assert send_due_reminders(ctx) == {"skipped_started": 0}  # nothing to do, nothing re-checked
    assert not slack.messages.get(slack.dm_channel(DEV))
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    send_due_reminders(ctx)
    assert len(slack.messages[slack.dm_channel(DEV)]) == 1  # the next reminder reaches them


class Stopped(BaseException):
    """The clock process was stopped (a deploy, a crash) in the middle of a wait."""


class StoppedWhileWaiting(FakeClock):
    def sleep(self, seconds: float) -> None:
        raise Stopped


@pytest.mark.parametrize("down_for", [timedelta(minutes=5), timedelta(minutes=30)])
def test_a_clock_stopped_while_waiting_out_a_rate_limit_sends_every_unsent_reminder_after_restart(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, down_for: timedelta
) -> None:
    extra = [f"UPEER{i}" for i in range(7)]
    for user in extra:
        slack.add_user(user)
    network_with_roster(session_factory, clock.now(), extra=extra)
    schedule(peerbot, date="2026-01-08", reminders=["60"])
    card = card_message(peerbot)
    going = [MARIA, DEV, *extra]
    for user in going:
        peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=user, channel=HOME)
    # Slack rate-limits 8 of the 10 reminders; the clock is stopped while it waits them out.
    slack.rate_limit_next("chat.postMessage", retry_after=30, times=8, when=lambda a: a["channel"] not in (HOME, MARIA))
    first_run = StoppedWhileWaiting(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    with pytest.raises(Stopped):
        send_due_reminders(_ctx(slack, session_factory, first_run))
    assert len(_reminders(slack, HOME)) == 1 and len(_reminders(slack, slack.dm_channel(MARIA))) == 1
    assert all(not _reminders(slack, slack.dm_channel(user)) for user in going if user != MARIA)

    restarted = FakeClock(datetime(2026, 1, 8, 18, 0, tzinfo=UTC) + down_for)  # a fresh clock process
    ctx = _ctx(slack, session_factory, restarted)
    send_due_reminders(ctx)
    resume_deliveries(ctx)
    resume_deliveries(ctx)

    assert len(_reminders(slack, HOME)) == 1
    for user in going:
        assert len(_reminders(slack, slack.dm_channel(user))) == 1, user
    assert not slack.messages.get(slack.dm_channel(FAC))  # nothing was ambiguous, nothing to report


def test_a_reminder_whose_sender_stopped_mid_request_is_reported_once_and_never_resent(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, network_id: int
) -> None:
    schedule(peerbot, date="2026-01-08", reminders=["60"])
    occurrence = _occurrences(session_factory)[0]
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    key = reminder_key(occurrence, 60, "channel")
    # The first process sent its request and was stopped before Slack answered: it may have been posted.
    with session_factory.begin() as session:
        deliveries.claim(
            session,
            team_id="T0001",
            network_id=network_id,
            key=key,
            kind="meeting_reminder",
            channel=HOME,
            now=clock.now(),
            owner=FAC,
            payload='{"text": "Reminder: soon", "blocks": null}',
        )
        assert deliveries.start_attempt(session, key=key, now=clock.now())
    clock.advance(timedelta(minutes=15))
    ctx = _ctx(slack, session_factory, clock)
    send_due_reminders(ctx)
    resume_deliveries(ctx)
    resume_deliveries(ctx)

    assert _reminders(slack, HOME) == []  # at most once: the ambiguous one is not posted again
    told = slack.messages[slack.dm_channel(FAC)]
    assert len(told) == 1 and "didn't confirm" in told[0]["text"]
    with session_factory() as session:
        assert deliveries.get(session, key=key).status == DeliveryStatus.UNKNOWN  # type: ignore[union-attr]
