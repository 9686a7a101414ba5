"""The clock's timetable: which job runs when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobFunction, run_job
from workflows.context import JobContext
from workflows.deliveries import resume_deliveries
from workflows.meetings import send_due_reminders
from workflows.network import refresh_rosters
from workflows.pulses import close_due_waves, open_due_waves, send_pulse_reminders, settle_anonymous_answers
from workflows.resources import post_weekly_digests


@dataclass(frozen=True)
class JobSpec:
    name: str
    function: JobFunction
    trigger: Any


def job_specs() -> list[JobSpec]:
    return [
        JobSpec("refresh_rosters", refresh_rosters, CronTrigger(hour=3, minute=17, timezone="UTC")),
        JobSpec("post_weekly_digests", post_weekly_digests, CronTrigger(minute="*/5", timezone="UTC")),
        JobSpec("send_due_reminders", send_due_reminders, CronTrigger(second=0, timezone="UTC")),
        JobSpec("open_due_waves", open_due_waves, CronTrigger(minute="*", timezone="UTC")),
        JobSpec("send_pulse_reminders", send_pulse_reminders, CronTrigger(minute="*", timezone="UTC")),
        JobSpec("close_due_waves", close_due_waves, CronTrigger(minute="*", timezone="UTC")),
        JobSpec("resume_deliveries", resume_deliveries, CronTrigger(second=30, timezone="UTC")),
        JobSpec("settle_anonymous_answers", settle_anonymous_answers, CronTrigger(minute="*", timezone="UTC")),
    ]


def install_jobs(scheduler: Any, ctx: JobContext) -> None:
    """Add every job to an APScheduler scheduler; one instance of each at a time, missed runs coalesced."""
    for spec in job_specs():
        scheduler.add_job(
            run_job,
            trigger=spec.trigger,
            args=[spec.name, spec.function, ctx],
            id=spec.name,
            name=spec.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
            replace_existing=True,
        )
