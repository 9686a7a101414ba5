"""Tallies and breakdowns: the figures evaluators quote, and groups too small to show."""

from __future__ import annotations

from domain.pulse_definitions import QuestionDraft, QuestionKind
from domain.pulse_results import showable_groups, tally

AGREE = QuestionDraft(text="Agree?", kind=QuestionKind.AGREEMENT)
RATE = QuestionDraft(text="Rate", kind=QuestionKind.RATING)
MULTI = QuestionDraft(text="Which", kind=QuestionKind.MULTIPLE, choices=("a", "b", "c"))


def test_agreement_counts_agree_and_strongly_agree_together() -> None:
    answers = [{"1": v} for v in (5, 4, 4, 5, 4, 2)]
    (result,) = tally([(1, AGREE)], answers)
    assert (result.agreed, result.answered) == (5, 6)
    assert result.counts == (0, 1, 0, 3, 2)


def test_rating_mean_and_skipped_answers() -> None:
    (result,) = tally([(2, RATE)], [{"2": 5}, {"2": 2}, {}, {"2": 4}])
    assert result.answered == 3 and round(result.mean or 0, 2) == 3.67


def test_multiple_choice_counts_each_pick() -> None:
    (result,) = tally([(3, MULTI)], [{"3": [0, 2]}, {"3": [2]}])
    assert result.counts == (1, 0, 2)


def test_groups_below_the_minimum_are_hidden() -> None:
    assert showable_groups({"TX": 5, "OH": 2, "CA": 3}, total=13, minimum=3) == {"TX", "CA"}


def test_a_lone_hidden_group_cannot_be_recovered_by_subtraction() -> None:
    # OH's two answers would be whole-network minus TX minus CA: hide CA as well.
    assert showable_groups({"TX": 5, "CA": 3, "OH": 2}, total=10, minimum=3) == {"TX"}
    # One respondent with no stored group is a remainder of one: hide the smallest shown group too.
    assert showable_groups({"TX": 4, "CA": 3}, total=8, minimum=3) == {"TX"}
    assert showable_groups({"TX": 3}, total=4, minimum=3) == set()


def test_a_higher_network_minimum_hides_more() -> None:
    assert showable_groups({"TX": 5, "CA": 4}, total=9, minimum=5) == set()
