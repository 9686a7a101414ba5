"""peerbot in OAuth mode over HTTP: two workspaces to install it in, facilitators of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from domain.pulses.seal import answer_key_from_secret
from storage.db import SessionFactory, create_session_factory
from tests.scenarios.workspaces.install.support import FACILITATORS, add_workspaces, oauth_settings
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import SIGNING_SECRET
from tests.support.harness import PeerbotUnderTest


@pytest.fixture
def installable(slack: SlackStub) -> SlackStub:
    add_workspaces(slack)
    return slack


@pytest.fixture
def oauth_sessions(engine: Engine, session_factory: SessionFactory) -> SessionFactory:
    """Sessions whose configured facilitators are the two workspaces' (the shared fixture still cleans up)."""
    return create_session_factory(engine, answer_key=answer_key_from_secret(SIGNING_SECRET), facilitators=FACILITATORS)


@pytest.fixture
def multi(
    settings: Settings, installable: SlackStub, engine: Engine, oauth_sessions: SessionFactory, clock: FakeClock
) -> Iterator[PeerbotUnderTest]:
    """peerbot with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (no SLACK_BOT_TOKEN)."""
    app = PeerbotUnderTest(
        settings=oauth_settings(settings), stub=installable, engine=engine, session_factory=oauth_sessions, clock=clock
    )
    yield app
    app.close()
