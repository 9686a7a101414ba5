"""Fixtures for driving the Slack stub through a real ``slack_sdk.WebClient``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from tests.slackstub import SlackStub


@pytest.fixture
def slack_stub() -> Iterator[SlackStub]:
    stub = SlackStub().start()
    try:
        yield stub
    finally:
        stub.stop()


@pytest.fixture
def slack_client(slack_stub: SlackStub) -> WebClient:
    return WebClient(token=slack_stub.bot_token, base_url=slack_stub.api_url)
