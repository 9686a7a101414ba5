"""The clock's entries for network progress: answers to roadmap pulses become progress reports."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import progress

JOBS = [
    JobSpec(
        "import_roadmap_pulse_answers",
        progress.import_roadmap_pulse_answers,
        CronTrigger(minute="*/10", timezone="UTC"),
    ),
]
