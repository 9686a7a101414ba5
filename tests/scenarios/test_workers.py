"""Scheduled sending past one process: the clock enqueues a run per workspace on PostgreSQL's job queue and
`peerbot worker` processes send it, each message exactly once, even when a worker is killed mid-fan-out.
With SQLite there is no queue: the clock sends itself, and `peerbot worker` idles with one line.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import procrastinate
import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.queue import clock_queue
from jobs.queue import enqueue_workspace_minutes
from jobs.schedule import install_jobs
from rendering.deliveries import ResendButton
from slackio.client import build_web_client
from slackio.workspaces import InstalledWorkspaces, installation_store
from storage.db import SessionFactory
from storage.models import Delivery, DeliveryStatus
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.fanout import CLIENT_ID, Workspace, oauth_env, reminder_due_now
from tests.support.processes import SECRET, peerbot_process, process_env, run_peerbot
from workflows.context import RunContext
from workflows.deliveries import resume_deliveries

on_postgres = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="workers claim from PostgreSQL's job queue: set TEST_DATABASE_URL to a PostgreSQL database",
)
WORKER_READY = "peerbot worker ready"


@pytest.fixture
def queue(engine: Engine, settings: Settings) -> Iterator[procrastinate.App]:
    """The clock's handle on an empty queue (runs and worker rows of earlier tests removed)."""

    def empty() -> None:
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE procrastinate_jobs, procrastinate_workers RESTART IDENTITY CASCADE"))

    empty()
    app = clock_queue(settings)
    yield app
    app.close()
    empty()


def _worker_env(tmp_path: Path, slack: SlackStub, database_url: str, *, concurrency: int) -> dict[str, str]:
    """A worker installed in many workspaces (OAuth mode: each workspace's token from the installation store)."""
    return process_env(
        tmp_path,
        None,
        **oauth_env(),
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
        DATABASE_URL=database_url,
        PEERBOT_WORKER_CONCURRENCY=str(concurrency),
        PEERBOT_WORKER_STALLED_SECONDS="3",  # a killed worker's task is handed on within seconds
        PEERBOT_WORKSPACE_SENDS_PER_SECOND="200",
    )


def _clock_enqueues_reminders(queue: procrastinate.App, session_factory: SessionFactory, slack: SlackStub) -> None:
    """The clock's minute: one task per workspace (its reminders first), nothing sent by the clock."""
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=FakeClock(datetime.now(UTC)))
    ctx = RunContext(session_factory, client, FakeClock(datetime.now(UTC)), None)
    enqueue_workspace_minutes(queue, ctx, timedelta(seconds=3))


def _reminder_dms(slack: SlackStub, world: list[Workspace]) -> Counter[str]:
    """How many reminder DMs each member received."""
    received: Counter[str] = Counter()
    for workspace in world:
        for user in workspace.members:
            received[user] = sum(
                str(m.get("text", "")).startswith("Reminder") for m in slack.messages.get(slack.dm_channel(user), [])
            )
    return received


def _expected_posts(world: list[Workspace]) -> int:
    return sum(len(w.members) + 1 for w in world)  # every member's DM and the channel reminder


def _ok_posts(slack: SlackStub, count: int) -> None:
    slack.wait_for_calls("chat.postMessage", count, lambda c: c.ok, timeout=90)


def _runs_left(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar_one())


@on_postgres
def test_two_workers_and_a_clock_deliver_a_large_fan_out_each_message_once(
    tmp_path: Path,
    slack: SlackStub,
    session_factory: SessionFactory,
    engine: Engine,
    database_url: str,
    queue: procrastinate.App,
) -> None:
    world = reminder_due_now(session_factory, slack, engine, workspaces=4, members=40, now=datetime.now(UTC))
    env = _worker_env(tmp_path, slack, database_url, concurrency=1)

    with (
        peerbot_process("worker", env=env, cwd=tmp_path, ready=WORKER_READY) as first,
        peerbot_process("worker", env=env, cwd=tmp_path, ready=WORKER_READY) as second,
    ):
        with slack.holding("chat.postMessage", at_most=90):
            _clock_enqueues_reminders(queue, session_factory, slack)
            # One workspace at a time each, eight posts in flight per fan-out: nine held means both are sending.
            slack.wait_until_held(9, timeout=30)
        _ok_posts(slack, _expected_posts(world))
    # (Both stopped with SIGTERM: each let its running task finish first.)

    assert first.returncode == 0 and second.returncode == 0
    assert set(_reminder_dms(slack, world).values()) == {1}, "every member got exactly one reminder DM"
    assert all(len(slack.messages[w.channel]) == 1 for w in world)
    with session_factory() as session:
        statuses = Counter(session.scalars(select(Delivery.status)))
    assert statuses == {DeliveryStatus.SENT: _expected_posts(world)}
    assert _runs_left(engine) == 0, "every run finished (and was cleared from the queue)"
    for process in (first, second):
        assert any("job send_due_reminders for T" in line for line in process.lines)  # type: ignore[attr-defined]


