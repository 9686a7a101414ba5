"""Home tab build time for a network of 2,000 members, 500 meetings, 200 pulse waves and 100,000 resources.

    python bench/home.py                      # SQLite, in a temporary file
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB python bench/home.py
                                              # also PostgreSQL: DROPS AND RECREATES that database's schema

Each round loads and renders the Home of a member and of a facilitator (with network health) the way
the refresher does (domain.home.view.load_home + rendering.home.view.home_view, one transaction), and
reports the median, 95th percentile and the number of SQL statements per build. Goal: median under 150 ms
on SQLite.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from bench.scratch import scratch_engine
from domain.home.view import load_home
from rendering.home.view import home_view
from storage.db import create_session_factory
from tests.support.factories.large_home import TEAM, large_network

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
SIZES = {
    "members": int(os.environ.get("BENCH_MEMBERS", "2000")),
    "meetings": int(os.environ.get("BENCH_MEETINGS", "500")),
    "waves": int(os.environ.get("BENCH_WAVES", "200")),
    "resources": int(os.environ.get("BENCH_RESOURCES", "100000")),
}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))


def run(url: str) -> None:
    engine = scratch_engine(url)
    factory = create_session_factory(engine, answer_key=b"k" * 32)
    started = time.perf_counter()
    with factory.begin() as session:
        _, member, facilitator = large_network(session, now=NOW, **SIZES)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    print(f"{engine.dialect.name}: built {SIZES} in {time.perf_counter() - started:.1f}s")
    for label, user in (("member", member), ("facilitator", facilitator)):
        timings, queries = measure(engine, factory, user)
        ordered = sorted(timings)
        print(
            f"  {label:<12} median {statistics.median(ordered) * 1000:6.1f} ms · "
            f"p95 {ordered[int(len(ordered) * 0.95) - 1] * 1000:6.1f} ms · {queries} SQL statements per build"
        )
    engine.dispose()


def measure(engine: Engine, factory: Any, user: str) -> tuple[list[float], int]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    timings = []
    for n in range(ROUNDS + 3):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        with factory.begin() as session:
            home_view(load_home(session, team_id=TEAM, user_id=user, now=NOW)).to_dict()
        elapsed = time.perf_counter() - started
        event.remove(engine, "before_cursor_execute", count)
        if n >= 3:  # warm-up rounds fill caches, as a running web process has them
            timings.append(elapsed)
    return timings, len(statements)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}")
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        run(url)


if __name__ == "__main__":
    main()
