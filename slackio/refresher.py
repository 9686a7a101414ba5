"""The one refresher: recorded changes become chat.update / views.publish, one lease per surface, every process.

Use cases record what they changed on the change feed (``storage/changes.py``) in their own
transaction. A *pass* expands new changes into the surfaces that show them (a meeting card, a
person's Home, the roadmap message), then publishes every surface with changes not yet shown
whose lease is free: it claims the lease (no process publishes the surface again within
``interval``), renders the newest committed state, and sends it. So changes in between fold into
the next publish: ten RSVPs in a second publish a card or a Home once or twice, however many
processes took the clicks.

A surface is done only when a publish rendered after its changes succeeded. A 429 holds the
surface (and the rest of that workspace's this pass) until Slack's Retry-After; any other failure,
Slack's or ours, retries after 1, 2, 4… seconds (at most ``MAX_BACKOFF``), and never stops the
other surfaces. A message or person that is gone for good (``GONE``) is given up, logged.

Web processes run a pass after each committed change (``watch``) and when a held surface's lease
opens (``timers``), never on the acknowledgement's path; the clock runs one every few seconds
(``run_pass``), which also catches changes whose process died before publishing them.
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
from sqlalchemy import event
from sqlalchemy.orm import Session

from domain.clock import Clock
from slackio.client import rate_limited, retry_after, without_rate_limit_waits
from slackio.workspaces import SlackClients, WorkspaceGone
from storage import changes as feed
from storage.db import SessionFactory

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(seconds=1)
MAX_BACKOFF = timedelta(minutes=5)
# A web process wakes itself for held surfaces due this soon; later ones are the clock's.
WEB_HORIZON = timedelta(minutes=2)
PASS_BUDGET = 2000  # surfaces one pass may publish before it lets the next pass go on

# What Slack says when the thing to update is gone for good: retrying cannot help.
GONE = frozenset(
    {
        "message_not_found",
        "channel_not_found",
        "cant_update_message",
        "is_archived",
        "not_in_channel",
        "user_not_found",
        "account_inactive",
        "invalid_auth",
        "token_revoked",
        "not_authed",
        "team_not_found",
    }
)


class Rendered(Protocol):
    """A surface as it should look now, ready to send with its workspace's client."""

    @property
    def team_id(self) -> str:
        """The workspace whose bot token publishes it."""
        ...

    def send(self, client: WebClient) -> None: ...


class Surface(Protocol):
    """How one kind of surface is rendered from the database (``key`` as the change feed names it)."""

    def render(self, key: str, now: datetime, asked_by: str) -> Rendered | None:
        """None when there is nothing to show (no card posted, Home never opened); ``asked_by``: who asked for
        the newest change, if anyone is to be told that it could not be shown."""
        ...


@dataclass(frozen=True)
class MessageUpdate:
    team_id: str
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]

    def send(self, client: WebClient) -> None:
        client.chat_update(channel=self.channel, ts=self.ts, text=self.text, blocks=self.blocks)


@dataclass(frozen=True)
class HomePublish:
    team_id: str
    user_id: str
    view: dict[str, Any]

    def send(self, client: WebClient) -> None:
        client.views_publish(user_id=self.user_id, view=self.view)


@dataclass
class PassResult:
    expanded: int = 0
    published: int = 0
    failed: int = 0
    gone: int = 0
    next_at: datetime | None = None

    def summary(self) -> dict[str, int]:
        return {"changes": self.expanded, "published": self.published, "failed": self.failed, "gone": self.gone}


