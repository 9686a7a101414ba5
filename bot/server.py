"""The production web process: gunicorn serving peerbot's WSGI app."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from bot.calendar_feeds import redacted
from bot.config import Settings
from bot.web import PeerbotWeb


def build_web_app(settings: Settings) -> PeerbotWeb:
    """One web app per worker process, so no database connection crosses a fork."""
    from bot.app import create_app
    from bot.calendar_feeds import CalendarFeeds
    from domain.clock import SystemClock
    from domain.pulses.seal import answer_key_from_secret
    from slackio.client import build_web_client
    from storage.db import REQUEST_LOCK_TIMEOUT, create_db_engine, create_session_factory

    clock = SystemClock()
    # Requests give up on a locked database early enough to tell the person within Slack's 3 seconds.
    engine = create_db_engine(settings.database_url, lock_timeout=REQUEST_LOCK_TIMEOUT)
    # OAuth mode: no token here; Bolt gives each request the token of its workspace.
    client = build_web_client(token=settings.bot_token or None, base_url=settings.slack_api_url, clock=clock)
    session_factory = create_session_factory(
        engine, answer_key=answer_key_from_secret(settings.signing_secret), facilitators=settings.facilitators
    )
    app = create_app(settings, session_factory=session_factory, clock=clock, client=client)
    feeds = CalendarFeeds(session_factory, clock)
    return PeerbotWeb(app, engine, signing_secret=settings.signing_secret, calendar_feeds=feeds)


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, but a calendar feed's token (a secret in the path) never reaches the access log."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        return redacted(super().atoms(resp, req, environ, request_time), str(environ.get("PATH_INFO") or ""))


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        super().__init__()

    def load_config(self) -> None:
        options: dict[str, Any] = {
            "bind": f"0.0.0.0:{self._settings.port}",
            "workers": self._settings.web_concurrency,
            "worker_class": "gthread",
            "threads": 4,
            "timeout": 30,
            "graceful_timeout": 20,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "peerbot-web",
            "logger_class": RedactingLogger,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> PeerbotWeb:
        return build_web_app(self._settings)


def serve(settings: Settings) -> None:
    _Gunicorn(settings).run()
