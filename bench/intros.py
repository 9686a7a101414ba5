"""Bench: matching 2,000 members into pairs and trios (the matcher alone, pure Python; no database, no Slack).

Run: python bench/intros.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.intros.matcher import Candidate, MatchRules, PastGroup, match
from domain.network.profiles import STATES

TOPICS = ["child care subsidies", "workforce", "housing", "home visiting", "SNAP", "data sharing", "equity", "TANF"]
AGENCIES = ["Health", "Labor", "Human Services", "Education", "Commerce", "Housing"]


def roster(n: int, seed: int = 1) -> list[Candidate]:
    rng = random.Random(seed)
    codes = sorted(STATES)
    return [
        Candidate(
            f"U{i:05d}",
            "VT" if rng.random() < 0.3 else rng.choice(codes),  # one large state
            rng.choice(AGENCIES),
            ", ".join(rng.sample(TOPICS, rng.randint(0, 3))),
        )
        for i in range(n)
    ]


def main() -> None:
    people = roster(2000)
    for size in (2, 3):
        history: list[PastGroup] = []
        timings = []
        for rnd in range(1, 6):  # five rounds, each avoiding the earlier ones
            started = time.perf_counter()
            groups = match(people, rules=MatchRules(group_size=size), history=history, seed=f"bench:{rnd}")
            timings.append(time.perf_counter() - started)
            history = [PastGroup(p.rounds_ago + 1, p.members) for p in history]
            history += [PastGroup(1, g.members) for g in groups]
        print(
            f"2,000 members in groups of {size}: median {statistics.median(timings) * 1000:.0f} ms, "
            f"worst {max(timings) * 1000:.0f} ms over 5 rounds ({len(groups)} groups a round)"
        )


if __name__ == "__main__":
    main()
