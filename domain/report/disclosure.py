"""The small-cell rule as one pass over every count a report publishes, before anything is shown.

Every count the report shows anywhere (a table, a chart, a reading, a CSV, the Slack summary) is a
``Count`` in one ``Ledger``, with the people behind it. Every way published counts add up — a
column to its total, a headline to the table it sums, months to the period, the parts of a
meeting's attendance — is a ``relate(total, parts)``. ``settle`` then hides, until nothing changes:

1. every count about fewer than ``minimum`` people (a zero is about nobody and is shown);
2. wherever an attacker who knows every shown count and every relation could work out, by
   subtraction, a hidden count about fewer than ``minimum`` people — one hidden cell alone in a
   relation, or hidden cells whose sum is about fewer than ``minimum`` people — the cheapest shown
   cells that protect it (the smallest single one that is enough, else the smallest in turn);
   when no part is left to hide, the total.

A relation may hold counts no table shows (``unpublished``): they are hidden from the start and
never protect anything by themselves being small.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(eq=False)
class Count:
    """A number about people; ``hidden`` once the ledger settles says whether it may be published."""

    value: int
    people: frozenset[object]
    label: str = ""
    hidden: bool = False
    unpublished: bool = False

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value

    def secret(self, minimum: int) -> bool:
        return self.value != 0 and len(self.people) < minimum


@dataclass(frozen=True, eq=False)
class Relation:
    total: Count
    parts: tuple[Count, ...]


@dataclass
class Ledger:
    minimum: int
    counts: list[Count] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # "cells" hides only the small cells themselves (the rule before this pass): only a test uses it, to
    # show what subtraction then gives away.
    mode: str = "full"

    def count(self, value: int, people: Iterable[object] | None = None, *, label: str = "") -> Count:
        """A published count; ``people`` are who is behind it (by default each unit is its own person)."""
        behind = frozenset(people) if people is not None else frozenset(f"{label}#{n}" for n in range(value))
        made = Count(value, behind, label)
        self.counts.append(made)
        return made

    def unpublished(self, value: int, people: Iterable[object] | None = None, *, label: str = "") -> Count:
        made = self.count(value, people, label=label)
        made.unpublished = made.hidden = True
        return made

    def relate(self, total: Count, parts: Sequence[Count]) -> None:
        """``total`` is the sum of ``parts`` (as an attacker may assume when both are published)."""
        self.relations.append(Relation(total, tuple(parts)))

    def settle(self) -> None:
        if self.mode == "none":  # every true value, for a test to judge an attack against
            return
        for count in self.counts:
            if count.secret(self.minimum):
                count.hidden = True
        if self.mode == "cells":
            return
        while True:
            leaking = self._leaking(self.known())
            if not leaking:
                return
            # Hide parts where a part can still be hidden; a total only when no leaking relation has one left.
            if not any(self._protect(r, total=False) for r in leaking) and not any(
                self._protect(r, total=True) for r in leaking
            ):
                for relation in leaking:  # nothing cheaper left: hide the relation whole
                    for count in (relation.total, *relation.parts):
                        count.hidden = True

    # An attacker's view: every shown count is known; a relation with one unknown gives it away.
    def known(self) -> set[int]:
        known = {id(c) for c in self.counts if not c.hidden}
        changed = True
        while changed:
            changed = False
            for relation in self.relations:
                unknown = [c for c in (relation.total, *relation.parts) if id(c) not in known]
                if len(unknown) == 1:
                    known.add(id(unknown[0]))
                    changed = True
        return known

    def leaks(self) -> list[str]:
        """What an attacker works out: hidden counts about fewer than ``minimum`` people, alone or summed."""
        known = self.known()
        found = [f"{c.label} = {c.value}" for c in self.counts if id(c) in known and c.secret(self.minimum)]
        for relation in self.relations:
            if id(relation.total) not in known:
                continue
            unknown = [c for c in relation.parts if id(c) not in known]
            if len(unknown) > 1 and _group_secret(unknown, self.minimum):
                found.append(" + ".join(c.label for c in unknown) + f" = {sum(c.value for c in unknown)}")
        return found

    def _leaking(self, known: set[int]) -> list[Relation]:
        leaking = []
        for relation in self.relations:
            members = (relation.total, *relation.parts)
            if all(id(c) in known for c in members):
                if any(c.hidden and c.secret(self.minimum) for c in members):
                    leaking.append(relation)
            elif id(relation.total) in known:
                unknown = [c for c in relation.parts if id(c) not in known]
                if len(unknown) > 1 and _group_secret(unknown, self.minimum):
                    leaking.append(relation)
        return leaking

    def _unknown_once_hidden(self, count: Count) -> bool:
        count.hidden = True
        try:
            return id(count) not in self.known()
        finally:
            count.hidden = False

    def _protect(self, relation: Relation, *, total: bool) -> bool:
        """Hide the cheapest shown parts that leave the hidden ones unworkable; False when none is left."""
        hidden = [c for c in relation.parts if c.hidden]
        candidates = sorted(
            (c for c in relation.parts if not c.hidden and c.value != 0), key=lambda c: (c.value, len(c.people))
        )
        if not candidates:
            if relation.total.hidden or not total:
                return False
            relation.total.hidden = True
            return True
        while candidates:
            # Only a cell that an attacker cannot work out again from elsewhere protects anything.
            useful = [c for c in candidates if self._unknown_once_hidden(c)] or candidates
            enough = [c for c in useful if not _group_secret([*hidden, c], self.minimum)]
            pick = enough[0] if enough else useful[0]
            pick.hidden = True
            hidden.append(pick)
            candidates.remove(pick)
            if len(hidden) > 1 and not _group_secret(hidden, self.minimum):
                break
        return True


def _group_secret(counts: Sequence[Count], minimum: int) -> bool:
    value = sum(c.value for c in counts)
    people: set[object] = set()
    for c in counts:
        people |= c.people
    return value != 0 and len(people) < minimum
