"""The clock's entry for peer introductions: rounds, introductions, nudges and follow-ups, every minute."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import intros

JOBS = [
    JobSpec("run_intro_rounds", intros.run_intro_rounds, CronTrigger(second=15, timezone="UTC")),
]
