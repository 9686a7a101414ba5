"""The clock's entry for removed workspaces: purge their networks once PEERBOT_UNINSTALL_GRACE_DAYS have passed."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from jobs.context import JobSpec
from workflows import workspaces

JOBS = [
    JobSpec(
        "purge_removed_workspaces",
        workspaces.purge_removed_workspaces,
        CronTrigger(minute=41, timezone="UTC"),
        per_workspace=False,
    ),
]
