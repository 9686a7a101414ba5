"""Scheduled work on the PostgreSQL job queue: one task per workspace per minute, and putting back a dead worker's.

Every minute the clock enqueues, for each workspace with networks, one ``run_minute`` task that runs that
minute's due jobs in timetable order (reminders first). procrastinate enforces the rest:

- ``lock="workspace:<team>"``: one task per workspace runs at a time, across every worker;
- ``queueing_lock="workspace:<team>"``: at most one waits. When the previous one has not started when the
  next minute comes, the clock enqueues nothing: the waiting task covers every minute up to when it runs.

A worker killed mid-task leaves its task "doing" (holding the lock). Every worker checks every few seconds
for tasks whose worker's heartbeat is older than the stall timeout and puts them back (``recover_stalled``).
If the clock queued the workspace's next task meanwhile, that one is cancelled in favour of the one put back,
which runs everything due since its own minute. Either way the re-run re-derives what is due from the
database, and the deliveries table's claims keep every message to one post (or one "unknown").
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import procrastinate
from procrastinate import exceptions as queue_errors
from procrastinate.jobs import Job

from jobs.context import JobSpec, due_since, run_scheduled, start_of_minute
from storage import network as network_store
from workflows.context import RunContext

logger = logging.getLogger("peerbot.jobs")

# Tasks are registered on the deployment's procrastinate App under this namespace ("peerbot:run_minute").
NAMESPACE = "peerbot"
RUN_MINUTE = f"{NAMESPACE}:run_minute"
# What a worker hands its tasks (procrastinate's ``additional_context``).
RUN_CONTEXT = "run_context"
JOB_SPECS = "job_specs"

tasks = procrastinate.Blueprint()


def workspace_lock(team_id: str) -> str:
    return f"workspace:{team_id}"


@tasks.task(name="run_minute", pass_context=True)
def run_minute(task: procrastinate.JobContext, *, team_id: str, minute: str) -> None:
    """Run, for workspace ``team_id``, every job due in ``minute`` (ISO, UTC) or since: in order, each once."""
    ctx: RunContext = task.additional_context[RUN_CONTEXT]
    specs: Sequence[JobSpec] = task.additional_context[JOB_SPECS]
    scoped = dataclasses.replace(ctx, team_id=team_id)
    for spec in due_since(specs, since=datetime.fromisoformat(minute), now=ctx.clock.now()):
        run_scheduled(spec.name, spec.function, scoped)


def worker_context(ctx: RunContext, specs: Iterable[JobSpec]) -> dict[str, Any]:
    """What every task of a worker process is handed."""
    return {RUN_CONTEXT: ctx, JOB_SPECS: list(specs)}


# --- the clock's side ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Enqueued:
    enqueued: int
    still_waiting: tuple[str, ...]  # workspaces whose previous task had not started: it covers this minute too


def enqueue_minute(queue: procrastinate.App, team_ids: Iterable[str], *, minute: datetime) -> Enqueued:
    """One ``run_minute`` task per workspace, unless one is still waiting for it."""
    enqueued, waiting = 0, []
    stamp = start_of_minute(minute).isoformat()
    for team_id in team_ids:
        lock = workspace_lock(team_id)
        try:
            queue.configure_task(RUN_MINUTE, lock=lock, queueing_lock=lock).defer(team_id=team_id, minute=stamp)
        except queue_errors.AlreadyEnqueued:
            waiting.append(team_id)
            continue
        enqueued += 1
    return Enqueued(enqueued, tuple(waiting))


def enqueue_workspace_minutes(queue: procrastinate.App, ctx: RunContext, stalled_after: timedelta) -> None:
    """The clock's minute: a task for each workspace that has networks; say why, if some are still waiting."""
    try:
        with ctx.session_factory.begin() as session:
            team_ids = network_store.workspaces_with_networks(session)
        result = enqueue_minute(queue, team_ids, minute=ctx.clock.now())
        if result.still_waiting:
            logger.warning("%s", behind_warning(queue, result.still_waiting, stalled_after=stalled_after))
    except Exception as exc:
        logger.error("the workspaces' minute could not be enqueued: %s", type(exc).__name__, exc_info=exc)
        return
    logger.debug("minute enqueued for %s workspaces (%s still waiting)", result.enqueued, len(result.still_waiting))


