"""The matcher: small groups across states and agencies, on shared interests, without recent repeats.

Deterministic: the same roster, history and seed (the round) always give the same groups.
Greedy, and fast enough for thousands of members: each group starts from the state with the
most people still unmatched (so a large state is spread over the others first — this gives the
most cross-state groups any roster allows) and is filled with the best-scoring of a bounded set
of candidates: a few from every other state, people sharing the anchor's interests, and a few
from the anchor's own state (for when nobody else is left or everyone else is a recent repeat).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.intros.interests import keywords, topics

REPEAT = -1000  # introduced within the rules' window: only when nothing else is possible
REPEAT_EACH = -20  # every earlier introduction of the pair, so unavoidable repeats spread out
CROSS_STATE, STATE_UNKNOWN = 100, 40
CROSS_AGENCY, AGENCY_UNKNOWN = 50, 20
SHARED_TOPIC, SHARED_WORD = 20, 5
NEW_STATE_IN_GROUP = 30
CANDIDATES = 40  # from other states, per pick
SAME_STATE_CANDIDATES = 4
INTEREST_CANDIDATES = 8  # per topic of the anchor
SWAP_PARTNERS = 300  # groups tried when repairing a repeat
TIMES = " \u00d7 "  # the multiplication sign: "Vermont x Maine"


@dataclass(frozen=True)
class Candidate:
    user_id: str
    state: str | None = None
    agency: str | None = None
    interests: str | None = None


@dataclass(frozen=True)
class MatchRules:
    group_size: int = 2
    cross_state: bool = True
    cross_agency: bool = True
    shared_interests: bool = True
    avoid_repeat_rounds: int = 4


@dataclass(frozen=True)
class PastGroup:
    """A group of an earlier round; ``rounds_ago`` is 1 for the round before this one."""

    rounds_ago: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    members: tuple[str, ...]
    reason: str
    shared_topics: tuple[str, ...]
    repeats: int  # pairs of this group introduced within the rules' window


@dataclass
class _Person:
    user_id: str
    state: str
    agency: str
    topic_keys: frozenset[str]
    shown: dict[str, str]
    words: frozenset[str]


class _Buckets:
    """Unmatched people by state, with O(1) removal."""

    def __init__(self, people: Sequence[_Person], order: Sequence[str]) -> None:
        self.order = list(order)
        self.members: dict[str, list[int]] = {s: [] for s in order}
        self.where: dict[int, int] = {}
        for i, p in enumerate(people):
            self.where[i] = len(self.members[p.state])
            self.members[p.state].append(i)
        self.left = len(people)

    def remove(self, state: str, i: int) -> None:
        bucket = self.members[state]
        at = self.where.pop(i)
        last = bucket.pop()
        if last != i:
            bucket[at] = last
            self.where[last] = at
        self.left -= 1

    def largest(self) -> str:
        return max(self.order, key=lambda s: len(self.members[s]))  # first of the largest, in seeded order


def match(
    candidates: Sequence[Candidate],
    *,
    rules: MatchRules,
    history: Sequence[PastGroup] = (),
    seed: str,
    state_names: Mapping[str, str] | None = None,
) -> list[Match]:
    """Everyone in exactly one group of ``rules.group_size`` (a leftover joins a group); one person alone: none."""
    unique = {c.user_id: c for c in candidates}
    people = [_person(unique[user_id]) for user_id in sorted(unique)]
    if len(people) < 2:
        return []
    rng = random.Random(f"peerbot-intros:{seed}")  # noqa: S311  (reproducible pairing, not security)
    pairs = _pair_history(history)
    index = {p.user_id: i for i, p in enumerate(people)}
    states = sorted({p.state for p in people})
    rng.shuffle(states)
    buckets = _Buckets(people, states)
    by_topic: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        for key in sorted(p.topic_keys):
            by_topic.setdefault(key, []).append(i)
    for members in by_topic.values():
        rng.shuffle(members)
    matched = [False] * len(people)
    scorer = _Scorer(people, pairs, index, rules)
    size = max(2, rules.group_size)
    groups: list[list[int]] = []
    while buckets.left:
        state = buckets.largest()
        bucket = buckets.members[state]
        anchor = bucket[rng.randrange(len(bucket))]
        buckets.remove(state, anchor)
        matched[anchor] = True
        group = [anchor]
        while len(group) < size and buckets.left:
            pool = _pool(group, people, buckets, by_topic, matched, rng)
            best = max(pool, key=lambda c: (scorer.join(c, group), -c))
            buckets.remove(people[best].state, best)
            matched[best] = True
            group.append(best)
        if len(group) == 1:
            if not groups:
                break
            home = max(range(len(groups)), key=lambda g: (scorer.join(anchor, groups[g]), -g))
            groups[home].append(anchor)
            continue
        groups.append(group)
    _repair_repeats(groups, scorer, rng)
    return [_describe(group, people, scorer, rules, state_names or {}) for group in groups]


def _repair_repeats(groups: list[list[int]], scorer: _Scorer, rng: random.Random) -> None:
    """Swap people between groups where that removes a recent repeat the greedy pass was left with."""
    window = scorer.rules.avoid_repeat_rounds

    def recent(group: Sequence[int]) -> bool:
        return any(
            (seen := scorer.repeat(a, b)) is not None and seen[0] <= window
            for x, a in enumerate(group)
            for b in group[x + 1 :]
        )

    def total(group: Sequence[int]) -> int:
        return sum(scorer.pair(a, b) for x, a in enumerate(group) for b in group[x + 1 :])

    for g, group in enumerate(groups):
        if not recent(group):
            continue
        others = [h for h in range(len(groups)) if h != g]
        if len(others) > SWAP_PARTNERS:
            others = sorted(rng.sample(others, SWAP_PARTNERS))
        best, swap = 0, None
        for h in others:
            other = groups[h]
            before = total(group) + total(other)
            for x in range(len(group)):
                for y in range(len(other)):
                    mine = [*group[:x], other[y], *group[x + 1 :]]
                    theirs = [*other[:y], group[x], *other[y + 1 :]]
                    gain = total(mine) + total(theirs) - before
                    if gain > best:
                        best, swap = gain, (h, x, y)
        if swap is not None:
            h, x, y = swap
            group[x], groups[h][y] = groups[h][y], group[x]


def _person(c: Candidate) -> _Person:
    shown = topics(c.interests)
    keys = frozenset(shown)
    return _Person(
        c.user_id,
        (c.state or "").strip().upper(),
        " ".join((c.agency or "").lower().split()),
        keys,
        shown,
        keywords(keys),
    )


def _pair_history(history: Sequence[PastGroup]) -> dict[tuple[str, str], tuple[int, int]]:
    """(a, b) -> (rounds since they were last introduced, how many times they were)."""
    pairs: dict[tuple[str, str], tuple[int, int]] = {}
    for past in history:
        members = sorted(set(past.members))
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                ago, count = pairs.get((a, b), (past.rounds_ago, 0))
                pairs[(a, b)] = (min(ago, past.rounds_ago), count + 1)
    return pairs


class _Scorer:
    def __init__(
        self,
        people: Sequence[_Person],
        pairs: dict[tuple[str, str], tuple[int, int]],
        index: dict[str, int],
        rules: MatchRules,
    ) -> None:
        self.people, self.rules = people, rules
        self.pairs = {(index[a], index[b]): v for (a, b), v in pairs.items() if a in index and b in index}

    def repeat(self, i: int, j: int) -> tuple[int, int] | None:
        return self.pairs.get((i, j) if i < j else (j, i))

    def pair(self, i: int, j: int) -> int:
        a, b, rules, score = self.people[i], self.people[j], self.rules, 0
        seen = self.repeat(i, j)
        if seen is not None:
            ago, count = seen
            score += REPEAT_EACH * count + (REPEAT if ago <= rules.avoid_repeat_rounds else 0)
        if rules.cross_state:
            score += (CROSS_STATE if a.state != b.state else 0) if a.state and b.state else STATE_UNKNOWN
        if rules.cross_agency:
            score += (CROSS_AGENCY if a.agency != b.agency else 0) if a.agency and b.agency else AGENCY_UNKNOWN
        if rules.shared_interests:
            shared = len(a.topic_keys & b.topic_keys)
            score += SHARED_TOPIC * min(shared, 2) if shared else SHARED_WORD * min(len(a.words & b.words), 2)
        return score

    def join(self, candidate: int, group: Sequence[int]) -> int:
        score = sum(self.pair(candidate, m) for m in group)
        state = self.people[candidate].state
        if self.rules.cross_state and len(group) > 1 and state and all(self.people[m].state != state for m in group):
            score += NEW_STATE_IN_GROUP
        return score


def _pool(
    group: Sequence[int],
    people: Sequence[_Person],
    buckets: _Buckets,
    by_topic: dict[str, list[int]],
    matched: list[bool],
    rng: random.Random,
) -> list[int]:
    """A bounded, seeded set of unmatched candidates for the group's next member."""
    own = {people[m].state for m in group}
    others = [s for s in buckets.order if s not in own and buckets.members[s]]
    pool: set[int] = set()
    if others:
        start = rng.randrange(len(others))
        per = max(1, CANDIDATES // len(others))
        for s in others[start:] + others[:start]:
            bucket = buckets.members[s]
            for _ in range(min(per, len(bucket))):
                pool.add(bucket[rng.randrange(len(bucket))])
            if len(pool) >= CANDIDATES:
                break
    for s in sorted(own):
        bucket = buckets.members.get(s) or []
        for _ in range(min(SAME_STATE_CANDIDATES, len(bucket))):
            pool.add(bucket[rng.randrange(len(bucket))])
    anchor = people[group[0]]
    for key in sorted(anchor.topic_keys):
        found = 0
        for i in by_topic.get(key, ()):
            if not matched[i]:
                pool.add(i)
                found += 1
                if found >= INTEREST_CANDIDATES:
                    break
    return sorted(pool)


def _describe(
    group: Sequence[int], people: Sequence[_Person], scorer: _Scorer, rules: MatchRules, names: Mapping[str, str]
) -> Match:
    members = [people[i] for i in group]
    counts: dict[str, int] = {}
    for p in members:
        for key in p.topic_keys:
            counts[key] = counts.get(key, 0) + 1
    shared = sorted((k for k, n in counts.items() if n >= 2), key=lambda k: (-counts[k], k))
    parts: list[str] = []
    if shared:
        first = shared[0]
        shown = next(p.shown[first] for p in members if first in p.shown)
        who = "both" if len(members) == 2 else ("all" if counts[first] == len(members) else f"{counts[first]} of you")
        parts.append(f"{who} want to learn about {shown}")
    codes = [p.state for p in members]
    labels = [names.get(c, c) if c else "state not given" for c in codes]
    if all(codes) and len(set(codes)) == 1:
        parts.append(f"{'both' if len(members) == 2 else 'all'} from {labels[0]}")
    else:
        parts.append(TIMES.join(dict.fromkeys(labels)))
    agencies = [p.agency for p in members]
    if not shared and rules.cross_agency and all(agencies) and len(set(agencies)) == len(agencies):
        parts.append("different agencies")
    repeats = 0
    for x, i in enumerate(group):
        for j in group[x + 1 :]:
            seen = scorer.repeat(i, j)
            repeats += 1 if seen is not None and seen[0] <= rules.avoid_repeat_rounds else 0
    if repeats:
        parts.append("introduced recently, as no one new was left")
    shown_topics = tuple(next(p.shown[k] for p in members if k in p.shown) for k in shared)
    return Match(tuple(p.user_id for p in members), "; ".join(parts), shown_topics, repeats)
