"""A worker killed at any moment of the minute, on PostgreSQL with real processes (a clock, two workers, the
Slack stand-in): every member gets exactly one reminder or is named to the organiser as unknown, and the
workspace's later minutes still run — nothing wedges, whatever the clock queued meanwhile.

Real time is the price: the clock enqueues on the real minute. One run covers the bulk of the kill points
(ten moments spread over 0-59 s of one minute, the stall timeout at 20 s) on slow fan-outs that span the
minute, then one late kill with the default stall timeout (30 s), where the dead task is put back after the
clock has queued the workspace's next minute.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from rendering.deliveries import ResendButton
from slackio.client import build_web_client
from slackio.workspaces import InstalledWorkspaces, installation_store
from storage.db import SessionFactory
from storage.models import Delivery, DeliveryStatus, Meeting, Occurrence
from tests.scenarios.test_workers import WORKER_READY, on_postgres, queue  # noqa: F401  (the `queue` fixture)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.fanout import (
    CLIENT_ID,
    Workspace,
    another_reminder_due_now,
    oauth_env,
    reminder_due_now,
)
from tests.support.processes import ROOT, SECRET, process_env
from workflows.context import RunContext
from workflows.deliveries import resume_deliveries

WORKSPACES, MEMBERS = 4, 70  # at a pace of 1/s, a fan-out outlasts its minute: every kill lands mid-fan-out
FIRST, SECOND = "Call", "Follow-up"  # the two meetings' titles: each workspace's reminders of each


class Fleet:
    """The clock and the workers: real `python -m bot.cli` processes whose output is kept (never blocks)."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen[str]] = []
        self.lines: list[str] = []
        self.workers: list[subprocess.Popen[str]] = []

    def start(self, command: str, env: dict[str, str], *, ready: str | None = None) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", command],
            env=env,
            cwd=self.tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        is_ready = threading.Event()

        def drain() -> None:
            for line in process.stderr or ():
                self.lines.append(line)
                if ready is not None and ready in line:
                    is_ready.set()

        threading.Thread(target=drain, daemon=True).start()
        self.started.append(process)
        if ready is not None:
            assert is_ready.wait(60), f"peerbot {command} did not get ready:\n{''.join(self.lines[-20:])}"
        return process

    def start_workers(self, env: dict[str, str], count: int = 2) -> None:
        self.workers = [self.start("worker", env, ready=WORKER_READY) for _ in range(count)]

    def kill_and_replace(self, slot: int, env: dict[str, str]) -> None:
        """SIGKILL the worker in ``slot`` (no goodbye, its tasks left "doing") and start another in its place."""
        victim = self.workers[slot]
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        self.workers[slot] = self.start("worker", env)  # not waited for: the next kill may find it starting

    def stop_workers(self) -> None:
        for process in self.workers:
            process.terminate()
        for process in self.workers:
            process.wait(timeout=120)

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
        for process in self.started:
            if process.poll() is None:
                process.wait(timeout=120)

    def said(self, needle: str) -> list[str]:
        return [line for line in self.lines if needle in line]


@contextmanager
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    running = Fleet(tmp_path)
    try:
        yield running
    finally:
        running.stop_all()


def _env(tmp_path: Path, slack: SlackStub, database_url: str, *, stalled: int | None, pace: int) -> dict[str, str]:
    extra = {"PEERBOT_WORKER_STALLED_SECONDS": str(stalled)} if stalled is not None else {}
    return process_env(
        tmp_path,
        None,
        **oauth_env(),
        **extra,
        PYTHONPATH=str(ROOT),
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
        DATABASE_URL=database_url,
        # Two workspaces at a time each: with four workspaces, each worker holds two fan-outs whenever it is killed.
        PEERBOT_WORKER_CONCURRENCY="2",
        # A slow pace makes each fan-out span the minute, so every kill lands mid-fan-out.
        PEERBOT_WORKSPACE_SENDS_PER_SECOND=str(pace),
    )


