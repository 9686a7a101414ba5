"""Slack surfaces of data rights: `/peerbot my data`, `/peerbot forget me` and its two buttons."""

from __future__ import annotations

from slack_bolt import App

from handlers.kit.after_ack import ack_first
from handlers.rights import forget
from rendering.rights.ids import RightsAction


def register(app: App) -> None:
    """Every Slack surface of rights (the sub-commands are routed by /peerbot, see handlers.network.commands)."""
    app.action(RightsAction.CONFIRM_FORGET)(ack_first(forget.confirm_clicked))
    app.action(RightsAction.CANCEL_FORGET)(ack_first(forget.cancel_clicked))