# What is holding each waiting workspace: the task running under its lock, and that task's worker.
_HOLDERS = """
SELECT waiting.lock, running.id AS running_id, running.worker_id,
       EXTRACT(EPOCH FROM now() - started.at) AS running_for,
       EXTRACT(EPOCH FROM now() - worker.last_heartbeat) AS silent_for
  FROM procrastinate_jobs waiting
  LEFT JOIN procrastinate_jobs running ON running.lock = waiting.lock AND running.status = 'doing'
  LEFT JOIN procrastinate_workers worker ON worker.id = running.worker_id
  LEFT JOIN LATERAL (
       SELECT max(at) AS at FROM procrastinate_events WHERE job_id = running.id AND type = 'started'
  ) started ON true
 WHERE waiting.status = 'todo' AND waiting.queueing_lock = ANY(%(locks)s)
"""
_WORKERS = """
SELECT count(*) AS alive, EXTRACT(EPOCH FROM now() - max(last_heartbeat)) AS newest_silence
  FROM procrastinate_workers
 WHERE last_heartbeat > now() - (%(stalled)s || ' SECOND')::INTERVAL
"""


def behind_warning(queue: procrastinate.App, team_ids: Sequence[str], *, stalled_after: timedelta) -> str:
    """Why ``team_ids``' previous tasks have not started: a stuck task (its id, age, worker), busy workers, or none."""
    stalled = stalled_after.total_seconds()
    head = f"{len(team_ids)} workspace(s) still wait for their previous minute's task"
    try:
        rows = queue.connector.execute_query_all(_HOLDERS, locks=[workspace_lock(t) for t in team_ids])
        workers = queue.connector.execute_query_one(_WORKERS, stalled=str(stalled))
    except Exception as exc:  # the warning must not cost the minute
        return f"{head} (the queue could not be inspected: {type(exc).__name__})"
    alive = int(workers["alive"] or 0)
    nobody = f"no `peerbot worker` has sent a heartbeat in the last {stalled:.0f} s — is one running?"
    held = sorted((r for r in rows if r["running_id"] is not None), key=lambda r: -(r["running_for"] or 0))
    if not held:
        return f"{head}: " + (nobody if not alive else f"all {alive} live worker(s) are busy with other workspaces")
    oldest = held[0]
    silent = float(oldest["silent_for"]) if oldest["silent_for"] is not None else None
    state = (
        f"its worker #{oldest['worker_id']} last sent a heartbeat {silent:.0f} s ago"
        if silent is not None
        else "its worker is gone (no heartbeat on record)"
    )
    if silent is None or silent > stalled:
        state += ": presumed dead; " + (
            f"a live worker puts the task back within {stalled:.0f} s of that heartbeat" if alive else nobody
        )
    else:
        state += ": alive, the run is just long (a big fan-out, or Slack's rate limits)"
    return (
        f"{head}; the longest-held, {oldest['lock']}, is held by task #{oldest['running_id']}, "
        f"running for {float(oldest['running_for'] or 0):.0f} s; {state} ({len(held)} held in all)"
    )


# --- the workers' side: tasks of workers that stopped -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Recovered:
    job_id: int
    lock: str | None
    instead_of: tuple[int, ...]  # waiting tasks of the same workspace cancelled in its favour


async def recover_stalled(manager: Any, *, silent_for: float) -> list[Recovered]:
    """Put back every task whose worker has sent no heartbeat for ``silent_for`` seconds.

    A task is put back under its lock and queueing lock; if the clock queued the workspace's next task
    meanwhile (the queueing lock is taken), that waiting task is cancelled first: the one put back runs
    everything due since its own minute, so nothing is skipped and the workspace never has two tasks.
    Several workers may find the same task: the first one wins, the others skip it.
    """
    recovered = []
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=silent_for):
        outcome = await _put_back(manager, job)
        if outcome is not None:
            recovered.append(outcome)
    return recovered


async def _put_back(manager: Any, job: Job) -> Recovered | None:
    assert job.id is not None
    cancelled: list[int] = []
    for _ in range(3):  # the clock may queue another task between cancelling and retrying: rarely twice
        try:
            await manager.retry_job(job)
        except queue_errors.UniqueViolation:
            for waiting in await manager.list_jobs_async(queueing_lock=job.queueing_lock, status="todo"):
                if waiting.id is not None and await manager.cancel_job_by_id_async(waiting.id, delete_job=True):
                    cancelled.append(waiting.id)
            continue
        except queue_errors.ConnectorException:
            return None  # another worker put it back first (it is no longer "doing")
        return Recovered(job.id, job.lock, tuple(cancelled))
    logger.error("task #%s of a stopped worker could not be put back; the next check tries again", job.id)
    return None


def describe_recovery(recovered: Recovered, *, silent_for: float) -> str:
    instead = (
        f", in place of waiting task(s) {', '.join(f'#{i}' for i in recovered.instead_of)} (it covers their minutes)"
        if recovered.instead_of
        else ""
    )
    return (
        f"task #{recovered.job_id} ({recovered.lock}) of a worker silent for over {silent_for:.0f} s "
        f"goes back on the queue{instead}"
    )
