"""Slack surfaces of the evaluation report.

`/peerbot participants` and `/peerbot report` are sub-commands of /peerbot (handlers/network/commands.py routes them).
"""

from __future__ import annotations

from slack_bolt import App

from handlers.kit.errors import guarded
from handlers.report import commands
from rendering.report.ids import ReportCallback


def register(app: App) -> None:
    """Every Slack surface of the evaluation report."""
    app.view(ReportCallback.BUILD)(guarded(commands.submit_report))
