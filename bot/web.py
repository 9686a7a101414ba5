"""The WSGI application: Slack's requests at /slack/events, a health check at /healthz, the deployment's readiness
at /readyz (also /healthz/deep), Prometheus metrics at /metrics when on, and in OAuth mode the installer's pages
at /slack/install and /slack/oauth_redirect (Bolt's OAuth flow, GET only)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from threading import Lock
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from slack_bolt import App
from sqlalchemy.engine import Engine

from bot.health import Readiness, check_readiness
from bot.slack_gate import VerifiedSlackRequestHandler
from domain.clock import Clock, SystemClock
from storage.db import database_is_reachable

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from bot.metrics import WebMetrics

T = TypeVar("T")

SLACK_PATH = "/slack/events"

# A load balancer gives up on a health check after a few seconds: answer well before.
HEALTH_DEADLINE_SECONDS = 1.5
READINESS_DEADLINE_SECONDS = 3.0
READINESS_PATHS = ("/readyz", "/healthz/deep")


class SharedProbe(Generic[T]):
    """Run a probe on its own thread and answer by a deadline; a probe still running is shared, never stacked."""

    def __init__(self, probe: Callable[[], T], *, deadline: float, name: str) -> None:
        self._run = probe
        self._deadline = deadline
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = Lock()
        self._pending: Future[T] | None = None

    def __call__(self) -> T | None:
        """The probe's answer, or None when it did not come by the deadline."""
        with self._lock:
            if self._pending is None or self._pending.done():
                self._pending = self._pool.submit(self._run)
            pending = self._pending
        try:
            return pending.result(timeout=self._deadline)
        except FutureTimeout:
            return None


class PeerbotWeb:
    def __init__(
        self,
        app: App,
        engine: Engine,
        *,
        signing_secret: str,
        clock: Clock | None = None,
        metrics: WebMetrics | None = None,
    ) -> None:
        self._slack = VerifiedSlackRequestHandler(app, path=SLACK_PATH, signing_secret=signing_secret)
        clock = clock or SystemClock()
        self._database_answers = SharedProbe(
            lambda: database_is_reachable(engine), deadline=HEALTH_DEADLINE_SECONDS, name="peerbot-healthz"
        )
        self._readiness = SharedProbe(
            lambda: check_readiness(engine, clock), deadline=READINESS_DEADLINE_SECONDS, name="peerbot-readyz"
        )
        self._metrics = metrics

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if self._metrics is None:
            return self._route(environ, start_response)
        started = time.perf_counter()
        statuses: list[str] = []

        def recording(status: str, headers: Any, exc_info: Any = None) -> Any:
            statuses.append(status)
            return start_response(status, headers, exc_info)

        try:
            return self._route(environ, recording)
        finally:
            self._metrics.observe(
                environ.get("PATH_INFO", ""), statuses[-1] if statuses else "500", time.perf_counter() - started
            )

    def _route(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD")
        if path == "/healthz":
            if method not in ("GET", "HEAD"):
                return _plain(start_response, "405 Method Not Allowed", "use GET\n")
            if self._database_answers():
                return _plain(start_response, "200 OK", "ok\n")
            return _plain(start_response, "503 Service Unavailable", "database unreachable\n")
        if path in READINESS_PATHS:
            if method not in ("GET", "HEAD"):
                return _plain(start_response, "405 Method Not Allowed", "use GET\n")
            return _readiness(start_response, self._readiness())
        if path == "/metrics" and self._metrics is not None:
            if method not in ("GET", "HEAD"):
                return _plain(start_response, "405 Method Not Allowed", "use GET\n")
            body, content_type = self._metrics.scrape()
            start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
            return [body]
        if path == SLACK_PATH and method != "POST":
            return _plain(start_response, "405 Method Not Allowed", "Slack sends POST requests here\n")
        return self._slack(environ, start_response)


def _readiness(start_response: StartResponse, readiness: Readiness | None) -> list[bytes]:
    if readiness is None:
        deadline = f"{READINESS_DEADLINE_SECONDS:g}"
        readiness = Readiness(False, {"ready": False, "problems": [f"the database did not answer within {deadline} s"]})
    data = (json.dumps(readiness.report, indent=2) + "\n").encode()
    status = "200 OK" if readiness.ready else "503 Service Unavailable"
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def _plain(start_response: StartResponse, status: str, body: str) -> list[bytes]:
    data = body.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]
