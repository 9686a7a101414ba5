"""What listeners need besides Slack's own arguments, handed over through Bolt's context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from domain.clock import Clock
from handlers.kit.after_ack import AfterAck
from handlers.kit.live_cards import CardRefresher
from storage.db import SessionFactory

if TYPE_CHECKING:
    from handlers.home.refresh import HomeRefresher
    from workflows.workspaces import Installs


@dataclass(frozen=True)
class Deps:
    session_factory: SessionFactory
    clock: Clock
    default_timezone: str
    after_ack: AfterAck
    cards: CardRefresher
    homes: HomeRefresher  # Home tab refreshes, coalesced per person
    installs: Installs | None = None  # OAuth mode: reacting to a workspace removing peerbot
    public_url: str | None = None  # PEERBOT_PUBLIC_URL: calendar feed addresses start with it (None: no feeds)

    def now(self) -> datetime:
        return self.clock.now()
