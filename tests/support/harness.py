"""peerbot served over real HTTP on loopback, and a client that sends it Slack-signed requests."""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_sdk.signature import SignatureVerifier
from sqlalchemy.engine import Engine

from bot.app import Pools, create_app
from bot.calendar_feeds import CalendarFeeds
from bot.config import Settings
from bot.web import PeerbotWeb
from slackio.client import build_web_client
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.executor import ManualTimers, TrackingExecutor


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class PeerbotUnderTest:
    """The real WSGI app on a real socket, with Slack played by the stub."""

    def __init__(
        self, *, settings: Settings, stub: SlackStub, engine: Engine, session_factory: SessionFactory, clock: FakeClock
    ) -> None:
        self.settings = settings
        self.stub = stub
        self.clock = clock
        self.session_factory = session_factory
        self.executor = TrackingExecutor(name="peerbot-ack")
        self.after_ack = TrackingExecutor(name="peerbot-after-ack")
        self.cards = TrackingExecutor(max_workers=2, name="peerbot-cards")
        self.timers = ManualTimers(clock)
        self.acknowledgements: list[Response] = []  # every HTTP answer to Slack, as Slack would show its body
        # OAuth mode (settings.oauth): no token here; Bolt finds each request's workspace token.
        client = build_web_client(token=settings.bot_token or None, base_url=settings.slack_api_url, clock=clock)
        pools = Pools(acks=self.executor, after_ack=self.after_ack, cards=self.cards, timers=self.timers)
        app = create_app(settings, session_factory=session_factory, clock=clock, client=client, pools=pools)
        self.app = app  # its registered listeners are what the trust-boundary tests enumerate
        feeds = CalendarFeeds(session_factory, clock)
        self.web = PeerbotWeb(app, engine, signing_secret=settings.signing_secret, calendar_feeds=feeds)
        self._server = make_server(
            "127.0.0.1", 0, self.web, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True, name="peerbot-http"
        )
        self._thread.start()
        self.port = self._server.server_address[1]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        for pool in (self.executor, self.after_ack, self.cards):
            pool.shutdown(wait=True)

    # ---------------------------------------------------------------- raw HTTP
    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            raw = connection.getresponse()
            response = Response(raw.status, raw.read(), {k.lower(): v for k, v in raw.getheaders()})
        finally:
            connection.close()
        return response

    def signed_headers(
        self, body: bytes, *, content_type: str, timestamp: int | None = None, secret: str | None = None
    ) -> dict[str, str]:
        # Slack signs with the wall clock, and Bolt checks against it: this is real time.
        ts = str(timestamp if timestamp is not None else int(time.time()))
        verifier = SignatureVerifier(secret or self.settings.signing_secret)
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=body),
        }

    def post_slack(
        self,
        body: bytes,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        settle: bool = True,
        extra_headers: dict[str, str] | None = None,
        **signing: Any,
    ) -> Response:
        headers = self.signed_headers(body, content_type=content_type, **signing)
        headers.update(extra_headers or {})
        response = self.request("POST", "/slack/events", body, headers)
        self.acknowledgements.append(response)
        if settle:
            self.settle()
        return response

    def settle(self) -> None:
        """Wait for work after acknowledgements, and run follow-ups the clock has reached (no sleeping).

        Follow-ups due later (a card's next refresh) wait until the test moves the clock.
        """
        while self.executor.drain() + self.after_ack.drain() + self.cards.drain() + self.timers.run_due():
            pass

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on the clock, then settle: coalesced card refreshes due by then have run.

        Work already under way finishes first, at the time it started: in real time it
        takes milliseconds, and must not be stretched across the second being skipped.
        """
        self.settle()
        self.clock.advance(timedelta(seconds=seconds))
        self.settle()

    # ---------------------------------------------------------------- Slack surfaces
    def command(
        self, text: str = "", *, user: str, channel: str, command: str = "/peerbot", team: str = payloads.TEAM
    ) -> Response:
        body = payloads.slash_command(
            command=command,
            text=text,
            user=user,
            channel=channel,
            team=team,
            trigger_id=self.stub.new_trigger_id(),
            response_url=self.stub.response_url(),
        )
        return self.post_slack(body)

    def click(
        self,
        action_id: str,
        value: str | None = None,
        *,
        user: str,
        team: str = payloads.TEAM,
        channel: str | None = None,
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        block_id: str = "block",
        **extra: Any,
    ) -> Response:
        body = payloads.block_action(
            user=user,
            team=team,
            action_id=action_id,
            value=value,
            trigger_id=self.stub.new_trigger_id(),
            response_url=None if view is not None else self.stub.response_url(),
            channel=channel,
            message=message,
            view=view,
            block_id=block_id,
            extra_action=extra or None,
        )
        return self.post_slack(body)

    def submit(
        self, view: dict[str, Any], values: dict[str, dict[str, Any]], *, user: str, team: str = payloads.TEAM
    ) -> Response:
        return self.post_slack(payloads.view_submission(user=user, team=team, view=view, values=values))

    def suggest(
        self,
        action_id: str,
        value: str,
        *,
        block_id: str,
        user: str,
        view: dict[str, Any] | None = None,
        team: str = payloads.TEAM,
    ) -> Response:
        body = payloads.block_suggestion(
            user=user, team=team, action_id=action_id, block_id=block_id, value=value, view=view
        )
        return self.post_slack(body)

    def event(
        self,
        event: dict[str, Any],
        *,
        team: str = payloads.TEAM,
        event_id: str | None = None,
        retry_num: int | None = None,
        source_team: str | None = None,
    ) -> Response:
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else None
        return self.post_slack(
            payloads.event_callback(event, team=team, event_id=event_id, source_team=source_team),
            content_type="application/json",
            extra_headers=headers,
        )

    # ---------------------------------------------------------------- what the user saw
    def opened_view(self, callback_id: str) -> dict[str, Any]:
        """The newest modal with this callback id that peerbot opened (as Slack stores it, with its id)."""
        matching = [v for v in self.stub.views.values() if v.get("callback_id") == callback_id]
        assert matching, f"no {callback_id!r} modal was opened; views.open calls: {self.stub.calls_to('views.open')}"
        return matching[-1]

    def last_response(self) -> dict[str, Any]:
        responses = self.stub.responses
        assert responses, "peerbot sent nothing to the response_url"
        return dict(responses[-1]["body"])
