"""The deployment's job queue (procrastinate, in the PostgreSQL database): the clock's side and `peerbot worker`."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

import procrastinate

from bot.config import Settings
from jobs.queue import NAMESPACE, tasks, worker_context
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


def run_worker(settings: Settings, ctx: RunContext, *, name: str = "worker") -> None:
    """Claim and run the clock's tasks until SIGTERM/SIGINT (then let running tasks finish, and stop).

    Tasks are synchronous: each runs in a thread, ``worker_concurrency`` of them at a time.
    """
    # The queue's own connections: its listener, fetching, finishing and heartbeats (tasks use peerbot's engine).
    app = _app(procrastinate.PsycopgConnector(conninfo=_conninfo(settings), min_size=1, max_size=4))
    stalled = settings.worker_stalled_after.total_seconds()
    concurrency = settings.worker_concurrency

    async def work() -> None:
        # procrastinate runs a synchronous task on the loop's default executor: one thread per task.
        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor(max_workers=concurrency + 2, thread_name_prefix="task"))
        async with app.open_async():
            logger.info("peerbot worker ready: up to %s workspaces at a time", concurrency)
            await app.run_worker_async(
                name=name,
                concurrency=concurrency,
                additional_context=worker_context(ctx, job_specs(), stalled_after=settings.worker_stalled_after),
                # Finished runs are of no further use; failed ones stay for a look (run_job logs and
                # swallows workflow errors, so those are procrastinate's own).
                delete_jobs="successful",
                update_heartbeat_interval=max(stalled / 3, 1.0),
                stalled_worker_timeout=stalled,
            )

    asyncio.run(work())


def idle_until_stopped(reason: str) -> None:
    """A worker with nothing to do: say why once, then wait for SIGTERM/SIGINT (no crash-loop)."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    logger.info("peerbot worker has nothing to do: %s. Idling until stopped.", reason)
    stop.wait()
