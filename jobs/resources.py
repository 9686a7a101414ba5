"""The clock's entries for the resource library: the weekly digest, checked every five minutes."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import resources

JOBS = [
    JobSpec("post_weekly_digests", resources.post_weekly_digests, CronTrigger(minute="*/5", timezone="UTC")),
]
