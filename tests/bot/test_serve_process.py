"""`peerbot serve` as deployed: gunicorn workers answering signed Slack requests over HTTP."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.slackstub import SlackStub

SECRET = "0123456789abcdef0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_line(stream: IO[str], needle: str, seen: list[str], deadline: float) -> None:
    for line in stream:  # blocks on the process's own output; no sleeping
        seen.append(line)
        if needle in line:
            return
        if time.monotonic() > deadline:
            break
    raise AssertionError("peerbot serve did not start:\n" + "".join(seen))


@pytest.fixture
def served(tmp_path: Path, slack: SlackStub) -> Iterator[int]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": str(Path(__file__).parents[2]),
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "PORT": str(_free_port()),
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seen: list[str] = []
    try:
        _wait_for_line(process.stderr, "Booting worker", seen, time.monotonic() + 30)
        threading.Thread(target=lambda: [None for _ in process.stderr or []], daemon=True).start()
        yield int(env["PORT"])
    finally:
        process.terminate()
        process.wait(timeout=30)


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
    connection.close()
