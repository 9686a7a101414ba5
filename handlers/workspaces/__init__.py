"""Slack surfaces of installs: peerbot removed from a workspace, or its bot token revoked."""

from __future__ import annotations

from slack_bolt import App

from handlers.kit.after_ack import ack_first
from handlers.workspaces import removal


def register(app: App) -> None:
    """Every Slack surface of workspaces (in single-workspace mode they only log what happened)."""
    app.event("app_uninstalled")(ack_first(removal.app_uninstalled))
    app.event("tokens_revoked")(ack_first(removal.tokens_revoked))
