"""Full-text search over the resource library, in the database: FTS5 on SQLite, tsvector on PostgreSQL.

Both backends see the same words: runs of letters and digits, lower-cased, accents kept, no stemming
and no stop words (FTS5 ``unicode61 remove_diacritics 0``; PostgreSQL's ``simple`` configuration fed
text whose non-alphanumerics were replaced by spaces). Stemmers differ between the two (Porter vs.
Snowball, and PostgreSQL's ``english`` drops stop words), so neither is used; every query word matches
as a prefix instead, which finds "children" for "child" on both.

Every word must match (AND). Results are ordered by a relevance bucket computed identically on both
backends — 2 when every word is in the title, 1 when every word is in the title, topics or tags, 0 when
the description is needed — then by helpful votes, then newest first. bm25 and ts_rank are not used:
their scales differ, so the same data would come back in a different order on each backend.

On SQLite the buckets are FTS5 column filters on one table; on PostgreSQL each bucket has its own
generated tsvector column and GIN index (see SEARCH_COLUMNS), so no bucket needs a recheck of rows
that only match elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, literal, literal_column, select, table
from sqlalchemy.orm import Session

from storage.models import LabelKind, Resource, ResourceLabel

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
