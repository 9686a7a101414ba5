"""Home refreshes for one person: coalesced, off the ack path, retried with backoff, never failing their trigger.

The idea of handlers/kit/live_cards.py, for Home tabs: a change only marks the
person's Home dirty. One publish per person is on its way at a time and starts at
most once per ``interval``; changes in between fold into the next publish, which
renders the newest committed state. So ten RSVPs in a second publish once or twice.
A 429 moves the next publish to Slack's Retry-After; another failure retries after
1, 2, 4… seconds (``MAX_ATTEMPTS`` in all) and is logged, never raised to the action
that asked for the refresh.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError

from domain.clock import Clock
from handlers.kit.after_ack import Timers
from handlers.kit.live_cards import _retry_after, _without_rate_limit_waits
from slackio.workspaces import SlackClients, WorkspaceGone
from storage.db import SessionFactory
from workflows.home import render_home

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(seconds=1)
MAX_ATTEMPTS = 5


@dataclass
class _Home:
    dirty: bool = False
    scheduled: bool = False
    running: bool = False
    last_started: datetime | None = None
    not_before: datetime | None = None
    failures: int = 0


@dataclass
class HomeRefresher:
    clients: SlackClients
    session_factory: SessionFactory
    clock: Clock
    executor: Executor
    timers: Timers
    interval: timedelta = DEFAULT_INTERVAL
    _homes: dict[tuple[str, str], _Home] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def refresh(self, *, team_id: str, user_id: str) -> None:
        """Ask for the person's Home to show the latest state soon; never waits, never raises."""
        try:
            with self._lock:
                home = self._homes.setdefault((team_id, user_id), _Home())
                home.dirty = True
                self._schedule((team_id, user_id), home)
        except Exception as error:  # a refresh must never break the action that asked for it
            logger.error("could not schedule a Home refresh: %s", type(error).__name__)

    def _schedule(self, key: tuple[str, str], home: _Home) -> None:
        """Under the lock: make sure exactly one publish of a dirty Home is on its way."""
        if home.scheduled or home.running or not home.dirty:
            return
        now = self.clock.now()
        due = now
        if home.last_started is not None:
            due = max(due, home.last_started + self.interval)
        if home.not_before is not None:
            due = max(due, home.not_before)
        home.scheduled = True
        if due <= now:
            self.executor.submit(self._publish, key)
        else:
            self.timers.call_at(due, lambda: self._start(key))

    def _start(self, key: tuple[str, str]) -> None:
        self.executor.submit(self._publish, key)

    def _publish(self, key: tuple[str, str]) -> None:
        team_id, user_id = key
        with self._lock:
            home = self._homes[key]
            home.scheduled, home.running, home.dirty, home.not_before = False, True, False, None
            home.last_started = self.clock.now()
        try:
            view = render_home(
                self.session_factory,
                team_id=team_id,
                user_id=user_id,
                now=self.clock.now(),
            )
            if view is not None:
                _without_rate_limit_waits(self.clients.for_team(team_id)).views_publish(user_id=user_id, view=view)
            with self._lock:
                home.failures = 0
        except WorkspaceGone:
            logger.info("Home tab not published: peerbot is not installed in %s", team_id)
        except Exception as error:
            self._failed(home, error)
        finally:
            with self._lock:
                home.running = False
                self._schedule(key, home)
                self._forget_idle()

    def _failed(self, home: _Home, error: Exception) -> None:
        status = error.response.status_code if isinstance(error, SlackApiError) else None
        reason = error.response.get("error") if isinstance(error, SlackApiError) else type(error).__name__
        with self._lock:
            home.failures += 1
            if home.failures >= MAX_ATTEMPTS:
                logger.error("gave up publishing a Home tab after %s attempts: %s", home.failures, reason)
                home.failures = 0
                return
            wait = (
                _retry_after(error) if isinstance(error, SlackApiError) and status == 429 else 2 ** (home.failures - 1)
            )
            logger.warning("publishing a Home tab failed (%s); trying again in %ss", reason, wait)
            home.dirty = True
            home.not_before = self.clock.now() + timedelta(seconds=wait)

    def _forget_idle(self) -> None:
        """Under the lock: drop Homes with nothing pending whose interval has passed."""
        if len(self._homes) < 256:
            return
        now = self.clock.now()
        for key, home in list(self._homes.items()):
            idle = not (home.dirty or home.scheduled or home.running)
            if idle and (home.last_started is None or home.last_started + self.interval <= now):
                del self._homes[key]
