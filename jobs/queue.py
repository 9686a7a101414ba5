"""Scheduled work on the PostgreSQL job queue: the clock enqueues one run per workspace, workers run them.

Claiming is procrastinate's: each task carries ``lock="workspace:<team>"`` (one task per workspace
runs at a time, across every worker) and ``queueing_lock="<job>:<team>"`` (a slow run is not piled
up: while one waits, the next trigger's is skipped). A worker killed mid-task leaves its task "doing";
once its heartbeat is older than the stalled timeout, ``retry_stalled_jobs`` (run by the surviving
workers) puts the task back, and its re-run skips every message already claimed (slackio.delivery).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued

from jobs.context import JobFunction, JobSpec, did_something
from storage import network as network_store
from workflows.context import JobContext

logger = logging.getLogger("peerbot.jobs")

# Tasks are registered on the deployment's procrastinate App under this namespace ("peerbot:run_job").
NAMESPACE = "peerbot"
RUN_JOB = f"{NAMESPACE}:run_job"
# What a worker hands its tasks (procrastinate's ``additional_context``).
JOB_CONTEXT = "job_context"
JOB_FUNCTIONS = "job_functions"
STALLED_AFTER = "stalled_after"
# How often the workers look for tasks of workers that stopped answering: every 5 seconds (croniter reads a
# sixth field as the seconds, at the end).
RETRY_STALLED_CRON = "* * * * * */5"

tasks = procrastinate.Blueprint()


def workspace_lock(team_id: str) -> str:
    return f"workspace:{team_id}"


@tasks.task(name="run_job", pass_context=True)
def run_job(task: procrastinate.JobContext, *, job: str, team_id: str | None = None) -> None:
    """Run the job ``job`` for workspace ``team_id`` (None: every workspace); a failure is logged, not retried."""
    ctx: JobContext = task.additional_context[JOB_CONTEXT]
    functions: dict[str, JobFunction] = task.additional_context[JOB_FUNCTIONS]
    where = f"{job} for {team_id}" if team_id else job
    function = functions.get(job)
    if function is None:
        logger.error("job %s is not one of peerbot's jobs; skipped", where)
        return
    try:
        result = function(dataclasses.replace(ctx, team_id=team_id))
    except Exception as exc:
        logger.error("job %s failed with %s", where, type(exc).__name__, exc_info=exc)
        return
    # Most runs find nothing due: say so only when asked (LOG_LEVEL=DEBUG), or there would be a line
    # per workspace per job per minute.
    logger.log(logging.INFO if did_something(result) else logging.DEBUG, "job %s finished: %s", where, result)


@tasks.periodic(cron=RETRY_STALLED_CRON, periodic_id="retry_stalled_jobs")
@tasks.task(name="retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(task: procrastinate.JobContext, timestamp: int) -> int:
    """Put back the tasks of workers whose heartbeat stopped (killed, or their machine lost)."""
    stalled_after: timedelta = task.additional_context[STALLED_AFTER]
    manager = task.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after.total_seconds()))
    for job in stalled:
        logger.warning("task %s of a stopped worker goes back on the queue", job.call_string)
        await manager.retry_job(job)
    return len(stalled)


def worker_context(ctx: JobContext, specs: Iterable[JobSpec], *, stalled_after: timedelta) -> dict[str, Any]:
    """What every task of a worker process is handed."""
    return {
        JOB_CONTEXT: ctx,
        JOB_FUNCTIONS: {spec.name: spec.function for spec in specs},
        STALLED_AFTER: stalled_after,
    }


@dataclasses.dataclass(frozen=True)
class Enqueued:
    enqueued: int
    still_waiting: int  # the previous run for the workspace had not started yet: not piled up


def enqueue_per_workspace(queue: procrastinate.App, job: str, team_ids: Iterable[str]) -> Enqueued:
    """One ``run_job`` task per workspace, at most one waiting per job and workspace."""
    enqueued = waiting = 0
    for team_id in team_ids:
        deferrer = queue.configure_task(RUN_JOB, lock=workspace_lock(team_id), queueing_lock=f"{job}:{team_id}")
        try:
            deferrer.defer(job=job, team_id=team_id)
        except AlreadyEnqueued:
            waiting += 1
            continue
        enqueued += 1
    return Enqueued(enqueued, waiting)


def enqueue_job(name: str, queue: procrastinate.App, ctx: JobContext) -> None:
    """The clock's part of a per-workspace job: enqueue a run for each workspace that has networks."""
    try:
        with ctx.session_factory.begin() as session:
            team_ids = network_store.workspaces_with_networks(session)
        result = enqueue_per_workspace(queue, name, team_ids)
    except Exception as exc:
        logger.error("job %s could not be enqueued: %s", name, type(exc).__name__, exc_info=exc)
        return
    if result.still_waiting and not result.enqueued:
        logger.warning(
            "job %s: the previous run has not started yet in any of the %s workspaces: "
            "the workers are behind, or no `peerbot worker` is running",
            name,
            result.still_waiting,
        )
    else:
        logger.debug(
            "job %s enqueued for %s workspaces (%s still waiting)", name, result.enqueued, result.still_waiting
        )
