"""`peerbot worker` for the scale bench: the same worker, with each workspace's own bot token.

Until OAuth installs land (slackio/workspaces.py: InstalledWorkspaces reading the installation store),
peerbot holds one bot token; the bench's workspaces each have their own (so the stand-in's
per-workspace rate limits mean something). ``workspace_clients`` is the one place that says where a
workspace's token comes from: switch it to the installation store, or run plain `peerbot worker`.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk import WebClient

from bot.config import load_settings
from bot.queue import run_worker
from bot.runtime import Runtime, build_runtime
from slackio.client import build_web_client
from slackio.workspaces import SlackClients
from tests.support.factories.fanout import workspace_token
from workflows.context import JobContext


class _BenchWorkspaces:
    """A client per workspace, carrying the token the bench gave that workspace, paced by the process's pacer."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._clients: dict[str, WebClient] = {}

    def for_team(self, team_id: str) -> WebClient:
        client = self._clients.get(team_id)
        if client is None:
            client = self._clients[team_id] = build_web_client(
                token=workspace_token(team_id),
                base_url=self._runtime.settings.slack_api_url,
                clock=self._runtime.clock,
                pacer=self._runtime.pacer,
            )
        return client


def workspace_clients(runtime: Runtime) -> SlackClients:
    """Where each workspace's bot token comes from (the switch)."""
    return _BenchWorkspaces(runtime)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    logging.getLogger("peerbot.jobs").setLevel(logging.WARNING)
    settings = load_settings(os.environ)
    runtime = build_runtime(settings)
    ctx = JobContext(
        runtime.session_factory, runtime.client, runtime.clock, runtime.bot_user_id, clients=workspace_clients(runtime)
    )
    run_worker(settings, ctx, name=os.environ.get("BENCH_WORKER_NAME", "worker"))


if __name__ == "__main__":
    main()
