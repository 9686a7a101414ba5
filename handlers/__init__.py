"""Thin Slack listeners, one room per feature; each feature's register(app) lists its Slack surfaces."""

from __future__ import annotations

from slack_bolt import App

from handlers import calendar, home, intros, meetings, network, progress, pulses, report, resources, rights
from handlers.kit import errors, resend


def register(app: App) -> None:
    errors.register(app)
    network.register(app)
    meetings.register(app)
    calendar.register(app)
    pulses.register(app)
    resources.register(app)
    intros.register(app)
    home.register(app)
    progress.register(app)
    report.register(app)
    rights.register(app)
    resend.register(app)
