"""The web server's access log never shows a calendar feed's token (a secret that travels in the path)."""

from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from bot.config import Observability
from bot.logs import gunicorn_logger_class, redact_feed_token


def test_gunicorns_access_line_never_shows_a_feed_token() -> None:
    token = "q" * 43
    path = f"/calendar/{token}.ics"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = gunicorn_logger_class(Observability())(Config()).atoms(response, request, environ, timedelta(seconds=0))
    assert atoms["r"] == "GET /calendar/[token].ics HTTP/1.1" and atoms["s"] == "200"
    assert token not in json.dumps(atoms, default=str)


def test_other_paths_are_logged_as_they_are() -> None:
    atoms = {"r": "POST /slack/events HTTP/1.1", "U": "/slack/events"}
    assert redact_feed_token(atoms, "/slack/events") == atoms
