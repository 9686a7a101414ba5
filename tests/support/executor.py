"""An executor for Bolt's after-ack work that tests can wait on, instead of sleeping."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class TrackingExecutor(ThreadPoolExecutor):
    def __init__(self) -> None:
        super().__init__(max_workers=8, thread_name_prefix="bolt-listener")
        self._lock = threading.Lock()
        self._pending: list[Future[Any]] = []

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.append(future)
        return future

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until every listener started so far (and any they started) has finished."""
        while True:
            with self._lock:
                pending, self._pending = self._pending, []
            if not pending:
                return
            _done, not_done = wait(pending, timeout=timeout)
            if not_done:
                raise AssertionError(f"{len(not_done)} Slack listeners still running after {timeout}s")
            for future in pending:
                error = future.exception()
                if error is not None:
                    raise AssertionError(f"a listener crashed: {error!r}") from error