def _is_reminder(message: dict[str, object], title: str) -> bool:
    return str(message.get("text", "")).startswith(f"Reminder: {title} ")


def _first_post(slack: SlackStub, title: str, *, timeout: float) -> float:
    """When the first reminder of ``title`` reached the stand-in (the clock's minute has come and a worker sends)."""
    slack.wait_for_calls("chat.postMessage", 1, lambda c: c.ok and _is_reminder(c.args, title), timeout=timeout)
    return min(c.at for c in slack.calls_to("chat.postMessage") if c.ok and _is_reminder(c.args, title))


def _at(moment: float) -> None:
    """Wait for a moment of real time (the kill is what must land then; nothing here waits for the scheduler)."""
    threading.Event().wait(max(moment - time.time(), 0))


def _settled(session_factory: SessionFactory, *, expected: int, timeout: float) -> None:
    """Every reminder claimed, and none left pending or waiting (sent, or in flight when its worker died)."""
    deadline = time.monotonic() + timeout
    unsent = (DeliveryStatus.PENDING, DeliveryStatus.WAITING)
    while True:
        with session_factory() as session:
            statuses = list(session.scalars(select(Delivery.status).where(Delivery.kind == "meeting_reminder")))
        if len(statuses) >= expected and not any(s in unsent for s in statuses):
            return
        assert time.monotonic() < deadline, f"not settled: {len(statuses)} claimed of {expected}, some unsent"
        threading.Event().wait(1)


def _settle_in_flight(
    slack: SlackStub, session_factory: SessionFactory, engine: Engine, world: list[Workspace]
) -> None:
    """The safety net's pass ten minutes on: posts in flight when their worker died become unknown, owners told."""
    later = FakeClock(datetime.now(UTC) + timedelta(minutes=11))
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=later)
    installed = InstalledWorkspaces(
        installation_store(client_id=CLIENT_ID, engine=engine), base_url=slack.api_url, clock=later
    )
    for workspace in world:
        resume_deliveries(
            RunContext(session_factory, client, later, None, clients=installed, team_id=workspace.team_id)
        )


def _meeting_of(session: Session, reminder_key: str) -> str:
    occurrence_id = int(reminder_key.split(":")[1])
    return str(
        session.scalar(
            select(Meeting.title)
            .join(Occurrence, Occurrence.meeting_id == Meeting.id)
            .where(Occurrence.id == occurrence_id)
        )
    )


def _resumed_after(slack: SlackStub, world: list[Workspace], killed_at: float) -> dict[str, float]:
    """Seconds from the kill to each workspace's next reminder post (workspaces that had finished: left out)."""
    resumed = {}
    for workspace in world:
        later = [
            c.at
            for c in slack.calls_to("chat.postMessage")
            if c.ok and c.team == workspace.team_id and c.at > killed_at and _is_reminder(c.args, SECOND)
        ]
        if later:
            resumed[workspace.team_id] = round(min(later) - killed_at, 1)
    return resumed


def _check_each_member_once_or_named(
    slack: SlackStub, session_factory: SessionFactory, world: list[Workspace], title: str
) -> int:
    """Every member: one reminder, or (at most one and) named in their organiser's one notice. How many unknown."""
    unknown_total = 0
    for workspace in world:
        notices = [
            m
            for m in slack.messages.get(slack.dm_channel(workspace.organiser), [])
            if "didn't confirm" in str(m.get("text"))
        ]
        named: set[int] = set()
        for notice in notices:
            (button,) = [e for b in notice["blocks"] if b["type"] == "actions" for e in b["elements"]]
            named |= set(ResendButton.from_value(button["value"]).delivery_ids)
        with session_factory() as session:
            unknown = {
                d.channel: d.id
                for d in session.scalars(
                    select(Delivery).where(
                        Delivery.team_id == workspace.team_id,
                        Delivery.kind == "meeting_reminder",
                        Delivery.status == DeliveryStatus.UNKNOWN,
                    )
                )
                if _meeting_of(session, d.key).startswith(title)
            }
        for user in workspace.members:
            received = sum(_is_reminder(m, title) for m in slack.messages.get(slack.dm_channel(user), []))
            assert received <= 1, f"{user} of {workspace.team_id} got {title!r} {received} times"
            if received == 0:
                assert user in unknown, f"{user} of {workspace.team_id} lost {title!r} and nobody was told"
        assert set(unknown.values()) <= named, f"{workspace.team_id}: an unknown reminder was never reported"
        unknown_total += len(unknown)
    return unknown_total


