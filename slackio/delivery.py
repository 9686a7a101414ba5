"""Send a message at most once: claim its key in the database, then post, then record the outcome."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.clock import Clock
from storage import deliveries as store
from storage.db import SessionFactory
from storage.models.deliveries import DeliveryStatus

logger = logging.getLogger(__name__)

# Errors that mean this destination cannot be reached until a person fixes something.
UNREACHABLE_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "cannot_dm_bot",
        "user_disabled",
        "account_inactive",
        "user_not_visible",
        "restricted_action",
    }
)


class Outcome(StrEnum):
    SENT = "sent"
    DUPLICATE = "duplicate"  # already claimed by an earlier or concurrent sender: nothing sent now
    UNREACHABLE = "unreachable"
    FAILED = "failed"


@dataclass(frozen=True)
class Delivered:
    outcome: Outcome
    channel: str
    message_ts: str | None = None
    error: str | None = None


def deliver_once(
    *,
    session_factory: SessionFactory,
    client: WebClient,
    clock: Clock,
    team_id: str,
    network_id: int,
    key: str,
    kind: str,
    channel: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
) -> Delivered:
    """Post ``text``/``blocks`` to ``channel`` unless a delivery with ``key`` was ever claimed.

    The claim commits before the post, so two senders racing, or a sender that
    restarts mid-fan-out, never send twice; a sender that dies between claim and
    post leaves the claim behind and that one message is not sent (at most once).
    """
    with session_factory.begin() as session:
        claimed = store.claim(
            session, team_id=team_id, network_id=network_id, key=key, kind=kind, channel=channel, now=clock.now()
        )
    if not claimed:
        return Delivered(Outcome.DUPLICATE, channel)
    try:
        response = client.chat_postMessage(channel=channel, text=text, blocks=blocks)
    except SlackApiError as exc:
        error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
        outcome = Outcome.UNREACHABLE if error in UNREACHABLE_ERRORS else Outcome.FAILED
        logger.warning("delivery %s to %s failed: %s", kind, channel, error)
        with session_factory.begin() as session:
            store.finish(session, key=key, status=DeliveryStatus.FAILED, error=error[:64], now=clock.now())
        return Delivered(outcome, channel, error=error)
    ts = str(response.get("ts") or "") or None
    posted_channel = str(response.get("channel") or channel)
    with session_factory.begin() as session:
        store.finish(session, key=key, status=DeliveryStatus.SENT, message_ts=ts, now=clock.now())
    return Delivered(Outcome.SENT, posted_channel, message_ts=ts)


@dataclass(frozen=True)
class Message:
    """One message to deliver at most once, under ``key``."""

    team_id: str
    network_id: int
    key: str
    kind: str
    channel: str
    text: str
    blocks: list[dict[str, Any]] | None = None


# Posting is network-bound: a few in flight at once fan out several times faster. Kept small so
# a rate-limited workspace sees a handful of waiting senders, each honouring Retry-After.
FAN_OUT_WORKERS = 8


def deliver_all(
    messages: Iterable[Message],
    *,
    session_factory: SessionFactory,
    client: WebClient,
    clock: Clock,
    after: Callable[[Message, Delivered], None] | None = None,
    workers: int = FAN_OUT_WORKERS,
) -> Counter[Outcome]:
    """Deliver each message at most once, a few side by side; ``after`` sees each result.

    Each message claims its own key, so running them concurrently cannot send one twice.
    """

    def send(message: Message) -> Outcome:
        result = deliver_once(
            session_factory=session_factory,
            client=client,
            clock=clock,
            team_id=message.team_id,
            network_id=message.network_id,
            key=message.key,
            kind=message.kind,
            channel=message.channel,
            text=message.text,
            blocks=message.blocks,
        )
        if after is not None:
            after(message, result)
        return result.outcome

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deliver") as pool:
        return Counter(pool.map(send, messages))
