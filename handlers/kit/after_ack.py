"""Work that follows an acknowledgement: its own pool and a timer, so an ack never waits for Slack or a lock.

Bolt runs each listener on its listener executor (the *ack pool*) and the HTTP
answer waits until the listener calls ``ack()``. If listeners went on to call
Slack there, a rate-limited or slow Slack would hold every ack-pool thread and new
requests could not even start. So a listener whose answer is a plain ack is
registered with ``ack_first``: the ack-pool thread acknowledges and hands the
listener to the *post-ack pool*, which may block on Slack and the database as long
as it likes without delaying anyone's acknowledgement.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import datetime
from typing import Any, Protocol

from slack_bolt.kwargs_injection import Args

from domain.clock import Clock
from handlers.kit.errors import guarded
from storage.db import AFTER_ACK_LOCK_TIMEOUT, patient_transactions

logger = logging.getLogger(__name__)


class Timers(Protocol):
    def call_at(self, when: datetime, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the clock reaches ``when`` (soon, from some other thread)."""
        ...


class AfterAck:
    """The post-ack pool: errors are logged (by type, never with request data), never lost silently."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    def submit(self, work: Callable[..., None], /, *args: Any, **kwargs: Any) -> None:
        def run() -> None:
            try:
                with patient_transactions(AFTER_ACK_LOCK_TIMEOUT):
                    work(*args, **kwargs)
            except Exception as error:
                logger.error("post-ack work %s failed: %s", getattr(work, "__name__", "?"), type(error).__name__)

        self.executor.submit(run)


def ack_first(listener: Callable[..., None]) -> Callable[[Args], None]:
    """Register a listener whose answer is a plain ``ack()``: ack on the ack pool, run it on the post-ack pool.

    The listener keeps its own ``ack()`` call (a second ack changes nothing once Slack
    has its answer) and its errors are answered as ``guarded`` answers them.
    """
    body = guarded(listener)

    def run(args: Args) -> None:
        if args.ack.response is None:
            args.ack()
        args.context["deps"].after_ack.submit(body, args)

    run.__name__ = getattr(listener, "__name__", "listener")
    run.__qualname__ = getattr(listener, "__qualname__", run.__name__)
    return run


class ClockTimers:
    """Timers on a real clock, served by one daemon thread started on first use (so after a fork)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._cond = threading.Condition()
        self._queue: list[tuple[datetime, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def call_at(self, when: datetime, callback: Callable[[], None]) -> None:
        with self._cond:
            heapq.heappush(self._queue, (when, next(self._order), callback))
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="peerbot-timers", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _serve(self) -> None:
        while True:
            with self._cond:
                while not self._queue:
                    self._cond.wait()
                delay = (self._queue[0][0] - self._clock.now()).total_seconds()
                if delay > 0:
                    self._cond.wait(timeout=delay)
                    continue
                _when, _n, callback = heapq.heappop(self._queue)
            try:
                callback()
            except Exception as error:
                logger.error("a timed follow-up failed: %s", type(error).__name__)
