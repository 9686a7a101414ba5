"""Nothing is read from a request, and nobody is called, before its Slack signature is verified."""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import BoltRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

from bot.app import create_app
from bot.config import Settings
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import Network
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.network import FACILITATOR, HOME
from tests.support.harness import PeerbotUnderTest, Response

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
OTHER_SECRET = "0123456789abcdef0123456789abcdef"


def _bodies(evil: str) -> dict[str, tuple[bytes, str]]:
    """Request bodies, well-formed or not, each naming a URL chosen by the sender."""
    block_action = {"type": "block_actions", "response_url": evil, "team": {"id": "T0001"}, "user": {"id": "UFAC"}}
    return {
        "slash command": (
            urlencode({"command": "/peerbot", "text": "setup", "user_id": FACILITATOR, "response_url": evil}).encode(),
            FORM,
        ),
        "non-JSON payload": (urlencode({"payload": "{not json", "response_url": evil}).encode(), FORM),
        "payload is a JSON list": (urlencode({"payload": json.dumps([block_action])}).encode(), FORM),
        "payload is a JSON string": (urlencode({"payload": json.dumps(evil)}).encode(), FORM),
        "payload with odd shapes": (
            urlencode({"payload": json.dumps({**block_action, "team": "T0001", "user": ["UFAC"]})}).encode(),
            FORM,
        ),
        "block action with a response_url": (payloads.interactive(block_action), FORM),
        "truncated JSON event": (
            b'{"type": "event_callback", "response_url": "' + evil.encode() + b'", "event": {',
            JSON,
        ),
        "JSON list": (json.dumps([{"type": "event_callback", "response_url": evil}]).encode(), JSON),
        "JSON with odd shapes": (json.dumps({**block_action, "team": 7, "authorizations": "x"}).encode(), JSON),
        "not UTF-8": (b"payload=%7B%22response_url%22%3A%22" + evil.encode() + b"%22%7D\xff\xfe", FORM),
        "empty": (b"", FORM),
    }


def _unsigned(peerbot: PeerbotUnderTest, body: bytes) -> dict[str, str]:
    return {}


def _stale(peerbot: PeerbotUnderTest, body: bytes) -> dict[str, str]:
    return _signature(peerbot.settings.signing_secret, str(int(time.time()) - 600), body)


def _wrong_secret(peerbot: PeerbotUnderTest, body: bytes) -> dict[str, str]:
    return _signature(OTHER_SECRET, str(int(time.time())), body)


