"""What a use case a person started needs: sessions, the clock, their workspace's client, the refreshes it asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from slack_sdk import WebClient

from domain.clock import Clock
from storage.db import SessionFactory


class CardRefreshes(Protocol):
    def mark_dirty(self, kind: str, ident: int) -> None:
        """Have a live card show its newest state soon (never waits for Slack)."""
        ...


class HomeRefreshes(Protocol):
    def refresh(self, *, team_id: str, user_id: str) -> None:
        """Have a person's Home tab show its newest state soon (never waits, never raises)."""
        ...


@dataclass(frozen=True)
class Interaction:
    """Built by the listener kit for each request (``interaction`` argument), handed to one use case."""

    session_factory: SessionFactory
    clock: Clock
    client: WebClient  # the client Bolt chose for the request's workspace
    bot_user_id: str | None
    default_timezone: str
    cards: CardRefreshes
    homes: HomeRefreshes

    def now(self) -> datetime:
        return self.clock.now()
