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
    # PEERBOT_FREE_TEXT_RETENTION_MONTHS: None keeps free-text answers for as long as the pulse exists.
    free_text_retention_months: int | None = None
