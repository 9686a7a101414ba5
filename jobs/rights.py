"""The clock's entries for data rights: the daily free-text retention sweep (does nothing unless configured)."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import rights

JOBS = [
    JobSpec(
        "delete_expired_free_text",
        rights.delete_expired_free_text,
        CronTrigger(hour=3, minute=17, timezone="UTC"),
        per_workspace=False,
    ),
]
