"""Figures of the resource library over a period: entries and sharers by state and by topic, the most helpful."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from domain.network.profiles import state_name
from storage import resources as resource_store
from storage.models import Network, Resource


def shared_between(session: Session, *, network: Network, start: datetime, end: datetime) -> list[Resource]:
    """Entries added in [start, end), oldest first."""
    return resource_store.added_between(session, network_id=network.id, start=start, end=end)


def by_label(resources: Iterable[Resource], *, states: bool) -> tuple[dict[str, int], dict[str, int]]:
    """Per state (or topic): how many entries name it, and how many different people shared them."""
    entries: Counter[str] = Counter()
    sharers: dict[str, set[str]] = defaultdict(set)
    for resource in resources:
        labels = [state_name(c) or c for c in resource.state_codes] if states else resource.topic_names
        for label in labels:
            entries[label] += 1
            sharers[label].add(resource.shared_by)
    return dict(entries), {label: len(people) for label, people in sharers.items()}


def most_helpful(resources: Sequence[Resource], *, at_least: int, limit: int) -> list[Resource]:
    """The entries marked helpful most often (at least ``at_least`` times), most first."""
    chosen = [r for r in resources if r.helpful_votes >= at_least]
    return sorted(chosen, key=lambda r: (-r.helpful_votes, r.id))[:limit]
