"""The deployment's job queue (procrastinate, in the PostgreSQL database): the clock's side and `peerbot worker`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import procrastinate

from bot.config import Settings
from jobs.queue import NAMESPACE, describe_recovery, recover_stalled, tasks, worker_context
from jobs.schedule import job_specs
from workflows.context import RunContext

logger = logging.getLogger("peerbot")


def _conninfo(settings: Settings) -> str:
    # psycopg takes the same URL SQLAlchemy does, without SQLAlchemy's "+driver".
    return settings.database_url.set(drivername="postgresql").render_as_string(hide_password=False)


def _app(connector: procrastinate.BaseConnector) -> procrastinate.App:
    app = procrastinate.App(connector=connector)
    app.add_tasks_from(tasks, namespace=NAMESPACE)
    return app


def clock_queue(settings: Settings) -> procrastinate.App:
    """The clock's handle on the queue: it only enqueues (synchronously)."""
    return _app(procrastinate.SyncPsycopgConnector(conninfo=_conninfo(settings), min_size=1, max_size=2)).open()


def worker_queue(settings: Settings) -> procrastinate.App:
    """A worker's handle on the queue (asynchronous; open it with ``open_async``)."""
    # The queue's own connections: its listener, fetching, finishing and heartbeats (tasks use peerbot's engine).
    return _app(procrastinate.PsycopgConnector(conninfo=_conninfo(settings), min_size=1, max_size=4))


def run_worker(settings: Settings, ctx: RunContext, *, name: str = "worker") -> None:
    """Claim and run the clock's tasks until SIGTERM/SIGINT (then let running tasks finish, and stop).

    Tasks are synchronous: each runs in a thread, ``worker_concurrency`` of them at a time. Beside them,
    whatever the tasks are doing, the worker puts back the tasks of workers that stopped answering.
    """
    app = worker_queue(settings)
    timing = stall_timing(settings.worker_stalled_after)
    concurrency = settings.worker_concurrency

    async def work() -> None:
        # procrastinate runs a synchronous task on the loop's default executor: one thread per task.
        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor(max_workers=concurrency + 2, thread_name_prefix="task"))
        async with app.open_async():
            logger.info("peerbot worker ready: up to %s workspaces at a time", concurrency)
            recovery = asyncio.create_task(_recover_forever(app, timing))
            try:
                await app.run_worker_async(
                    name=name,
                    concurrency=concurrency,
                    additional_context=worker_context(ctx, job_specs()),
                    # Finished runs are of no further use; failed ones stay for a look (run_minute logs and
                    # swallows workflow errors, so those are procrastinate's own, or a dead worker's).
                    delete_jobs="successful",
                    update_heartbeat_interval=timing.heartbeat_every,
                    stalled_worker_timeout=timing.stalled_after,
                    # A new task wakes the workers at once (LISTEN/NOTIFY); a task freed from its workspace's
                    # lock, or put back after its worker died, is not announced: look again every second.
                    fetch_job_polling_interval=1.0,
                )
            finally:
                recovery.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await recovery

    asyncio.run(work())


@dataclass(frozen=True)
class StallTiming:
    """How a worker's death is noticed: heartbeats, how often the others look, and the silence that means dead.

    A dead worker's last heartbeat is at most ``heartbeat_every`` before its death, and a check runs every
    ``check_every``; taking ``silent_for = stalled_after - check_every`` puts its task back within
    ``stalled_after`` of the death, while a live worker (silent at most ``heartbeat_every``) is never taken for dead.
    """

    stalled_after: float
    heartbeat_every: float
    check_every: float
    silent_for: float


def stall_timing(stalled_after: timedelta) -> StallTiming:
    stalled = stalled_after.total_seconds()
    check = min(5.0, stalled / 6)
    return StallTiming(stalled, max(stalled / 3, 0.5), check, stalled - check)


async def _recover_forever(app: procrastinate.App, timing: StallTiming) -> None:
    while True:
        await asyncio.sleep(timing.check_every)
        try:
            for recovered in await recover_stalled(app.job_manager, silent_for=timing.silent_for):
                logger.warning("%s", describe_recovery(recovered, silent_for=timing.silent_for))
        except Exception as exc:  # the database is away for a moment: the next check tries again
            logger.warning("looking for the tasks of stopped workers failed: %s", type(exc).__name__)


def idle_until_stopped(reason: str) -> None:
    """A worker with nothing to do: say why once, then wait for SIGTERM/SIGINT (no crash-loop)."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    logger.info("peerbot worker has nothing to do: %s. Idling until stopped.", reason)
    stop.wait()
