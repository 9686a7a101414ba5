"""Tallies and breakdowns: the figures evaluators quote, and groups too small to show."""

from __future__ import annotations

from domain.pulses.definitions import QuestionDraft, QuestionKind
from domain.pulses.privacy import coarsen_groups, showable_groups
from domain.pulses.results import tally

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


def test_closing_strips_labels_that_could_single_someone_out() -> None:
    rows = [
        {"group_state": "TX", "group_agency": "Health"},
        {"group_state": "TX", "group_agency": "Health"},
        {"group_state": "TX", "group_agency": "Health"},
        {"group_state": "TX", "group_agency": "Schools"},
        {"group_state": "OH", "group_agency": "Schools"},
        {"group_state": "OH", "group_agency": "Schools"},
    ]
    coarse = coarsen_groups(rows, minimum=3)
    # OH has 2 respondents: hidden; showing TX would then give OH's two away by subtraction, so TX goes too.
    assert {r["group_state"] for r in coarse} == {None}
    assert sorted(str(r["group_agency"]) for r in coarse) == ["Health"] * 3 + ["Schools"] * 3
    bigger = coarsen_groups([*rows, {"group_state": "OH", "group_agency": "Housing"}], minimum=3)
    assert sorted(str(r["group_state"]) for r in bigger) == ["OH"] * 3 + ["TX"] * 4
    # TX & Schools is a pair of one: its agency is dropped even though Schools (3) is a showable group.
    assert ("TX", "Schools") not in {(r["group_state"], r["group_agency"]) for r in bigger}
