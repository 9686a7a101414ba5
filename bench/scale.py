"""Scheduled sending past one process: 200 workspaces x 500 members reminded at the same minute by 1, 2 and 4 workers.

On the minute, a clock enqueues each workspace's minute task (as `peerbot clock` does: one task per workspace
running that minute's due jobs, reminders first); `peerbot worker` processes, installed in every workspace
(OAuth mode: each workspace's own bot token from the installation store), claim the tasks from PostgreSQL and
fan the reminders out through the Slack stand-in, which allows each workspace --slack-rate posts a second and
answers 429 beyond, and records when it received each post. Reported per run: messages per second, 429s
received, lost messages (a member without their reminder), duplicated ones (a reminder twice), and the delay
from the minute to each member's DM (p50, p99, max; and to the first DM of each workspace).

Run:  BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/peerbot_queue_bench python bench/scale.py [--quick]
BENCH_DATABASE_URL's public schema is DROPPED and recreated for every run: point it at a scratch database only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import scratch_engine
from bot.config import load_settings
from bot.queue import clock_queue
from jobs.queue import enqueue_workspace_minutes
from slackio.client import build_web_client
from storage.db import create_session_factory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.fanout import Workspace, oauth_env, reminder_due_now
from workflows.context import RunContext

ROOT = Path(__file__).resolve().parent.parent
REMINDER = "Reminder:"  # how every meeting reminder begins (DM and channel)
SECRET = "0123456789abcdef0123456789abcdef"


def _workers(count: int, env: dict[str, str], said: list[bytes]) -> list[subprocess.Popen[bytes]]:
    started = []
    for n in range(count):
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert process.stderr is not None
        for line in process.stderr:  # wait for "ready" (the worker's own pace)
            if b"peerbot worker ready" in line:
                break
        else:
            raise SystemExit(f"worker {n + 1} did not start")
        # Keep reading what it says (warnings and errors only), so it never blocks on a full pipe.
        threading.Thread(target=lambda p=process: said.extend(p.stderr or ()), daemon=True).start()
        started.append(process)
    return started


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for process in workers:
        process.terminate()
    for process in workers:
        process.wait(timeout=120)


def _reminders(messages: list[dict[str, Any]]) -> int:
    return sum(_is_reminder(m) for m in messages)


def _tally(stub: SlackStub, world: list[Workspace]) -> tuple[int, int, int]:
    """(lost, duplicated, unknown notices) over every member's reminder DM and every network channel's reminder.

    A post whose answer never came back (the client timed out) is marked unknown, not sent again, and its
    owner gets a notice: the notice is counted apart, never as a duplicated reminder.
    """
    lost = duplicated = notices = 0
    counts: Counter[str] = Counter()
    for workspace in world:
        counts[workspace.channel] = _reminders(stub.messages.get(workspace.channel, []))
        for user in workspace.members:
            received = stub.messages.get(stub.dm_channel(user), [])
            counts[user] = _reminders(received)
            notices += len(received) - counts[user]
    for seen in counts.values():
        lost += seen == 0
        duplicated += max(seen - 1, 0)
    return lost, duplicated, notices


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)] if ordered else float("nan")


def _delays(posts: list[Any], tick: float) -> dict[str, float]:
    """Seconds from the minute the reminders were sent at to each member's DM, and to each workspace's first."""
    dms = [c for c in posts if c.ok and str(c.args.get("channel", ""))[:1] in ("U", "W") and _is_reminder(c.args)]
    each = [c.at - tick for c in dms]
    first: dict[str, float] = {}
    for call in dms:
        first[str(call.team)] = min(first.get(str(call.team), call.at - tick), call.at - tick)
    return {
        "dm_p50": _percentile(each, 0.5),
        "dm_p99": _percentile(each, 0.99),
        "dm_max": max(each, default=float("nan")),
        "first_min": min(first.values(), default=float("nan")),
        "first_p50": _percentile(list(first.values()), 0.5),
        "first_max": max(first.values(), default=float("nan")),
    }


def _is_reminder(message: dict[str, Any]) -> bool:
    return str(message.get("text", "")).startswith(REMINDER)


def run(workers: int, args: argparse.Namespace, stub: SlackStub, url: str) -> dict[str, float]:
    engine = scratch_engine(url)
    session_factory = create_session_factory(engine)
    stub.reset()
    stub.limit_rate("chat.postMessage", per_second=args.slack_rate)
    now = datetime.now(UTC)
    world = reminder_due_now(session_factory, stub, engine, workspaces=args.workspaces, members=args.members, now=now)
    expected = sum(len(w.members) + 1 for w in world)
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        **oauth_env(),
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": stub.api_url,
        "PEERBOT_WORKER_CONCURRENCY": str(args.concurrency),
        "PEERBOT_WORKSPACE_SENDS_PER_SECOND": str(args.pace),
    }
    said: list[bytes] = []
    processes = _workers(workers, env, said)
    settings = load_settings(env)
    queue = clock_queue(settings)
    # The reminders are due: the clock's next minute sends them. Wait for it, as `peerbot clock` does.
    tick = (int(time.time()) // 60 + 1) * 60
    threading.Event().wait(max(tick - time.time(), 0))
    clock = FakeClock(datetime.fromtimestamp(tick, UTC))
    ctx = RunContext(
        session_factory, build_web_client(token=stub.bot_token, base_url=stub.api_url, clock=clock), clock, None
    )
    try:
        started = time.perf_counter()
        minutes = 0
        while True:
            # The clock's minute: one task per workspace (reminders, then the safety net). What a minute's run
            # leaves waiting on Retry-After goes out with the next minute's.
            enqueue_workspace_minutes(queue, ctx, settings.worker_stalled_after)
            clock.advance(timedelta(minutes=1))
            minutes += 1
            try:
                stub.wait_for_calls("chat.postMessage", expected, lambda c: c.ok, timeout=60)
                break
            except AssertionError as exc:
                if time.perf_counter() - started > args.timeout:
                    print(f"  (gave up waiting: {exc})")
                    break
        elapsed = time.perf_counter() - started
    finally:
        _stop(processes)
        queue.close()
    problems = [line.decode().rstrip() for line in said if b" ERROR " in line]
    for line in problems[:5]:
        print(f"  worker said: {line}")
    lost, duplicated, notices = _tally(stub, world)
    posts = stub.calls_to("chat.postMessage")
    delays = _delays(posts, tick)
    engine.dispose()
    return {
        **delays,
        "workers": workers,
        "messages": sum(c.ok for c in posts),
        "per_second": sum(c.ok for c in posts) / elapsed,
        "429s": sum(c.status == 429 for c in posts),
        "lost": lost,
        "duplicated": duplicated,
        "unknown": notices,
        "elapsed": elapsed,
        "minutes": minutes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 workspaces x 100 members")
    parser.add_argument("--workspaces", type=int, default=200)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--workers", default="1,2,4", help="worker process counts to run, e.g. 1,2,4")
    parser.add_argument("--concurrency", type=int, default=4, help="PEERBOT_WORKER_CONCURRENCY of each worker")
    parser.add_argument("--pace", type=int, default=10, help="PEERBOT_WORKSPACE_SENDS_PER_SECOND")
    parser.add_argument("--slack-rate", type=float, default=12, help="posts a second the stand-in allows a workspace")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    if args.quick:
        args.workspaces, args.members = 20, 100
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set BENCH_DATABASE_URL to a scratch PostgreSQL database (its public schema is dropped)")
    print(
        f"{args.workspaces} workspaces x {args.members} members, one reminder each at the same minute; "
        f"stand-in: {args.slack_rate:g} posts/s per workspace; workers: {args.concurrency} workspaces at a time, "
        f"pacing {args.pace}/s per workspace; {os.cpu_count()} cores"
    )
    rows = []
    with SlackStub() as stub:
        for workers in (int(n) for n in args.workers.split(",")):
            rows.append(run(workers, args, stub, url))
            print(f"  {workers} worker(s) done in {rows[-1]['elapsed']:.1f} s", flush=True)
    print()
    print(
        "| workers | messages | messages/s | 429s | lost | duplicated | unknown, told | elapsed | clock minutes "
        "| DM delay p50 / p99 / max | first DM of a workspace: min / p50 / max |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['workers']} | {r['messages']:.0f} | {r['per_second']:.0f} | {r['429s']:.0f} | {r['lost']:.0f} "
            f"| {r['duplicated']:.0f} | {r['unknown']:.0f} | {r['elapsed']:.1f} s | {r['minutes']:.0f} "
            f"| {r['dm_p50']:.1f} / {r['dm_p99']:.1f} / {r['dm_max']:.1f} s "
            f"| {r['first_min']:.1f} / {r['first_p50']:.1f} / {r['first_max']:.1f} s |"
        )


if __name__ == "__main__":
    main()
