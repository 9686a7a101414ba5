"""A burst of clicks, side by side: peerbot against a bare Bolt app, both served by gunicorn the same way.

    python bench/bursts.py --quick       # 100 requests a round, 2 rounds: about a minute per backend
    python bench/bursts.py               # 500 requests a round (a channel of 500), 3 rounds
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB python bench/bursts.py
                                         # also PostgreSQL: DROPS AND RECREATES that database's schema

Both apps run as `peerbot serve` runs (bot/server.py: 2 workers x 4 gthreads, access log on) on
loopback, against the Slack stand-in (tests/slackstub) served from this process. For each scenario
(RSVP clicks on a fresh meeting card, one-click answers to a fresh pulse, `/resources housing`)
and concurrency (10, 50), rounds alternate which app goes first; each round sends the same
requests from distinct members to both and takes peerbot ÷ bare for ack p50, ack p99 and
throughput. Printed figures are medians of those per-round ratios, with peerbot's own numbers:
worker CPU per request (from /proc, measured until the work behind the acks is done), chat.update
calls per card (from the stand-in's record) and the time from the last ack until the card is exact.
Start-up: time from launch until /healthz answers 200, and each worker's idle RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from bench.burst_servers import (  # noqa: E402
    SECRET,
    SLACK_DEADLINE,
    Load,
    _free_port,
    _signed_post,
    burst,
    serve,
    wait_until,
)
from rendering.meetings.ids import MeetingAction, MeetingCallback  # noqa: E402
from rendering.pulses.ids import PulseAction, PulseCallback  # noqa: E402
from storage.db import create_db_engine, create_session_factory, normalize_database_url  # noqa: E402
from storage.models import Network, Resource, ResourceKind, Respondent, Rsvp  # noqa: E402
from tests.scenarios.meetings.steps import FAC, HOME, block_text, buttons_value, form_values  # noqa: E402
from tests.scenarios.pulses.support import builder_values, button  # noqa: E402
from tests.slackstub import SlackStub  # noqa: E402
from tests.support import payloads  # noqa: E402
from tests.support.factories.meetings import network_with_roster  # noqa: E402

CONCURRENCY = (10, 50)


# ---------------------------------------------------------------- scenarios
@dataclass
class Bench:
    stub: SlackStub
    members: list[str]
    session_factory: Any

    def command(self, port: int, command: str, text: str, user: str) -> bytes:
        return payloads.slash_command(
            command=command,
            text=text,
            user=user,
            channel=HOME,
            team=payloads.TEAM,
            trigger_id=self.stub.new_trigger_id(),
            response_url=self.stub.response_url(),
        )

    def opened_view(self, port: int, command: str, callback_id: str) -> dict[str, Any]:
        before = len(self.stub.calls_to("views.open"))
        _signed_post(port, self.command(port, command, "" if command == "/meeting" else "new", FAC))
        wait_until(lambda: len(self.stub.calls_to("views.open")) > before, timeout=10)
        return [v for v in self.stub.views.values() if v.get("callback_id") == callback_id][-1]

    def click(self, user: str, action_id: str, value: str, channel: str, message: dict[str, Any]) -> bytes:
        return payloads.block_action(
            user=user,
            team=payloads.TEAM,
            action_id=action_id,
            value=value,
            trigger_id=self.stub.new_trigger_id(),
            response_url=self.stub.response_url(),
            channel=channel,
            message=message,
        )


@dataclass
class Round:
    """One round's requests for both apps, and how to tell that peerbot's work behind them is done."""

    bodies: list[bytes]
    done: Callable[[], bool]
    card_ts: str | None = None
    saved: Callable[[], int] | None = None  # how many of the requests were saved


def _busy_answers(stub: SlackStub) -> int:
    """Requests peerbot refused because the database was busy (it tells the person so)."""
    return sum(1 for r in stub.responses if "is busy right now" in json.dumps(r.get("body")))


def rsvp_round(bench: Bench, port: int, number: int) -> Round:
    before = set(m["ts"] for m in bench.stub.messages.get(HOME, []))
    view = bench.opened_view(port, "/meeting", MeetingCallback.MEETING_SCHEDULE)
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    _signed_post(
        port,
        payloads.view_submission(
            user=FAC, team=payloads.TEAM, view=view, values=form_values(title=f"Burst {number}", date=day)
        ),
    )
    wait_until(lambda: len(bench.stub.messages.get(HOME, [])) > len(before), timeout=10)
    card = next(m for m in bench.stub.messages[HOME] if m["ts"] not in before)
    value = buttons_value(card)
    bodies = [bench.click(user, MeetingAction.RSVP_GOING, value, HOME, card) for user in bench.members]

    def saved() -> int:
        with bench.session_factory() as session:
            going = select(func.count()).select_from(Rsvp).where(Rsvp.occurrence_id == int(value))
            return int(session.scalar(going) or 0)

    busy_before = _busy_answers(bench.stub)

    def exact() -> bool:
        # Every click settled (saved, or refused as busy and told so), and the card shows what was saved.
        count = saved()
        if count + _busy_answers(bench.stub) - busy_before < len(bodies):
            return False
        shown = next(m for m in bench.stub.messages[HOME] if m["ts"] == card["ts"])
        return f"*Going:* {count} ·" in block_text(shown)

    return Round(bodies, exact, card_ts=card["ts"], saved=saved)


def pulse_round(bench: Bench, port: int, number: int) -> Round:
    dms = {user: bench.stub.dm_channel(user) for user in bench.members}
    sent = {user: len(bench.stub.messages.get(dms[user], [])) for user in bench.members}
    builder = bench.opened_view(port, "/pulse", PulseCallback.BUILDER)
    builder = {**builder, "private_metadata": json.dumps({"channel_id": HOME, "count": 1})}
    values = builder_values(
        deadline=datetime.now(UTC) + timedelta(days=5),
        questions=[("How useful was this month's call?", "rating", "")],
        title=f"Pulse {number}",
        anonymous=False,
    )
    _signed_post(port, payloads.view_submission(user=FAC, team=payloads.TEAM, view=builder, values=values))
    wait_until(lambda: all(len(bench.stub.messages.get(dms[u], [])) > sent[u] for u in bench.members), timeout=120)
    bodies = []
    for user in bench.members:
        invite = bench.stub.messages[dms[user]][-1]
        four = button(invite, PulseAction.ONE_CLICK, "4")
        bodies.append(bench.click(user, four["action_id"], four["value"], dms[user], invite))
    with bench.session_factory() as session:
        already = session.scalar(select(func.count()).select_from(Respondent)) or 0

    def saved() -> int:
        with bench.session_factory() as session:
            return int(session.scalar(select(func.count()).select_from(Respondent)) or 0) - already

    def recorded() -> bool:
        return saved() + _busy_answers(bench.stub) - busy_before >= len(bench.members)

    busy_before = _busy_answers(bench.stub)
    return Round(bodies, recorded, saved=saved)


def resources_round(bench: Bench, port: int, number: int) -> Round:
    bodies = [bench.command(port, "/resources", "housing", user) for user in bench.members]
    return Round(bodies, lambda: True)


SCENARIOS: dict[str, Callable[[Bench, int, int], Round]] = {
    "RSVP clicks": rsvp_round,
    "one-click pulse answers": pulse_round,
    "/resources housing": resources_round,
}


def seed(database_url: str, members: list[str]) -> Any:
    engine = create_db_engine(database_url)
    factory = create_session_factory(engine)
    network_with_roster(factory, datetime.now(UTC), extra=members)
    with factory.begin() as session:
        network_id = session.scalar(select(Network.id))
        now = datetime.now(UTC)
        rows = [
            {
                "network_id": network_id,
                "title": f"{topic} guide {n}",
                "url": f"https://example.org/r/{n}",
                "normalized_url": f"https://example.org/r/{n}",
                "description": f"What states learned about {topic.lower()} and families, part {n}.",
                "states": "TX",
                "topics": "",
                "tags": "",
                "kind": ResourceKind.REPORT,
                "shared_by": FAC,
                "helpful_votes": n % 4,
                "created_at": now,
                "updated_at": now,
            }
            for n, topic in enumerate(["Housing", "Child care", "Workforce", "Medicaid"] * 250)
        ]
        session.execute(insert(Resource), rows)
    return factory


# ---------------------------------------------------------------- the bench
def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def run_backend(label: str, database_url: str, stub: SlackStub, members: list[str], rounds: int) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": tempfile.gettempdir(),
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": stub.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": stub.api_url,
        "DATABASE_URL": database_url,
        "PEERBOT_FACILITATORS": FAC,
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    factory = seed(database_url, members)
    bench = Bench(stub, members, factory)
    peer_port, bare_port = _free_port(), _free_port()
    peer_cmd = [sys.executable, "-m", "bot.cli", "serve"]
    bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_app.py"), str(bare_port)]
    with (
        serve("peerbot", peer_cmd, {**env, "PORT": str(peer_port)}, peer_port, 2) as peer,
        serve("bare Bolt", bare_cmd, env, bare_port, 2) as bare,
    ):
        print(f"\n== {label}: {len(members)} requests a round, {rounds} rounds, 2 workers x 4 gthreads each ==")
        print(
            f"start-up: /healthz 200 after {peer.healthy_after:.2f} s (bare Bolt {bare.healthy_after:.2f} s); "
            f"idle RSS per worker {', '.join(f'{r:.0f}' for r in peer.rss_mb())} MB "
            f"(bare Bolt {', '.join(f'{r:.0f}' for r in bare.rss_mb())} MB)"
        )
        number = 0
        for scenario, make_round in SCENARIOS.items():
            for concurrency in CONCURRENCY:
                p50s, p99s, rates, cpu, bare_cpu, updates, exact, peer_p50, peer_p99, worst = ([] for _ in range(10))
                late = lost = 0
                for index in range(rounds):
                    number += 1
                    work = make_round(bench, peer_port, number)
                    time.sleep(0.5)  # set-up work (invites, the new card) out of the way
                    order = [(bare, bare_port), (peer, peer_port)]
                    loads: dict[str, Load] = {}
                    for served, port in order if index % 2 == 0 else order[::-1]:
                        cpu_before = served.cpu_seconds()
                        calls_before = len(stub.calls_to("chat.update"))
                        loads[served.name] = burst(port, work.bodies, concurrency)
                        if served is peer:
                            exact.append(wait_until(work.done))
                            time.sleep(1.5)  # let refreshes that follow the exact card show up, and count
                            card_updates = [
                                c
                                for c in stub.calls_to("chat.update")[calls_before:]
                                if c.args.get("ts") == work.card_ts
                            ]
                            updates.append(len(card_updates))
                            cpu.append((served.cpu_seconds() - cpu_before) / len(work.bodies))
                        else:
                            time.sleep(0.2)
                            bare_cpu.append((served.cpu_seconds() - cpu_before) / len(work.bodies))
                    mine, base = loads["peerbot"], loads["bare Bolt"]
                    p50s.append(mine.pct(0.5) / base.pct(0.5))
                    p99s.append(mine.pct(0.99) / base.pct(0.99))
                    rates.append(mine.throughput / base.throughput)
                    peer_p50.append(mine.pct(0.5))
                    peer_p99.append(mine.pct(0.99))
                    worst.append(max(mine.latencies))
                    late += sum(1 for t in mine.latencies if t > SLACK_DEADLINE)
                    if work.saved is not None:
                        lost += len(work.bodies) - work.saved()
                med = statistics.median
                line = (
                    f"{scenario:<24} c={concurrency:<3} ack p50 {med(p50s):.2f}x ({_ms(med(peer_p50))}) "
                    f"p99 {med(p99s):.2f}x ({_ms(med(peer_p99))}) max {_ms(max(worst))}  "
                    f"throughput {med(rates):.2f}x  CPU/request {med(cpu) * 1000:.1f} ms "
                    f"(bare {med(bare_cpu) * 1000:.1f} ms)"
                )
                if work.card_ts is not None:
                    line += f"  chat.update/card {med(updates):.0f}  card exact {_ms(med(exact))} after last ack"
                if late:
                    line += f"  {late} acks after {SLACK_DEADLINE:.0f} s"
                if lost:
                    line += f"  {lost} refused as busy (of {rounds * len(work.bodies)})"
                print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100 requests a round, 2 rounds")
    args = parser.parse_args()
    size, rounds = (100, 2) if args.quick else (500, 3)
    members = [f"UB{n:04d}" for n in range(size)]
    stub = SlackStub().start()
    try:
        stub.reset()
        stub.add_user(FAC, name="fran", real_name="Fran Facilitator", display_name="Fran", tz="America/Chicago")
        for user in ("UMARIA", "UDEV"):
            stub.add_user(user, name=user.lower(), tz="America/New_York")
        for user in members:
            stub.add_user(user, name=user.lower(), tz="America/New_York")
        stub.add_channel(HOME, name="equity-learning", members=[FAC, "UMARIA", "UDEV", *members])
        print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
        with tempfile.TemporaryDirectory() as workdir:
            run_backend("SQLite", f"sqlite:///{workdir}/bursts.db", stub, members, rounds)
        configured = os.environ.get("BENCH_DATABASE_URL")
        if configured:
            engine = create_db_engine(normalize_database_url(configured))
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            engine.dispose()
            run_backend("PostgreSQL", configured, stub, members, rounds)
    finally:
        stub.stop()


if __name__ == "__main__":
    main()
