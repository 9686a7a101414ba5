"""The Web API client: one place that decides base URL, which calls may be retried and how retries wait."""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import SlackResponse

from domain.clock import Clock
from slackio.pacing import PACED_METHODS, Pacer

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_TIMEOUT_SECONDS = 15

# Calls that create something each time they run: if the answer is lost, Slack may already have done
# it, so sending the request again could post a message (or a file) twice.
NON_IDEMPOTENT_METHODS = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.meMessage",
        "chat.scheduleMessage",
        "files.upload",
        "files.completeUploadExternal",
        "files.remote.add",
        "files.remote.share",
        "conversations.create",
        "conversations.invite",
        "reminders.add",
    }
)


def api_method(request: HttpRequest) -> str:
    """``chat.postMessage`` for ``https://slack.com/api/chat.postMessage``."""
    return urlsplit(request.url).path.rstrip("/").rsplit("/", 1)[-1]


def may_resend(method: str) -> bool:
    """Whether sending this call again after an unknown outcome can never do its work twice."""
    return method not in NON_IDEMPOTENT_METHODS


class _ClockedBackoff:
    """Wait between attempts on peerbot's clock (a test clock advances instead of sleeping)."""

    interval_calculator: RetryIntervalCalculator

    def __init__(self, clock: Clock, max_retry_count: int = 2) -> None:
        # Cooperative: the slack_sdk handler after this class in the MRO takes the count and the backoff.
        super().__init__(max_retry_count=max_retry_count, interval_calculator=BackoffRetryIntervalCalculator())  # type: ignore[call-arg]
        self._clock = clock

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        self._clock.sleep(self.interval_calculator.calculate_sleep_duration(state.current_attempt))
        state.increment_current_attempt()


class IdempotentConnectionErrorRetryHandler(_ClockedBackoff, ConnectionErrorRetryHandler):
    """Retry a dropped connection or timeout, but only for calls that are safe to send twice.

    A lost answer is not a failed call: chat.postMessage may have posted. Those calls surface the
    error, and delivery records the outcome as unknown instead of posting again.
    """

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not may_resend(api_method(request)):
            return False
        if isinstance(error, TimeoutError):
            return True
        return super()._can_retry(state=state, request=request, response=response, error=error)


class IdempotentServerErrorRetryHandler(_ClockedBackoff, ServerErrorRetryHandler):
    """Retry HTTP 500/503 for calls that are safe to send twice (Slack may have done part of the work)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not may_resend(api_method(request)):
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


def retry_after_seconds(headers: Mapping[str, list[str] | str], default: int = 1) -> int:
    """Slack's Retry-After header in whole seconds (``default`` if missing or malformed)."""
    for name, values in headers.items():
        if name.lower() == "retry-after" and values:
            raw = values[0] if isinstance(values, list) else values
            try:
                return max(int(raw), 0)
            except ValueError:
                return default
    return default


def retry_after(error: SlackApiError, default: int = 1) -> int:
    """How long Slack asked us to wait after refusing a call with HTTP 429 (at least one second)."""
    return max(retry_after_seconds(error.response.headers or {}, default), 1)


def rate_limited(error: BaseException) -> bool:
    """Whether Slack refused a call with HTTP 429 (it did nothing: the call may be sent again after the wait)."""
    return isinstance(error, SlackApiError) and error.response.status_code == 429


class ClockedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Honour Slack's Retry-After on HTTP 429, waiting on peerbot's clock.

    A 429 means Slack did nothing, so every method may be sent again after the wait.
    """

    def __init__(self, clock: Clock, max_retry_count: int = 3) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._clock = clock

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("rate-limit retry without a response")
        state.next_attempt_requested = True
        self._clock.sleep(retry_after_seconds(response.headers) + random.random() / 4)  # noqa: S311  (jitter)
        state.increment_current_attempt()


class PacedWebClient(WebClient):
    """A client whose message posts wait their turn in their workspace's pace (``pacer``; None: unpaced)."""

    pacer: Pacer | None = None

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        if self.pacer is not None and api_method in PACED_METHODS:
            self.pacer.wait(self.token or "")
        return super().api_call(api_method, **kwargs)


def build_web_client(
    *,
    token: str | None,
    base_url: str | None,
    clock: Clock,
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    pacer: Pacer | None = None,
) -> WebClient:
    """peerbot's client; ``token`` None for the template Bolt copies per request (OAuth mode adds each team's)."""
    handlers: list[RetryHandler] = [
        IdempotentConnectionErrorRetryHandler(clock),
        IdempotentServerErrorRetryHandler(clock),
        ClockedRateLimitRetryHandler(clock),
    ]
    client = PacedWebClient(token=token, base_url=base_url or DEFAULT_API_URL, retry_handlers=handlers, timeout=timeout)
    client.pacer = pacer
    return client


def without_rate_limit_waits(client: WebClient) -> WebClient:
    """The same client, but a 429 is raised instead of waited out inside the call.

    Deliveries and the refresher wait out Retry-After themselves, with the wait recorded in the database,
    so a sender stopped mid-wait leaves work that is provably undone and is picked up again.
    """
    quick = copy.copy(client)
    quick.retry_handlers = [h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)]
    return quick
