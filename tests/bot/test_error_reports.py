"""Error reports to Sentry keep what failed and where, and drop whatever could carry what people wrote."""

from __future__ import annotations

import copy
import gzip
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import sentry_sdk

from bot.config import Observability
from bot.error_reports import scrub_breadcrumb, scrub_event, start_error_reports

ANSWER = "I disagree: our agency's leadership ignores the roadmap"


def _event() -> dict[str, Any]:
    """An event as sentry_sdk builds it for an error in a listener handling a pulse answer."""
    return {
        "event_id": "6bd2f7b0c5a04d7e9a0f5d2c8e1b4a3f",
        "level": "error",
        "platform": "python",
        "timestamp": "2026-12-08T09:14:03.120Z",
        "logger": "peerbot.handlers",
        "logentry": {"message": "listener %s failed with %s", "params": ["pulse_answer", "IntegrityError"]},
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": "UNIQUE constraint failed: responses.id",
                    "module": "sqlalchemy.exc",
                    "stacktrace": {
                        "frames": [
                            {
                                "filename": "workflows/pulses.py",
                                "function": "record_answer",
                                "lineno": 212,
                                "context_line": "    session.add(response)",
                                "vars": {"text": ANSWER, "user_id": "UMARIA", "answer": {"value": ANSWER}},
                            }
                        ]
                    },
                }
            ]
        },
        "threads": {"values": [{"id": 1, "stacktrace": {"frames": [{"function": "run", "vars": {"body": ANSWER}}]}}]},
        "request": {
            "method": "POST",
            "url": "https://peerbot.example.org/slack/events",
            "query_string": "code=abc123&state=s3cr3t",
            "data": {"payload": json.dumps({"view": {"state": {"values": {"q1": {"a": {"value": ANSWER}}}}}})},
            "headers": {"X-Slack-Signature": "v0=deadbeef", "Cookie": "slack-app-oauth-state=s3cr3t"},
            "cookies": {"slack-app-oauth-state": "s3cr3t"},
            "env": {"REMOTE_ADDR": "10.0.0.1"},
        },
        "breadcrumbs": {
            "values": [
                {
                    "type": "default",
                    "category": "peerbot.handlers",
                    "level": "info",
                    "timestamp": "2026-12-08T09:14:03.100Z",
                    "message": f"saw {ANSWER}",
                    "data": {"text": ANSWER},
                },
                {
                    "type": "http",
                    "category": "httplib",
                    "timestamp": "2026-12-08T09:14:03.110Z",
                    "data": {"url": "https://slack.com/api/chat.postMessage", "body": ANSWER},
                },
            ]
        },
        "extra": {"sys.argv": ["peerbot", "serve"], "payload": ANSWER},
        "user": {"id": "UMARIA", "ip_address": "10.0.0.1"},
        "contexts": {
            "runtime": {"name": "CPython", "version": "3.11.9"},
            "os": {"name": "Linux"},
            "trace": {"trace_id": "a" * 32, "span_id": "b" * 16},
            "answer": {"text": ANSWER},
        },
    }


def test_a_scrubbed_event_carries_no_answer_secret_or_person() -> None:
    scrubbed = scrub_event(_event())

    sent = json.dumps(scrubbed)
    for secret in (ANSWER, "UMARIA", "abc123", "s3cr3t", "deadbeef", "10.0.0.1"):
        assert secret not in sent, secret


def test_a_scrubbed_event_still_says_what_failed_and_where() -> None:
    scrubbed = scrub_event(_event())

    error = scrubbed["exception"]["values"][0]
    assert (error["type"], error["value"]) == ("IntegrityError", "UNIQUE constraint failed: responses.id")
    frame = error["stacktrace"]["frames"][0]
    assert (frame["filename"], frame["function"], frame["lineno"]) == ("workflows/pulses.py", "record_answer", 212)
    assert scrubbed["request"] == {
        "method": "POST",
        "url": "https://peerbot.example.org/slack/events",
        "query_string": "code=[redacted]&state=[redacted]",
    }
    assert [crumb.get("category") for crumb in scrubbed["breadcrumbs"]["values"]] == ["peerbot.handlers", "httplib"]
    assert set(scrubbed["contexts"]) == {"runtime", "os", "trace"}
    assert scrubbed["logentry"]["message"] == "listener %s failed with %s"


def test_a_breadcrumb_keeps_its_kind_and_time_only() -> None:
    crumb = {"type": "default", "category": "peerbot", "level": "info", "timestamp": "t", "message": ANSWER, "data": {}}
    assert scrub_breadcrumb(copy.deepcopy(crumb)) == {
        "type": "default",
        "category": "peerbot",
        "level": "info",
        "timestamp": "t",
    }


def test_an_event_without_request_or_breadcrumbs_passes_unharmed() -> None:
    event = {"message": "peerbot clock stopped", "level": "error"}
    assert scrub_event(dict(event)) == event


class _Collector(BaseHTTPRequestHandler):
    """A stand-in for Sentry's ingest endpoint: keeps every envelope it is sent."""

    received: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _record_answer(text: str) -> None:
    answer = {"value": text}  # a local variable holding what a member wrote
    raise RuntimeError(f"could not record an answer of {len(answer['value'])} characters")


def test_a_reported_error_reaches_sentry_without_what_the_member_wrote() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Collector.received.clear()
    dsn = f"http://publickey@127.0.0.1:{server.server_address[1]}/1"
    try:
        assert start_error_reports(Observability(sentry_dsn=dsn))
        assert sentry_sdk.get_client().should_send_default_pii() is False
        logging.getLogger("peerbot.handlers").info("a member answered: %s", ANSWER)  # a breadcrumb
        try:
            _record_answer(ANSWER)
        except RuntimeError:
            logging.getLogger("peerbot.handlers").exception("listener pulse_answer failed")
        sentry_sdk.flush(timeout=10)
    finally:
        sentry_sdk.init()  # reports off again for the rest of the suite
        server.shutdown()
        server.server_close()

    sent = b"".join(_Collector.received).decode("utf-8", "replace")
    assert "listener pulse_answer failed" in sent and "RuntimeError" in sent and "_record_answer" in sent
    assert ANSWER not in sent and "disagree" not in sent
