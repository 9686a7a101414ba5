"""The `network` fixture of the resource library scenarios: a library with states and topics."""

from __future__ import annotations

import pytest

from storage.db import SessionFactory
from storage.models import Network
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.resources import library_network


@pytest.fixture
def network(session_factory: SessionFactory, clock: FakeClock, slack: SlackStub) -> Network:
    return library_network(session_factory, clock)
