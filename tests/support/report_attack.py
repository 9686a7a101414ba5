"""An evaluator's attacker: works out hidden report cells by subtracting published numbers from published totals.

Written from what the report's tables mean (a column adds up to its headline, a meeting's new and
returning attendees add up to its attendance, months and kinds add up to the period's total), not
from the report's own ledger, so it checks the suppression rather than repeating it.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass

from domain.report.build import Report
from domain.report.cells import Table

Var = tuple[str, int, str]  # (table key, row index, column)
Term = Var | int | None  # a cell, a published number, or a number the report does not give


@dataclass(frozen=True)
class Leak:
    what: str
    value: int


def _table(report: Report, key: str) -> Table | None:
    return next((t for t in report.tables() if t.key == key), None)


def _cells(table: Table | None, column: str) -> list[Var]:
    if table is None:
        return []
    return [(table.key, n, column) for n in range(len(table.rows))]


def _headline(report: Report, label: str) -> str:
    found = next((h for h in report.headlines if h.label == label), None)
    return f"{found.value} {found.detail}" if found else ""


def _number(text: str, pattern: str) -> int | None:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else None


def equations(report: Report) -> list[tuple[Term, list[Var]]]:
    """Every "total = sum of parts" an attacker can read off the published report."""
    found: list[tuple[Term, list[Var]]] = []
    attendance = _headline(report, "Attendance rate")
    attended_total = _number(attendance, r"\((\d+) of \d+ possible attendances\)")
    seats_total = _number(attendance, r"\(\d+ of (\d+) possible attendances\)")
    meetings, states = _table(report, "attendance_per_meeting"), _table(report, "attendance_by_state")
    found += [(attended_total, _cells(meetings, "attended")), (attended_total, _cells(states, "attendances"))]
    found += [(seats_total, _cells(meetings, "roster")), (seats_total, _cells(states, "possible"))]
    new = _table(report, "new_and_returning")
    if new is not None and meetings is not None:
        for n in range(len(new.rows)):
            found.append((("attendance_per_meeting", n, "attended"), [(new.key, n, "new"), (new.key, n, "returning")]))
        first_time = _number(new.reading, r"^(\d+) participants attended a network meeting for the first time")
        found.append((first_time, _cells(new, "new")))
    collaborations = _number(_headline(report, "Confirmed collaborations"), r"^(\d+) ")
    found.append((collaborations, _cells(_table(report, "collaborations_over_time"), "collaborations")))
    found.append((collaborations, _cells(_table(report, "collaborations_by_kind"), "collaborations")))
    matrix = _table(report, "collaboration_matrix")
    if matrix is not None:  # each pair is listed both ways: count it once
        once = [(matrix.key, n, "collaborations") for n, row in enumerate(matrix.rows) if str(row[0]) < str(row[1])]
        found.append((collaborations, once))
    changes = _number(_headline(report, "Changes made"), r"^(\d+) ")
    found.append((changes, _cells(_table(report, "changes_made"), "changes")))
    shared = _number(_headline(report, "Resources shared"), r"^(\d+) ")
    found.append((shared, _cells(_table(report, "resources_by_state"), "resources")))
    found.append((shared, _cells(_table(report, "resources_by_topic"), "resources")))
    for table in report.tables():
        if table.key.endswith("_by_state") and table.key.startswith("pulse_"):
            response = _table(report, table.key.replace("_by_state", "_response"))
            if response is None:
                continue
            for n, row in enumerate(response.rows):
                mine = [(table.key, m, "responded") for m, r in enumerate(table.rows) if r[0] == row[0]]
                found.append(((response.key, n, "responded"), mine))
    return [(total, parts) for total, parts in found if parts]


def value(report: Report, var: Var) -> int | None:
    table = _table(report, var[0])
    assert table is not None
    cell = table.rows[var[1]][[c.name for c in table.columns].index(var[2])]
    return cell if isinstance(cell, int) else None


def attack(published: Report, *, truth: Report, secrets: set[Var], minimum: int) -> list[Leak]:
    """What the attacker pins down: a hidden cell among ``secrets`` (those about fewer than ``minimum`` people),
    or hidden cells whose worked-out sum is fewer than ``minimum``. ``truth`` is the same report, nothing hidden."""
    system = equations(published)
    known: dict[Hashable, int] = {}
    hidden: set[Var] = set()
    for total, parts in system:
        for var in [*parts, *([total] if isinstance(total, tuple) else [])]:
            shown = value(published, var)
            if shown is None:
                hidden.add(var)
            else:
                known[var] = shown
    changed = True
    while changed:
        changed = False
        for total, parts in system:
            whole = known.get(total) if isinstance(total, tuple) else total
            unknown = [p for p in parts if p not in known]
            if whole is not None and len(unknown) == 1:
                known[unknown[0]] = whole - sum(known[p] for p in parts if p in known)
                changed = True
            elif isinstance(total, tuple) and total not in known and not unknown:
                known[total] = sum(known[p] for p in parts)
                changed = True
    leaks = []
    for var in sorted(hidden):
        if var in known:
            real = value(truth, var)
            assert known[var] == real, (var, known[var], real)  # the attacker's arithmetic is right
            if real and var in secrets:
                leaks.append(Leak(" ".join(map(str, var)), real))
    for total, parts in system:
        whole = known.get(total) if isinstance(total, tuple) else total
        unknown = [p for p in parts if p not in known]
        if whole is not None and len(unknown) > 1:
            rest = whole - sum(known[p] for p in parts if p in known)
            if 0 < rest < minimum:
                leaks.append(Leak(" + ".join(" ".join(map(str, u)) for u in unknown), rest))
    return leaks


def secrets(cells_only: Report) -> set[Var]:
    """The people cells the small-cell rule itself hides (about fewer than the threshold), from a report built
    with ``suppression="cells"``."""
    found = set()
    for table in cells_only.tables():
        for n, row in enumerate(table.rows):
            for column, cell in zip(table.columns, row, strict=True):
                if cell is None and column.name in table.people_columns:
                    found.add((table.key, n, column.name))
    return found
