"""What listeners need besides Slack's own arguments, handed over through Bolt's context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from domain.clock import Clock
from handlers.kit.after_ack import AfterAck
from storage.db import SessionFactory

if TYPE_CHECKING:
    from workflows.workspaces import Installs


@dataclass(frozen=True)
class Deps:
    session_factory: SessionFactory
    clock: Clock
    default_timezone: str
    after_ack: AfterAck
    installs: Installs | None = None  # OAuth mode: reacting to a workspace removing peerbot

    def now(self) -> datetime:
        return self.clock.now()
