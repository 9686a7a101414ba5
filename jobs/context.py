"""What every job gets: sessions, the Slack client, the clock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient

from domain.clock import Clock
from storage.db import SessionFactory

logger = logging.getLogger("peerbot.jobs")


@dataclass(frozen=True)
class JobContext:
    session_factory: SessionFactory
    client: WebClient
    clock: Clock
    bot_user_id: str | None


JobFunction = Callable[[JobContext], object]


def run_job(name: str, job: JobFunction, ctx: JobContext) -> None:
    """Run one job; a failure is logged and the scheduler carries on with the next run."""
    try:
        result = job(ctx)
    except Exception as exc:
        logger.error("job %s failed with %s", name, type(exc).__name__, exc_info=exc)
        return
    logger.info("job %s finished: %s", name, result)
