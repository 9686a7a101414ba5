"""The clock re-stores open anonymous waves' answers every minute, and leaves everything else alone."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from jobs.pulse_privacy import restore_anonymous_answers
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import Response
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.pulse_factories import draft, network_with_members, opened_wave
from workflows.context import JobContext

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def test_only_open_anonymous_waves_are_restored_and_no_answer_is_lost(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    with session_factory.begin() as session:
        network = network_with_members(session, now=NOW, members={"UA": ("TX", "Health"), "UB": ("OH", "Schools")})
        anonymous = opened_wave(session, network=network, pulse_draft=draft(now=NOW), now=NOW).id
        opened_wave(session, network=network, pulse_draft=draft(now=NOW, anonymous=False), now=NOW)
        session.add(Response(id="r1", wave_id=anonymous, answers='{"1":4}'))
        session.add(Response(id="r2", wave_id=anonymous, answers='{"1":2}'))
    ctx = JobContext(
        session_factory,
        build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock),
        clock,
        slack.bot_user_id,
    )

    assert restore_anonymous_answers(ctx) == 1

    with session_factory() as session:
        kept = sorted(session.scalars(select(Response.answers).where(Response.wave_id == anonymous)))
    assert kept == ['{"1":2}', '{"1":4}']
