"""Failure injection for the Slack stand-in: errors, rate limits, 5xx, lost answers, slow and held requests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass
class _Injection:
    method: str
    error: str
    remaining: int
    when: Callable[[dict[str, Any]], bool] | None = None
    retry_after: int | None = None  # set => HTTP 429 rate limit
    status: int | None = None  # set => answer with this HTTP status (e.g. 500)
    lose_answer: bool = False  # do the work, then drop the connection without answering
    delay: float = 0.0  # answer this many (real) seconds late


class FailureInjection:
    """What the stand-in can be told to do wrong; ``SlackStub`` sets up the lock and the lists it uses."""

    _cond: threading.Condition
    _injections: list[_Injection]
    _holds: dict[str, threading.Event]
    _hold_limits: dict[str, float]
    _held: int

    def _locked(self, getter: Callable[[], Any]) -> Any:  # SlackStub's
        raise NotImplementedError

    def fail_next(
        self, method: str, error: str, *, times: int = 1, when: Callable[[dict[str, Any]], bool] | None = None
    ) -> None:
        """Answer the next ``times`` (valid) calls to ``method`` [matching ``when(args)``] with ``error``."""
        with self._cond:
            self._injections.append(_Injection(method, error, times, when))

    def rate_limit_next(
        self,
        method: str,
        *,
        retry_after: int = 0,
        times: int = 1,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Answer the next ``times`` (valid) calls to ``method`` [matching ``when(args)``] with 429 + Retry-After."""
        with self._cond:
            self._injections.append(_Injection(method, "ratelimited", times, when, retry_after=retry_after))

    def server_error_next(self, method: str, *, status: int = 500, times: int = 1, after_work: bool = False) -> None:
        """Answer the next ``times`` calls to ``method`` with HTTP ``status``; ``after_work``: Slack did it anyway."""
        with self._cond:
            error = "internal_error" if status < 503 else "service_unavailable"
            self._injections.append(_Injection(method, error, times, status=status, lose_answer=after_work))

    def lose_answer_next(
        self, method: str, *, times: int = 1, when: Callable[[dict[str, Any]], bool] | None = None
    ) -> None:
        """Do the next ``times`` calls to ``method``, then drop the connection: the caller never hears back."""
        with self._cond:
            self._injections.append(_Injection(method, "", times, when, lose_answer=True))

    def slow_next(self, method: str, *, seconds: float, times: int = 1) -> None:
        """Do the next ``times`` calls to ``method`` but answer ``seconds`` late (a client may time out first)."""
        with self._cond:
            self._injections.append(_Injection(method, "", times, lose_answer=True, delay=seconds))

    def _take_injection(self, method: str, args: dict[str, Any]) -> _Injection | None:
        for inj in self._injections:
            if inj.method == method and (inj.when is None or inj.when(args)):
                inj.remaining -= 1
                if inj.remaining <= 0:
                    self._injections.remove(inj)
                return inj
        return None

    @contextmanager
    def holding(self, *targets: str, at_most: float = 20.0) -> Iterator[None]:
        """A slow Slack: requests to these Web API methods (or ``"response_url"``) wait until the block ends.

        (At most ``at_most`` real seconds, so a broken test cannot hang forever.)
        """
        release = threading.Event()
        with self._cond:
            for target in targets:
                self._holds[target] = release
                self._hold_limits[target] = at_most
        try:
            yield
        finally:
            with self._cond:
                for target in targets:
                    self._holds.pop(target, None)
            release.set()

    def wait_until_held(self, count: int, *, timeout: float = 10.0) -> None:
        """Wait until ``count`` requests are being held (peerbot's threads are stuck on a slow Slack)."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._held >= count, timeout=timeout):
                raise AssertionError(f"only {self._held} requests held after {timeout}s, expected {count}")

    @property
    def held(self) -> int:
        return self._locked(lambda: self._held)

    def _hold(self, target: str) -> None:
        with self._cond:
            release = self._holds.get(target)
            if release is None:
                return
            self._held += 1
            self._cond.notify_all()
        release.wait(timeout=self._hold_limits.get(target, 20.0))
        with self._cond:
            self._held -= 1
