"""The clock's heartbeat entry: once a minute, so /readyz can tell when the clock stopped."""

from __future__ import annotations

from apscheduler.triggers.interval import IntervalTrigger

from jobs.context import JobSpec
from workflows import health

JOBS = [
    JobSpec("record_clock_heartbeat", health.record_clock_heartbeat, IntervalTrigger(minutes=1), per_workspace=False),
]