@on_postgres
def test_workers_killed_at_any_moment_of_the_minute_lose_nothing_repeat_nothing_and_never_wedge(
    tmp_path: Path,
    slack: SlackStub,
    session_factory: SessionFactory,
    engine: Engine,
    database_url: str,
    queue: object,  # noqa: F811  (an empty job queue)
) -> None:
    seed = int(time.time())
    rng = random.Random(seed)
    print(f"kill moments drawn with seed {seed}")
    world = reminder_due_now(
        session_factory, slack, engine, workspaces=WORKSPACES, members=MEMBERS, now=datetime.now(UTC)
    )
    expected = WORKSPACES * (MEMBERS + 1)
    bulk = _env(tmp_path, slack, database_url, stalled=20, pace=1)

    with fleet(tmp_path) as processes:
        processes.start("clock", bulk, ready="Scheduler started")
        processes.start_workers(bulk)
        # 1. Ten kills spread over the first reminder's minute, each in its own sixth of it, at a random moment.
        minute = int(_first_post(slack, FIRST, timeout=90)) // 60 * 60
        moments = [6 * i + rng.uniform(0.2, 5.8) for i in range(10)]
        for i, moment in enumerate(moments):
            _at(minute + moment)
            processes.kill_and_replace(i % 2, bulk)
        _settled(session_factory, expected=expected, timeout=240)
        put_back = processes.said("goes back on the queue")
        assert put_back, "the killed workers' tasks were put back"

        # 2. The default stall timeout, and a kill late in the minute of the next reminder: the dead task is
        # put back after the clock queued the workspace's next minute, in that minute's place.
        processes.stop_workers()
        default = _env(tmp_path, slack, database_url, stalled=None, pace=1)
        processes.start_workers(default)
        another_reminder_due_now(session_factory, world, title=SECOND, now=datetime.now(UTC))
        second_minute = int(_first_post(slack, SECOND, timeout=90)) // 60 * 60
        _at(second_minute + rng.uniform(48, 54))
        killed_at = time.time()
        processes.kill_and_replace(0, default)
        _settled(session_factory, expected=2 * expected, timeout=240)
        resumed = _resumed_after(slack, world, killed_at)

    # Nothing wedged: the later minutes ran in every workspace (the second reminder went out after the kills).
    _settle_in_flight(slack, session_factory, engine, world)
    unknown = _check_each_member_once_or_named(slack, session_factory, world, FIRST)
    unknown += _check_each_member_once_or_named(slack, session_factory, world, SECOND)
    assert unknown <= 11 * 2, "only posts in flight at a kill are unknown (a pace of 1/s: one a workspace)"
    assert all(len([m for m in slack.messages[w.channel] if _is_reminder(m, FIRST)]) <= 1 for w in world)
    assert any("in place of waiting task" in line for line in put_back + processes.said("in place of")), (
        "a dead task was put back after the clock had queued its workspace's next minute"
    )
    # The late kill's tasks were free again within the default stall timeout (30 s; a generous margin for the
    # load: the next fetch, the pace, a busy machine).
    assert resumed and max(resumed.values()) < 30 + 25, (
        f"seconds from the kill to each workspace's next post: {resumed}"
    )
    with engine.connect() as connection:
        stuck = connection.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")).scalar()
    assert stuck == 0, "no task is left holding a workspace"
