"""Send a message at most once: claim its key, record each step, and let a restart re-send what is provably unsent.

A delivery moves pending -> in flight -> sent / failed / unknown. A 429 moves it to waiting (with the
time Slack named) outside the in-flight state, so a sender stopped mid-wait leaves a message any later
sender may post. Only an in-flight request whose answer was lost is ambiguous: it becomes unknown, is
never re-sent by itself, and its owner is told and offered "Send again".
"""

from __future__ import annotations

import copy
import http.client
import json
import logging
import random
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from domain.clock import Clock
from domain.deliveries import DeliveryKind, fan_out_of, names_of, unknown_outcomes_key
from rendering.deliveries import RESEND_MAX, kind_phrase, unknown_outcome_notice
from slackio.client import retry_after_seconds, without_rate_limit_waits
from slackio.workspaces import SlackClients, WorkspaceGone, as_clients
from storage import deliveries as delivery_store
from storage.db import SessionFactory
from storage.models.deliveries import Delivery, DeliveryStatus

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
        # Slack Connect: a person of another organization whose org (or Slack) refuses a DM from this app
        "invalid_user_combination",
        "access_denied",
        "team_access_not_granted",
    }
)
# Slack refused the token itself: with many workspaces, peerbot was removed from this one (this process may
# not have heard yet). Nothing was posted: the message waits, and goes out if peerbot is installed again.
TOKEN_ERRORS = frozenset({"token_revoked", "invalid_auth", "not_authed", "token_expired"})
# How often one sender waits out Retry-After for one message before leaving it waiting for a later pass.
RATE_LIMIT_WAITS = 3
# Errors where the request may have reached Slack and the answer was lost.
LOST_ANSWER_ERRORS: tuple[type[BaseException], ...] = (
    URLError,
    TimeoutError,
    ConnectionError,
    http.client.HTTPException,
)


class Outcome(StrEnum):
    SENT = "sent"
    DUPLICATE = "duplicate"  # already claimed by an earlier or concurrent sender: nothing sent now
    UNREACHABLE = "unreachable"
    FAILED = "failed"
    UNKNOWN = "unknown"  # Slack's answer was lost: it may have been posted; the owner was told
    WAITING = "waiting"  # still rate-limited: recorded as waiting, a later pass sends it
    # peerbot was removed from the message's workspace: nothing sent, nothing claimed (a reinstall sends it)
    WORKSPACE_GONE = "workspace_gone"


@dataclass(frozen=True)
class Delivered:
    outcome: Outcome
    channel: str
    message_ts: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Message:
    """One message to deliver at most once, under ``key``; ``owner`` is told if its outcome is unknown."""

    team_id: str
    network_id: int
    key: str
    kind: str
    channel: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    owner: str | None = None


@dataclass(frozen=True)
class Sender:
    """What sending needs: sessions, the Web API client of each workspace (or one for all) and the clock."""

    session_factory: SessionFactory
    client: WebClient | SlackClients
    clock: Clock

    def client_for(self, team_id: str) -> WebClient:
        """The client with ``team_id``'s bot token; raises WorkspaceGone when peerbot was removed there."""
        return as_clients(self.client).for_team(team_id)

    def installed_in(self, team_id: str) -> bool:
        try:
            self.client_for(team_id)
        except WorkspaceGone:
            return False
        return True


def deliver_once(
    *,
    session_factory: SessionFactory,
    client: WebClient | SlackClients,
    clock: Clock,
    team_id: str,
    network_id: int,
    key: str,
    kind: str,
    channel: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    owner: str | None = None,
) -> Delivered:
    """Post ``text``/``blocks`` to ``channel`` unless the delivery ``key`` was already sent or is being sent."""
    message = Message(team_id, network_id, key, kind, channel, text, blocks, owner)
    sender = Sender(session_factory, client, clock)
    if not sender.installed_in(team_id):
        _log_gone(team_id, 1)
        return Delivered(Outcome.WORKSPACE_GONE, channel)
    _claim(sender, [message])
    result = _send(sender, message)
    if result.outcome == Outcome.UNKNOWN:
        tell_owners(sender, keys=[key])
    return result


