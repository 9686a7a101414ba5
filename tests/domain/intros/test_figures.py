"""Figures the facilitators' report and the evaluation report share: met rate and state-by-state coverage."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.intros.figures import GroupRecord, PairCoverage, figures_from
from storage.models import IntroOutcome

START = datetime(2026, 1, 6, 16, 0, tzinfo=UTC)


def test_met_rate_and_which_pairs_of_states_were_introduced_and_met() -> None:
    groups = [
        GroupRecord(1, ("VT", "ME"), IntroOutcome.MET),
        GroupRecord(1, ("TX", "MS"), IntroOutcome.SKIPPED),
        GroupRecord(2, ("ME", "VT"), None),
        GroupRecord(2, ("VT", "ME", "TX"), IntroOutcome.SCHEDULING),
    ]
    figures = figures_from([(1, START), (2, START)], groups)
    assert [(r.groups, r.met, r.skipped, r.scheduling, r.no_answer) for r in figures.rounds] == [
        (2, 1, 1, 0, 0),
        (2, 0, 0, 1, 1),
    ]
    assert (figures.met, figures.groups) == (1, 4)
    assert figures.coverage[("ME", "VT")] == PairCoverage(introduced=3, met=1)
    assert figures.coverage[("MS", "TX")] == PairCoverage(introduced=1, met=0)
    assert ("ME", "TX") in figures.coverage and ("MS", "VT") not in figures.coverage
