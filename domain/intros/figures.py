"""Figures about introductions: per round, the met rate, and which pairs of states were introduced and met.

Pure functions over plain tuples, so the evaluation report can use the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from storage import intros as intro_store
from storage.models import IntroOutcome

NO_STATE = "??"


@dataclass(frozen=True)
class GroupRecord:
    round_number: int
    states: tuple[str | None, ...]
    outcome: IntroOutcome | None


@dataclass
class RoundFigures:
    number: int
    starts_at: datetime
    groups: int = 0
    people: int = 0
    met: int = 0
    scheduling: int = 0
    skipped: int = 0

    @property
    def no_answer(self) -> int:
        return self.groups - self.met - self.scheduling - self.skipped


@dataclass(frozen=True)
class PairCoverage:
    introduced: int
    met: int


@dataclass
class IntroFigures:
    rounds: list[RoundFigures] = field(default_factory=list)
    coverage: dict[tuple[str, str], PairCoverage] = field(default_factory=dict)

    @property
    def groups(self) -> int:
        return sum(r.groups for r in self.rounds)

    @property
    def met(self) -> int:
        return sum(r.met for r in self.rounds)


def state_pairs(states: Sequence[str | None]) -> set[tuple[str, str]]:
    """Every pair of states in a group, A-Z within the pair; a group all from one state gives (S, S)."""
    codes = sorted(s or NO_STATE for s in states)
    pairs = {(a, b) for x, a in enumerate(codes) for b in codes[x + 1 :]}
    return pairs


def coverage(groups: Iterable[GroupRecord]) -> dict[tuple[str, str], PairCoverage]:
    introduced: dict[tuple[str, str], int] = {}
    met: dict[tuple[str, str], int] = {}
    for group in groups:
        for pair in state_pairs(group.states):
            introduced[pair] = introduced.get(pair, 0) + 1
            if group.outcome == IntroOutcome.MET:
                met[pair] = met.get(pair, 0) + 1
    return {pair: PairCoverage(n, met.get(pair, 0)) for pair, n in sorted(introduced.items())}


def figures_from(rounds: Sequence[tuple[int, datetime]], groups: Sequence[GroupRecord]) -> IntroFigures:
    by_number = {number: RoundFigures(number, starts_at) for number, starts_at in rounds}
    for group in groups:
        figures = by_number.get(group.round_number)
        if figures is None:
            continue
        figures.groups += 1
        figures.people += len(group.states)
        figures.met += group.outcome == IntroOutcome.MET
        figures.scheduling += group.outcome == IntroOutcome.SCHEDULING
        figures.skipped += group.outcome == IntroOutcome.SKIPPED
    return IntroFigures(sorted(by_number.values(), key=lambda r: r.number), coverage(groups))


def intro_figures(session: Session, *, network_id: int) -> IntroFigures:
    rounds = intro_store.rounds_of(session, network_id=network_id)
    numbers = {r.id: r.number for r in rounds}
    groups = [
        GroupRecord(numbers[g.round_id], tuple(m.state for m in members), g.outcome)
        for g, members in intro_store.network_groups(session, network_id=network_id)
        if g.round_id in numbers
    ]
    return figures_from([(r.number, r.starts_at) for r in rounds], groups)
