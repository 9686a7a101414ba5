"""The clock's entries for App Home: push refreshed Home tabs when a network-wide change lands, every minute."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import home

JOBS = [
    JobSpec("refresh_changed_homes", home.refresh_changed_homes, CronTrigger(second=15, timezone="UTC")),
]
