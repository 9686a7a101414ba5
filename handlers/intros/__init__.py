"""Slack surfaces of peer introductions: the settings form and the group's outcome buttons.

`/peerbot intros …` is a sub-command of /peerbot (handlers/network/commands.py routes it to intros.commands).
"""

from __future__ import annotations

from slack_bolt import App

from handlers.intros import commands, outcomes
from handlers.kit.after_ack import ack_first
from handlers.kit.errors import guarded
from rendering.intros.ids import IntroAction, IntroCallback


def register(app: App) -> None:
    """Every Slack surface of peer introductions."""
    app.view(IntroCallback.SETTINGS)(guarded(commands.submit_settings))
    for action_id in outcomes.OUTCOMES:
        app.action(action_id)(ack_first(outcomes.outcome_clicked))
    app.action(IntroAction.LOG_COLLAB)(ack_first(outcomes.log_collab_clicked))
