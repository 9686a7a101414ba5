"""Executors and timers for peerbot's pools that tests can wait on and drive, instead of sleeping."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from tests.support.clock import FakeClock

P = ParamSpec("P")
T = TypeVar("T")


class TrackingExecutor(ThreadPoolExecutor):
    def __init__(self, *, max_workers: int = 8, name: str = "bolt-listener") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=name)
        self.max_workers = max_workers
        self._lock = threading.Lock()
        self._pending: list[Future[Any]] = []

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.append(future)
        return future

    def drain(self, timeout: float = 10.0) -> int:
        """Wait until every task started so far (and any they started) has finished; return how many ran."""
        finished = 0
        while True:
            with self._lock:
                pending, self._pending = self._pending, []
            if not pending:
                return finished
            _done, not_done = wait(pending, timeout=timeout)
            if not_done:
                raise AssertionError(f"{len(not_done)} tasks still running after {timeout}s")
            finished += len(pending)
            for future in pending:
                error = future.exception()
                if error is not None:
                    raise AssertionError(f"a listener crashed: {error!r}") from error


class ManualTimers:
    """peerbot's timers on the FakeClock: callbacks run when a test has moved the clock past them."""

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._waiting: list[tuple[datetime, Callable[[], None]]] = []

    def call_at(self, when: datetime, callback: Callable[[], None]) -> None:
        with self._lock:
            self._waiting.append((when, callback))

    @property
    def pending(self) -> list[datetime]:
        with self._lock:
            return sorted(when for when, _ in self._waiting)

    def run_due(self) -> int:
        now = self._clock.now()
        with self._lock:
            due = [entry for entry in self._waiting if entry[0] <= now]
            self._waiting = [entry for entry in self._waiting if entry[0] > now]
        for _when, callback in sorted(due, key=lambda entry: entry[0]):
            callback()
        return len(due)
