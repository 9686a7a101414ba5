"""The gate in front of Bolt: a Slack request is read only once its signature is verified.

Bolt parses a request's body (and learns its ``response_url``) before its own
signature check runs, so a forged request could make it fail loudly or even make
peerbot call a URL of the sender's choosing. Here the raw bytes are checked
against the signing secret first; only a verified, well-formed request is parsed
and handed to Bolt (whose own check still runs, harmlessly).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_sdk.signature import SignatureVerifier

logger = logging.getLogger("peerbot.web")

# Slack's largest payloads (a full modal's state) are far below this.
MAX_BODY_BYTES = 4 * 1024 * 1024
WARNING_INTERVAL_SECONDS = 60.0


class RateLimitedWarning:
    """Log one warning per reason per interval, with how many were held back meanwhile."""

    def __init__(self, log: logging.Logger, interval: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._log = log
        self._interval = interval
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def __call__(self, reason: str) -> None:
        now = self._monotonic()
        with self._lock:
            last = self._last.get(reason)
            if last is not None and now - last < self._interval:
                self._held[reason] = self._held.get(reason, 0) + 1
                return
            self._last[reason] = now
            held = self._held.pop(reason, 0)
        suffix = f" ({held} more like it since the last warning)" if held else ""
        # Never the body or the headers: a refused request is the sender's text, not Slack's.
        self._log.warning("refused a request to the Slack endpoint: %s%s", reason, suffix)


class VerifiedSlackRequestHandler(SlackRequestHandler):
    """Bolt's WSGI adapter, with the signature verified on the raw bytes before anything is parsed."""

    def __init__(self, app: App, *, path: str, signing_secret: str) -> None:
        super().__init__(app, path=path)
        self._verifier = SignatureVerifier(signing_secret)
        self._warn = RateLimitedWarning(logger, WARNING_INTERVAL_SECONDS)

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        environ = request.environ
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._refuse(400, "unreadable Content-Length")
        if length < 0 or length > MAX_BODY_BYTES:
            return self._refuse(413 if length > 0 else 400, "body too large or of negative length")
        raw = environ["wsgi.input"].read(length) if length else b""

        headers = request.get_headers()
        if not self._signed_by_slack(raw, headers):
            return self._refuse(401, "missing, stale or wrong signature")

        try:
            bolt_request = BoltRequest(body=raw.decode("utf-8"), query=request.query_string, headers=headers)
        except Exception:  # parsing only: any failure means the body is not one Slack sends
            return self._refuse(400, "signed, but the body is not a Slack payload")
        if not isinstance(bolt_request.body, dict):
            return self._refuse(400, "signed, but the body is not a Slack payload")
        return self.app.dispatch(bolt_request)

    # The OAuth pages are a browser's GETs (no Slack signature): Bolt's flow reads only their query and cookie.
    def handle_installation(self, request: WsgiHttpRequest) -> BoltResponse:
        return self.app.oauth_flow.handle_installation(_browser_request(request))  # type: ignore[union-attr]

    def handle_callback(self, request: WsgiHttpRequest) -> BoltResponse:
        return self.app.oauth_flow.handle_callback(_browser_request(request))  # type: ignore[union-attr]

    def _signed_by_slack(self, raw: bytes, headers: Mapping[str, object]) -> bool:
        timestamp = headers.get("x-slack-request-timestamp")
        signature = headers.get("x-slack-signature")
        if not isinstance(timestamp, str) or not isinstance(signature, str):
            return False
        # SignatureVerifier raises rather than refuses on these: check them first.
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12 and signature.isascii()):
            return False
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return self._verifier.is_valid(body=body, timestamp=timestamp, signature=signature)

    def _refuse(self, status: int, reason: str) -> BoltResponse:
        self._warn(reason)
        return BoltResponse(status=status, body={"error": "invalid request"})


def _browser_request(request: WsgiHttpRequest) -> BoltRequest:
    """A GET from an installer's browser: its query and headers; a body, if any, is never read."""
    return BoltRequest(body="", query=request.query_string, headers=request.get_headers())