@dataclass
class Refresher:
    clients: SlackClients
    session_factory: SessionFactory
    clock: Clock
    surfaces: Mapping[str, Surface]
    interval: timedelta = DEFAULT_INTERVAL
    # Web processes: where passes run, and how a held surface's lease opening wakes one (None: the clock's).
    executor: Executor | None = None
    timers: Any = None  # handlers.kit.after_ack.Timers (call_at)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _running: bool = field(default=False, init=False)
    _again: bool = field(default=False, init=False)
    _wake_at: datetime | None = field(default=None, init=False)

    # ------------------------------------------------------------------ in a web process
    def watch(self) -> None:
        """Run a pass soon after any transaction of ``session_factory`` that recorded a change commits."""
        factory = self.session_factory

        def committed(session: Session) -> None:
            if session.info.pop(feed.RECORDED, False):
                self.poke()

        def rolled_back(session: Session) -> None:
            session.info.pop(feed.RECORDED, None)

        event.listen(factory, "after_commit", committed)
        event.listen(factory, "after_rollback", rolled_back)

    def poke(self) -> None:
        """Have a pass run soon on the executor; never waits, never raises (it may follow an ack)."""
        if self.executor is None:
            return
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        try:
            self.executor.submit(self._serve)
        except RuntimeError:  # the process is shutting down: the clock's pass will publish
            with self._lock:
                self._running = False

    def _serve(self) -> None:
        result: PassResult | None = None
        while True:
            try:
                result = self.run_pass()
            except Exception as error:
                logger.error("a refresh pass failed: %s", type(error).__name__)
            with self._lock:
                if self._again:
                    self._again = False
                    continue
                self._running = False
                break
        if result is not None and result.next_at is not None:
            self._wake(result.next_at)

    def _wake(self, when: datetime) -> None:
        if self.timers is None:
            return
        now = self.clock.now()
        when = max(when, now + self.interval / 2)  # still due after a pass: someone else holds it, or the budget
        if when - now > WEB_HORIZON:
            return
        with self._lock:
            if self._wake_at is not None and now < self._wake_at <= when:
                return
            self._wake_at = when
        self.timers.call_at(when, self.poke)

    # ------------------------------------------------------------------ everywhere
    def run_pass(self) -> PassResult:
        """Expand new changes, then publish every surface that is due; one surface's failure never stops another."""
        result = PassResult()
        with self.session_factory.begin() as session:
            result.expanded = feed.expand_changes(session, now=self.clock.now())
        held: dict[str, datetime] = {}  # workspaces Slack rate-limited this pass, until when
        budget = PASS_BUDGET
        while budget > 0:
            with self.session_factory.begin() as session:
                due = feed.due_surfaces(session, now=self.clock.now(), limit=min(50, budget))
            if not due:
                break
            for surface, key in due:
                budget -= 1
                self._refresh(surface, key, held, result)
        with self.session_factory.begin() as session:
            result.next_at = feed.next_pending_at(session)
        return result

    def _refresh(self, surface: str, key: str, held: dict[str, datetime], result: PassResult) -> None:
        now = self.clock.now()
        with self.session_factory.begin() as session:
            claimed = feed.claim(session, surface=surface, key=key, now=now, until=now + self.interval)
        if claimed is None:
            return  # another process holds it, or already showed these changes
        covered, asked_by = claimed
        rendered: Rendered | None = None
        try:
            rendered = self.surfaces[surface].render(key, now, asked_by)
            if rendered is None:
                self._done(surface, key, covered)
                return
            if rendered.team_id in held:
                self._hold(surface, key, held[rendered.team_id], failed=False)
                return
            rendered.send(without_rate_limit_waits(self.clients.for_team(rendered.team_id)))
        except WorkspaceGone as gone:
            logger.info("%s %s not refreshed: peerbot is not installed in %s", surface, key, gone)
            result.gone += 1
            self._done(surface, key, covered)
        except SlackApiError as error:
            reason = str(error.response.get("error"))
            if rate_limited(error):
                until = now + timedelta(seconds=retry_after(error))
                if rendered is not None:
                    held[rendered.team_id] = until
                logger.info("%s %s rate limited; publishing again at %s", surface, key, until.isoformat())
                self._hold(surface, key, until, failed=False)
            elif reason in GONE:
                logger.info("%s %s not refreshed: %s", surface, key, reason)
                result.gone += 1
                self._done(surface, key, covered)
            else:
                result.failed += 1
                self._back_off(surface, key, reason)
        except Exception as error:  # a rendering bug or a lost connection: retried, and the others go ahead
            result.failed += 1
            self._back_off(surface, key, type(error).__name__)
        else:
            result.published += 1
            self._done(surface, key, covered)

    def _done(self, surface: str, key: str, covered: int) -> None:
        with self.session_factory.begin() as session:
            feed.record_shown(session, surface=surface, key=key, covered=covered)

    def _hold(self, surface: str, key: str, until: datetime, *, failed: bool) -> None:
        with self.session_factory.begin() as session:
            feed.postpone(session, surface=surface, key=key, until=until, failed=failed)

    def _back_off(self, surface: str, key: str, reason: str) -> None:
        with self.session_factory.begin() as session:
            attempts = feed.failures(session, surface=surface, key=key) + 1
            wait = min(timedelta(seconds=2 ** min(attempts - 1, 20)), MAX_BACKOFF)
            feed.postpone(session, surface=surface, key=key, until=self.clock.now() + wait, failed=True)
        logger.warning("%s %s not refreshed (%s); trying again in %ss", surface, key, reason, int(wait.total_seconds()))
