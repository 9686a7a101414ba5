"""Per-workspace bot tokens: slack_sdk's installation store on peerbot's own (migrated) database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy.engine import Engine

from slackio.workspaces import (
    TOKEN_LOOKUP_TTL,
    InstalledWorkspaces,
    WorkspaceGone,
    installation_store,
    slack_store_metadata,
)
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock

CLIENT_ID = "1234.5678"


def _install(engine: Engine, *, team_id: str, token: str) -> None:
    installation_store(client_id=CLIENT_ID, engine=engine).save(
        Installation(
            app_id="A0PEERBOT",
            team_id=team_id,
            team_name=f"Workspace {team_id}",
            bot_token=token,
            bot_id="B0PEERBOT",
            bot_user_id="U0PEERBOT",
            bot_scopes=["chat:write"],
            user_id="UINSTALLER",
        )
    )


def test_migrations_make_the_tables_slack_sdk_stores_use(engine: Engine) -> None:
    library_tables = slack_store_metadata()
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": lambda obj, name, type_, reflected, compare_to: (
                    (name if type_ == "table" else obj.table.name) in library_tables.tables
                ),
            },
        )
        assert compare_metadata(context, library_tables) == []


def test_each_workspace_is_spoken_for_with_its_own_token(
    engine: Engine, session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    _install(engine, team_id="T0STATEA", token="xoxb-state-a")
    _install(engine, team_id="T0STATEB", token="xoxb-state-b")
    workspaces = InstalledWorkspaces(
        installation_store(client_id=CLIENT_ID, engine=engine), base_url=slack.api_url, clock=clock
    )

    assert workspaces.for_team("T0STATEA").token == "xoxb-state-a"
    assert workspaces.for_team("T0STATEB").token == "xoxb-state-b"
    with pytest.raises(WorkspaceGone):
        workspaces.for_team("T0NEVER")


def test_a_removed_workspace_is_gone_at_once_here_and_soon_everywhere(
    engine: Engine, session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    _install(engine, team_id="T0STATEA", token="xoxb-state-a")
    store = installation_store(client_id=CLIENT_ID, engine=engine)
    here = InstalledWorkspaces(store, base_url=slack.api_url, clock=clock)
    elsewhere = InstalledWorkspaces(store, base_url=slack.api_url, clock=clock)
    assert here.for_team("T0STATEA").token == elsewhere.for_team("T0STATEA").token == "xoxb-state-a"

    store.delete_all(enterprise_id=None, team_id="T0STATEA")
    here.forget("T0STATEA")

    with pytest.raises(WorkspaceGone):
        here.for_team("T0STATEA")
    clock.advance(TOKEN_LOOKUP_TTL + timedelta(seconds=1))
    with pytest.raises(WorkspaceGone):
        elsewhere.for_team("T0STATEA")
