"""Tables of the report and the small-cell rule: no figure about fewer than the threshold of people.

A cell is suppressed (``None``) when fewer than ``minimum`` people stand behind it. Hiding
only the small cells is not enough when a total is shown beside them, because the total
minus the shown cells would give the hidden ones away; ``domain.pulses.privacy.showable_groups``
(the rule pulse breakdowns use) also hides the next-smallest cells until the hidden rest is
empty or at least ``minimum`` people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.pulses.privacy import showable_groups

Cell = int | float | str | None  # None: suppressed, fewer than the threshold
NOT_ASKED = ""  # a figure that does not apply to the row (a mean of an agreement question)


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str


@dataclass(frozen=True)
class Table:
    """One table behind a chart: written as one CSV, described in README.txt, drawn as one chart."""

    key: str  # file name without .csv
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    reading: str  # one plain-language sentence, from these same numbers
    chart: str = "bar"  # bar, line, stacked or none
    people_columns: tuple[str, ...] = ()  # columns that count people: each shown value is >= the threshold
    notes: tuple[str, ...] = field(default=())

    def column(self, name: str) -> list[Cell]:
        index = [c.name for c in self.columns].index(name)
        return [row[index] for row in self.rows]


def protect(
    counts: Mapping[str, int], *, people: Mapping[str, int] | None = None, total: int | None, minimum: int
) -> dict[str, int | None]:
    """Each count, or None when fewer than ``minimum`` people are behind it (or it could be worked out).

    ``people`` gives the number of distinct people behind each count (the count itself when
    omitted); ``total`` is the total shown elsewhere beside these counts (None when none is).
    A zero is shown: it is about nobody.
    """
    sizes = dict(people if people is not None else counts)
    nonzero = {key: size for key, size in sizes.items() if counts.get(key, 0) > 0}
    if total is None:
        shown = {key for key, size in nonzero.items() if size >= minimum}
    else:
        shown = showable_groups(nonzero, total=sum(nonzero.values()), minimum=minimum)
    return {key: (value if value == 0 or key in shown else None) for key, value in counts.items()}


def small(value: int, *, minimum: int) -> int | None:
    """A single figure about ``value`` people: itself, or None below the threshold (zero is shown)."""
    return value if value == 0 or value >= minimum else None


def fewer_than(minimum: int) -> str:
    return f"fewer than {minimum}"
