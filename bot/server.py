"""The production web process: gunicorn serving peerbot's WSGI app, logging in peerbot's format, with metrics."""

from __future__ import annotations

import glob
import os
import tempfile
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.config import Settings
from bot.logs import gunicorn_logger_class
from bot.web import PeerbotWeb

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def build_web_app(settings: Settings) -> PeerbotWeb:
    """One web app per worker process, so no database connection crosses a fork."""
    from bot.app import create_app
    from bot.error_reports import start_error_reports
    from domain.clock import SystemClock
    from domain.pulses.seal import answer_key_from_secret
    from slackio.client import build_web_client
    from storage.db import REQUEST_LOCK_TIMEOUT, create_db_engine, create_session_factory

    # Sentry's sender is a thread, and threads do not survive gunicorn's fork: each worker starts its own.
    start_error_reports(settings.observability)
    clock = SystemClock()
    # Requests give up on a locked database early enough to tell the person within Slack's 3 seconds.
    engine = create_db_engine(settings.database_url, lock_timeout=REQUEST_LOCK_TIMEOUT)
    # OAuth mode: no token here; Bolt gives each request the token of its workspace.
    client = build_web_client(token=settings.bot_token or None, base_url=settings.slack_api_url, clock=clock)
    metrics = None
    if settings.observability.metrics:
        from bot.metrics import RateLimitCounter, WebMetrics

        metrics = WebMetrics(engine, clock)
        client.retry_handlers.insert(0, RateLimitCounter())
    app = create_app(
        settings,
        session_factory=create_session_factory(
            engine, answer_key=answer_key_from_secret(settings.signing_secret), facilitators=settings.facilitators
        ),
        clock=clock,
        client=client,
    )
    return PeerbotWeb(app, engine, signing_secret=settings.signing_secret, clock=clock, metrics=metrics)


def prepare_metrics_directory() -> str:
    """Where gunicorn's workers keep their metric values, so a scrape of any one sums them all.

    PROMETHEUS_MULTIPROC_DIR if set (emptied: values of earlier runs would be added in), else a new temporary
    directory. Set before any worker imports prometheus_client, which reads it once, at import.
    """
    directory = os.environ.get(MULTIPROCESS_DIR, "").strip()
    if directory:
        os.makedirs(directory, exist_ok=True)
        for stale in glob.glob(os.path.join(directory, "*.db")):
            os.remove(stale)
    else:
        directory = tempfile.mkdtemp(prefix="peerbot-metrics-")
    os.environ[MULTIPROCESS_DIR] = directory
    return directory


def _worker_exited(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        super().__init__()

    def load_config(self) -> None:
        observability = self._settings.observability
        options: dict[str, Any] = {
            "bind": f"0.0.0.0:{self._settings.port}",
            "workers": self._settings.web_concurrency,
            "worker_class": "gthread",
            "threads": 4,
            "timeout": 30,
            "graceful_timeout": 20,
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": observability.log_level.lower(),
            # peerbot's format (LOG_FORMAT), and no query values (the OAuth redirect's code and state).
            "logger_class": gunicorn_logger_class(observability),
            "proc_name": "peerbot-web",
        }
        if observability.metrics:
            options["child_exit"] = _worker_exited
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> PeerbotWeb:
        return build_web_app(self._settings)


def serve(settings: Settings) -> None:
    if settings.observability.metrics:
        prepare_metrics_directory()
    _Gunicorn(settings).run()
