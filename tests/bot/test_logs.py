"""Log lines an operator can read: JSON when asked, no scheduler chatter at INFO, no query values in access lines."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from bot.config import Observability
from bot.logs import JsonFormatter, gunicorn_logger_class, redact_query, redact_request_line
from bot.logs import _DemoteToDebug as DemoteToDebug
from tests.support.processes import ROOT


def _record(
    level: int, message: str, *args: object, exc: bool = False, name: str = "peerbot.jobs"
) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("boom")
        except ValueError:
            exc_info = sys.exc_info()
    return logging.LogRecord(name, level, __file__, 1, message, args, exc_info)


def test_a_json_line_has_time_level_logger_message_and_the_traceback() -> None:
    line = JsonFormatter().format(_record(logging.ERROR, "job %s failed", "send_due_reminders", exc=True))

    assert "\n" not in line
    event = json.loads(line)
    assert (event["level"], event["logger"], event["message"]) == (
        "ERROR",
        "peerbot.jobs",
        "job send_due_reminders failed",
    )
    assert event["time"].endswith("+00:00") and "ValueError: boom" in event["exc"]


def test_a_json_line_without_an_error_has_no_exc() -> None:
    assert "exc" not in json.loads(JsonFormatter().format(_record(logging.INFO, "peerbot clock starting")))


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        (
            "/slack/oauth_redirect?code=123.456.abc&state=s3cr3t",
            "/slack/oauth_redirect?code=[redacted]&state=[redacted]",
        ),
        (
            "/slack/oauth_redirect?error=access_denied&state=x",
            "/slack/oauth_redirect?error=[redacted]&state=[redacted]",
        ),
        ("/slack/events", "/slack/events"),
        ("/healthz?", "/healthz?"),
        (
            "https://peerbot.example.org/slack/oauth_redirect?code=1",
            "https://peerbot.example.org/slack/oauth_redirect?code=[redacted]",
        ),
    ],
)
def test_query_values_are_redacted_and_names_kept(uri: str, expected: str) -> None:
    assert redact_query(uri) == expected


def test_a_request_line_keeps_method_path_and_protocol() -> None:
    assert redact_request_line("GET /slack/oauth_redirect?code=abc&state=def HTTP/1.1") == (
        "GET /slack/oauth_redirect?code=[redacted]&state=[redacted] HTTP/1.1"
    )


def test_gunicorns_access_line_never_shows_the_oauth_code_or_state() -> None:
    logger_class = gunicorn_logger_class(Observability())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/slack/oauth_redirect?code=123.456.abc&state=s3cr3t",
        "PATH_INFO": "/slack/oauth_redirect",
        "QUERY_STRING": "code=123.456.abc&state=s3cr3t",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://peerbot.example.org/slack/oauth_redirect?code=123.456.abc&state=s3cr3t",
        "REMOTE_ADDR": "10.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger_class(Config()).atoms(response, request, environ, timedelta(milliseconds=12))

    assert atoms["r"] == "GET /slack/oauth_redirect?code=[redacted]&state=[redacted] HTTP/1.1"
    shown = json.dumps(atoms, default=str)
    assert "123.456.abc" not in shown and "s3cr3t" not in shown


def test_the_schedulers_routine_lines_are_debug_and_its_warnings_stay() -> None:
    demote = DemoteToDebug()
    executor = "apscheduler.executors.default"
    root = logging.getLogger()
    saved = root.level
    try:
        root.setLevel(logging.INFO)
        assert demote.filter(_record(logging.INFO, 'Running job "resume_deliveries"', name=executor)) is False
        assert demote.filter(_record(logging.INFO, "Adding job tentatively", name="apscheduler.scheduler")) is False
        missed = _record(logging.WARNING, "Run time of job was missed by 0:01:02", name=executor)
        assert demote.filter(missed) is True and missed.levelname == "WARNING"
        added = _record(logging.INFO, 'Added job "resume_deliveries" to job store', name="apscheduler.scheduler")
        assert demote.filter(added) is True and added.levelname == "INFO"
        assert demote.filter(_record(logging.INFO, "job send_due_reminders finished: {'sent': 3}")) is True

        root.setLevel(logging.DEBUG)
        shown = _record(logging.INFO, 'Job "resume_deliveries" executed successfully', name=executor)
        assert demote.filter(shown) is True and shown.levelname == "DEBUG"
    finally:
        root.setLevel(saved)


SCHEDULER_LINES = """
import logging, sys
from bot.config import load_observability
from bot.logs import configure_logging

configure_logging(load_observability({"LOG_LEVEL": sys.argv[1]}))
logging.getLogger("apscheduler.executors.default").info('Running job "resume_deliveries"')
logging.getLogger("apscheduler.executors.default").warning("Run time of job was missed by 0:01:02")
logging.getLogger("peerbot.jobs").info("job send_due_reminders finished: {'sent': 3}")
"""


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
def test_a_process_at_info_shows_no_scheduler_chatter_and_at_debug_shows_it_as_debug(level: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCHEDULER_LINES, level], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    lines = result.stderr.splitlines()
    running = [line for line in lines if "Running job" in line]
    assert len(running) == (0 if level == "INFO" else 1) and all(" DEBUG " in line for line in running)
    assert any(" WARNING apscheduler.executors.default: Run time of job was missed" in line for line in lines)
    assert any(" INFO peerbot.jobs: job send_due_reminders finished" in line for line in lines)
