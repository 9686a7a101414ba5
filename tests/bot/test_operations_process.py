"""What an operator sees of the real processes: /readyz following the clock, metrics summed over gunicorn's
workers, JSON log lines, and access lines without the OAuth code and state."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.queue import clock_queue
from jobs.queue import enqueue_minute
from storage import health as health_store
from storage.db import SessionFactory, create_db_engine, create_session_factory
from tests.slackstub import SlackStub
from tests.support.processes import SECRET, process_env, run_peerbot

BOLT_TOKEN_WARNING = "will be unused"


class Output:
    """A process's standard output and error, line by line as it writes them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()

    def add(self, line: str) -> None:
        with self._changed:
            self.lines.append(line)
            self._changed.notify_all()

    def wait_for(self, pattern: str, *, timeout: float = 60.0) -> str:
        """The first line containing ``pattern``, waiting for the process to write it."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((line for line in self.lines if pattern in line), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                assert left > 0, f"no line with {pattern!r} in:\n{self.text}"
                self._changed.wait(left)

    @property
    def text(self) -> str:
        return "".join(self.lines)


@contextmanager
def started(*args: str, env: dict[str, str], cwd: Path, ready: str) -> Iterator[Output]:
    """Start ``peerbot …`` with stdout and stderr (gunicorn's access log is on stdout) read into one Output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output()
    reader = threading.Thread(target=lambda: [output.add(line) for line in process.stdout or ()], daemon=True)
    reader.start()
    try:
        output.wait_for(ready)
        yield output
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=60)
        reader.join(timeout=5)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _readyz(port: int) -> tuple[int, dict[str, Any]]:
    status, body = _get(port, "/readyz")
    return status, json.loads(body)


