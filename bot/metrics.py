"""Prometheus metrics at /metrics (PEERBOT_METRICS=1): what the database knows, read at each scrape, and what the
web processes saw (request latency, Slack's 429s), summed over gunicorn's workers.

Import this module only once PROMETHEUS_MULTIPROC_DIR is settled (bot/server.py): prometheus_client decides
at import whether its values live in that directory, shared by the web processes, or in this process only.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from functools import cache
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from domain.clock import Clock
from slackio.client import api_method
from storage import health as health_store
from storage.db import READ_ONLY

logger = logging.getLogger("peerbot.web")

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
# Slack expects an answer within 3 seconds; the buckets tell fast acks from ones close to that.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
ROUTES = {
    "/slack/events": "slack_events",
    "/healthz": "healthz",
    "/readyz": "readyz",
    "/healthz/deep": "readyz",
    "/metrics": "metrics",
    "/slack/install": "install",
    "/slack/oauth_redirect": "oauth_redirect",
}


@cache
def _request_seconds() -> Histogram:
    return Histogram(
        "peerbot_http_request_duration_seconds",
        "Time to answer an HTTP request, by route and status (web processes)",
        ["route", "status"],
        buckets=LATENCY_BUCKETS,
    )


@cache
def _rate_limited() -> Counter:
    return Counter(
        "peerbot_slack_rate_limited",
        "HTTP 429 answers from Slack's Web API to the web processes' client, by API method",
        ["method"],
    )


def route_of(path: str) -> str:
    return ROUTES.get(path, "other")


class RateLimitCounter(RetryHandler):
    """First of a client's retry handlers: counts every 429 and retries nothing (the next handler decides)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is not None and response.status_code == 429:
            _rate_limited().labels(method=api_method(request)).inc()
        return False


class DatabaseCollector(Collector):
    """Figures for the whole deployment, read from the database at scrape time (the same in every web process)."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("peerbot_database_up", "1 when the database answered this scrape")
        try:
            with Session(self._engine.execution_options(**{READ_ONLY: True})) as session, session.begin():
                deliveries = health_store.deliveries_by_status(session)
                queue = health_store.job_queue_wait(session)
                beat = health_store.last_heartbeat(session, process=health_store.CLOCK)
        except Exception as exc:
            logger.warning("metrics: the database did not answer (%s)", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        by_status = GaugeMetricFamily(
            "peerbot_deliveries", "Messages recorded by delivery status (all processes)", labels=["status"]
        )
        for status, count in sorted(deliveries.items()):
            by_status.add_metric([status], count)
        yield by_status
        if beat is not None:
            yield GaugeMetricFamily(
                "peerbot_clock_heartbeat_age_seconds",
                "Seconds since the clock last recorded its heartbeat",
                value=max((self._clock.now() - beat).total_seconds(), 0.0),
            )
        if queue is not None:
            yield GaugeMetricFamily(
                "peerbot_queue_depth", "Tasks due on the job queue, not yet claimed by a worker", value=queue.depth
            )
            yield GaugeMetricFamily(
                "peerbot_queue_oldest_waiting_seconds",
                "How long the oldest due task has waited for a worker (0 when none waits)",
                value=queue.oldest_seconds or 0.0,
            )


class WebMetrics:
    """One web process's side: observe requests, count 429s, answer a scrape."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._database = CollectorRegistry(auto_describe=False)
        self._database.register(DatabaseCollector(engine, clock))
        _request_seconds()
        _rate_limited()

    def observe(self, path: str, status: str, seconds: float) -> None:
        _request_seconds().labels(route=route_of(path), status=status.split(" ", 1)[0]).observe(seconds)

    def scrape(self) -> tuple[bytes, str]:
        if os.environ.get(MULTIPROCESS_DIR):
            from prometheus_client import multiprocess

            processes = CollectorRegistry()
            multiprocess.MultiProcessCollector(processes)  # type: ignore[no-untyped-call]
            own: Any = processes
        else:
            own = REGISTRY
        return generate_latest(own) + generate_latest(self._database), CONTENT_TYPE_LATEST