def _log_gone(team_id: str, skipped: int) -> None:
    logger.info("workspace %s: peerbot is not installed there; %s message(s) not sent", team_id, skipped)


def _payload(message: Message) -> str:
    return json.dumps({"text": message.text, "blocks": message.blocks}, separators=(",", ":"))


def _claim(sender: Sender, messages: list[Message]) -> None:
    """Record every message as pending in one transaction: a plan a restarted sender can finish."""
    now = sender.clock.now()
    with sender.session_factory.begin() as session:
        delivery_store.claim_many(
            session,
            [
                {
                    "team_id": m.team_id,
                    "network_id": m.network_id,
                    "key": m.key,
                    "kind": m.kind,
                    "channel": m.channel,
                    "claimed_at": now,
                    "owner": m.owner,
                    "payload": _payload(m),
                }
                for m in messages
            ],
        )


def _claim_in(session: Session, sender: Sender, m: Message) -> None:
    delivery_store.claim(
        session,
        team_id=m.team_id,
        network_id=m.network_id,
        key=m.key,
        kind=m.kind,
        channel=m.channel,
        now=sender.clock.now(),
        owner=m.owner,
        payload=_payload(m),
    )


def _send(sender: Sender, message: Message) -> Delivered:
    try:
        client, wait_turn = _paced_outside(without_rate_limit_waits(sender.client_for(message.team_id)))
    except WorkspaceGone:
        # Left as it is (provably unsent): sent if peerbot is installed again before the workspace is purged.
        _log_gone(message.team_id, 1)
        return Delivered(Outcome.WORKSPACE_GONE, message.channel)
    for _ in range(RATE_LIMIT_WAITS + 1):
        wait_turn()  # before "in flight": a sender stopped while it waits its turn leaves the message unsent
        with sender.session_factory.begin() as session:
            mine = delivery_store.start_attempt(session, key=message.key, now=sender.clock.now())
        if not mine:
            return Delivered(Outcome.DUPLICATE, message.channel)
        try:
            response = client.chat_postMessage(channel=message.channel, text=message.text, blocks=message.blocks)
        except SlackApiError as exc:
            if exc.response.status_code == 429:
                _wait(sender, message, retry_after_seconds(dict(exc.response.headers)))
                continue
            if exc.response.status_code >= 500:
                return _unknown(sender, message, f"http_{exc.response.status_code}")
            error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
            if error in TOKEN_ERRORS and as_clients(sender.client).token_refused(message.team_id):
                return _left_for_reinstall(sender, message, error)
            return _refused(sender, message, error)
        except LOST_ANSWER_ERRORS as exc:
            return _unknown(sender, message, type(exc).__name__)
        ts = str(response.get("ts") or "") or None
        with sender.session_factory.begin() as session:
            delivery_store.finish(
                session, key=message.key, status=DeliveryStatus.SENT, message_ts=ts, now=sender.clock.now()
            )
        return Delivered(Outcome.SENT, str(response.get("channel") or message.channel), message_ts=ts)
    logger.warning("delivery %s still rate-limited; left waiting for the next pass", message.kind)
    return Delivered(Outcome.WAITING, message.channel, error="ratelimited")


def _paced_outside(client: WebClient) -> tuple[WebClient, Callable[[], None]]:
    """The client without its workspace pacing, and the wait for the message's turn, to take before the attempt.

    Waiting inside the request would leave a message "in flight" while it only queued for its turn, so a
    sender killed then would leave its owner an "unknown" for a message that provably never left.
    """
    pacer = getattr(client, "pacer", None)
    if pacer is None:
        return client, lambda: None
    unpaced = copy.copy(client)
    unpaced.pacer = None  # type: ignore[attr-defined]
    token = client.token or ""
    return unpaced, lambda: pacer.wait(token)


def _wait(sender: Sender, message: Message, seconds: int) -> None:
    """Record "not sent, waiting until T" before waiting, so a sender stopped now leaves it provably unsent."""
    pause = seconds + random.random() / 4  # noqa: S311  (jitter, not security)
    with sender.session_factory.begin() as session:
        delivery_store.wait(session, key=message.key, until=sender.clock.now() + timedelta(seconds=pause))
    sender.clock.sleep(pause)