def _post_help(port: int) -> int:
    body = urlencode(
        {"team_id": "T0001", "channel_id": "CHOME", "user_id": "UMARIA", "command": "/peerbot", "text": "help"}
    ).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body),
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("POST", "/slack/events", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _clock_last_ran(workdir: Path, when: datetime) -> None:
    """What a clock stopped since ``when`` leaves behind: its last heartbeat, written as the clock writes it."""
    engine = create_db_engine(f"sqlite:///{workdir / 'peerbot.db'}")
    try:
        with create_session_factory(engine).begin() as session:
            health_store.record_heartbeat(session, process=health_store.CLOCK, now=when)
    finally:
        engine.dispose()


def test_readyz_goes_503_when_the_clock_stops_and_back_to_200_when_it_runs(tmp_path: Path, slack: SlackStub) -> None:
    port = _free_port()
    env = process_env(tmp_path, slack, PORT=str(port), WEB_CONCURRENCY="1")
    run_peerbot("db", "upgrade", env=env, cwd=tmp_path)

    with started("serve", env=env, cwd=tmp_path, ready="Booting worker") as web:
        status, fresh = _readyz(port)
        assert status == 503 and fresh["problems"] == ["the clock has never run: start `peerbot clock` (exactly one)"]
        assert _get(port, "/healthz") == (200, b"ok\n")  # the web process itself is fine

        with started("clock", env=env, cwd=tmp_path, ready="peerbot clock starting"):
            status, running = _readyz(port)
            assert status == 200 and running["ready"] is True, running
            assert running["clock"]["seconds_ago"] < 60 and running["queue"] is None  # SQLite: no queue

        # Stopped four minutes ago: the heartbeat it left is that old.
        _clock_last_ran(tmp_path, datetime.now(UTC) - timedelta(minutes=4))
        status, stopped = _readyz(port)
        assert status == 503 and stopped["ready"] is False
        assert re.fullmatch(
            r"the clock last ran 2[45]\d seconds ago \(limit 180\): is `peerbot clock` running\?",
            stopped["problems"][0],
        ), stopped
        assert _get(port, "/healthz/deep")[0] == 503

        with started("clock", env=env, cwd=tmp_path, ready="peerbot clock starting") as clock:
            assert _readyz(port)[0] == 200
        assert _get(port, "/metrics")[0] == 404  # off unless PEERBOT_METRICS=1
    assert BOLT_TOKEN_WARNING not in web.text and BOLT_TOKEN_WARNING not in clock.text


def test_metrics_count_every_gunicorn_workers_requests_and_read_the_database(tmp_path: Path, slack: SlackStub) -> None:
    port = _free_port()
    shared = tmp_path / "metrics"
    env = process_env(
        tmp_path, slack, PORT=str(port), WEB_CONCURRENCY="2", PEERBOT_METRICS="1", PROMETHEUS_MULTIPROC_DIR=str(shared)
    )
    run_peerbot("db", "upgrade", env=env, cwd=tmp_path)

    with started("serve", env=env, cwd=tmp_path, ready="Booting worker") as web:
        web.wait_for("Booting worker with pid", timeout=60)
        assert [_post_help(port) for _ in range(6)] == [200] * 6
        scrapes = [_get(port, "/metrics") for _ in range(4)]

    for status, body in scrapes:
        text = body.decode()
        assert status == 200
        # Whichever worker answered the scrape, it counts all six, wherever they were answered.
        assert 'peerbot_http_request_duration_seconds_count{route="slack_events",status="200"} 6.0' in text, text
        assert "peerbot_database_up 1.0" in text and "# TYPE peerbot_deliveries gauge" in text
    assert list(shared.glob("histogram_*.db")), "the workers keep their values in the shared directory"


def test_json_logs_are_one_object_per_line_from_gunicorn_and_the_clock(tmp_path: Path, slack: SlackStub) -> None:
    port = _free_port()
    # Error reports on too (to an address where nothing listens): they add no line of their own.
    env = process_env(
        tmp_path,
        slack,
        PORT=str(port),
        WEB_CONCURRENCY="1",
        LOG_FORMAT="json",
        SENTRY_DSN="http://publickey@127.0.0.1:9/1",
    )
    run_peerbot("db", "upgrade", env=env, cwd=tmp_path)

    with started("serve", env=env, cwd=tmp_path, ready="Booting worker") as web:
        assert _get(port, "/healthz")[0] == 200
        web.wait_for("GET /healthz")
    with started("clock", env=env, cwd=tmp_path, ready="peerbot clock starting") as clock:
        pass

    for output in (web, clock):
        events = [json.loads(line) for line in output.lines if line.strip()]
        assert events and all({"time", "level", "logger", "message"} <= set(event) for event in events)
    web_events = [json.loads(line) for line in web.lines if line.strip()]
    assert any(e["logger"] == "gunicorn.error" and "Booting worker" in e["message"] for e in web_events)
    assert any(e["logger"] == "gunicorn.access" and "GET /healthz" in e["message"] for e in web_events)
    assert any(e["logger"] == "peerbot" and e["message"].startswith("peerbot web starting") for e in web_events)


def test_the_oauth_code_and_state_never_reach_the_access_log(tmp_path: Path, slack: SlackStub) -> None:
    port = _free_port()
    env = process_env(
        tmp_path,
        slack,
        PORT=str(port),
        WEB_CONCURRENCY="1",
        SLACK_CLIENT_ID="1234567890.987654321",
        SLACK_CLIENT_SECRET="abcdef0123456789abcdef0123456789",
    )
    del env["SLACK_BOT_TOKEN"]
    run_peerbot("db", "upgrade", env=env, cwd=tmp_path)

    with started("serve", env=env, cwd=tmp_path, ready="Booting worker") as web:
        status, _page = _get(port, "/slack/oauth_redirect?code=4242.1717.c0de5ecret&state=5tate5ecret")
        line = web.wait_for("/slack/oauth_redirect")

    assert status in (200, 400)  # a state this browser never got: the failure page
    assert "/slack/oauth_redirect?code=[redacted]&state=[redacted]" in line
    assert "c0de5ecret" not in web.text and "5tate5ecret" not in web.text


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the job queue lives in PostgreSQL: set TEST_DATABASE_URL to a PostgreSQL database",
)
def test_readyz_on_postgresql_reports_the_queue_and_a_task_no_worker_took(
    tmp_path: Path, slack: SlackStub, engine: Engine, settings: Settings, session_factory: SessionFactory
) -> None:
    port = _free_port()
    env = process_env(
        tmp_path, slack, PORT=str(port), WEB_CONCURRENCY="1", DATABASE_URL=os.environ["TEST_DATABASE_URL"]
    )
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    queue = clock_queue(settings)
    try:
        with (
            started("serve", env=env, cwd=tmp_path, ready="Booting worker"),
            started("clock", env=env, cwd=tmp_path, ready="peerbot clock starting"),
        ):
            status, idle = _readyz(port)
            assert status == 200 and idle["queue"] == {
                "waiting": 0,
                "oldest_waiting_seconds": None,
                "waiting_limit_seconds": 300,
            }
            # The clock enqueued a workspace's minute six minutes ago, and no worker is running.
            enqueue_minute(queue, ["T0001"], minute=datetime.now(UTC))
            with engine.begin() as connection:
                connection.execute(text("UPDATE procrastinate_events SET at = now() - interval '6 minutes'"))
            status, stuck = _readyz(port)
    finally:
        queue.close()
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    assert status == 503 and stuck["queue"]["waiting"] == 1
    assert stuck["problems"] and stuck["problems"][0].startswith("a task has waited 36")
    assert stuck["problems"][0].endswith("(limit 300): are `peerbot worker` processes running?")
