"""`peerbot serve` as deployed: gunicorn workers answering signed Slack requests over HTTP."""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.slackstub import SlackStub
from tests.support.processes import SECRET, process_env, run_peerbot, running_peerbot


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, slack: SlackStub) -> Iterator[int]:
    port = _free_port()
    env = process_env(tmp_path, slack, PORT=str(port), WEB_CONCURRENCY="2")
    run_peerbot("db", "upgrade", env=env, cwd=tmp_path)
    with running_peerbot("serve", env=env, cwd=tmp_path, ready="Booting worker"):
        yield port


def _post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("POST", "/slack/events", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _help_command() -> bytes:
    return urlencode(
        {
            "team_id": "T0001",
            "channel_id": "CHOME",
            "user_id": "UMARIA",
            "command": "/peerbot",
            "text": "help",
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": "t",
            "api_app_id": "A1",
        }
    ).encode()


def _signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body),
    }


def test_served_app_answers_signed_help_and_refuses_forgeries(served: int) -> None:
    body = _help_command()

    status, answer = _post(served, body, _signed(body))
    assert status == 200 and b"/peerbot setup" in answer

    forged_status, _ = _post(served, body, _signed(body, secret="f" * 32))
    assert forged_status == 401

    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=20)
    connection.request("GET", "/healthz")
    health = connection.getresponse()
    assert (health.status, health.read()) == (200, b"ok\n")
    connection.request("GET", "/calendar/" + "x" * 43 + ".ics")  # no such calendar feed
    feed = connection.getresponse()
    assert (feed.status, feed.read()) == (404, b"not found\n")
    connection.close()


def _oauth_env(tmp_path: Path, slack: SlackStub, **extra: str) -> dict[str, str]:
    env = process_env(
        tmp_path,
        slack,
        SLACK_CLIENT_ID="1234567890.987654321",
        SLACK_CLIENT_SECRET="abcdef0123456789abcdef0123456789",
        **extra,
    )
    del env["SLACK_BOT_TOKEN"]
    return env


def test_serve_and_clock_start_in_oauth_mode_without_a_bot_token(tmp_path: Path, slack: SlackStub) -> None:
    port = _free_port()
    env = _oauth_env(tmp_path, slack, PORT=str(port), WEB_CONCURRENCY="1")
    run_peerbot("db", "upgrade", env=env, cwd=tmp_path)

    with running_peerbot("serve", env=env, cwd=tmp_path, ready="Booting worker") as started:
        assert "many workspaces (OAuth installs, client 1234567890.987654321)" in started
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        connection.request("GET", "/slack/install")
        page = connection.getresponse()
        assert page.status == 200 and b"https://slack.com/oauth/v2/authorize?" in page.read()
        connection.close()
    with running_peerbot("clock", env=env, cwd=tmp_path, ready="peerbot clock starting") as started:
        assert "many workspaces" in started
    assert slack.calls_to("auth.test") == []  # no single token to check
