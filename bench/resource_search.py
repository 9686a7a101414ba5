"""Search latency of the resource library at 100,000 entries, on SQLite and (with BENCH_DATABASE_URL) PostgreSQL.

    python bench/resource_search.py                      # SQLite, in a temporary file
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB python bench/resource_search.py
                                                         # also PostgreSQL: DROPS AND RECREATES that database's schema

Entries are synthetic but shaped like a real library: titles of 4-9 words and descriptions of 15-60
words drawn from a Zipf-distributed vocabulary (so common words match tens of thousands of rows),
1-2 states, 0-2 of 20 topics, 0-3 tags. Queries mix one to three words, prefixes and filters, and
each is timed through storage.resources.search (the function the slash command uses), one page of six.
The vocabulary starts with ~40 function words, so the 40 commonest search words each appear in
roughly 5-12% of entries (a realistic share for words like "care" or "housing").
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from bench.scratch import reset_and_migrate
from domain.network.profiles import STATES
from domain.resources.query import parse_search, resolve_people
from storage import resources as resource_store
from storage.db import create_db_engine, create_session_factory
from storage.models import LabelKind, Network, Resource, ResourceLabel

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "100000"))
QUERIES = 400
SEED = 20261123
DOMAIN_WORDS = [
    "child",
    "care",
    "early",
    "learning",
    "home",
    "visiting",
    "health",
    "policy",
    "workforce",
    "training",
    "data",
    "report",
    "toolkit",
    "family",
    "families",
    "children",
    "youth",
    "school",
    "county",
    "state",
    "rural",
    "urban",
    "medicaid",
    "housing",
    "nutrition",
    "mental",
    "behavioral",
    "services",
    "program",
    "programs",
    "outcomes",
    "evaluation",
    "equity",
    "access",
    "provider",
    "providers",
    "licensing",
    "subsidy",
    "community",
    "parents",
    "parenting",
    "infant",
    "toddler",
    "preschool",
    "kindergarten",
    "literacy",
    "safety",
    "welfare",
    "foster",
    "kinship",
    "adoption",
    "prevention",
    "coordination",
    "navigator",
    "benefits",
    "eligibility",
    "enrollment",
    "funding",
    "grant",
    "budget",
    "legislation",
    "guidance",
    "framework",
    "assessment",
    "survey",
    "dashboard",
    "indicators",
    "measures",
    "quality",
    "improvement",
    "technical",
    "assistance",
    "coaching",
    "curriculum",
    "recruitment",
    "retention",
    "wages",
    "compensation",
    "leadership",
    "partnership",
    "tribal",
    "disability",
    "inclusion",
    "language",
    "immigrant",
    "refugee",
    "transportation",
    "broadband",
    "telehealth",
    "substance",
    "recovery",
    "juvenile",
    "justice",
    "court",
    "reentry",
    "employment",
    "income",
    "poverty",
    "tax",
    "credit",
    "childcare",
    "deserts",
    "capacity",
    "facilities",
    "inspection",
    "compliance",
]
TOPICS = [f"Topic {name}" for name in "abcdefghijklmnopqrst"]
KINDS = ["toolkit", "policy", "report", "data", "training", "other"]


# The most frequent words of any English text; nobody searches for them, but they make titles and
# descriptions realistic, and they push the domain words down to the frequencies they have in real
# libraries (a word like "care" in roughly one entry in ten).
FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "for",
    "on",
    "with",
    "from",
    "by",
    "about",
    "how",
    "what",
    "our",
    "their",
    "new",
    "this",
    "that",
    "is",
    "are",
    "we",
    "at",
    "as",
    "an",
    "be",
    "it",
    "its",
    "more",
    "who",
    "can",
    "all",
    "or",
    "you",
    "your",
    "us",
    "was",
    "will",
]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    words = (
        FUNCTION_WORDS
        + DOMAIN_WORDS
        + ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 10))) for _ in range(8000)]
    )
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


def load(engine: Engine, rng: random.Random) -> int:
    words, weights = vocabulary(rng)
    states = list(STATES)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    factory = create_session_factory(engine)
    with factory.begin() as session:
        network = Network(
            team_id="TBENCH",
            name="Bench",
            home_channel_id="CBENCH",
            timezone="America/Chicago",
            created_by="UBENCH",
            created_at=start,
            updated_at=start,
        )
        session.add(network)
        session.flush()
        network_id = network.id
    batch = 5000
    for first in range(0, ENTRIES, batch):
        rows, labels = [], []
        for i in range(first, min(first + batch, ENTRIES)):
            title = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(4, 9))).capitalize()
            topics = rng.sample(TOPICS, rng.randint(0, 2))
            tags = rng.sample(DOMAIN_WORDS, rng.randint(0, 3))
            codes = rng.sample(states, rng.randint(1, 2))
            created = start + timedelta(minutes=7 * i)
            rows.append(
                {
                    "id": i + 1,
                    "network_id": network_id,
                    "title": title[:200],
                    "url": f"https://example.org/r/{i}",
                    "normalized_url": f"https://example.org/r/{i}",
                    "description": " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(15, 60))),
                    "states": " ".join(codes),
                    "topics": "\n".join(topics),
                    "tags": "\n".join(tags),
                    "kind": rng.choice(KINDS),
                    "shared_by": f"U{rng.randint(1, 300):04d}",
                    "helpful_votes": rng.choice([0, 0, 0, 1, 2, 5]),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            labels += [{"resource_id": i + 1, "kind": LabelKind.STATE, "value": c} for c in codes]
            labels += [{"resource_id": i + 1, "kind": LabelKind.TOPIC, "value": t.lower()} for t in topics]
            labels += [{"resource_id": i + 1, "kind": LabelKind.TAG, "value": t} for t in tags]
        with factory.begin() as session:
            session.execute(insert(Resource), rows)
            session.execute(insert(ResourceLabel), labels)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("SELECT setval('resources_id_seq', (SELECT max(id) FROM resources))"))
        # What autovacuum does soon after a bulk load: flush the GIN pending lists, refresh statistics.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return network_id


def queries(rng: random.Random) -> list[str]:
    common, rare = DOMAIN_WORDS[:40], DOMAIN_WORDS[40:]
    made = []
    for i in range(QUERIES):
        shape = i % 8
        if shape == 0:
            made.append(rng.choice(common))
        elif shape == 1:
            made.append(" ".join(rng.sample(common, 2)))
        elif shape == 2:
            made.append(" ".join([rng.choice(common), rng.choice(rare)]))
        elif shape == 3:
            made.append(" ".join(rng.sample(rare, 3)))
        elif shape == 4:
            made.append(rng.choice(common)[:3])  # a prefix, as someone still typing
        elif shape == 5:
            made.append(f"{rng.choice(common)} state:{rng.choice(list(STATES))}")
        elif shape == 6:
            made.append(f'{rng.choice(rare)} kind:{rng.choice(KINDS)} topic:"{rng.choice(TOPICS)}"')
        else:
            made.append(f"state:{rng.choice(list(STATES))} kind:{rng.choice(KINDS)}")
    return made


def measure(engine: Engine, network_id: int, texts: list[str]) -> list[float]:
    factory = create_session_factory(engine)
    timings = []
    with factory.begin() as session:
        network = session.get(Network, network_id)
        assert network is not None
        for warm in texts[:20]:
            request = parse_search(warm)
            resource_store.search(
                session,
                network_id=network_id,
                terms=request.terms,
                states=request.states,
                topics=request.topics,
                kinds=request.kinds,
                limit=6,
            )
        for query_text in texts:
            started = time.perf_counter()
            request = parse_search(query_text)
            resource_store.search(
                session,
                network_id=network_id,
                terms=request.terms,
                states=request.states,
                topics=request.topics,
                kinds=request.kinds,
                shared_by=resolve_people(session, network=network, request=request),
                limit=6,
            )
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def run(label: str, engine: Engine) -> None:
    reset_and_migrate(engine)
    rng = random.Random(SEED)
    started = time.perf_counter()
    network_id = load(engine, rng)
    loaded = time.perf_counter() - started
    texts = queries(random.Random(SEED + 1))
    timings = measure(engine, network_id, texts)
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{label}: {ENTRIES:,} resources loaded in {loaded:.1f} s; {len(timings)} searches: "
        f"median {statistics.median(timings):.2f} ms, p99 {p99:.2f} ms, max {ordered[-1]:.2f} ms"
    )
    by_shape: dict[int, list[float]] = {}
    for i, ms in enumerate(timings):
        by_shape.setdefault(i % 8, []).append(ms)
    names = [
        "1 common word",
        "2 common words",
        "common+rare",
        "3 rare words",
        "3-letter prefix",
        "word+state",
        "word+kind+topic",
        "filters only",
    ]
    for shape, values in sorted(by_shape.items()):
        print(f"    {names[shape]:>16}: median {statistics.median(values):6.2f} ms, max {max(values):6.2f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(f"sqlite:///{folder}/bench.db")
        try:
            run("SQLite (FTS5)", engine)
        finally:
            engine.dispose()
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        engine = create_db_engine(url)
        try:
            run("PostgreSQL (tsvector + GIN)", engine)
        finally:
            engine.dispose()
    else:
        print("PostgreSQL: skipped (set BENCH_DATABASE_URL to a database whose schema may be dropped)")


if __name__ == "__main__":
    main()
