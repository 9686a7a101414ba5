"""The clock's entries for meetings: reminders, every minute on the minute."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import meetings

JOBS = [
    JobSpec("send_due_reminders", meetings.send_due_reminders, CronTrigger(second=0, timezone="UTC")),
]
