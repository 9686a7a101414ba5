"""Sharing: resources added in the period by state and by topic, and the most helpful."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.report.cells import Column, Table, protect
from domain.report.period import Scope
from domain.resources.figures import by_label, most_helpful, shared_between

HELPFUL_SHOWN = 10


@dataclass(frozen=True)
class Sharing:
    tables: tuple[Table, ...]
    shared: int


def sharing(session: Session, scope: Scope) -> Sharing:
    resources = shared_between(session, network=scope.network, start=scope.period.start, end=scope.period.end)
    minimum = scope.minimum
    tables = []
    for states, key, label in ((True, "resources_by_state", "state"), (False, "resources_by_topic", "topic")):
        entries, sharers = by_label(resources, states=states)
        # The number shared is shown beside these cells; treating them as adding up to it (most entries name one
        # state or topic) hides any cell that subtracting the shown ones from it would give away.
        shown = protect(entries, people=sharers, total=len(resources), minimum=minimum)
        rows = sorted(((name, value) for name, value in shown.items()), key=lambda r: (-(r[1] or 0), r[0]))
        top = next((r for r in rows if r[1] is not None), None)
        reading = (
            f"{len(resources)} resources were shared; the {label} named most often was {top[0]} ({top[1]} resources)."
            if top
            else f"No {label} was named by enough different people to show."
        )
        tables.append(
            Table(
                key=key,
                title=f"Resources by {label}",
                columns=(
                    Column(label, f"A {label} a resource names (a resource may name several)."),
                    Column("resources", f"Resources added in the period that name the {label}."),
                ),
                rows=tuple(rows),
                reading=reading,
                chart=f"barh:{label}:resources",
                people_columns=("resources",),
                notes=(f"A {label} shows only when at least the threshold of different people shared for it.",),
            )
        )
    helpful = most_helpful(resources, at_least=minimum, limit=HELPFUL_SHOWN)
    tables.append(
        Table(
            key="most_helpful_resources",
            title="Most helpful resources",
            columns=(
                Column("title", "The resource's title."),
                Column("helpful", "Members who marked it helpful."),
            ),
            rows=tuple((r.title, r.helpful_votes) for r in helpful),
            reading=(
                f'The resource marked helpful most often was "{helpful[0].title}" ({helpful[0].helpful_votes} members).'
                if helpful
                else f"No resource shared in the period was marked helpful by {minimum} or more members."
            ),
            chart="barh:title:helpful",
            people_columns=("helpful",),
        )
    )
    return Sharing(tables=tuple(tables), shared=len(resources))
