"""Thin Slack listeners: parse, check the role, call the domain, render, respond."""

from __future__ import annotations

from slack_bolt import App

from handlers.kit import errors, resend
from handlers.meetings import agenda, attendance, rsvp, series
from handlers.network import commands, profiles, setup
from handlers.pulses import answers
from handlers.pulses import commands as pulses
from handlers.resources import search


def register(app: App) -> None:
    errors.register(app)
    commands.register(app)
    setup.register(app)
    profiles.register(app)
    search.register(app)
    series.register(app)
    rsvp.register(app)
    agenda.register(app)
    attendance.register(app)
    pulses.register(app)
    answers.register(app)
    resend.register(app)
