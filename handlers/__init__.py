"""Thin Slack listeners: parse, check the role, call the domain, render, respond."""

from __future__ import annotations

from slack_bolt import App

from handlers import (
    agenda,
    attendance,
    commands,
    deliveries,
    errors,
    meetings,
    networks,
    profiles,
    pulse_answers,
    pulses,
    resources,
    rsvp,
)


def register(app: App) -> None:
    errors.register(app)
    commands.register(app)
    networks.register(app)
    profiles.register(app)
    resources.register(app)
    meetings.register(app)
    rsvp.register(app)
    agenda.register(app)
    attendance.register(app)
    pulses.register(app)
    pulse_answers.register(app)
    deliveries.register(app)
