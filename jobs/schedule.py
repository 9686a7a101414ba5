"""The clock's timetable: which job runs when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apscheduler.triggers.cron import CronTrigger

from jobs import health, home, intros, meetings, network, progress, pulses, resources, rights, workspaces
from jobs.context import JobSpec, run_job
from workflows.context import JobContext
from workflows.deliveries import resume_deliveries

if TYPE_CHECKING:
    import procrastinate

# Cross-feature: whatever a stopped sender left unsent, in any feature, goes out again.
DELIVERY_JOBS = [JobSpec("resume_deliveries", resume_deliveries, CronTrigger(second=30, timezone="UTC"))]


def job_specs() -> list[JobSpec]:
    return [
        *network.JOBS,
        *resources.JOBS,
        *meetings.JOBS,
        *pulses.JOBS,
        *intros.JOBS,
        *home.JOBS,
        *progress.JOBS,
        *rights.JOBS,
        *workspaces.JOBS,
        *DELIVERY_JOBS,
        *health.JOBS,
    ]


def install_jobs(scheduler: Any, ctx: JobContext, *, queue: procrastinate.App | None = None) -> None:
    """Add every job to an APScheduler scheduler; one instance of each at a time, missed runs coalesced.

    With a ``queue`` (workers on PostgreSQL), a per-workspace job is only enqueued, one task per
    workspace, for `peerbot worker` processes to run; the rest still run in the clock.
    """
    from jobs.queue import enqueue_job

    for spec in job_specs():
        queued = queue is not None and spec.per_workspace
        scheduler.add_job(
            enqueue_job if queued else run_job,
            trigger=spec.trigger,
            args=[spec.name, queue, ctx] if queued else [spec.name, spec.function, ctx],
            id=spec.name,
            name=spec.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
            replace_existing=True,
        )
