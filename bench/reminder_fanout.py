"""How long the clock takes to fan one meeting reminder out to 1,000 members through the Slack stand-in.

Run: python bench/reminder_fanout.py  [BENCH_DATABASE_URL=postgresql://... to add a PostgreSQL run]
BENCH_DATABASE_URL's public schema is DROPPED and recreated: point it at a scratch database only.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk import WebClient

from bench.scratch import scratch_engine
from domain.meetings.series import MeetingForm, create_meeting, validate
from domain.network.setup import NetworkSettings, set_up_network
from slackio.client import build_web_client
from slackio.delivery import FAN_OUT_WORKERS
from storage import meetings as meeting_store
from storage.db import create_session_factory
from storage.models import RsvpAnswer
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from workflows.context import RunContext
from workflows.meetings import send_due_reminders

MEMBERS = 1000


def run(url: str, stub: SlackStub) -> None:
    engine = scratch_engine(url)
    session_factory = create_session_factory(engine)
    stub.reset()
    users = [f"U{n:05d}" for n in range(MEMBERS)]
    for user in users:
        stub.add_user(user, tz="America/New_York")
    stub.add_channel("CHOME", name="bench", members=users)
    clock = FakeClock(datetime(2026, 1, 5, 15, 0, tzinfo=UTC))
    with session_factory.begin() as session:
        network, _ = set_up_network(
            session,
            team_id=stub.team_id,
            channel_id="CHOME",
            settings=NetworkSettings("Bench", "America/New_York"),
            by_user=users[0],
            by_display_name="Bench",
            by_timezone=None,
            now=clock.now(),
        )
        plan = validate(
            MeetingForm(
                title="Bench call",
                start_date=date(2026, 1, 8).isoformat(),
                start_time="14:00",
                duration="60",
                recurrence="none",
                channel_id="CHOME",
                reminders=["60"],
            ),
            zone=network.timezone,
            now=clock.now(),
        )
        meeting = create_meeting(session, network=network, plan=plan, by_user=users[0], now=clock.now())
        occurrence = meeting_store.occurrences_of(session, meeting_id=meeting.id)[0]
        for user in users:
            meeting_store.save_rsvp(
                session, occurrence_id=occurrence.id, user_id=user, answer=RsvpAnswer.GOING, now=clock.now()
            )
    clock.set(occurrence.start_utc - timedelta(minutes=60))
    client = build_web_client(token=stub.bot_token, base_url=stub.api_url, clock=clock)
    ctx = RunContext(session_factory=session_factory, client=client, clock=clock, bot_user_id=None)
    started = time.perf_counter()
    outcomes = send_due_reminders(ctx)
    elapsed = time.perf_counter() - started
    sent = outcomes.get("sent", 0)
    print(
        f"{engine.dialect.name:>10}: {sent} messages ({MEMBERS} DMs + 1 channel post) in {elapsed:.2f} s "
        f"= {sent / elapsed:.0f} messages/s; outcomes {outcomes}"
    )
    assert sent == MEMBERS + 1 and not stub.invalid_calls
    baseline(client, users, stub.messages[stub.dm_channel(users[0])][-1])
    engine.dispose()


def baseline(client: WebClient, users: list[str], sample: dict[str, Any]) -> None:
    """The same 1,000 DMs posted straight to the stand-in (no database): what the stand-in alone costs."""

    def post(user: str) -> None:
        client.chat_postMessage(channel=user, text=sample["text"], blocks=sample["blocks"])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=FAN_OUT_WORKERS) as pool:
        list(pool.map(post, users))
    elapsed = time.perf_counter() - started
    print(
        f"{'baseline':>10}: {len(users)} identical DMs straight to the stand-in, no database: {elapsed:.2f} s "
        f"= {len(users) / elapsed:.0f} messages/s"
    )


def main() -> None:
    with SlackStub() as stub, tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", stub)
        if os.environ.get("BENCH_DATABASE_URL"):
            run(os.environ["BENCH_DATABASE_URL"], stub)


if __name__ == "__main__":
    main()
