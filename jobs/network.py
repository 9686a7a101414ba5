"""The clock's entries for networks: the nightly roster refresh."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import network

JOBS = [
    JobSpec("refresh_rosters", network.refresh_rosters, CronTrigger(hour=3, minute=17, timezone="UTC")),
]