def _malformed_timestamp(peerbot: PeerbotUnderTest, body: bytes) -> dict[str, str]:
    return {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=" + "0" * 64}


def _endless_timestamp(peerbot: PeerbotUnderTest, body: bytes) -> dict[str, str]:
    return {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=" + "0" * 64}


def _non_ascii_signature(peerbot: PeerbotUnderTest, body: bytes) -> dict[str, str]:
    return {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=\xe9\xe9"}


def _timestamp_only(peerbot: PeerbotUnderTest, body: bytes) -> dict[str, str]:
    return {"X-Slack-Request-Timestamp": str(int(time.time()))}


def _signature(secret: str, timestamp: str, body: bytes) -> dict[str, str]:
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body.decode("latin-1"))
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature or ""}


UNVERIFIED = {
    "unsigned": _unsigned,
    "stale": _stale,
    "wrong secret": _wrong_secret,
    "malformed timestamp": _malformed_timestamp,
    "endless timestamp": _endless_timestamp,
    "non-ASCII signature": _non_ascii_signature,
    "timestamp without signature": _timestamp_only,
}
BODY_NAMES = list(_bodies("http://example.invalid"))


def _post(peerbot: PeerbotUnderTest, body: bytes, content_type: str, headers: dict[str, str]) -> Response:
    response = peerbot.request("POST", "/slack/events", body, {"Content-Type": content_type, **headers})
    peerbot.settle()
    return response


def _assert_quiet(caplog: pytest.LogCaptureFixture) -> None:
    loud = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert loud == [], [r.getMessage() for r in loud]


@pytest.mark.parametrize("how", list(UNVERIFIED))
@pytest.mark.parametrize("shape", BODY_NAMES)
def test_unverified_request_is_refused_quietly_and_calls_nobody(
    peerbot: PeerbotUnderTest, slack: SlackStub, caplog: pytest.LogCaptureFixture, shape: str, how: str
) -> None:
    evil = slack.response_url("evil")
    body, content_type = _bodies(evil)[shape]

    response = _post(peerbot, body, content_type, UNVERIFIED[how](peerbot, body))

    assert response.status == 401
    assert slack.calls == [] and slack.responses == []
    _assert_quiet(caplog)
    assert evil not in caplog.text and "setup" not in caplog.text  # no body content in the logs
    with peerbot.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0


MALFORMED = [
    "non-JSON payload",
    "payload is a JSON list",
    "payload is a JSON string",
    "truncated JSON event",
    "JSON list",
]


@pytest.mark.parametrize("shape", MALFORMED)
def test_signed_but_malformed_request_gets_400_quietly_and_calls_nobody(
    peerbot: PeerbotUnderTest, slack: SlackStub, caplog: pytest.LogCaptureFixture, shape: str
) -> None:
    evil = slack.response_url("evil")
    body, content_type = _bodies(evil)[shape]

    response = peerbot.post_slack(body, content_type=content_type)

    assert response.status == 400
    assert slack.calls == [] and slack.responses == []
    _assert_quiet(caplog)


def test_request_with_an_unreadable_length_gets_400(
    peerbot: PeerbotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    body = _bodies("http://example.invalid")["slash command"][0]
    headers = peerbot.signed_headers(body, content_type=FORM)

    response = _post(peerbot, body, FORM, {**headers, "Content-Length": "lots"})

    assert response.status == 400
    _assert_quiet(caplog)


def test_a_flood_of_forged_requests_logs_one_warning(
    peerbot: PeerbotUnderTest, slack: SlackStub, caplog: pytest.LogCaptureFixture
) -> None:
    body, content_type = _bodies(slack.response_url("evil"))["non-JSON payload"]

    statuses = {_post(peerbot, body, content_type, {}).status for _ in range(25)}

    assert statuses == {401}
    warnings = [r for r in caplog.records if r.name == "peerbot.web" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "signature" in warnings[0].getMessage()


def test_signed_request_still_reaches_peerbot_after_forged_ones(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    body, content_type = _bodies(slack.response_url("evil"))["slash command"]
    _post(peerbot, body, content_type, {})

    response = peerbot.command("help", user="UMARIA", channel=HOME)

    assert response.status == 200 and "/peerbot setup" in response.text


# ---------------------------------------------------------------- behind the gate: Bolt's own error path


@pytest.fixture
def bolt_app(settings: Settings, session_factory: SessionFactory, clock: FakeClock) -> Any:
    client = build_web_client(token=settings.bot_token, base_url=settings.slack_api_url, clock=clock)
    return create_app(settings, session_factory=session_factory, clock=clock, client=client)


def test_bolt_error_for_an_unverified_request_calls_no_url_even_without_the_gate(
    bolt_app: Any, slack: SlackStub, caplog: pytest.LogCaptureFixture
) -> None:
    evil = slack.response_url("evil")
    forged = BoltRequest(
        body=urlencode({"command": "/peerbot", "text": "setup", "response_url": evil}),
        headers={"x-slack-request-timestamp": "soon", "x-slack-signature": "v0=0", "content-type": FORM},
    )

    response = bolt_app.dispatch(forged)

    assert response.status >= 400
    assert slack.responses == [] and slack.calls == []
    _assert_quiet(caplog)


def test_socket_mode_requests_are_still_answered(bolt_app: Any, slack: SlackStub) -> None:
    # Socket Mode (`peerbot dev`) hands Bolt the payload from its authenticated connection, unsigned.
    command = {
        "command": "/peerbot",
        "text": "setup",
        "user_id": FACILITATOR,
        "channel_id": HOME,
        "team_id": payloads.TEAM,
        "trigger_id": slack.new_trigger_id(),
        "response_url": slack.response_url(),
    }
    slack.fail_next("views.open", "internal_error")

    response = bolt_app.dispatch(BoltRequest(body=command, mode="socket_mode"))

    assert response.status == 200
    assert "nothing was changed" in slack.wait_for_response()["body"]["text"]
