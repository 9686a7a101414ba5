"""Running a job: every job gets a JobContext; a failure is logged and the next run goes ahead."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workflows.context import JobContext

logger = logging.getLogger("peerbot.jobs")


JobFunction = Callable[[JobContext], object]


@dataclass(frozen=True)
class JobSpec:
    """One entry of the clock's timetable: a workflow to run, and when (an APScheduler trigger).

    ``per_workspace``: with workers, the clock enqueues one run per workspace, each scoped to it
    (the workflow honours ``ctx.covers``); otherwise the clock runs it itself (database-only work).
    """

    name: str
    function: JobFunction
    trigger: Any
    per_workspace: bool = True


def run_job(name: str, job: JobFunction, ctx: JobContext) -> None:
    """Run one job; a failure is logged and the scheduler carries on with the next run."""
    try:
        result = job(ctx)
    except Exception as exc:
        logger.error("job %s failed with %s", name, type(exc).__name__, exc_info=exc)
        return
    # Most runs find nothing due: say so only when asked (LOG_LEVEL=DEBUG), or there would be a line per job
    # per minute.
    logger.log(logging.INFO if did_something(result) else logging.DEBUG, "job %s finished: %s", name, result)


def did_something(result: object) -> bool:
    """A job's result names something done: a non-zero count, or a non-empty collection."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return any(did_something(value) for value in dataclasses.asdict(result).values())
    if isinstance(result, dict):
        return any(did_something(value) for value in result.values())
    return bool(result)
