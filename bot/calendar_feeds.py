"""GET /calendar/<token>.ics: a person's private calendar feed, or a bare 404 that says nothing about why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.logs import FEED_PREFIX
from domain.calendar.invites import CALENDAR_MIME
from domain.clock import Clock
from storage.db import SessionFactory
from workflows.calendar import feed_for_token

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

CALENDAR_PREFIX = FEED_PREFIX
SUFFIX = ".ics"
NOT_FOUND = b"not found\n"


class CalendarFeeds:
    """Serves feeds by token. A wrong, revoked or malformed token, or one whose owner left the network, gets
    the same 404 as a path that never existed: no hint whether a token, network or person exists."""

    def __init__(self, session_factory: SessionFactory, clock: Clock) -> None:
        self._session_factory = session_factory
        self._clock = clock

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return _answer(start_response, "405 Method Not Allowed", b"use GET\n", "text/plain; charset=utf-8")
        path = str(environ.get("PATH_INFO", ""))
        token = path[len(CALENDAR_PREFIX) : -len(SUFFIX)] if path.endswith(SUFFIX) else ""
        body = feed_for_token(self._session_factory, token=token, now=self._clock.now()) if token else None
        if body is None:
            return _answer(start_response, "404 Not Found", NOT_FOUND, "text/plain; charset=utf-8")
        return _answer(start_response, "200 OK", b"" if method == "HEAD" else body, CALENDAR_MIME, length=len(body))


def _answer(
    start_response: StartResponse, status: str, body: bytes, content_type: str, *, length: int | None = None
) -> list[bytes]:
    start_response(
        status,
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body) if length is None else length)),
            ("Cache-Control", "private, no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [body]
