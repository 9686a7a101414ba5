"""Which Web API client speaks for a workspace: one bot token, or one per installed workspace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from slack_sdk import WebClient


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


@dataclass(frozen=True)
class SingleWorkspace:
    """Single-workspace mode: one bot token (SLACK_BOT_TOKEN) speaks for every network."""

    client: WebClient

    def for_team(self, team_id: str) -> WebClient:
        return self.client
