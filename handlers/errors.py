"""One error policy: domain refusals become friendly messages, anything else a safe apology.

Listeners are registered through ``guarded``, which catches errors inside the
listener. Letting them escape is not safe: when a listener raises after ack(),
Bolt's thread runner resets the acknowledged response, and Slack can get a 404
after its 3-second wait instead of the answer already given.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond
from slack_bolt.kwargs_injection import Args

from domain.errors import PeerbotError
from rendering.common import notice_modal
from storage.db import database_was_busy

logger = logging.getLogger("peerbot.errors")

APOLOGY = (
    "Sorry, something went wrong on peerbot's side and nothing was changed. "
    "Please try again in a minute; if it keeps happening, tell a facilitator (reference `{ref}`)."
)


BUSY = "peerbot is busy right now and nothing was saved. Please try again in a moment."


def message_for(error: Exception, body: dict[str, Any]) -> str:
    if isinstance(error, PeerbotError):
        return error.message
    if database_was_busy(error):
        # The transaction gave up waiting for a lock and rolled back: true that nothing was saved.
        logger.warning("database busy; %s request refused", body.get("type") or body.get("command") or "unknown")
        return BUSY
    ref = uuid.uuid4().hex[:8]
    # Log the exception type and where it happened, never the request body: it can
    # carry tokens, and an anonymous answer must never reach a log line.
    logger.error(
        "unhandled %s in %s request (ref %s)",
        type(error).__name__,
        body.get("type") or body.get("command") or "unknown",
        ref,
        exc_info=error,
    )
    return APOLOGY.format(ref=ref)


def handle_error(error: Exception, body: dict[str, Any], respond: Respond | None) -> None:
    message = message_for(error, body)
    if respond is not None and (body.get("response_url") or body.get("response_urls")):
        try:
            respond(text=message, response_type="ephemeral", replace_original=False)
        except Exception:
            logger.warning("could not deliver an error message to the user")


def guarded(listener: Callable[..., None]) -> Callable[[Args], None]:
    """Wrap a listener so its errors are answered here, and Slack always gets an acknowledgement."""
    names = inspect.getfullargspec(listener).args

    def run(args: Args) -> None:
        kwargs = {name: getattr(args, name) if hasattr(args, name) else args.context.get(name) for name in names}
        try:
            listener(**kwargs)
        except Exception as error:
            body = args.body or {}
            if args.ack.response is None and body.get("type") == "view_submission":
                args.ack(response_action="update", view=notice_modal("Not saved", message_for(error, body)).to_dict())
                return
            if args.ack.response is None:
                args.ack()
            handle_error(error, body, args.respond)

    run.__name__ = getattr(listener, "__name__", "listener")
    run.__qualname__ = getattr(listener, "__qualname__", run.__name__)
    return run


def register(app: App) -> None:
    app.error(handle_error)
