"""Metrics: Slack's 429s counted as the client meets them; deliveries, the queue and the clock read at scrape time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from slack_sdk.errors import SlackApiError

from bot.metrics import RateLimitCounter, WebMetrics
from slackio.client import build_web_client, without_rate_limit_waits
from storage import health as health_store
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import HOME


def _rate_limited(method: str) -> float:
    return REGISTRY.get_sample_value("peerbot_slack_rate_limited_total", {"method": method}) or 0.0


def test_every_429_is_counted_whether_the_client_waits_it_out_or_not(slack: SlackStub, clock: FakeClock) -> None:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    client.retry_handlers.insert(0, RateLimitCounter())
    before = _rate_limited("chat.postMessage")

    slack.rate_limit_next("chat.postMessage", retry_after=1)
    client.chat_postMessage(channel=HOME, text="waited out")
    assert _rate_limited("chat.postMessage") == before + 1
    assert [m["text"] for m in slack.messages[HOME]] == ["waited out"]

    slack.rate_limit_next("chat.postMessage", retry_after=1)
    with pytest.raises(SlackApiError) as refused:
        without_rate_limit_waits(client).chat_postMessage(channel=HOME, text="left to the delivery record")
    assert refused.value.response.status_code == 429
    assert _rate_limited("chat.postMessage") == before + 2


def test_a_scrape_reads_the_clocks_heartbeat_and_the_database_state(session_factory: SessionFactory) -> None:
    now = datetime(2026, 12, 8, 9, 15, tzinfo=UTC)
    with session_factory.begin() as session:
        health_store.record_heartbeat(session, process=health_store.CLOCK, now=now - timedelta(seconds=42))
    metrics = WebMetrics(session_factory.kw["bind"], FakeClock(now))
    metrics.observe("/slack/events", "200 OK", 0.02)

    body, content_type = metrics.scrape()
    text = body.decode()

    assert content_type.startswith("text/plain")
    assert "peerbot_database_up 1.0" in text
    assert "peerbot_clock_heartbeat_age_seconds 42.0" in text
    assert 'peerbot_http_request_duration_seconds_count{route="slack_events",status="200"}' in text
