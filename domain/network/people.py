"""People as peerbot sees them, independent of where their details came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    user_id: str
    display_name: str
    timezone: str | None
    is_bot: bool = False
    deleted: bool = False
    org_team_id: str | None = None  # the person's own workspace, which differs from the network's in Slack Connect
    org_name: str | None = None

    def can_be_member(self, *, bot_user_id: str | None) -> bool:
        """Bots (including peerbot itself) and deactivated accounts are never members."""
        return not (self.is_bot or self.deleted or self.user_id == bot_user_id or self.user_id == "USLACKBOT")
