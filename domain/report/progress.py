"""Progress and collaboration: roadmap stage by area over time, TA needs, changes made, confirmed collaborations.

Every figure comes from ``domain.progress.figures`` (what the roadmap and App Home show).
Stages and TA needs are about state teams, not individual people, so they are not
suppressed; counts of changes and collaborations are about the people who made them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from domain.network.profiles import state_name
from domain.progress import figures
from domain.progress.assistance import STATUSES
from domain.progress.changes import KINDS as CHANGE_KINDS
from domain.progress.collaborations import KINDS as COLLABORATION_KINDS
from domain.progress.teams import STAGE_LABELS, Stage, team_of
from domain.report.cells import Cell, Column, Table, protect
from domain.report.period import Scope
from storage import progress as progress_store


@dataclass(frozen=True)
class Progress:
    tables: tuple[Table, ...]
    changes: int | None
    collaborations: int | None
    teams_moved: int


def progress(session: Session, scope: Scope) -> Progress:
    start, end, minimum = scope.period.start, scope.period.end, scope.minimum
    areas = progress_store.areas(session, network_id=scope.network.id)
    reports = [r for r in progress_store.reports(session, network_id=scope.network.id) if r.reported_at < end]
    moments = scope.period.month_ends()
    series = figures.progress_over_time(reports, area_ids=[a.id for a in areas], moments=moments)
    stage_rows: list[tuple[Cell, ...]] = [
        (area.name, (moment - timedelta(microseconds=1)).date().isoformat(), *(counts[stage] for stage in Stage))
        for area in areas
        for moment, counts in zip(moments, series[area.id], strict=True)
    ]
    moved = figures.movement(reports, start=start, end=end)
    best = figures.most_moved(reports, areas, start=start, end=end)
    stage_table = Table(
        key="roadmap_stages",
        title="Roadmap stage by priority area",
        columns=(
            Column("area", "The roadmap's priority area."),
            Column("date", "The day counted: the end of each month (or of the period)."),
            *(Column(str(stage), f"Teams at {STAGE_LABELS[stage]!r} then (their latest report).") for stage in Stage),
        ),
        rows=tuple(stage_rows),
        reading=(
            f"{best.name} moved furthest: teams moved {moved[best.id]} stages forward on it in the period."
            if best
            else "No priority area moved forward in the period."
        ),
        chart="stages:area",
    )
    needs = [n for n in progress_store.needs(session, network_id=scope.network.id) if n.created_at < end]
    table = figures.needs_by_state_and_status(needs)
    by_status = figures.needs_by_status(needs)
    need_rows: tuple[tuple[Cell, ...], ...] = tuple(
        (state_name(state) or state, *(counts.get(status, 0) for status in STATUSES)) for state, counts in table.items()
    )
    received = by_status.get("received", 0)
    needs_table = Table(
        key="ta_needs",
        title="Technical assistance needs by state and status",
        columns=(
            Column("state", "The state whose assessment named the need."),
            *(Column(status, f"Needs whose status today is {label!r}.") for status, label in STATUSES.items()),
        ),
        rows=need_rows,
        reading=(
            f"{len(table)} states named {len(needs)} technical assistance needs; {received} have been received."
            if needs
            else "No technical assistance needs were recorded."
        ),
        chart="stacked:state:" + ",".join(STATUSES),
    )
    changes = [c for c in progress_store.changes(session, network_id=scope.network.id) if start <= c.created_at < end]
    change_counts = figures.changes_by_kind(changes)
    change_people = {k: len({c.user_id for c in changes if c.kind == k}) for k in change_counts}
    shown_changes = protect(change_counts, people=change_people, total=len(changes), minimum=minimum)
    changes_table = Table(
        key="changes_made",
        title="Changes made, by kind",
        columns=(
            Column("kind", "Practice, policy or program."),
            Column("changes", "Changes members recorded in the period."),
        ),
        rows=tuple((CHANGE_KINDS.get(k, k), v) for k, v in sorted(shown_changes.items())),
        reading=f"Members recorded {len(changes)} changes to practice, policy or programs."
        if len(changes) >= minimum
        else f"Members recorded fewer than {minimum} changes.",
        chart="barh:kind:changes",
        people_columns=("changes",),
    )
    collaborations, collaboration_tables = _collaboration(session, scope)
    total_changes = len(changes) if len(changes) >= minimum or not changes else None
    return Progress(
        tables=(stage_table, needs_table, changes_table, *collaboration_tables),
        changes=total_changes,
        collaborations=collaborations,
        teams_moved=sum(1 for v in moved.values() if v > 0),
    )


def _collaboration(session: Session, scope: Scope) -> tuple[int | None, tuple[Table, ...]]:
    start, end, minimum = scope.period.start.date(), scope.period.end.date(), scope.minimum
    logged = [
        c for c in progress_store.collaborations(session, network_id=scope.network.id) if start <= c.happened_on < end
    ]
    partners = progress_store.partners(session, collaboration_ids=[c.id for c in logged])
    confirmed = figures.confirmed_collaborations(logged, partners)
    total = len(confirmed)
    shown_total = total if total >= minimum or total == 0 else None
    months = Counter(f"{c.happened_on:%Y-%m}" for c in confirmed)
    for moment in scope.period.month_ends():
        months.setdefault(f"{moment - timedelta(microseconds=1):%Y-%m}", 0)
    per_month = protect(dict(months), total=total, minimum=minimum)
    by_kind = protect(figures.collaborations_by_kind(confirmed, partners), total=total, minimum=minimum)
    team_of_user = {user: team_of(member, user).label for user, member in scope.members.items()}
    matrix = figures.collaboration_matrix(confirmed, partners, team_of_user=team_of_user)
    # No totals sit beside the matrix, so each cell stands alone.
    matrix_rows = tuple((a, b, n if n >= minimum else None) for (a, b), n in sorted(matrix.items()))
    strongest = max((r for r in matrix_rows if r[2] is not None), key=lambda r: r[2] or 0, default=None)
    count_text = str(shown_total) if shown_total is not None else f"Fewer than {minimum}"
    return shown_total, (
        Table(
            key="collaborations_over_time",
            title="Confirmed collaborations over time",
            columns=(
                Column("month", "The month the collaboration happened."),
                Column("collaborations", "Confirmed collaborations that happened that month."),
            ),
            rows=tuple(sorted(per_month.items())),
            reading=f"{count_text} confirmed collaborations happened outside network meetings in the period.",
            chart="bar:month:collaborations",
            people_columns=("collaborations",),
        ),
        Table(
            key="collaborations_by_kind",
            title="Confirmed collaborations by kind",
            columns=(
                Column("kind", "The kind of collaboration."),
                Column("collaborations", "Confirmed collaborations of that kind in the period."),
            ),
            rows=tuple(
                (COLLABORATION_KINDS.get(k, k), v) for k, v in sorted(by_kind.items(), key=lambda i: -(i[1] or 0))
            ),
            reading=_top_reading(by_kind, "The most common kind was"),
            chart="barh:kind:collaborations",
            people_columns=("collaborations",),
        ),
        Table(
            key="collaboration_matrix",
            title="Confirmed collaborations between states",
            columns=(
                Column("team", "A state (or agency) taking part."),
                Column("with", "Another state (or agency) in the same collaboration."),
                Column(
                    "collaborations", "Confirmed collaborations in which both took part (each pair listed both ways)."
                ),
            ),
            rows=matrix_rows,
            reading=(
                f"The most frequent partners were {strongest[0]} and {strongest[1]} ({strongest[2]} collaborations)."
                if strongest
                else "No pair of states collaborated often enough to show."
            ),
            chart="matrix:team:with:collaborations",
            people_columns=("collaborations",),
        ),
    )


def _top_reading(counts: dict[str, int | None], prefix: str) -> str:
    shown = [(k, v) for k, v in counts.items() if v]
    if not shown:
        return "No kind had enough collaborations to show."
    kind, value = max(shown, key=lambda i: (i[1] or 0, i[0]))
    return f"{prefix} {COLLABORATION_KINDS.get(kind, kind).lower()} ({value})."