def _left_for_reinstall(sender: Sender, message: Message, error: str) -> Delivered:
    """Not posted, because the workspace's token is gone: provably unsent again, like a message never tried."""
    _log_gone(message.team_id, 1)
    with sender.session_factory.begin() as session:
        delivery_store.wait(session, key=message.key, until=sender.clock.now(), error=error[:64])
    return Delivered(Outcome.WORKSPACE_GONE, message.channel, error=error)


def _refused(sender: Sender, message: Message, error: str) -> Delivered:
    outcome = Outcome.UNREACHABLE if error in UNREACHABLE_ERRORS else Outcome.FAILED
    logger.warning("delivery %s to %s failed: %s", message.kind, message.channel, error)
    with sender.session_factory.begin() as session:
        delivery_store.finish(
            session, key=message.key, status=DeliveryStatus.FAILED, error=error[:64], now=sender.clock.now()
        )
    return Delivered(outcome, message.channel, error=error)


def _unknown(sender: Sender, message: Message, error: str) -> Delivered:
    """The request may have reached Slack: never post it again by itself. Its owner is told by ``tell_owners``
    (one notice for the fan-out, once it ends, or by the next safety-net pass if its sender dies first)."""
    logger.warning("delivery %s to %s has an unknown outcome (%s)", message.kind, message.channel, error)
    with sender.session_factory.begin() as session:
        delivery_store.finish(
            session, key=message.key, status=DeliveryStatus.UNKNOWN, error=error[:64], now=sender.clock.now()
        )
    return Delivered(Outcome.UNKNOWN, message.channel, error=error)


def tell_owners(
    sender: Sender,
    *,
    keys: Collection[str] | None = None,
    team_id: str | None = None,
    settled_before: datetime | None = None,
) -> int:
    """Tell each owner about their messages whose outcome is unknown: one notice per fan-out, one "Send again".

    ``keys`` limits it to one fan-out's messages; without, it is the safety net for senders that died before
    telling (``settled_before`` leaves fan-outs still running to tell about themselves). Marking them told and
    claiming the notice happen in one transaction, so a sender stopped now leaves the notice for a later pass.
    Returns how many notices were claimed.
    """
    notices: list[Message] = []
    with sender.session_factory.begin() as session:
        owed = delivery_store.owed_a_notice(session, keys=keys, team_id=team_id, settled_before=settled_before)
        groups: dict[tuple[str, int, str, str, str], list[Delivery]] = {}
        for d in owed:
            if d.kind == DeliveryKind.UNKNOWN_OUTCOME_NOTICE or d.owner is None:
                continue
            groups.setdefault((d.team_id, d.network_id, d.owner, d.kind, fan_out_of(d.key)), []).append(d)
        for (team, network_id, owner, kind, _), members in groups.items():
            for start in range(0, len(members), RESEND_MAX):
                chunk = members[start : start + RESEND_MAX]
                notices.append(_notice(session, team, network_id, owner, kind, chunk))
        delivery_store.mark_owner_told(session, delivery_ids=[d.id for d in owed], now=sender.clock.now())
        for notice in notices:
            _claim_in(session, sender, notice)
    for notice in notices:
        _send(sender, notice)
    return len(notices)


def _notice(session: Session, team: str, network_id: int, owner: str, kind: str, chunk: list[Delivery]) -> Message:
    people = [d.channel for d in chunk if d.channel[:1] in ("U", "W")]
    channels = [d.channel for d in chunk if d.channel[:1] not in ("U", "W")]
    ids = [d.id for d in chunk]
    text, blocks = unknown_outcome_notice(
        what=kind_phrase(kind),
        people=names_of(session, network_id=network_id, user_ids=people),
        channels=channels,
        delivery_ids=ids,
    )
    return Message(
        team, network_id, unknown_outcomes_key(ids), DeliveryKind.UNKNOWN_OUTCOME_NOTICE, owner, text, blocks
    )


