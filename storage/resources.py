"""Queries for the resource library (search itself lives in storage/search.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from storage.models import DigestSchedule, LabelKind, Network, Resource, ResourceLabel, ResourceTopic, ResourceVote
from storage.upsert import insert_for


def get_resource(session: Session, *, resource_id: int) -> Resource | None:
    return session.get(Resource, resource_id)


def find_by_normalized_url(session: Session, *, network_id: int, normalized_url: str) -> Resource | None:
    return session.scalar(
        select(Resource).where(Resource.network_id == network_id, Resource.normalized_url == normalized_url)
    )


def insert_resource(session: Session, resource: Resource) -> bool:
    """Add ``resource``; False (and nothing added) when its link is already in the network's library."""
    try:
        with session.begin_nested():
            session.add(resource)
            session.flush()
    except IntegrityError:
        return False
    return True


def replace_labels(
    session: Session, *, resource_id: int, states: Iterable[str], topics: Iterable[str], tags: Iterable[str]
) -> None:
    session.execute(delete(ResourceLabel).where(ResourceLabel.resource_id == resource_id))
    rows = {(LabelKind.STATE, s) for s in states}
    rows |= {(LabelKind.TOPIC, t.lower()) for t in topics}
    rows |= {(LabelKind.TAG, t.lower()) for t in tags}
    if rows:
        session.execute(
            insert_for(session, ResourceLabel.__table__),
            [{"resource_id": resource_id, "kind": kind, "value": value} for kind, value in sorted(rows)],
        )


def delete_resource(session: Session, resource: Resource) -> None:
    session.delete(resource)
    session.flush()


def add_vote(session: Session, *, resource_id: int, user_id: str, now: datetime) -> bool:
    """Record one member's helpful vote; False if they had already voted."""
    # RETURNING, not rowcount: psycopg reports rowcount -1 for this statement.
    inserted = session.execute(
        insert_for(session, ResourceVote.__table__)
        .values(resource_id=resource_id, user_id=user_id, created_at=now)
        .on_conflict_do_nothing(index_elements=["resource_id", "user_id"])
        .returning(ResourceVote.__table__.c.user_id)
    ).first()
    if inserted is not None:
        session.execute(
            update(Resource)
            .where(Resource.id == resource_id)
            .values(helpful_votes=Resource.helpful_votes + 1)
            .execution_options(synchronize_session=False)
        )
    return inserted is not None


def recent(session: Session, *, network_id: int, offset: int = 0, limit: int = 5) -> list[Resource]:
    return list(
        session.scalars(
            select(Resource)
            .where(Resource.network_id == network_id)
            .order_by(Resource.created_at.desc(), Resource.id.desc())
            .offset(offset)
            .limit(limit)
        )
    )


def shared_by(session: Session, *, network_id: int, user_id: str, offset: int = 0, limit: int = 5) -> list[Resource]:
    return list(
        session.scalars(
            select(Resource)
            .where(Resource.network_id == network_id, Resource.shared_by == user_id)
            .order_by(Resource.created_at.desc(), Resource.id.desc())
            .offset(offset)
            .limit(limit)
        )
    )


def added_between(session: Session, *, network_id: int, start: datetime, end: datetime) -> list[Resource]:
    return list(
        session.scalars(
            select(Resource)
            .where(Resource.network_id == network_id, Resource.created_at >= start, Resource.created_at < end)
            .order_by(Resource.created_at, Resource.id)
        )
    )


def all_resources(session: Session, *, network_id: int) -> list[Resource]:
    return list(session.scalars(select(Resource).where(Resource.network_id == network_id).order_by(Resource.id)))


def count_resources(session: Session, *, network_id: int) -> int:
    return int(session.scalar(select(func.count()).where(Resource.network_id == network_id)) or 0)


def topic_counts(session: Session, *, network_id: int) -> dict[str, int]:
    """Entries per topic or tag (lower-cased), for every topic or tag that has any."""
    rows = session.execute(
        select(ResourceLabel.value, func.count())
        .join(Resource, Resource.id == ResourceLabel.resource_id)
        .where(Resource.network_id == network_id, ResourceLabel.kind.in_((LabelKind.TOPIC, LabelKind.TAG)))
        .group_by(ResourceLabel.value)
    )
    counts: dict[str, int] = {}
    for value, count in rows:
        counts[value] = counts.get(value, 0) + int(count)
    return counts


def topic_state_counts(session: Session, *, network_id: int) -> dict[tuple[str, str], int]:
    """Entries per (topic or tag, state)."""
    topic, state = aliased(ResourceLabel), aliased(ResourceLabel)
    rows = session.execute(
        select(topic.value, state.value, func.count())
        .join(Resource, Resource.id == topic.resource_id)
        .join(state, and_(state.resource_id == topic.resource_id, state.kind == LabelKind.STATE))
        .where(Resource.network_id == network_id, topic.kind.in_((LabelKind.TOPIC, LabelKind.TAG)))
        .group_by(topic.value, state.value)
    )
    counts: dict[tuple[str, str], int] = {}
    for topic_value, state_value, count in rows:
        counts[(topic_value, state_value)] = counts.get((topic_value, state_value), 0) + int(count)
    return counts


def state_counts(session: Session, *, network_id: int) -> dict[str, int]:
    rows = session.execute(
        select(ResourceLabel.value, func.count())
        .join(Resource, Resource.id == ResourceLabel.resource_id)
        .where(Resource.network_id == network_id, ResourceLabel.kind == LabelKind.STATE)
        .group_by(ResourceLabel.value)
    )
    return {value: int(count) for value, count in rows}


# ------------------------------------------------------------------ curated topics
def topics(session: Session, *, network_id: int) -> list[ResourceTopic]:
    return list(
        session.scalars(select(ResourceTopic).where(ResourceTopic.network_id == network_id).order_by(ResourceTopic.key))
    )


def add_topics(session: Session, *, network_id: int, names: Sequence[str], now: datetime) -> None:
    if not names:
        return
    session.execute(
        insert_for(session, ResourceTopic.__table__)
        .values([{"network_id": network_id, "name": n, "key": n.lower(), "created_at": now} for n in names])
        .on_conflict_do_nothing(index_elements=["network_id", "key"])
    )


def remove_topic(session: Session, *, network_id: int, key: str) -> bool:
    removed = session.execute(
        delete(ResourceTopic)
        .where(ResourceTopic.network_id == network_id, ResourceTopic.key == key)
        .returning(ResourceTopic.id)
    ).first()
    return removed is not None


# ------------------------------------------------------------------ digest schedule
def digest_schedule(session: Session, *, network_id: int) -> DigestSchedule | None:
    return session.get(DigestSchedule, network_id)


def set_digest_schedule(
    session: Session, *, network_id: int, weekday: int, hour: int, minute: int, by_user: str, now: datetime
) -> None:
    values = {"weekday": weekday, "hour": hour, "minute": minute, "updated_by": by_user, "updated_at": now}
    session.execute(
        insert_for(session, DigestSchedule.__table__)
        .values(network_id=network_id, **values)
        .on_conflict_do_update(index_elements=["network_id"], set_=values)
    )


def networks_with_home(session: Session, *, channel_id: str) -> list[Network]:
    return list(session.scalars(select(Network).where(Network.home_channel_id == channel_id)))
