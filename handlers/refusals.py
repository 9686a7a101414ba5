"""Turn a domain refusal raised after ack() into an ephemeral reply inside the listener itself.

Bolt (1.2x, threaded runner) resets ``ack.response`` to None when an acknowledged
listener raises, so the HTTP request waits for the 3-second ack timeout and Slack
gets a 404; replying here keeps the request fast and the user still sees why.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from domain.errors import PeerbotError

Listener = TypeVar("Listener", bound=Callable[..., Any])


def replies_to_refusals(listener: Listener) -> Listener:
    @functools.wraps(listener)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return listener(*args, **kwargs)
        except PeerbotError as exc:
            respond = kwargs.get("respond")
            if respond is None:
                raise
            respond(text=exc.message, response_type="ephemeral", replace_original=False)
            return None

    return wrapper  # type: ignore[return-value]
