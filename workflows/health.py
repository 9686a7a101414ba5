"""The clock says it is alive: a heartbeat in the database each minute, read by /readyz and the metrics."""

from __future__ import annotations

from storage import health as health_store
from workflows.context import RunContext


def record_clock_heartbeat(ctx: RunContext) -> None:
    with ctx.session_factory.begin() as session:
        health_store.record_heartbeat(session, process=health_store.CLOCK, now=ctx.clock.now())
