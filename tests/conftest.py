"""Shared fixtures: a migrated database, the Slack stand-in, a controllable clock, peerbot over HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import Settings
from domain.pulses.seal import answer_key_from_secret
from slackio.workspaces import slack_store_metadata
from storage import migrate
from storage.db import (
    REQUEST_LOCK_TIMEOUT,
    SessionFactory,
    create_db_engine,
    create_session_factory,
    normalize_database_url,
)
from storage.models import Base
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import FACILITATOR, HOME, SIGNING_SECRET
from tests.support.harness import PeerbotUnderTest


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return configured
    return f"sqlite:///{Path(tmp_path_factory.mktemp('db')) / 'peerbot-test.db'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    # The web process's engine: requests give up on another transaction's lock after a short wait.
    engine = create_db_engine(database_url, lock_timeout=REQUEST_LOCK_TIMEOUT)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[SessionFactory]:
    # Each test cleans every table afterwards instead of running inside one rolled-back transaction:
    # peerbot is driven over HTTP, so its listeners, post-ack pools and clock jobs commit from other
    # threads and connections (as in production), which an outer transaction could neither see nor undo.
    yield create_session_factory(
        engine, answer_key=answer_key_from_secret(SIGNING_SECRET), facilitators=frozenset({FACILITATOR})
    )
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        for table in slack_store_metadata().sorted_tables:
            connection.execute(table.delete())


@pytest.fixture(scope="session")
def _stub_server() -> Iterator[SlackStub]:
    stub = SlackStub().start()
    yield stub
    stub.stop()


@pytest.fixture
def slack(_stub_server: SlackStub) -> Iterator[SlackStub]:
    """The Slack stand-in with a small workspace: a home channel with two members, a bot and a leaver."""
    stub = _stub_server
    stub.reset()
    stub.add_user(FACILITATOR, name="fran", real_name="Fran Facilitator", display_name="Fran", tz="America/Chicago")
    stub.add_user("UMARIA", name="maria", real_name="Maria Lopez", display_name="Maria", tz="America/New_York")
    stub.add_user("UDEV", name="dev", real_name="Dev Patel", display_name="", tz="America/Denver")
    stub.add_user("UOTHERBOT", name="otherbot", is_bot=True)
    stub.add_user("UGONE", name="gone", real_name="Gone Person", deleted=True)
    stub.add_channel(HOME, name="equity-learning", members=[FACILITATOR, "UMARIA", "UDEV", "UOTHERBOT", "UGONE"])
    yield stub
    assert not stub.invalid_calls, f"peerbot sent Slack invalid requests: {stub.invalid_calls}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 1, 5, 15, 0, tzinfo=UTC))


@pytest.fixture
def settings(slack: SlackStub, database_url: str) -> Settings:
    return Settings(
        bot_token=slack.bot_token,
        signing_secret=SIGNING_SECRET,
        database_url=normalize_database_url(database_url),
        slack_api_url=slack.api_url,
        default_timezone="America/New_York",
        facilitators=frozenset({FACILITATOR}),
    )


@pytest.fixture
def peerbot(
    settings: Settings, slack: SlackStub, engine: Engine, session_factory: SessionFactory, clock: FakeClock
) -> Iterator[PeerbotUnderTest]:
    app = PeerbotUnderTest(settings=settings, stub=slack, engine=engine, session_factory=session_factory, clock=clock)
    yield app
    app.close()
