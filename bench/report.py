"""Evaluation report build time for a network of 300 members, 48 meetings, 24 pulse waves with 5,000 answers,
5,000 resources and 1,000 collaborations.

    python bench/report.py                    # SQLite, in a temporary file
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB python bench/report.py
                                              # also PostgreSQL: DROPS AND RECREATES that database's schema

Each round builds the whole report over the two years (figures, charts, HTML, CSVs, README) into a
scratch folder the way `peerbot report` does (workflows.report.write_report), and reports each round's
time and the median. The first round includes loading matplotlib. Goal: under 5 s on SQLite.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from bench.scratch import scratch_engine
from domain.report.period import Period
from storage.db import create_session_factory
from tests.support.factories.large_report import large_report_network
from workflows.report import write_report

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
SIZES = {
    "members": int(os.environ.get("BENCH_MEMBERS", "300")),
    "meetings": int(os.environ.get("BENCH_MEETINGS", "48")),
    "waves": int(os.environ.get("BENCH_WAVES", "24")),
    "answers": int(os.environ.get("BENCH_ANSWERS", "5000")),
    "resources": int(os.environ.get("BENCH_RESOURCES", "5000")),
    "collaborations": int(os.environ.get("BENCH_COLLABORATIONS", "1000")),
}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def run(url: str) -> None:
    engine = scratch_engine(url)
    factory = create_session_factory(engine)
    started = time.perf_counter()
    with factory.begin() as session:
        network_id = large_report_network(session, **SIZES)
    print(f"{engine.dialect.name}: built {SIZES} in {time.perf_counter() - started:.1f}s")
    period = Period(date(2024, 1, 1), date(2025, 12, 31))
    times = []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as scratch:
            began = time.perf_counter()
            written = write_report(factory, network_id=network_id, period=period, now=NOW, out=Path(scratch))
            times.append(time.perf_counter() - began)
    print(
        f"{engine.dialect.name}: report of {len(written.files)} files in "
        + ", ".join(f"{t:.2f}s" for t in times)
        + f" (median {statistics.median(times):.2f}s; goal under 5 s on SQLite)"
    )
    engine.dispose()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/bench.db")
    if os.environ.get("BENCH_DATABASE_URL"):
        run(os.environ["BENCH_DATABASE_URL"])
