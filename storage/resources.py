"""Queries for the resource library, its full-text search included (``search``)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, column, delete, func, literal, literal_column, select, table, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from storage.models import DigestSchedule, LabelKind, Resource, ResourceLabel, ResourceTopic, ResourceVote
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


WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12

# Objects the migration makes outside the ORM models (the FTS5 table and its shadow tables on SQLite,
# the generated tsvector column and its GIN index on PostgreSQL): schema comparison must skip them.
FTS_TABLE = "resources_fts"
# PostgreSQL: one generated tsvector column (and GIN index ix_resources_<column>) per relevance bucket.
SEARCH_COLUMNS = {"title": "search_title", "meta": "search_meta", "all": "search_all"}


def is_search_index_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic ``include_object`` hook: False for the full-text objects the models don't describe."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name in SEARCH_COLUMNS.values():
        return False
    return not (type_ == "index" and name in {f"ix_resources_{c}" for c in SEARCH_COLUMNS.values()})


def search_terms(text: str) -> list[str]:
    """The words of ``text`` as the index sees them (at most MAX_TERMS, first ones kept)."""
    seen: list[str] = []
    for word in WORD.findall(text.lower()):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


# Best first: every word in the title; every word in title, topics or tags; anywhere (description too).
RELEVANCE_BUCKETS = ("title", "meta", "all")


def _fts5_match(terms: Sequence[str], columns: str | None = None) -> str:
    expression = " AND ".join(f'"{term}"*' for term in terms)
    return f"{{{columns}}} : ({expression})" if columns else expression


def _tsquery(terms: Sequence[str]) -> str:
    return " & ".join(f"{term}:*" for term in terms)


def _matching(session: Session, terms: Sequence[str], *, fields: str) -> ColumnElement[bool]:
    """Rows where every term matches within ``fields`` ("all", "meta" = title/topics/tags, "title")."""
    if session.get_bind().dialect.name == "postgresql":
        query = func.to_tsquery(literal_column("'simple'::regconfig"), literal(_tsquery(terms)))
        return literal_column(f"resources.{SEARCH_COLUMNS[fields]}").op("@@")(query)
    columns = {"all": None, "meta": "title topics tags", "title": "title"}[fields]
    fts = table(FTS_TABLE, column("rowid"))
    rowids = select(fts.c.rowid).where(literal_column(FTS_TABLE).op("MATCH")(literal(_fts5_match(terms, columns))))
    return Resource.id.in_(rowids)


def _has_label(kinds: Collection[LabelKind], values: Collection[str]) -> ColumnElement[bool]:
    # IN (not a correlated EXISTS) so the planner can start from the label index when a filter is selective.
    return Resource.id.in_(
        select(ResourceLabel.resource_id).where(ResourceLabel.kind.in_(kinds), ResourceLabel.value.in_(values))
    )


def _filtered(
    *,
    network_id: int,
    states: Collection[str],
    topics: Collection[str],
    kinds: Collection[str],
    shared_by: Collection[str],
) -> Select[Any]:
    statement = select(Resource).where(Resource.network_id == network_id)
    if states:
        statement = statement.where(_has_label([LabelKind.STATE], states))
    if topics:
        statement = statement.where(_has_label([LabelKind.TOPIC, LabelKind.TAG], [t.lower() for t in topics]))
    if kinds:
        statement = statement.where(Resource.kind.in_(kinds))
    if shared_by:
        statement = statement.where(Resource.shared_by.in_(shared_by))
    return statement


def _best_first(statement: Select[Any]) -> Select[Any]:
    return statement.order_by(Resource.helpful_votes.desc(), Resource.created_at.desc(), Resource.id.desc())


def search(
    session: Session,
    *,
    network_id: int,
    terms: Sequence[str] = (),
    states: Collection[str] = (),
    topics: Collection[str] = (),
    kinds: Collection[str] = (),
    shared_by: Collection[str] = (),
    offset: int = 0,
    limit: int = 5,
) -> list[Resource]:
    """One page of matching resources, best first; ask for one more than you show to know if there are more.

    The relevance buckets are read one after the other, best first, each sorted on its own and only
    as far as the page needs: the title bucket usually fills a page, so the larger buckets are never
    sorted. A bucket is only left when it is exhausted, so the rows already read are all of it and
    later buckets exclude them by id.
    """
    base = _filtered(network_id=network_id, states=states, topics=topics, kinds=kinds, shared_by=shared_by)
    wanted = offset + limit
    if not terms:
        return list(session.scalars(_best_first(base).offset(offset).limit(limit)))
    found: list[Resource] = []
    for fields in RELEVANCE_BUCKETS:
        statement = base.where(_matching(session, terms, fields=fields))
        if found:
            statement = statement.where(Resource.id.not_in([r.id for r in found]))
        found.extend(session.scalars(_best_first(statement).limit(wanted - len(found))))
        if len(found) >= wanted:
            break
    return found[offset:wanted]
