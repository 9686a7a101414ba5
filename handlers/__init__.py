"""Thin Slack listeners: parse, check the role, call the domain, render, respond."""

from __future__ import annotations

from slack_bolt import App

from handlers import commands, errors, networks, profiles, pulse_answers, pulses


def register(app: App) -> None:
    errors.register(app)
    commands.register(app)
    networks.register(app)
    profiles.register(app)
    pulses.register(app)
    pulse_answers.register(app)
