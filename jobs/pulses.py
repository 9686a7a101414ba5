"""The clock's entries for pulses: open, remind and close waves; settle anonymous answers."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import pulses

JOBS = [
    JobSpec("open_due_waves", pulses.open_due_waves, CronTrigger(minute="*", timezone="UTC")),
    JobSpec("send_pulse_reminders", pulses.send_pulse_reminders, CronTrigger(minute="*", timezone="UTC")),
    JobSpec("close_due_waves", pulses.close_due_waves, CronTrigger(minute="*", timezone="UTC")),
    JobSpec(
        "settle_anonymous_answers",
        pulses.settle_anonymous_answers,
        CronTrigger(minute="*", timezone="UTC"),
        per_workspace=False,
    ),
]
