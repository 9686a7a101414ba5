"""A job run scoped to one workspace (a worker's task) sends that workspace's messages only, with its own token."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, datetime, timedelta

import pytest
from croniter import croniter
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.queue import clock_queue
from jobs.queue import RETRY_STALLED_CRON, enqueue_per_workspace
from jobs.schedule import job_specs
from slackio.client import build_web_client
from slackio.workspaces import InstalledWorkspaces, installation_store
from storage import deliveries as delivery_store
from storage import network as network_store
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.fanout import CLIENT_ID, reminder_due_now
from workflows.context import JobContext
from workflows.deliveries import resume_deliveries
from workflows.meetings import send_due_reminders


def _ctx(
    slack: SlackStub, session_factory: SessionFactory, engine: Engine, clock: FakeClock, team_id: str | None
) -> JobContext:
    """A run for ``team_id``, each workspace's client carrying its own bot token (OAuth installs)."""
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    installed = InstalledWorkspaces(
        installation_store(client_id=CLIENT_ID, engine=engine), base_url=slack.api_url, clock=clock
    )
    return JobContext(session_factory, client, clock, None, clients=installed, team_id=team_id)


def test_a_reminder_run_for_one_workspace_reminds_that_workspace_only_with_its_token(
    slack: SlackStub, session_factory: SessionFactory, engine: Engine
) -> None:
    now = datetime.now(UTC)
    first, second = reminder_due_now(session_factory, slack, engine, workspaces=2, members=3, now=now)
    clock = FakeClock(now)

    send_due_reminders(_ctx(slack, session_factory, engine, clock, first.team_id))

    posts = slack.calls_to("chat.postMessage")
    assert len(posts) == 4 and {c.team for c in posts} == {first.team_id}
    assert not any(slack.messages.get(slack.dm_channel(u)) for u in second.members)

    send_due_reminders(_ctx(slack, session_factory, engine, clock, second.team_id))
    assert {c.team for c in slack.calls_to("chat.postMessage")[4:]} == {second.team_id}
    assert all(len(slack.messages[slack.dm_channel(u)]) == 1 for u in first.members + second.members)


def test_the_safety_net_for_one_workspace_finishes_only_that_workspaces_deliveries(
    slack: SlackStub, session_factory: SessionFactory, engine: Engine
) -> None:
    now = datetime.now(UTC)
    first, second = reminder_due_now(session_factory, slack, engine, workspaces=2, members=1, now=now)
    clock = FakeClock(now)
    with session_factory.begin() as session:
        for workspace in (first, second):
            network = network_store.get_network_by_channel(
                session, team_id=workspace.team_id, channel_id=workspace.channel
            )
            assert network is not None
            delivery_store.claim(
                session,
                team_id=workspace.team_id,
                network_id=network.id,
                key=f"left:{workspace.team_id}",
                kind="meeting_reminder",
                channel=workspace.members[0],
                now=now,
                payload='{"text":"left by a stopped sender","blocks":null}',
            )
    clock.advance(timedelta(minutes=5))

    assert resume_deliveries(_ctx(slack, session_factory, engine, clock, first.team_id)) == {"sent": 1}
    assert [c.team for c in slack.calls_to("chat.postMessage")] == [first.team_id]
    assert resume_deliveries(_ctx(slack, session_factory, engine, clock, second.team_id)) == {"sent": 1}


def test_workers_look_for_a_dead_workers_tasks_every_five_seconds_all_day() -> None:
    ticks = croniter(RETRY_STALLED_CRON, datetime(2026, 1, 5, 12, 1, 2, tzinfo=UTC))
    upcoming = [ticks.get_next(datetime) for _ in range(4)]
    assert [(b - a).total_seconds() for a, b in itertools.pairwise(upcoming)] == [5, 5, 5]
    assert upcoming[0] == datetime(2026, 1, 5, 12, 1, 5, tzinfo=UTC)


def test_every_job_that_sends_runs_per_workspace_and_database_only_jobs_stay_in_the_clock() -> None:
    in_clock = {spec.name for spec in job_specs() if not spec.per_workspace}
    # The refresh pass publishes with each workspace's client too, but under one lease per surface shared by every
    # process, so the clock runs it itself for every workspace.
    assert in_clock == {
        "settle_anonymous_answers",
        "delete_expired_free_text",
        "purge_removed_workspaces",
        "refresh_changed_homes",
    }


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the job queue lives in PostgreSQL: set TEST_DATABASE_URL to a PostgreSQL database",
)
def test_the_clock_enqueues_one_run_per_workspace_and_does_not_pile_up_a_slow_one(
    engine: Engine, settings: Settings
) -> None:
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    queue = clock_queue(settings)
    try:
        assert enqueue_per_workspace(queue, "send_due_reminders", ["T1", "T2"]).enqueued == 2
        again = enqueue_per_workspace(queue, "send_due_reminders", ["T1", "T2", "T3"])
        assert (again.enqueued, again.still_waiting) == (1, 2)
        enqueue_per_workspace(queue, "open_due_waves", ["T1"])
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT lock, queueing_lock, args->>'team_id' FROM procrastinate_jobs ORDER BY id")
            ).all()
    finally:
        queue.close()
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    assert [tuple(r) for r in rows] == [
        ("workspace:T1", "send_due_reminders:T1", "T1"),
        ("workspace:T2", "send_due_reminders:T2", "T2"),
        ("workspace:T3", "send_due_reminders:T3", "T3"),
        ("workspace:T1", "open_due_waves:T1", "T1"),  # same workspace lock: runs after the reminders, never beside
    ]
