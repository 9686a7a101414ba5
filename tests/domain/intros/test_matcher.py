"""The matcher over many generated rosters: everyone once, never alone with themselves, across states first."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest

from domain.intros.matcher import Candidate, Match, MatchRules, PastGroup, match
from domain.network.profiles import STATES

CODES = sorted(STATES)
TOPICS = ["child care subsidies", "workforce", "housing", "home visiting", "SNAP", "data sharing", "equity"]
AGENCIES = ["Health", "Labor", "Human Services", "Education", "Commerce"]


def roster(seed: int, n: int, *, big_state: float = 0.0, big_agency: float = 0.0, states: int = 20) -> list[Candidate]:
    rng = random.Random(seed)
    people = []
    for i in range(n):
        state = "VT" if rng.random() < big_state else rng.choice(CODES[:states])
        agency = "Health" if rng.random() < big_agency else rng.choice(AGENCIES)
        interests = ", ".join(rng.sample(TOPICS, rng.randint(0, 3)))
        people.append(Candidate(f"U{i:04d}", state, agency, interests or None))
    return people


def assert_everyone_once(people: list[Candidate], groups: list[Match], size: int) -> None:
    ids = [u for g in groups for u in g.members]
    assert len(ids) == len(set(ids)), "someone is in two groups (or twice in one)"
    if len(people) >= 2:
        assert sorted(ids) == sorted(c.user_id for c in people), "someone taking part was left out"
    for g in groups:
        assert len(set(g.members)) == len(g.members) >= 2
        assert len(g.members) <= size + 1
    assert sum(len(g.members) > size for g in groups) <= 1, "more than one group had to take a leftover"


def cross_state_groups(people: list[Candidate], groups: list[Match]) -> int:
    state = {c.user_id: c.state for c in people}
    return sum(len({state[u] for u in g.members}) > 1 for g in groups)


def best_possible_cross_state_pairs(people: list[Candidate]) -> int:
    largest = max(Counter(c.state for c in people).values())
    return min(len(people) // 2, len(people) - largest)


CASES = [(seed, n) for seed in range(12) for n in (1, 2, 3, 4, 5, 7, 10, 31, 64)]


@pytest.mark.parametrize(("seed", "n"), CASES)
@pytest.mark.parametrize("size", [2, 3])
def test_everyone_taking_part_is_in_exactly_one_group(seed: int, n: int, size: int) -> None:
    people = roster(seed, n)
    groups = match(people, rules=MatchRules(group_size=size), seed=f"r{seed}")
    assert_everyone_once(people, groups, size)


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("big_state", [0.0, 0.5, 0.8, 0.95])
def test_pairs_cross_states_as_often_as_the_roster_allows(seed: int, big_state: float) -> None:
    people = roster(seed, 20 + seed * 3, big_state=big_state)
    groups = match(people, rules=MatchRules(group_size=2), seed=f"r{seed}")
    assert_everyone_once(people, groups, 2)
    assert cross_state_groups(people, groups) >= best_possible_cross_state_pairs(people)


@pytest.mark.parametrize("seed", range(15))
def test_trios_mix_states_whenever_anyone_from_another_state_is_left(seed: int) -> None:
    people = roster(seed, 30 + seed, big_state=0.6)
    groups = match(people, rules=MatchRules(group_size=3), seed=f"r{seed}")
    assert_everyone_once(people, groups, 3)
    state = {c.user_id: c.state for c in people}
    others = sum(c.state != "VT" for c in people)
    mixed = sum(len({state[u] for u in g.members}) > 1 for g in groups)
    assert mixed >= min(len(groups), others // 2)


@pytest.mark.parametrize("seed", range(15))
def test_when_most_people_share_an_agency_pairs_still_mix_agencies_where_they_can(seed: int) -> None:
    people = [Candidate(c.user_id, "VT", c.agency, None) for c in roster(seed, 40, big_agency=0.7)]
    groups = match(people, rules=MatchRules(group_size=2), seed=f"r{seed}")
    assert_everyone_once(people, groups, 2)
    agency = {c.user_id: c.agency for c in people}
    mixed = sum(len({agency[u] for u in g.members}) > 1 for g in groups)
    others = sum(c.agency != "Health" for c in people)
    assert mixed >= min(len(groups), others) - 2  # greedy, on a sample: close to the best


def test_nobody_opted_out_can_appear_because_only_candidates_are_matched() -> None:
    people = roster(3, 40)
    taking_part = people[::2]
    groups = match(taking_part, rules=MatchRules(), seed="r")
    outside = {c.user_id for c in people[1::2]}
    assert not outside & {u for g in groups for u in g.members}


def test_the_same_round_gives_the_same_groups_and_another_round_differs() -> None:
    people = roster(5, 60)
    once = match(people, rules=MatchRules(), seed="7:3")
    again = match(list(reversed(people)), rules=MatchRules(), seed="7:3")
    assert once == again
    assert match(people, rules=MatchRules(), seed="7:4") != once


@pytest.mark.parametrize("seed", range(10))
def test_recent_pairs_are_not_repeated_when_others_are_available(seed: int) -> None:
    people = roster(seed, 30)
    rules = MatchRules(group_size=2, avoid_repeat_rounds=3)
    history: list[PastGroup] = []
    for rnd in range(1, 4):
        groups = match(people, rules=rules, history=history, seed=f"{seed}:{rnd}")
        recent = {frozenset(p.members) for p in history if p.rounds_ago <= 3}
        assert not recent & {frozenset(g.members) for g in groups}, "a pair from the last rounds was repeated"
        history = [PastGroup(p.rounds_ago + 1, p.members) for p in history] + [PastGroup(1, g.members) for g in groups]


def test_a_tiny_roster_spreads_its_unavoidable_repeats() -> None:
    people = roster(1, 4)
    rules = MatchRules(group_size=2, avoid_repeat_rounds=10)
    history: list[PastGroup] = []
    seen: Counter[frozenset[str]] = Counter()
    for rnd in range(1, 7):
        groups = match(people, rules=rules, history=history, seed=f"s:{rnd}")
        seen.update(frozenset(g.members) for g in groups)
        history = [PastGroup(p.rounds_ago + 1, p.members) for p in history] + [PastGroup(1, g.members) for g in groups]
    # 4 people have 6 possible pairs; 6 rounds of 2 pairs: each pair twice, none three times.
    assert len(seen) == 6 and max(seen.values()) == 2


def test_each_match_is_explained_in_one_line() -> None:
    people = [
        Candidate("UA", "VT", "Health", "Child care subsidies, housing"),
        Candidate("UB", "ME", "Labor", "child care subsidies"),
    ]
    [group] = match(people, rules=MatchRules(), seed="x", state_names=STATES)
    assert group.reason == "both want to learn about Child care subsidies; Vermont \u00d7 Maine"
    assert "\n" not in group.reason


def test_one_person_alone_gets_no_group_and_nobody_is_paired_with_themselves() -> None:
    assert match([Candidate("UA", "VT")], rules=MatchRules(), seed="x") == []
    assert match([Candidate("UA", "VT"), Candidate("UA", "VT")], rules=MatchRules(), seed="x") == []


def test_two_thousand_members_are_matched_in_well_under_a_second() -> None:
    people = roster(9, 2000, states=56)
    started = time.perf_counter()
    groups = match(people, rules=MatchRules(group_size=3), seed="bench")
    assert time.perf_counter() - started < 1.0
    assert_everyone_once(people, groups, 3)