def resend(sender: Sender, *, delivery_id: int) -> tuple[Delivery | None, Delivered | None]:
    """Send an unknown-outcome delivery again because a person checked and asked for it; at most once per ask."""
    with sender.session_factory.begin() as session:
        reopened = delivery_store.reopen_unknown(session, delivery_id=delivery_id)
        if reopened is None:
            return delivery_store.get_by_id(session, delivery_id=delivery_id), None
        session.expunge(reopened)
    return reopened, _send(sender, _stored_message(reopened))


def _stored_message(delivery: Delivery) -> Message:
    stored = json.loads(delivery.payload or "{}")
    return Message(
        delivery.team_id,
        delivery.network_id,
        delivery.key,
        delivery.kind,
        delivery.channel,
        str(stored.get("text") or ""),
        stored.get("blocks"),
        delivery.owner,
    )


def resume_unsent(sender: Sender, *, grace: timedelta, team_id: str | None = None) -> Counter[Outcome]:
    """Send what earlier senders left provably unsent (pending or waiting past its time, by ``grace``)."""
    now = sender.clock.now()
    with sender.session_factory.begin() as session:
        found = delivery_store.left_unsent(session, claimed_before=now - grace, due_before=now - grace, team_id=team_id)
        left = [_stored_message(d) for d in found]
    outcomes = Counter(_send(sender, m).outcome for m in left)
    if outcomes[Outcome.UNKNOWN]:
        tell_owners(sender, keys=[m.key for m in left])
    return outcomes


def settle_abandoned(sender: Sender, *, older_than: timedelta, team_id: str | None = None) -> int:
    """In-flight requests whose sender died waiting for Slack's answer: mark them unknown and tell their owners."""
    with sender.session_factory.begin() as session:
        abandoned = [
            Message(d.team_id, d.network_id, d.key, d.kind, d.channel, "", None, d.owner)
            for d in delivery_store.abandoned_in_flight(
                session, attempted_before=sender.clock.now() - older_than, team_id=team_id
            )
        ]
    for message in abandoned:
        _unknown(sender, message, "sender_stopped")
    if abandoned:
        tell_owners(sender, keys=[m.key for m in abandoned])
    return len(abandoned)


# Posting is network-bound: a few in flight at once fan out several times faster. Kept small so
# a rate-limited workspace sees a handful of waiting senders, each honouring Retry-After.
FAN_OUT_WORKERS = 8


def deliver_all(
    messages: Iterable[Message],
    *,
    session_factory: SessionFactory,
    client: WebClient | SlackClients,
    clock: Clock,
    after: Callable[[Message, Delivered], None] | None = None,
    workers: int = FAN_OUT_WORKERS,
) -> Counter[Outcome]:
    """Deliver each message at most once, a few side by side; ``after`` sees each result.

    Every message is claimed (pending) before the first is sent, so a sender stopped mid-fan-out
    leaves the rest provably unsent for a later pass.
    """
    sender = Sender(session_factory, client, clock)
    planned: list[Message] = []
    gone: dict[str, list[Message]] = {}
    installed: dict[str, bool] = {}
    for message in messages:
        if message.team_id not in installed:
            installed[message.team_id] = sender.installed_in(message.team_id)
        (planned if installed[message.team_id] else gone.setdefault(message.team_id, [])).append(message)
    _claim(sender, planned)
    skipped: Counter[Outcome] = Counter()
    for team_id, unsent in gone.items():
        _log_gone(team_id, len(unsent))
        for message in unsent:
            skipped[Outcome.WORKSPACE_GONE] += 1
            if after is not None:
                after(message, Delivered(Outcome.WORKSPACE_GONE, message.channel))

    def send(message: Message) -> Outcome:
        result = _send(sender, message)
        if after is not None:
            after(message, result)
        return result.outcome

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deliver") as pool:
        outcomes = Counter(pool.map(send, planned)) + skipped
    if outcomes[Outcome.UNKNOWN]:
        tell_owners(sender, keys=[m.key for m in planned])  # one notice for the fan-out's unconfirmed messages
    return outcomes
