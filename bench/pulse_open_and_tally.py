"""Bench: open a pulse to 1,000 members (DMs through the Slack stand-in) and tally 10,000 responses.

Run:  python bench/pulse_open_and_tally.py
      BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch python bench/pulse_open_and_tally.py
The PostgreSQL database must be a scratch one (e.g. the test database): its public schema is dropped and recreated.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.scratch import scratch_engine
from domain.pulses.answers import record_answer
from domain.pulses.definitions import QuestionDraft, QuestionKind
from domain.pulses.lifecycle import create_pulse, open_wave
from domain.pulses.results import tally, wave_results
from domain.pulses.seal import answer_key_from_secret
from slackio.client import build_web_client
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.db import create_session_factory
from storage.models import Pulse, PulseWave
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.pulses import draft, network_with_members
from workflows.context import RunContext
from workflows.pulses import open_due_waves

MEMBERS = 1_000
RESPONSES = 10_000
STATES = ["TX", "OH", "CA", "NY", "GA", "WA", "MI", "AZ"]
QUESTIONS = (
    QuestionDraft(text="Participating increased my agency's collaboration.", kind=QuestionKind.AGREEMENT),
    QuestionDraft(text="How useful was this month (1-5)?", kind=QuestionKind.RATING),
    QuestionDraft(text="How did you work with peers?", kind=QuestionKind.MULTIPLE, choices=("a", "b", "c", "d")),
    QuestionDraft(text="Anything else?", kind=QuestionKind.TEXT, required=False),
)


def _engine(url: str | None):  # type: ignore[no-untyped-def]
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    engine = scratch_engine(url)
    return engine


def _answers(qids: list[int], rng: random.Random) -> dict[str, object]:
    return {
        str(qids[0]): rng.randint(1, 5),
        str(qids[1]): rng.randint(1, 5),
        str(qids[2]): sorted(rng.sample(range(4), rng.randint(1, 3))),
        str(qids[3]): rng.choice(["", "More site visits", "Shorter meetings", "Peer calls helped"]),
    }


def run(url: str | None) -> None:
    engine = _engine(url)
    factory = create_session_factory(engine, answer_key=answer_key_from_secret("bench-signing-secret"))
    clock = FakeClock(datetime(2026, 1, 5, 15, 0, tzinfo=UTC))
    stub = SlackStub().start()
    try:
        roster = {f"UB{i:05d}": (STATES[i % len(STATES)], f"Agency {i % 40}") for i in range(MEMBERS)}
        for user_id in [*roster, "UFAC"]:
            stub.add_user(user_id, display_name=user_id)
        with factory.begin() as session:
            network = network_with_members(session, now=clock.now(), members=roster)
            create_pulse(
                session,
                network=network,
                draft=draft(now=clock.now(), questions=QUESTIONS),
                by_user="UFAC",
                now=clock.now(),
            )
        client = build_web_client(token=stub.bot_token, base_url=stub.api_url, clock=clock)
        ctx = RunContext(session_factory=factory, client=client, clock=clock, bot_user_id=stub.bot_user_id)

        started = time.perf_counter()
        fan_out = open_due_waves(ctx)
        opened = time.perf_counter() - started
        sent = sum(r.sent for r in fan_out.values())
        print(
            f"[{engine.dialect.name}] open a pulse to {MEMBERS} members: {opened:.2f} s "
            f"({sent} DMs, {1000 * opened / max(sent, 1):.2f} ms per DM incl. claim+post+record)"
        )

        rng = random.Random(7)
        with factory() as session:
            wave_id = session.scalars(text("SELECT id FROM pulse_waves")).one()
            qids = [
                q.id
                for q in pulse_store.questions(session, pulse_id=session.scalars(text("SELECT id FROM pulses")).one())
            ]
        started = time.perf_counter()
        for user_id in list(roster)[:MEMBERS]:
            with factory.begin() as session:
                wave = session.get(PulseWave, wave_id)
                assert wave is not None
                record_answer(session, wave=wave, user_id=user_id, answers=_answers(qids, rng), now=clock.now())  # type: ignore[arg-type]
        answered = time.perf_counter() - started
        print(
            f"[{engine.dialect.name}] record {MEMBERS} answers (one transaction each): {answered:.2f} s "
            f"({1000 * answered / MEMBERS:.2f} ms per answer)"
        )

        # A big second wave: 10,000 responses written in bulk, then tallied the way /pulse results does.
        with factory.begin() as session:
            pulse = session.scalars(text("SELECT id FROM pulses")).one()
            big = pulse_store.add_wave(
                session, pulse_id=pulse, number=2, opens_at=clock.now(), deadline=clock.now() + timedelta(days=7)
            )
            big_id = big.id
            open_wave(session, wave_id=big_id, now=clock.now())
            rows = [
                {
                    "id": uuid.uuid4().hex,
                    "wave_id": big_id,
                    "user_id": None,
                    "group_state": STATES[i % len(STATES)],
                    "group_agency": None,
                    "answers": json.dumps(_answers(qids, rng), sort_keys=True),
                    "change_key_hash": None,
                }
                for i in range(RESPONSES)
            ]
            answer_store.rewrite_responses(session, wave_id=big_id, rows=rows)
        started = time.perf_counter()
        with factory() as session:
            pulse_row = session.get(Pulse, pulse)
            wave = session.get(PulseWave, big_id)
            assert pulse_row is not None and wave is not None
            results = wave_results(session, pulse=pulse_row, wave=wave)
        tallied = time.perf_counter() - started
        print(
            f"[{engine.dialect.name}] tally {RESPONSES} responses (load + parse + tally + breakdowns): "
            f"{1000 * tallied:.0f} ms; agreement {results.tallies[0].agreed}/{results.tallies[0].answered}, "
            f"{len(results.by_state)} states shown"
        )
        parsed = [json.loads(r["answers"]) for r in rows]
        numbered = list(zip(qids, QUESTIONS, strict=True))
        started = time.perf_counter()
        tally(numbered, parsed)
        print(
            f"[{engine.dialect.name}] pure tally of {RESPONSES} parsed responses: "
            f"{1000 * (time.perf_counter() - started):.0f} ms"
        )
    finally:
        stub.stop()
        engine.dispose()


if __name__ == "__main__":
    run(None)
    if os.environ.get("BENCH_DATABASE_URL"):
        run(os.environ["BENCH_DATABASE_URL"])
