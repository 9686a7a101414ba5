"""The clock's timetable: which job runs when."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.triggers.cron import CronTrigger

from jobs import health, home, intros, meetings, network, progress, pulses, resources, rights, workspaces
from jobs.context import JobSpec, run_scheduled
from workflows.context import RunContext
from workflows.deliveries import resume_deliveries

if TYPE_CHECKING:
    import procrastinate

# Cross-feature: whatever a stopped sender left unsent, in any feature, goes out again.
DELIVERY_JOBS = [JobSpec("resume_deliveries", resume_deliveries, CronTrigger(second=30, timezone="UTC"))]


def job_specs() -> list[JobSpec]:
    # A workspace's minute task runs its due jobs in this order: what people wait for on the minute first.
    return [
        *meetings.JOBS,
        *pulses.JOBS,
        *intros.JOBS,
        *network.JOBS,
        *resources.JOBS,
        *home.JOBS,
        *progress.JOBS,
        *rights.JOBS,
        *workspaces.JOBS,
        *DELIVERY_JOBS,
        *health.JOBS,
    ]


def install_jobs(
    scheduler: Any,
    ctx: RunContext,
    *,
    queue: procrastinate.App | None = None,
    stalled_after: timedelta = timedelta(seconds=30),
) -> None:
    """Add every job to an APScheduler scheduler; one instance of each at a time, missed runs coalesced.

    With a ``queue`` (workers on PostgreSQL), the per-workspace jobs are not run here: every minute the
    clock enqueues one task per workspace that runs that minute's due ones, for `peerbot worker` processes;
    the database-only jobs still run in the clock.
    """
    from jobs.queue import enqueue_workspace_minutes

    for spec in job_specs():
        if queue is not None and spec.per_workspace:
            continue
        _add(scheduler, spec.name, spec.trigger, run_scheduled, [spec.name, spec.function, ctx])
    if queue is not None:
        every_minute = CronTrigger(second=0, timezone="UTC")
        _add(scheduler, "workspace_minutes", every_minute, enqueue_workspace_minutes, [queue, ctx, stalled_after])


def _add(scheduler: Any, name: str, trigger: Any, func: Any, args: list[Any]) -> None:
    scheduler.add_job(
        func,
        trigger=trigger,
        args=args,
        id=name,
        name=name,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
        replace_existing=True,
    )
