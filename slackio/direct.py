"""Direct messages to people: one best-effort DM, for notices whose loss is logged rather than retried."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)


def tell_user(client: WebClient, user_id: str, text: str) -> bool:
    """A best-effort direct message; False (and a log line) when Slack won't deliver it."""
    try:
        client.chat_postMessage(channel=user_id, text=text)
    except SlackApiError as exc:
        logger.warning("could not DM a user: %s", exc.response.get("error"))
        return False
    return True
