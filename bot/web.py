"""The WSGI application: Slack's requests at /slack/events, a health check at /healthz, private calendar feeds at
/calendar/<token>.ics, and in OAuth mode the installer's pages at /slack/install and /slack/oauth_redirect (Bolt's
OAuth flow, GET only)."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from threading import Lock
from typing import TYPE_CHECKING

from slack_bolt import App
from sqlalchemy.engine import Engine

from bot.calendar_feeds import CALENDAR_PREFIX, CalendarFeeds
from bot.slack_gate import VerifiedSlackRequestHandler
from storage.db import database_is_reachable

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

SLACK_PATH = "/slack/events"

# A load balancer gives up on a health check after a few seconds: answer well before.
HEALTH_DEADLINE_SECONDS = 1.5


class PeerbotWeb:
    def __init__(
        self, app: App, engine: Engine, *, signing_secret: str, calendar_feeds: CalendarFeeds | None = None
    ) -> None:
        self._slack = VerifiedSlackRequestHandler(app, path=SLACK_PATH, signing_secret=signing_secret)
        self._calendar_feeds = calendar_feeds
        self._engine = engine
        self._probe_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="peerbot-healthz")
        self._probe_lock = Lock()
        self._probe: Future[bool] | None = None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                return _plain(start_response, "405 Method Not Allowed", "use GET\n")
            if self._database_answers():
                return _plain(start_response, "200 OK", "ok\n")
            return _plain(start_response, "503 Service Unavailable", "database unreachable\n")
        if path.startswith(CALENDAR_PREFIX) and self._calendar_feeds is not None:
            return self._calendar_feeds(environ, start_response)
        if path == SLACK_PATH and environ.get("REQUEST_METHOD") != "POST":
            return _plain(start_response, "405 Method Not Allowed", "Slack sends POST requests here\n")
        return self._slack(environ, start_response)

    def _database_answers(self) -> bool:
        """Probe the database, but answer by the deadline; a probe still hanging is shared, never stacked."""
        with self._probe_lock:
            if self._probe is None or self._probe.done():
                self._probe = self._probe_pool.submit(database_is_reachable, self._engine)
            probe = self._probe
        try:
            return probe.result(timeout=HEALTH_DEADLINE_SECONDS)
        except FutureTimeout:
            return False


def _plain(start_response: StartResponse, status: str, body: str) -> list[bytes]:
    data = body.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]
