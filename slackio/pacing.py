"""Pacing: at most so many messages a second to one workspace, shared by every thread of the process."""

from __future__ import annotations

import threading
from datetime import datetime

from domain.clock import Clock

# The calls that post a message, which Slack limits per channel and across the workspace.
PACED_METHODS = frozenset({"chat.postMessage"})


class Pacer:
    """A token bucket per workspace (keyed by its bot token): a second's worth of sends may go at once,
    the rest are spaced out evenly. Each caller reserves its slot, so side-by-side senders queue up fairly.

    Per process: a worker runs one task per workspace at a time (the queue's lock), so the process
    sending to a workspace is the only one pacing it.
    """

    def __init__(self, per_second: float, clock: Clock) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.per_second = per_second
        self._burst = max(per_second, 1.0)
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, datetime]] = {}  # key -> (tokens, as of)

    def reserve(self, key: str) -> float:
        """Take the next slot for ``key``; how many seconds to wait before using it."""
        now = self._clock.now()
        with self._lock:
            tokens, since = self._buckets.get(key, (self._burst, now))
            tokens = min(self._burst, tokens + max((now - since).total_seconds(), 0.0) * self.per_second) - 1
            self._buckets[key] = (tokens, now)
        return 0.0 if tokens >= 0 else -tokens / self.per_second

    def wait(self, key: str) -> None:
        delay = self.reserve(key)
        if delay > 0:
            self._clock.sleep(delay)
