"""Running a scheduled job: one entry of the timetable, which entries fall due in a minute, and one run of each."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from workflows.context import RunContext

logger = logging.getLogger("peerbot.jobs")

ScheduledFunction = Callable[[RunContext], object]
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class JobSpec:
    """One entry of the clock's timetable: a workflow to run, and when (an APScheduler trigger).

    ``per_workspace``: with workers, each workspace's minute task runs it, scoped to that workspace
    (the workflow honours ``ctx.covers``); otherwise the clock runs it itself (database-only work).
    """

    name: str
    function: ScheduledFunction
    trigger: Any
    per_workspace: bool = True


def start_of_minute(instant: datetime) -> datetime:
    return instant.replace(second=0, microsecond=0)


def due_since(specs: Iterable[JobSpec], *, since: datetime, now: datetime) -> list[JobSpec]:
    """The per-workspace entries whose trigger fires in the minute ``since`` or any later minute up to ``now``.

    A run that waited (workers behind) or was put back after its worker died covers every minute since its
    own, each entry once — as the one-process clock coalesces missed runs. Entries keep the timetable's order.
    """
    until = max(start_of_minute(since), start_of_minute(now)) + MINUTE
    due = []
    for spec in specs:
        if not spec.per_workspace:
            continue
        fires = spec.trigger.get_next_fire_time(None, start_of_minute(since))
        if fires is not None and fires < until:
            due.append(spec)
    return due


def run_scheduled(name: str, function: ScheduledFunction, ctx: RunContext) -> object:
    """Run one scheduled job; a failure is logged and the next job (or the next run) goes ahead."""
    where = f"{name} for {ctx.team_id}" if ctx.team_id else name
    try:
        result = function(ctx)
    except Exception as exc:
        logger.error("job %s failed with %s", where, type(exc).__name__, exc_info=exc)
        return None
    # Most runs find nothing due: say so only when asked (LOG_LEVEL=DEBUG), or there would be a line
    # per workspace per job per minute.
    logger.log(logging.INFO if did_something(result) else logging.DEBUG, "job %s finished: %s", where, result)
    return result


def did_something(result: object) -> bool:
    """A job's result names something done: a non-zero count, or a non-empty collection."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return any(did_something(value) for value in dataclasses.asdict(result).values())
    if isinstance(result, dict):
        return any(did_something(value) for value in result.values())
    return bool(result)
