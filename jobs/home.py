"""The clock's entry for shown surfaces: a refresh pass every 20 seconds (cards, Homes, the roadmap message)."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import home

# Run by the clock itself, for every workspace: it publishes what any process recorded and did not publish.
JOBS = [
    JobSpec(
        "refresh_changed_homes",
        home.refresh_changed_homes,
        CronTrigger(second="5,25,45", timezone="UTC"),
        per_workspace=False,
    ),
]
