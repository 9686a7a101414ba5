"""Answer domain refusals from inside a listener, after ack(), without re-raising."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec

from domain.errors import PeerbotError

P = ParamSpec("P")


def explained(listener: Callable[P, None]) -> Callable[P, None]:
    """Turn a PeerbotError raised after ack() into an ephemeral reply through ``respond``.

    Bolt resets an acknowledged request's response when its listener raises, so the
    HTTP answer to Slack waits out the 3-second ack timeout; answering here keeps the
    reply fast. Listeners wrapped with this must take ``respond``.
    """

    @functools.wraps(listener)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            listener(*args, **kwargs)
        except PeerbotError as exc:
            respond: Any = kwargs.get("respond")
            if respond is None:
                raise
            respond(text=exc.message, response_type="ephemeral", replace_original=False)

    return wrapper
