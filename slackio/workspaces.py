"""Which Web API client speaks for a workspace: one bot token, or one per installed workspace."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, and_
from sqlalchemy.engine import Engine

from domain.clock import Clock
from slackio.client import build_web_client
from slackio.pacing import Pacer


class WorkspaceGone(Exception):
    """peerbot is not (or no longer) installed in this workspace: its token was removed or revoked."""

    def __init__(self, team_id: str) -> None:
        super().__init__(f"peerbot is not installed in workspace {team_id}")
        self.team_id = team_id


class SlackClients(Protocol):
    """A Web API client carrying the bot token of a workspace peerbot is installed in."""

    def for_team(self, team_id: str) -> WebClient:
        """The client for ``team_id``; raises WorkspaceGone if peerbot has no token there."""
        ...

    def token_refused(self, team_id: str) -> bool:
        """Slack refused ``team_id``'s token (revoked, invalid): forget it. True when that means peerbot was
        removed from one workspace of many (its messages wait for a reinstall), False when the one token is bad."""
        ...


@dataclass(frozen=True)
class SingleWorkspace:
    """Single-workspace mode: one bot token (SLACK_BOT_TOKEN) speaks for every network."""

    client: WebClient

    def for_team(self, team_id: str) -> WebClient:
        return self.client

    def token_refused(self, team_id: str) -> bool:
        return False


def as_clients(client: WebClient | SlackClients) -> SlackClients:
    """A single client speaks for every workspace (single-workspace mode, or a listener's per-request client)."""
    return SingleWorkspace(client) if isinstance(client, WebClient) else client


# How long a looked-up token is reused before the installation store is asked again. The process that
# handles app_uninstalled / tokens_revoked forgets at once; other processes within this long.
TOKEN_LOOKUP_TTL = timedelta(seconds=10)


class InstalledWorkspaces:
    """Many workspaces (OAuth installs): each workspace's bot token, from slack_sdk's installation store."""

    def __init__(
        self, store: InstallationStore, *, base_url: str | None, clock: Clock, pacer: Pacer | None = None
    ) -> None:
        self._store = store
        self._base_url = base_url
        self._clock = clock
        self._pacer = pacer  # shared by every workspace's client: each keeps to its own pace
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[str | None, datetime]] = {}
        self._clients: dict[str, WebClient] = {}

    def for_team(self, team_id: str) -> WebClient:
        token = self._token(team_id)
        if token is None:
            raise WorkspaceGone(team_id)
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                client = build_web_client(token=token, base_url=self._base_url, clock=self._clock, pacer=self._pacer)
                self._clients[token] = client
            return client

    def token_refused(self, team_id: str) -> bool:
        self.forget(team_id)
        return True

    def forget(self, team_id: str) -> None:
        """Drop what is remembered of ``team_id`` (it was uninstalled, or its tokens were revoked)."""
        with self._lock:
            cached = self._tokens.pop(team_id, None)
            if cached is not None and cached[0] is not None:
                self._clients.pop(cached[0], None)

    def _token(self, team_id: str) -> str | None:
        now = self._clock.now()
        with self._lock:
            cached = self._tokens.get(team_id)
            if cached is not None and now - cached[1] < TOKEN_LOOKUP_TTL:
                return cached[0]
        bot = self._store.find_bot(enterprise_id=None, team_id=team_id)
        token = bot.bot_token if bot is not None and bot.bot_token else None
        with self._lock:
            self._tokens[team_id] = (token, now)
        return token


def slack_store_metadata() -> MetaData:
    """The tables slack_sdk's SQLAlchemy installation and OAuth state stores use (migration 0750 creates them)."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_bots_table(metadata, SQLAlchemyInstallationStore.default_bots_table_name)
    SQLAlchemyInstallationStore.build_installations_table(
        metadata, SQLAlchemyInstallationStore.default_installations_table_name
    )
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, SQLAlchemyOAuthStateStore.default_table_name)
    return metadata


def installation_store(*, client_id: str, engine: Engine) -> InstallationStore:
    """slack_sdk's SQLAlchemy installation store on peerbot's database (its tables are made by Alembic)."""
    return SQLAlchemyInstallationStore(client_id=client_id, engine=engine)


# How long an installer has between opening /slack/install and coming back from Slack.
OAUTH_STATE_LIFETIME = timedelta(minutes=10)


class ClockedOAuthStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's SQLAlchemy OAuth state store, with expiry on peerbot's clock (tests move it, nobody sleeps)."""

    def __init__(self, *, engine: Engine, clock: Clock, lifetime: timedelta = OAUTH_STATE_LIFETIME) -> None:
        super().__init__(expiration_seconds=int(lifetime.total_seconds()), engine=engine)
        self._clock = clock
        self._lifetime = lifetime

    def _now(self) -> datetime:
        # The table's column is a naive DateTime holding UTC, as slack_sdk writes it.
        return self._clock.now().replace(tzinfo=None)

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = str(uuid.uuid4())
        now = self._now()
        with self.engine.begin() as connection:
            # Abandoned installs leave their states behind: expired ones go as new ones are issued.
            connection.execute(self.oauth_states.delete().where(self.oauth_states.c.expire_at <= now))
            connection.execute(self.oauth_states.insert(), {"state": state, "expire_at": now + self._lifetime})
        return state

    def consume(self, state: str) -> bool:
        """True once for a state this store issued that has not expired; it is deleted either way."""
        columns = self.oauth_states.c
        with self.engine.begin() as connection:
            row = connection.execute(
                self.oauth_states.select().where(and_(columns.state == state, columns.expire_at > self._now()))
            ).first()
            connection.execute(self.oauth_states.delete().where(columns.state == state))
        return row is not None