@on_postgres
def test_a_worker_killed_mid_fan_out_loses_nothing_and_sends_nothing_twice(
    tmp_path: Path,
    slack: SlackStub,
    session_factory: SessionFactory,
    engine: Engine,
    database_url: str,
    queue: procrastinate.App,
) -> None:
    world = reminder_due_now(session_factory, slack, engine, workspaces=3, members=40, now=datetime.now(UTC))

    with ExitStack() as processes:
        doomed = processes.enter_context(
            peerbot_process(
                "worker",
                env=_worker_env(tmp_path, slack, database_url, concurrency=1),
                cwd=tmp_path,
                ready=WORKER_READY,
            )
        )
        with slack.holding("chat.postMessage", at_most=90):
            _clock_enqueues_reminders(queue, session_factory, slack)
            slack.wait_until_held(8, timeout=30)  # its first workspace's fan-out is in flight, answers held
            survivor = processes.enter_context(
                peerbot_process(
                    "worker",
                    env=_worker_env(tmp_path, slack, database_url, concurrency=2),
                    cwd=tmp_path,
                    ready=WORKER_READY,
                )
            )
            slack.wait_until_held(24, timeout=30)  # the survivor took the other two workspaces
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=30)
        # Slack answers at last: the killed worker's eight posts arrive (once); it never hears back.
        _ok_posts(slack, _expected_posts(world))
        # Its run went back on the queue and the survivor finished it: nothing is left unsent.
        with session_factory() as session:
            unsent = [DeliveryStatus.PENDING, DeliveryStatus.WAITING]
            assert session.scalar(select(Delivery.id).where(Delivery.status.in_(unsent))) is None
    assert doomed.returncode == -signal.SIGKILL and survivor.returncode == 0
    assert set(_reminder_dms(slack, world).values()) == {1}, "no member lost, none reminded twice"
    assert all(len(slack.messages[w.channel]) == 1 for w in world)
    assert _runs_left(engine) == 0
    assert any("goes back on the queue" in line for line in survivor.lines)  # type: ignore[attr-defined]

    # The requests the killed worker had in flight (eight) were posted, but it never heard so: after the
    # grace, the safety net marks them unknown and tells the organiser in one notice; nothing is posted again.
    with session_factory() as session:
        in_flight = list(session.scalars(select(Delivery).where(Delivery.status == DeliveryStatus.IN_FLIGHT)))
    assert 1 <= len(in_flight) <= 8, "the kill landed while posts were in flight"
    assert len({d.team_id for d in in_flight}) == 1
    later = FakeClock(datetime.now(UTC) + timedelta(minutes=11))
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=later)
    installed = InstalledWorkspaces(
        installation_store(client_id=CLIENT_ID, engine=engine), base_url=slack.api_url, clock=later
    )
    ctx = RunContext(session_factory, client, later, None, clients=installed, team_id=in_flight[0].team_id)
    report = resume_deliveries(ctx)
    assert report == {"unknown": len(in_flight)}
    organiser = next(w.organiser for w in world if w.team_id == in_flight[0].team_id)
    notices = [m for m in slack.messages[slack.dm_channel(organiser)] if "didn't confirm" in str(m.get("text"))]
    assert len(notices) == 1, "one notice for the fan-out, not one per person"
    (button,) = [e for b in notices[0]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert set(ResendButton.from_value(button["value"]).delivery_ids) == {d.id for d in in_flight}
    assert set(_reminder_dms(slack, world).values()) == {1}


def test_with_sqlite_the_clock_sends_itself_and_a_worker_idles_with_one_line(
    tmp_path: Path, slack: SlackStub, session_factory: SessionFactory
) -> None:
    env = process_env(tmp_path, slack, DATABASE_URL=f"sqlite:///{tmp_path / 'peerbot.db'}")
    run_peerbot("db", "upgrade", env=env, cwd=tmp_path)

    with peerbot_process("clock", env=env, cwd=tmp_path, ready="Scheduler started") as clock:
        pass
    with peerbot_process("worker", env=env, cwd=tmp_path, ready="Idling until stopped") as worker:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)

    assert any("the clock sends scheduled messages itself" in line for line in clock.lines)  # type: ignore[attr-defined]
    said = [line for line in worker.lines if line.strip()]  # type: ignore[attr-defined]
    assert len(said) == 1 and "with SQLite the clock sends scheduled messages itself" in said[0]
    assert worker.returncode == 0, "a platform starting every Procfile line sees no crash"


def test_without_a_queue_the_clocks_reminder_job_sends_the_fan_out_itself(
    slack: SlackStub, session_factory: SessionFactory, engine: Engine
) -> None:
    now = datetime.now(UTC)
    world = reminder_due_now(session_factory, slack, engine, workspaces=2, members=5, now=now)
    clock = FakeClock(now)
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    installed = InstalledWorkspaces(
        installation_store(client_id=CLIENT_ID, engine=engine), base_url=slack.api_url, clock=clock
    )
    scheduler = BackgroundScheduler(timezone="UTC")
    install_jobs(scheduler, RunContext(session_factory, client, clock, None, clients=installed))  # no queue

    reminders = scheduler.get_job("send_due_reminders")
    reminders.func(*reminders.args)

    assert set(_reminder_dms(slack, world).values()) == {1}
    assert all(len(slack.messages[w.channel]) == 1 for w in world)
