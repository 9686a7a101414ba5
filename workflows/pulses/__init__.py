"""Pulse use cases: the waves the clock opens, reminds and closes (``waves``), and answering from a DM (``answers``)."""

from __future__ import annotations

from workflows.pulses.waves import (
    FanOut,
    close_due_waves,
    close_wave_and_notify,
    open_due_waves,
    send_pulse_reminders,
    settle_anonymous_answers,
)

__all__ = [
    "FanOut",
    "close_due_waves",
    "close_wave_and_notify",
    "open_due_waves",
    "send_pulse_reminders",
    "settle_anonymous_answers",
]
