"""Messages that show live counts: refreshes coalesce to one chat.update per card per interval, latest state wins.

A click only marks its card dirty. One refresher per card renders the newest
committed state and calls ``chat.update``, at most once per ``interval``; clicks in
between are folded into the next refresh. The refresher never sleeps: a 429 moves
the next refresh to Slack's Retry-After, and a refresh that raced a later change
(its rendered version is no longer the newest) schedules another, so a card that
missed a refresh converges within an interval or two.

Every web worker has its own refresher, so the interval is enforced across them by
a lease row in the database (``storage.cards``): a refresh first claims the card's
next slot, and a worker refused one tries again when the slot opens. The lease also
records the newest version shown, so a worker whose only reason to refresh is a
change another worker has already shown leaves Slack alone.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.orm import Session

from domain.clock import Clock
from handlers.kit.after_ack import Timers
from slackio.workspaces import SlackClients, WorkspaceGone
from storage import cards as leases
from storage.db import SessionFactory, database_was_busy, read_only_sessions

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(seconds=1)


@dataclass(frozen=True)
class CardContent:
    team_id: str  # the workspace whose bot token updates the card
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    version: int


class CardSource(Protocol):
    """How one kind of card is rendered from the database (read-only sessions)."""

    def render(self, session: Session, ident: int) -> CardContent | None:
        """The card as it should look now; None when there is no card to update."""
        ...

    def version(self, session: Session, ident: int) -> int:
        """A number that changes whenever what the card shows changes."""
        ...


@dataclass
class _Card:
    last_started: datetime | None = None
    not_before: datetime | None = None
    dirty: bool = False
    # dirty because of a change made here (not only because a later version was seen)
    asked: bool = False
    # the lease's claim count read after the newest asked change was saved: any later
    # claim, by any worker, renders after that change and so shows it
    covered_after: int = 0
    scheduled: bool = False
    running: bool = False


@dataclass
class CardRefresher:
    clients: SlackClients
    session_factory: SessionFactory
    clock: Clock
    executor: Executor
    timers: Timers
    sources: Mapping[str, CardSource]
    interval: timedelta = DEFAULT_INTERVAL
    _cards: dict[tuple[str, int], _Card] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self._reads = read_only_sessions(self.session_factory)

    def mark_dirty(self, kind: str, ident: int) -> None:
        """Ask for the card to show the latest state soon; never waits for Slack."""
        if kind not in self.sources:
            raise KeyError(f"no card source {kind!r}")
        with self._reads.begin() as session:  # one row by key; takes no lock
            claims = leases.lease_state(session, kind=kind, ident=ident).claims
        with self._lock:
            card = self._cards.setdefault((kind, ident), _Card())
            card.dirty = card.asked = True
            card.covered_after = max(card.covered_after, claims)
            self._schedule((kind, ident), card)

    def _schedule(self, key: tuple[str, int], card: _Card) -> None:
        """Under the lock: make sure exactly one refresh of a dirty card is on its way."""
        if card.scheduled or card.running or not card.dirty:
            return
        now = self.clock.now()
        due = now
        if card.last_started is not None:
            due = max(due, card.last_started + self.interval)
        if card.not_before is not None:
            due = max(due, card.not_before)
        card.scheduled = True
        if due <= now:
            self.executor.submit(self._refresh, key)
        else:
            self.timers.call_at(due, lambda: self._start(key))

    def _start(self, key: tuple[str, int]) -> None:
        self.executor.submit(self._refresh, key)

    def _refresh(self, key: tuple[str, int]) -> None:
        kind, ident = key
        with self._lock:
            card = self._cards[key]
            asked, covered_after = card.asked, card.covered_after
            card.scheduled, card.running, card.dirty, card.asked = False, True, False, False
            card.covered_after = 0
            card.not_before = None
        try:
            self._update(kind, ident, card, asked=asked, covered_after=covered_after)
        except Exception as error:
            logger.error("refreshing %s card %s failed: %s", kind, ident, type(error).__name__)
            if database_was_busy(error):  # nothing was shown: try again next interval
                with self._lock:
                    card.dirty, card.asked = True, card.asked or asked
                    card.covered_after = max(card.covered_after, covered_after)
                    card.not_before = self.clock.now() + self.interval
        finally:
            with self._lock:
                card.running = False
                self._schedule(key, card)
                self._forget_idle()

    def _claim(
        self, kind: str, ident: int, *, asked: bool, covered_after: int
    ) -> tuple[leases.Refused | int | None, bool]:
        """The card's next slot: its claim number if taken, None if nothing is left to show, else who holds
        it; and whether changes asked for here still need showing."""
        source = self.sources[kind]
        with self.session_factory.begin() as session:
            state = leases.lease_state(session, kind=kind, ident=ident)
            if asked and state.claims > covered_after:
                asked = False  # claimed after our changes were saved: that refresh showed them
            if not asked and state.shown_version >= source.version(session, ident):
                return None, False  # another worker already showed what this one would
            claim = leases.claim_refresh(session, kind=kind, ident=ident, now=self.clock.now(), interval=self.interval)
        return claim, asked

    def _update(self, kind: str, ident: int, card: _Card, *, asked: bool, covered_after: int) -> None:
        claim, asked = self._claim(kind, ident, asked=asked, covered_after=covered_after)
        if claim is None:
            return
        if isinstance(claim, leases.Refused):
            with self._lock:  # another worker refreshes within the interval: ours follows when it ends
                card.dirty, card.asked, card.not_before = True, card.asked or asked, claim.opens
                card.covered_after = max(card.covered_after, covered_after)
            return
        with self._lock:
            card.last_started = self.clock.now()
        source = self.sources[kind]
        with self._reads.begin() as session:
            content = source.render(session, ident)
        if content is None:
            return
        try:
            slack = _without_rate_limit_waits(self.clients.for_team(content.team_id))
        except WorkspaceGone:
            logger.info("%s card %s not refreshed: peerbot is not installed in %s", kind, ident, content.team_id)
            return
        try:
            slack.chat_update(channel=content.channel, ts=content.ts, text=content.text, blocks=content.blocks)
        except SlackApiError as exc:
            if exc.response.status_code == 429:
                wait = _retry_after(exc)
                logger.info("%s card %s rate limited; refreshing again in %ss", kind, ident, wait)
                until = self.clock.now() + timedelta(seconds=wait)
                with self.session_factory.begin() as session:
                    leases.postpone_refresh(session, kind=kind, ident=ident, until=until)
                with self._lock:
                    # Nothing was shown: only a claim after this one can stand in for it.
                    card.dirty, card.asked, card.not_before = True, True, until
                    card.covered_after = max(card.covered_after, claim)
                return
            logger.warning("could not update %s card %s: %s", kind, ident, exc.response.get("error"))
            return
        with self.session_factory.begin() as session:
            leases.record_shown(session, kind=kind, ident=ident, version=content.version)
            newest = source.version(session, ident)
        if newest != content.version:
            with self._lock:
                card.dirty = True

    def _forget_idle(self) -> None:
        """Under the lock: drop cards with nothing pending whose interval has passed."""
        if len(self._cards) < 256:
            return
        now = self.clock.now()
        for key, card in list(self._cards.items()):
            idle = not (card.dirty or card.scheduled or card.running)
            if idle and (card.last_started is None or card.last_started + self.interval <= now):
                del self._cards[key]


def _retry_after(exc: SlackApiError) -> int:
    headers = {name.lower(): value for name, value in (exc.response.headers or {}).items()}
    raw = headers.get("retry-after")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return max(int(str(raw)), 1)
    except ValueError:
        return 1


def _without_rate_limit_waits(client: WebClient) -> WebClient:
    """The same client, except that a 429 comes back at once: the refresher reschedules instead of sleeping."""
    handlers = [h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)]
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=handlers,
        logger=client.logger,
    )
