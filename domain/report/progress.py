"""Progress and collaboration: roadmap stage by area over time, TA needs, changes made, confirmed collaborations.

Every figure comes from ``domain.progress.figures`` (what the roadmap and App Home show).
Stages and TA needs are about state teams, not individual people, so they are not
suppressed; counts of changes and collaborations are about the people who made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from domain.network.profiles import state_name
from domain.progress import figures
from domain.progress.assistance import STATUSES
from domain.progress.changes import KINDS as CHANGE_KINDS
from domain.progress.collaborations import KINDS as COLLABORATION_KINDS
from domain.progress.teams import STAGE_LABELS, Stage, team_of
from domain.report.cells import Cell, Column, Draft, Raw, Table, hidden_note
from domain.report.disclosure import Count, Ledger
from domain.report.period import Scope
from storage import progress as progress_store
from storage.models import Collaboration


@dataclass(frozen=True)
class Progress:
    drafts: tuple[Draft, ...]
    changes: Count
    collaborations: Count
    teams_moved: int


def _fixed(table: Table) -> Draft:
    """A table of teams and needs (not people): published as it is."""
    return Draft(table.key, table.title, table.columns, table.rows, lambda _t: table.reading, table.chart)


def progress(session: Session, scope: Scope, ledger: Ledger) -> Progress:
    start, end = scope.period.start, scope.period.end
    areas = progress_store.areas(session, network_id=scope.network.id)
    reports = [r for r in progress_store.reports(session, network_id=scope.network.id) if r.reported_at < end]
    moments = scope.period.month_ends()
    series = figures.progress_over_time(reports, area_ids=[a.id for a in areas], moments=moments)
    stage_rows: list[tuple[Cell, ...]] = [
        (
            area.name,
            (moment - timedelta(microseconds=1)).astimezone(scope.period.tz).date().isoformat(),
            *(counts[stage] for stage in Stage),
        )
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
    changed = ledger.count(len(changes), {c.user_id for c in changes}, label="changes")
    kinds: dict[str, Count] = {}
    for kind in sorted({c.kind for c in changes}):
        mine = [c for c in changes if c.kind == kind]
        kinds[kind] = ledger.count(len(mine), {c.user_id for c in mine}, label=f"changes {kind}")
    ledger.relate(changed, list(kinds.values()))
    collaborations, collaboration_drafts = _collaboration(session, scope, ledger)
    return Progress(
        drafts=(
            _fixed(stage_table),
            _fixed(needs_table),
            _changes_table([(CHANGE_KINDS.get(k, k), v) for k, v in kinds.items()], changed),
            *collaboration_drafts,
        ),
        changes=changed,
        collaborations=collaborations,
        teams_moved=sum(1 for v in moved.values() if v > 0),
    )


def _changes_table(rows: list[tuple[Raw, ...]], changed: Count) -> Draft:
    def reading(table: Table) -> str:
        if changed.hidden:
            return f"Members recorded fewer than {table.minimum} changes to practice, policy or programs."
        return f"Members recorded {changed.value} changes to practice, policy or programs." + hidden_note(
            table, "changes", "kind"
        )

    return Draft(
        key="changes_made",
        title="Changes made, by kind",
        columns=(
            Column("kind", "Practice, policy or program."),
            Column("changes", "Changes members recorded in the period."),
        ),
        rows=rows,
        reading=reading,
        chart="barh:kind:changes",
        people_columns=("changes",),
    )


def _collaboration(session: Session, scope: Scope, ledger: Ledger) -> tuple[Count, tuple[Draft, ...]]:
    start, end = scope.period.first, scope.period.last
    logged = [
        c for c in progress_store.collaborations(session, network_id=scope.network.id) if start <= c.happened_on <= end
    ]
    partners = progress_store.partners(session, collaboration_ids=[c.id for c in logged])
    confirmed = figures.confirmed_collaborations(logged, partners)

    def units(items: list[Collaboration]) -> set[str]:
        return {f"collaboration {c.id}" for c in items}  # a collaboration is counted as one unit, like a team

    total = ledger.count(len(confirmed), units(confirmed), label="confirmed collaborations")
    months: dict[str, list[Collaboration]] = {scope.period.month_of(m): [] for m in scope.period.month_ends()}
    for c in confirmed:
        months.setdefault(f"{c.happened_on:%Y-%m}", []).append(c)
    per_month = {m: ledger.count(len(cs), units(cs), label=f"collaborations {m}") for m, cs in sorted(months.items())}
    ledger.relate(total, list(per_month.values()))
    kinds: dict[str, list[Collaboration]] = {}
    for c in confirmed:
        kinds.setdefault(c.kind, []).append(c)
    by_kind = {k: ledger.count(len(cs), units(cs), label=f"collaborations {k}") for k, cs in kinds.items()}
    ledger.relate(total, list(by_kind.values()))
    team_of_user = {user: team_of(member, user).label for user, member in scope.population.members.items()}
    pairs: dict[tuple[str, str], list[Collaboration]] = {}
    unpaired = []
    for c in confirmed:
        found = figures.collaboration_matrix([c], partners, team_of_user=team_of_user)
        for a, b in found:
            if a < b:
                pairs.setdefault((a, b), []).append(c)
        if not found:
            unpaired.append(c)
    cells = {pair: ledger.count(len(cs), units(cs), label=f"pair {pair[0]}-{pair[1]}") for pair, cs in pairs.items()}
    # Most collaborations join two teams: an attacker may take the pairs to add up to the headline total.
    rest = ledger.unpublished(len(unpaired), units(unpaired), label="collaborations without a pair")
    ledger.relate(total, [*cells.values(), *([rest] if rest.value else [])])
    matrix_rows: list[tuple[Raw, ...]] = []
    for (a, b), cell in sorted(cells.items()):
        matrix_rows += [(a, b, cell), (b, a, cell)]
    matrix_rows.sort(key=lambda r: (str(r[0]), str(r[1])))
    return total, (
        _over_time_table([(m, c) for m, c in per_month.items()], total),
        _by_kind_table(
            [(COLLABORATION_KINDS.get(k, k), c) for k, c in sorted(by_kind.items(), key=lambda i: -i[1].value)]
        ),
        _matrix_table(matrix_rows),
    )


def _over_time_table(rows: list[tuple[Raw, ...]], total: Count) -> Draft:
    def reading(table: Table) -> str:
        if total.hidden:
            return (
                f"Fewer than {table.minimum} confirmed collaborations happened outside network meetings in the period."
            )
        return f"{total.value} confirmed collaborations happened outside network meetings in the period." + hidden_note(
            table, "collaborations", "month"
        )

    return Draft(
        key="collaborations_over_time",
        title="Confirmed collaborations over time",
        columns=(
            Column("month", "The month the collaboration happened."),
            Column("collaborations", "Confirmed collaborations that happened that month."),
        ),
        rows=rows,
        reading=reading,
        chart="bar:month:collaborations",
        people_columns=("collaborations",),
    )


def _by_kind_table(rows: list[tuple[Raw, ...]]) -> Draft:
    def reading(table: Table) -> str:
        shown = [r for r in table.rows if isinstance(r[1], int) and r[1]]
        if not shown:
            return "No kind had enough collaborations to show." + hidden_note(table, "collaborations", "kind")
        kind, value = max(shown, key=lambda r: (r[1], str(r[0])))
        among = " among the kinds shown" if len(shown) < len(table.rows) else ""
        return f"The most common kind{among} was {str(kind).lower()} ({value})." + hidden_note(
            table, "collaborations", "kind"
        )

    return Draft(
        key="collaborations_by_kind",
        title="Confirmed collaborations by kind",
        columns=(
            Column("kind", "The kind of collaboration."),
            Column("collaborations", "Confirmed collaborations of that kind in the period."),
        ),
        rows=rows,
        reading=reading,
        chart="barh:kind:collaborations",
        people_columns=("collaborations",),
    )


def _matrix_table(rows: list[tuple[Raw, ...]]) -> Draft:
    def reading(table: Table) -> str:
        shown = [r for r in table.rows if isinstance(r[2], int)]
        if not shown:
            return "No pair of states collaborated often enough to show." + hidden_note(table, "collaborations", "cell")
        a, b, n = max(shown, key=lambda r: (r[2], str(r[0]), str(r[1])))
        among = " among the pairs shown" if len(shown) < len(table.rows) else ""
        return f"The most frequent partners{among} were {a} and {b} ({n} collaborations)." + hidden_note(
            table, "collaborations", "cell"
        )

    return Draft(
        key="collaboration_matrix",
        title="Confirmed collaborations between states",
        columns=(
            Column("team", "A state (or agency) taking part."),
            Column("with", "Another state (or agency) in the same collaboration."),
            Column("collaborations", "Confirmed collaborations in which both took part (each pair listed both ways)."),
        ),
        rows=rows,
        reading=reading,
        chart="matrix:team:with:collaborations",
        people_columns=("collaborations",),
    )
