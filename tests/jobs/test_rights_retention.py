"""Retention: with PEERBOT_FREE_TEXT_RETENTION_MONTHS set, the clock deletes old closed pulses' free text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.config import ConfigError, load_settings
from jobs.rights import JOBS
from storage.db import SessionFactory
from storage.models import PulseWave, Response
from tests.support.clock import FakeClock
from tests.support.factories.rights import ANONYMOUS_TEXT, NAMED_TEXT, Traces, maria_everywhere
from workflows.context import RunContext

ENV = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "0123456789abcdef"}


@pytest.fixture
def traces(session_factory: SessionFactory, clock: FakeClock) -> Traces:
    with session_factory.begin() as session:
        traces = maria_everywhere(session, now=clock.now())
        wave = session.get(PulseWave, traces.named_wave_id)
        assert wave is not None
        wave.closed_at = clock.now()  # the named pulse closes now; the anonymous one stays open
    return traces


def _texts(session_factory: SessionFactory) -> str:
    with session_factory.begin() as session:
        return " ".join(session.scalars(select(Response.answers)))


def _sweep(session_factory: SessionFactory, clock: FakeClock, months: int | None) -> None:
    [job] = JOBS
    job.function(RunContext(session_factory, WebClient(token="xoxb-unused"), clock, None, months))


def test_free_text_of_pulses_closed_longer_ago_than_the_setting_is_deleted(
    session_factory: SessionFactory, clock: FakeClock, traces: Traces
) -> None:
    clock.advance(timedelta(days=150))
    _sweep(session_factory, clock, 6)
    assert NAMED_TEXT in _texts(session_factory)  # closed five months ago: kept
    clock.advance(timedelta(days=40))
    _sweep(session_factory, clock, 6)
    assert NAMED_TEXT not in _texts(session_factory)
    assert ANONYMOUS_TEXT in _texts(session_factory)  # its pulse never closed


def test_without_the_setting_free_text_is_kept(
    session_factory: SessionFactory, clock: FakeClock, traces: Traces
) -> None:
    clock.advance(timedelta(days=3650))
    _sweep(session_factory, clock, None)
    assert NAMED_TEXT in _texts(session_factory)


def test_retention_setting_is_validated_with_a_one_line_error() -> None:
    assert load_settings(ENV).free_text_retention_months is None
    assert load_settings({**ENV, "PEERBOT_FREE_TEXT_RETENTION_MONTHS": "12"}).free_text_retention_months == 12
    with pytest.raises(ConfigError, match="PEERBOT_FREE_TEXT_RETENTION_MONTHS"):
        load_settings({**ENV, "PEERBOT_FREE_TEXT_RETENTION_MONTHS": "a year"})
