"""What a workflow needs to act: sessions, the Slack client, the clock, the bot's own user id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from slack_sdk import WebClient

from domain.clock import Clock
from slackio.workspaces import SingleWorkspace, SlackClients
from storage.db import SessionFactory


@dataclass(frozen=True)
class RunContext:
    """Handed to every job by the clock, and built by listeners that start the same work."""

    session_factory: SessionFactory
    client: WebClient
    clock: Clock
    bot_user_id: str | None
    # PEERBOT_FREE_TEXT_RETENTION_MONTHS: None keeps free-text answers for as long as the pulse exists.
    free_text_retention_months: int | None = None
    # Many workspaces (OAuth installs): the client for each workspace's bot token. None: ``client`` speaks
    # for every workspace (single-workspace mode, and every listener-built context).
    clients: SlackClients | None = None
    # A worker runs a job for one workspace at a time; None: the job covers every workspace.
    team_id: str | None = None
    # PEERBOT_UNINSTALL_GRACE_DAYS: how long a removed workspace's networks are kept before the clock purges them.
    uninstall_grace: timedelta = timedelta(days=30)

    @property
    def slack(self) -> SlackClients:
        """Each workspace's client: ``clients``, or ``client`` for all (single-workspace mode, listener contexts)."""
        return self.clients if self.clients is not None else SingleWorkspace(self.client)

    def client_for(self, team_id: str) -> WebClient:
        """The client carrying the bot token of ``team_id`` (raises WorkspaceGone if peerbot was removed there)."""
        return self.clients.for_team(team_id) if self.clients is not None else self.client

    def covers(self, team_id: str) -> bool:
        """Whether this run of a job is responsible for ``team_id``'s networks."""
        return self.team_id is None or self.team_id == team_id
