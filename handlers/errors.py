"""One error handler: domain refusals become friendly messages, anything else a safe apology."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond

from domain.errors import PeerbotError

logger = logging.getLogger("peerbot.errors")

APOLOGY = (
    "Sorry, something went wrong on peerbot's side and nothing was changed. "
    "Please try again in a minute; if it keeps happening, tell a facilitator (reference `{ref}`)."
)


def handle_error(error: Exception, body: dict[str, Any], respond: Respond | None) -> None:
    if isinstance(error, PeerbotError):
        message = error.message
    else:
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
        message = APOLOGY.format(ref=ref)
    if respond is not None and _has_response_url(body):
        try:
            respond(text=message, response_type="ephemeral", replace_original=False)
        except Exception:
            logger.warning("could not deliver an error message to the user")


def _has_response_url(body: dict[str, Any]) -> bool:
    return bool(body.get("response_url") or body.get("response_urls"))


def register(app: App) -> None:
    app.error(handle_error)
