"""A job run scoped to one workspace (a worker's task) sends that workspace's messages only, with its own token."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.queue import clock_queue, stall_timing
from jobs.context import due_since
from jobs.queue import enqueue_minute
from jobs.schedule import job_specs
from slackio.client import build_web_client
from slackio.workspaces import InstalledWorkspaces, installation_store
from storage import deliveries as delivery_store
from storage import network as network_store
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.fanout import CLIENT_ID, reminder_due_now
from workflows.context import RunContext
from workflows.deliveries import resume_deliveries
from workflows.meetings import send_due_reminders


def _ctx(
    slack: SlackStub, session_factory: SessionFactory, engine: Engine, clock: FakeClock, team_id: str | None
) -> RunContext:
    """A run for ``team_id``, each workspace's client carrying its own bot token (OAuth installs)."""
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    installed = InstalledWorkspaces(
        installation_store(client_id=CLIENT_ID, engine=engine), base_url=slack.api_url, clock=clock
    )
    return RunContext(session_factory, client, clock, None, clients=installed, team_id=team_id)


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


def test_a_dead_workers_task_is_put_back_within_the_stall_timeout_and_a_live_one_never() -> None:
    for seconds in (3, 20, 30, 120, 3600):
        timing = stall_timing(timedelta(seconds=seconds))
        # Worst case: it died just after a heartbeat, and a check had just missed it.
        assert timing.silent_for + timing.check_every <= seconds
        # A live worker is silent at most one heartbeat interval (plus slack for a busy machine).
        assert timing.silent_for >= 2 * timing.heartbeat_every


def test_every_job_that_sends_runs_per_workspace_and_database_only_jobs_stay_in_the_clock() -> None:
    in_clock = {spec.name for spec in job_specs() if not spec.per_workspace}
    # The refresh pass publishes with each workspace's client too, but under one lease per surface shared by every
    # process, so the clock runs it itself for every workspace.
    assert in_clock == {
        "settle_anonymous_answers",
        "delete_expired_free_text",
        "purge_removed_workspaces",
        "record_clock_heartbeat",
        "refresh_changed_homes",
    }


def _at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 1, 5, hour, minute, second, tzinfo=UTC)


def test_a_workspace_minute_runs_that_minutes_jobs_in_timetable_order_reminders_first() -> None:
    names = [s.name for s in due_since(job_specs(), since=_at(12, 1), now=_at(12, 1, 0))]
    assert names[0] == "send_due_reminders"
    assert names[-1] == "resume_deliveries"  # the safety net after everything that sends
    assert "import_roadmap_pulse_answers" not in names  # every 10 minutes: not at :01
    assert "settle_anonymous_answers" not in names  # database-only: the clock's own
    at_ten = [s.name for s in due_since(job_specs(), since=_at(12, 10), now=_at(12, 10, 1))]
    assert "import_roadmap_pulse_answers" in at_ten and "post_weekly_digests" in at_ten


def test_a_minute_task_that_waited_runs_every_job_due_since_its_minute_once() -> None:
    late = [s.name for s in due_since(job_specs(), since=_at(12, 9), now=_at(12, 11, 40))]
    assert late.count("send_due_reminders") == 1
    assert "import_roadmap_pulse_answers" in late, "the 12:10 run it stood in for is not lost"
    assert "refresh_rosters" not in late  # 03:17 only


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the job queue lives in PostgreSQL: set TEST_DATABASE_URL to a PostgreSQL database",
)
def test_the_clock_enqueues_one_task_per_workspace_per_minute_and_does_not_pile_up_a_slow_one(
    engine: Engine, settings: Settings
) -> None:
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    queue = clock_queue(settings)
    try:
        assert enqueue_minute(queue, ["T1", "T2"], minute=_at(12, 1, 0)).enqueued == 2
        again = enqueue_minute(queue, ["T1", "T2", "T3"], minute=_at(12, 2, 0))
        assert (again.enqueued, again.still_waiting) == (1, ("T1", "T2"))
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT task_name, lock, queueing_lock, args->>'team_id', args->>'minute' FROM procrastinate_jobs")
            ).all()
    finally:
        queue.close()
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE procrastinate_jobs RESTART IDENTITY CASCADE"))
    assert sorted(tuple(r) for r in rows) == [
        ("peerbot:run_minute", "workspace:T1", "workspace:T1", "T1", "2026-01-05T12:01:00+00:00"),
        ("peerbot:run_minute", "workspace:T2", "workspace:T2", "T2", "2026-01-05T12:01:00+00:00"),
        ("peerbot:run_minute", "workspace:T3", "workspace:T3", "T3", "2026-01-05T12:02:00+00:00"),
    ]
