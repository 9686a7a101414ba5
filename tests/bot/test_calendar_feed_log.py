"""The web server's access log never shows a calendar feed's token (a secret that travels in the path)."""

from __future__ import annotations

from bot.calendar_feeds import redacted
from bot.server import RedactingLogger, _Gunicorn


def test_a_feed_token_is_blanked_in_every_access_log_field() -> None:
    token = "q" * 43
    path = f"/calendar/{token}.ics"
    atoms = {"r": f"GET {path} HTTP/1.1", "U": path, "f": f"https://x.example/{token}", "s": "200", "B": 10}
    shown = redacted(atoms, path)
    assert token not in str(shown)
    assert shown["r"] == "GET /calendar/[token].ics HTTP/1.1" and shown["s"] == "200" and shown["B"] == 10


def test_other_paths_are_logged_as_they_are() -> None:
    atoms = {"r": "POST /slack/events HTTP/1.1", "U": "/slack/events"}
    assert redacted(atoms, "/slack/events") == atoms


def test_peerbot_serve_logs_through_the_redacting_logger(settings: object) -> None:
    server = _Gunicorn(settings)  # type: ignore[arg-type]
    assert server.cfg.logger_class is RedactingLogger
