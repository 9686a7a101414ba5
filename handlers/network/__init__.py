"""Slack surfaces of a network: /peerbot, setup, roster events and profiles."""

from __future__ import annotations

from collections.abc import Mapping

from slack_bolt import App

from handlers.kit.after_ack import ack_first
from handlers.kit.errors import guarded
from handlers.network import commands, profiles, setup
from handlers.network.commands import Subcommand
from rendering.network.ids import NetworkAction, NetworkCallback


def register(app: App, *, peerbot_subcommands: Mapping[str, Subcommand]) -> None:
    """Every Slack surface of network; /peerbot also routes the other features' ``peerbot_subcommands``."""
    table = {**commands.SUBCOMMANDS, **peerbot_subcommands}
    app.command("/peerbot")(guarded(commands.peerbot_command_with(table)))
    app.view(NetworkCallback.SETUP)(guarded(setup.submit_setup))
    app.options(NetworkAction.NETWORK_TIMEZONE)(guarded(setup.timezone_suggestions))
    app.event("member_joined_channel")(ack_first(setup.member_joined))
    app.event("member_left_channel")(ack_first(setup.member_left))
    app.event("user_change")(ack_first(setup.user_changed))
    app.view(NetworkCallback.PROFILE)(guarded(profiles.submit_profile))
