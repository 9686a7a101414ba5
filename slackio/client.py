"""The Web API client: one place that decides base URL, retries and how retries wait."""

from __future__ import annotations

import random

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from domain.clock import Clock

DEFAULT_API_URL = "https://slack.com/api/"


class ClockedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Honour Slack's Retry-After on HTTP 429, waiting on peerbot's clock."""

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
        retry_after = 1
        for name, values in response.headers.items():
            if name.lower() == "retry-after" and values:
                try:
                    retry_after = max(int(values[0]), 0)
                except ValueError:
                    retry_after = 1
        state.next_attempt_requested = True
        self._clock.sleep(retry_after + random.random() / 4)  # noqa: S311  (jitter, not security)
        state.increment_current_attempt()


def build_web_client(*, token: str, base_url: str | None, clock: Clock) -> WebClient:
    handlers: list[RetryHandler] = [
        ConnectionErrorRetryHandler(max_retry_count=2),
        ClockedRateLimitRetryHandler(clock),
    ]
    return WebClient(token=token, base_url=base_url or DEFAULT_API_URL, retry_handlers=handlers, timeout=15)
