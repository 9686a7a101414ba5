"""What a workflow needs to act: sessions, the Slack client, the clock, the bot's own user id."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from domain.clock import Clock
from storage.db import SessionFactory


@dataclass(frozen=True)
class JobContext:
    """Handed to every job by the clock, and built by listeners that start the same work."""

    session_factory: SessionFactory
    client: WebClient
    clock: Clock
    bot_user_id: str | None
    # The deployment's configured facilitators (PEERBOT_FACILITATORS), for views that differ by role.
    facilitators: frozenset[str] = frozenset()
