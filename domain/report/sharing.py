"""Sharing: resources added in the period by state and by topic, and the most helpful."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.network.profiles import state_name
from domain.report.cells import Column, Draft, Raw, Table, hidden_note
from domain.report.disclosure import Count, Ledger
from domain.report.period import Scope
from domain.resources.figures import most_helpful, shared_between

HELPFUL_SHOWN = 10


@dataclass(frozen=True)
class Sharing:
    drafts: tuple[Draft, ...]
    shared: Count


def sharing(session: Session, scope: Scope, ledger: Ledger) -> Sharing:
    resources = shared_between(session, network=scope.network, start=scope.period.start, end=scope.period.end)
    shared = ledger.count(len(resources), {r.shared_by for r in resources}, label="resources shared")
    drafts = []
    for states, key, label in ((True, "resources_by_state", "state"), (False, "resources_by_topic", "topic")):
        entries: dict[str, set[int]] = defaultdict(set)
        sharers: dict[str, set[str]] = defaultdict(set)
        unlabelled = [r for r in resources if not (r.state_codes if states else r.topic_names)]
        for resource in resources:
            names = [state_name(c) or c for c in resource.state_codes] if states else resource.topic_names
            for name in names:
                entries[name].add(resource.id)
                sharers[name].add(resource.shared_by)
        counts = {
            name: ledger.count(len(ids), sharers[name], label=f"resources {label} {name}")
            for name, ids in entries.items()
        }
        # Most entries name one state or topic: an attacker may take the cells to add up to the number shared.
        rest = [ledger.unpublished(len(unlabelled), {r.shared_by for r in unlabelled}, label=f"no {label}")]
        ledger.relate(shared, [*counts.values(), *(c for c in rest if c.value)])
        rows: list[tuple[Raw, ...]] = [
            (name, count) for name, count in sorted(counts.items(), key=lambda i: (-i[1].value, i[0]))
        ]
        drafts.append(_label_table(key, label, rows, shared))
    helpful = most_helpful(resources, at_least=scope.minimum, limit=HELPFUL_SHOWN)
    drafts.append(_helpful_table([(r.title, r.helpful_votes) for r in helpful]))
    return Sharing(drafts=tuple(drafts), shared=shared)


def _label_table(key: str, label: str, rows: list[tuple[Raw, ...]], shared: Count) -> Draft:
    def reading(table: Table) -> str:
        total = (
            f"{shared.value} resources were shared"
            if not shared.hidden
            else "Fewer resources than can be shown were shared"
        )
        shown = [r for r in table.rows if isinstance(r[1], int)]
        if not shown:
            return f"{total}; no {label} was named by enough different people to show." + hidden_note(
                table, "resources", label
            )
        top = max(shown, key=lambda r: (r[1], str(r[0])))
        among = f" among the {label}s shown" if len(shown) < len(table.rows) else ""
        return f"{total}; the {label} named most often{among} was {top[0]} ({top[1]} resources)." + hidden_note(
            table, "resources", label
        )

    return Draft(
        key=key,
        title=f"Resources by {label}",
        columns=(
            Column(label, f"A {label} a resource names (a resource may name several)."),
            Column("resources", f"Resources added in the period that name the {label}."),
        ),
        rows=rows,
        reading=reading,
        chart=f"barh:{label}:resources",
        people_columns=("resources",),
        notes=(f"A {label} shows only when at least the threshold of different people shared for it.",),
    )


def _helpful_table(rows: list[tuple[Raw, ...]]) -> Draft:
    def reading(table: Table) -> str:
        if not table.rows:
            return f"No resource shared in the period was marked helpful by {table.minimum} or more members."
        title, votes = table.rows[0]
        return f'The resource marked helpful most often was "{title}" ({votes} members).'

    return Draft(
        key="most_helpful_resources",
        title="Most helpful resources",
        columns=(
            Column("title", "The resource's title."),
            Column("helpful", "Members who marked it helpful (shown only from the threshold up)."),
        ),
        rows=rows,
        reading=reading,
        chart="barh:title:helpful",
        people_columns=("helpful",),
    )
