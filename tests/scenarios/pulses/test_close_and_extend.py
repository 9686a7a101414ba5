"""Facilitators close a wave now or give it more time; closing early settles anonymous answers as a deadline does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from rendering.pulses.ids import PulseAction, PulseCallback
from storage.db import SessionFactory
from storage.models import PendingAnswer, Pulse, PulseWave, Response, WaveStatus
from tests.scenarios.pulses.support import builder_values, button, dm, job_context, set_up_network
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import FACILITATOR, HOME
from tests.support.harness import PeerbotUnderTest
from workflows.pulses import close_due_waves, settle_anonymous_answers

AGREEMENT = ("Participating increased my agency's collaboration with another agency.", "agreement", "")


def _start(peerbot: PeerbotUnderTest, clock: FakeClock, session_factory: SessionFactory, *, anonymous: bool) -> int:
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    values = builder_values(deadline=clock.now() + timedelta(days=3), questions=[AGREEMENT], anonymous=anonymous)
    peerbot.submit(peerbot.opened_view(PulseCallback.BUILDER), values, user=FACILITATOR)
    with session_factory() as session:
        return int(session.scalars(select(Pulse.id)).one())


def _agree(peerbot: PeerbotUnderTest, slack: SlackStub, user: str) -> str:
    invite = next(m for m in reversed(dm(slack, user)) if PulseAction.ONE_CLICK in str(m.get("blocks")))
    agree = button(invite, PulseAction.ONE_CLICK, "Agree")
    peerbot.click(agree["action_id"], agree["value"], user=user, channel=slack.dm_channel(user), message=invite)
    return str(dm(slack, user)[-1]["text"])


def _wave(session_factory: SessionFactory) -> PulseWave:
    with session_factory() as session:
        return session.scalars(select(PulseWave)).one()


def test_closing_an_anonymous_wave_early_settles_its_answers_as_a_deadline_does_and_says_so(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    pulse = _start(peerbot, clock, session_factory, anonymous=True)
    _agree(peerbot, slack, "UMARIA")
    _agree(peerbot, slack, "UDEV")
    settle_anonymous_answers(job_context(slack, session_factory, clock))
    with session_factory() as session:
        assert len(session.scalars(select(PendingAnswer)).all()) == 2  # fewer than 3: still waiting, sealed

    peerbot.command(f"close #{pulse}", user="UMARIA", channel=HOME, command="/pulse")
    assert "Only facilitators" in peerbot.last_response()["text"]
    assert _wave(session_factory).status == WaveStatus.OPEN
    peerbot.command(f"close #{pulse}", user=FACILITATOR, channel=HOME, command="/pulse")
    said = peerbot.last_response()["text"]
    assert "Closed *Collaboration check-in* now, before its deadline" in said
    assert "settled exactly as at a deadline" in said
    with session_factory() as session:
        assert session.scalars(select(PendingAnswer)).all() == []
        responses = session.scalars(select(Response)).all()
        assert len(responses) == 2 and all(r.change_key_hash is None and r.user_id is None for r in responses)
    peerbot.command(f"close #{pulse}", user=FACILITATOR, channel=HOME, command="/pulse")
    assert "has no open wave right now" in peerbot.last_response()["text"]


def test_a_facilitator_extends_a_deadline_and_members_answer_until_the_new_one(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    pulse = _start(peerbot, clock, session_factory, anonymous=False)
    old_deadline = _wave(session_factory).deadline

    peerbot.command(f"extend #{pulse} 2026-01-12", user="UMARIA", channel=HOME, command="/pulse")
    assert "Only facilitators" in peerbot.last_response()["text"]
    for words, expected in (
        ("2026-02-30", "2026-02-30 doesn't exist"),
        ("2025-12-01", "already passed"),
        ("2026-01-07", "not later than the wave's deadline"),
        ("soon", "couldn't read `soon` as a date"),
        ("#999 2026-01-12", "couldn't find pulse `#999`"),
    ):
        args = words if words.startswith("#") else f"#{pulse} {words}"
        peerbot.command(f"extend {args}", user=FACILITATOR, channel=HOME, command="/pulse")
        assert expected in peerbot.last_response()["text"], words
    assert _wave(session_factory).deadline == old_deadline, "nothing changed by a refused extension"

    peerbot.command(f"extend #{pulse} 2026-01-12 17:00", user=FACILITATOR, channel=HOME, command="/pulse")
    assert "is now open until" in peerbot.last_response()["text"]
    new_deadline = datetime(2026, 1, 12, 23, 0, tzinfo=UTC)  # 17:00 in Chicago
    assert _wave(session_factory).deadline == new_deadline

    clock.set(old_deadline + timedelta(minutes=5))
    assert close_due_waves(job_context(slack, session_factory, clock)) == []  # a restarted clock keeps it open
    assert "Thanks" in _agree(peerbot, slack, "UMARIA")
    clock.set(new_deadline + timedelta(minutes=1))
    assert len(close_due_waves(job_context(slack, session_factory, clock))) == 1
    assert _wave(session_factory).status == WaveStatus.CLOSED
