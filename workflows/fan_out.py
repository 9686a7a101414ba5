"""DM each person once and know who was missed: the one fan-out every feature's notices go through."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from slack_sdk import WebClient

from domain.clock import Clock
from slackio.delivery import Delivered, Message, Outcome, deliver_all
from slackio.workspaces import SlackClients
from storage.db import SessionFactory

MISSED = (Outcome.UNREACHABLE, Outcome.FAILED)


class Missed:
    """An ``after`` for ``deliver_all``: collects the DMs (to a person, not a channel) Slack would not take."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.messages: list[Message] = []

    def __call__(self, message: Message, result: Delivered) -> None:
        if result.outcome in MISSED and message.channel[:1] in ("U", "W"):
            with self._lock:  # deliver_all's workers report at once
                self.messages.append(message)


@dataclass(frozen=True)
class FannedOut:
    outcomes: Counter[Outcome]
    missed: tuple[str, ...]  # the people who could not be messaged, in the order they were given


def dm_each_once(
    messages: Iterable[Message], *, session_factory: SessionFactory, client: WebClient | SlackClients, clock: Clock
) -> FannedOut:
    """Deliver each DM at most once (under its own key); say whom Slack would not let peerbot reach."""
    planned = list(messages)
    missed = Missed()
    outcomes = deliver_all(planned, session_factory=session_factory, client=client, clock=clock, after=missed)
    unreached = {m.channel for m in missed.messages}
    return FannedOut(outcomes, tuple(m.channel for m in planned if m.channel in unreached))
