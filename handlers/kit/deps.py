"""What listeners need besides Slack's own arguments, handed over through Bolt's context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from domain.clock import Clock
from handlers.kit.after_ack import AfterAck
from storage.db import SessionFactory
from workflows.interaction import Interaction

if TYPE_CHECKING:
    from workflows.workspaces import Installs


@dataclass(frozen=True)
class Deps:
    session_factory: SessionFactory
    clock: Clock
    default_timezone: str
    after_ack: AfterAck
    installs: Installs | None = None  # OAuth mode: reacting to a workspace removing peerbot
    public_url: str | None = None  # PEERBOT_PUBLIC_URL: calendar feed addresses start with it (None: no feeds)

    def now(self) -> datetime:
        return self.clock.now()

    def interaction(self, client: WebClient, bot_user_id: str | None) -> Interaction:
        """What the one use case a listener calls needs (listeners take it as their ``interaction`` argument)."""
        return Interaction(
            session_factory=self.session_factory,
            clock=self.clock,
            client=client,
            bot_user_id=bot_user_id,
            default_timezone=self.default_timezone,
        )
