"""Tables of the report: drafts whose counts the ledger settles, then published tables with readings from them.

A section drafts each table with ``Count`` cells (and percentages or means that depend on
counts); only after ``Ledger.settle`` has decided every count (domain/report/disclosure.py) is a
draft published: a hidden count becomes ``None`` ("fewer than N"), a percentage or mean of a hidden
count too, and the reading is written from the published rows — never from what they hide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from domain.report.disclosure import Count

Cell = int | float | str | None  # None: suppressed, fewer than the threshold
NOT_ASKED = ""  # a figure that does not apply to the row (a mean of an agreement question)


@dataclass(frozen=True)
class Share:
    """``part`` as a whole percentage of ``whole``: shown only when both counts are."""

    part: Count
    whole: Count

    def resolve(self) -> Cell:
        if self.part.hidden or self.whole.hidden or not self.whole.value:
            return None
        return round(100 * self.part.value / self.whole.value)


@dataclass(frozen=True)
class Gated:
    """A figure (a mean rating) shown only while the counts it is about are shown."""

    value: float | int | str
    by: tuple[Count, ...]

    def resolve(self) -> Cell:
        return None if any(c.hidden for c in self.by) else self.value


Raw = Count | Share | Gated | int | float | str | None


def resolve(cell: Raw) -> Cell:
    if isinstance(cell, Count):
        return cell.shown
    if isinstance(cell, Share | Gated):
        return cell.resolve()
    return cell


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
    reading: str  # plain-language sentences, from these same published numbers
    chart: str = "bar"  # bar, line, stacked, stages, matrix or none
    people_columns: tuple[str, ...] = ()  # columns that count people: each shown value is >= the threshold
    notes: tuple[str, ...] = field(default=())
    minimum: int = 3

    def column(self, name: str) -> list[Cell]:
        index = [c.name for c in self.columns].index(name)
        return [row[index] for row in self.rows]

    def suppressed(self, name: str) -> int:
        """How many cells of a column are hidden."""
        return sum(1 for v in self.column(name) if v is None)


@dataclass
class Draft:
    """A table before the ledger settles; ``reading`` is written from the published table."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[tuple[Raw, ...]]
    reading: Callable[[Table], str]
    chart: str = "bar"
    people_columns: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def publish(self, minimum: int) -> Table:
        table = Table(
            key=self.key,
            title=self.title,
            columns=self.columns,
            rows=tuple(tuple(resolve(c) for c in row) for row in self.rows),
            reading="",
            chart=self.chart,
            people_columns=self.people_columns,
            notes=self.notes,
            minimum=minimum,
        )
        return Table(**{**table.__dict__, "reading": self.reading(table)})


def shown_values(values: Sequence[Cell]) -> list[float]:
    return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def fewer_than(minimum: int) -> str:
    return f"fewer than {minimum}"


def hidden_note(table: Table, column: str, noun: str) -> str:
    """ " Suppressed: 2 states (...)." or "" — so a reading says what it leaves out."""
    hidden = table.suppressed(column)
    if not hidden:
        return ""
    plural = noun if hidden == 1 else noun + "s"
    return f" Suppressed: {hidden} {plural} ({fewer_than(table.minimum)} people, or a total would give one away)."
