"""Pulse jobs: who gets which DM when, counted and never sent twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from domain.pulses.lifecycle import create_pulse
from storage.db import SessionFactory
from storage.models import Network, PulseWave, WaveStatus
from tests.scenarios.pulses.support import ROSTER, dm, job_context, set_up_network
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.pulses import draft
from workflows.deliveries import resume_deliveries
from workflows.pulses import close_due_waves, open_due_waves, send_pulse_reminders


def _create(session_factory: SessionFactory, clock: FakeClock, **kwargs: object) -> int:
    with session_factory.begin() as session:
        network = session.scalars(select(Network)).one()
        return create_pulse(
            session,
            network=network,
            draft=draft(now=clock.now(), **kwargs),
            by_user="UFAC",
            now=clock.now(),  # type: ignore[arg-type]
        ).id


def test_unreachable_members_are_skipped_counted_and_reported(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock, {**ROSTER, "UNOBODY": ("TX", None)})
    _create(session_factory, clock)
    slack.fail_next("chat.postMessage", "user_not_found", when=lambda args: args.get("channel") == "UDEV")
    results = open_due_waves(job_context(slack, session_factory, clock))
    (fan_out,) = results.values()
    assert (fan_out.sent, fan_out.unreachable) == (1, 3)  # UDEV (injected), UGONE (deactivated), UNOBODY (unknown)
    assert len(dm(slack, "UMARIA")) == 1
    assert "went to 1 of 4 people. 3 could not be reached" in dm(slack, "UFAC")[-1]["text"]
    with session_factory() as session:
        assert session.scalars(select(PulseWave.unreachable)).one() == 3


def test_reminders_are_spread_before_the_deadline_and_go_to_non_respondents_once(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock, {"UMARIA": ("TX", None), "UDEV": ("TX", None)})
    _create(session_factory, clock, days=5, reminders=2)
    ctx = job_context(slack, session_factory, clock)
    open_due_waves(ctx)
    sent_at = []
    for _hour in range(5 * 24):
        clock.advance(timedelta(hours=1))
        if send_pulse_reminders(ctx):
            sent_at.append(clock.now())
    assert [round((t - sent_at[0]).total_seconds() / 3600) for t in sent_at] == [0, 48]
    assert len(dm(slack, "UDEV")) == 3  # invite + two reminders


def test_closing_is_idempotent_and_tells_the_facilitator_once(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    _create(session_factory, clock, days=1)
    ctx = job_context(slack, session_factory, clock)
    open_due_waves(ctx)
    clock.advance(timedelta(days=1))
    assert len(close_due_waves(ctx)) == 1
    assert close_due_waves(ctx) == []
    with session_factory() as session:
        assert session.scalars(select(PulseWave.status)).one() == WaveStatus.CLOSED
    assert sum("has closed" in m["text"] for m in dm(slack, "UFAC")) == 1


def test_rate_limited_invites_are_retried_and_each_member_gets_exactly_one(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    roster = {f"UR{i:02d}": ("TX", None) for i in range(12)}
    for user in roster:
        slack.add_user(user)
    set_up_network(session_factory, clock, roster)
    _create(session_factory, clock)
    slack.rate_limit_next("chat.postMessage", retry_after=2, times=3)
    ctx = job_context(slack, session_factory, clock)
    (fan_out,) = open_due_waves(ctx).values()
    open_due_waves(ctx)  # a second run (or a restart) sends nothing again
    assert fan_out.sent == 12
    assert all(len(dm(slack, user)) == 1 for user in roster)
    assert clock.slept and min(clock.slept) >= 2  # waited as Slack asked, on peerbot's clock


class Stopped(BaseException):
    """The clock process was stopped in the middle of a wait."""


class StoppedWhileWaiting(FakeClock):
    def sleep(self, seconds: float) -> None:
        raise Stopped


def test_invites_left_waiting_on_a_rate_limit_when_the_clock_stopped_are_sent_once_after_restart(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    roster = {f"UR{i:02d}": ("TX", None) for i in range(10)}
    for user in roster:
        slack.add_user(user)
    set_up_network(session_factory, clock, roster)
    _create(session_factory, clock)
    slack.rate_limit_next(
        "chat.postMessage", retry_after=30, times=8, when=lambda a: a["channel"] not in ("UR00", "UR01")
    )
    with pytest.raises(Stopped):
        open_due_waves(job_context(slack, session_factory, StoppedWhileWaiting(clock.now())))
    assert sum(len(dm(slack, user)) for user in roster) == 2

    restarted = FakeClock(clock.now() + timedelta(minutes=5))  # a fresh clock process
    ctx = job_context(slack, session_factory, restarted)
    open_due_waves(ctx)
    resume_deliveries(ctx)
    resume_deliveries(ctx)

    assert all(len(dm(slack, user)) == 1 for user in roster)
