"""Running a job: every job gets a RunContext; a failure is logged and the next run goes ahead."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workflows.context import RunContext

logger = logging.getLogger("peerbot.jobs")


JobFunction = Callable[[RunContext], object]


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


def run_job(name: str, job: JobFunction, ctx: RunContext) -> None:
    """Run one job; a failure is logged and the scheduler carries on with the next run."""
    try:
        result = job(ctx)
    except Exception as exc:
        logger.error("job %s failed with %s", name, type(exc).__name__, exc_info=exc)
        return
    logger.info("job %s finished: %s", name, result)
