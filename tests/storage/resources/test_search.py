"""Full-text search gives the same, independently predictable results on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from domain.resources.library import ResourceDraft, add_resource, delete_resource, mark_helpful, update_resource
from storage import network as network_store
from storage import resources as search
from storage import resources as store
from storage.db import SessionFactory
from storage.models import Network, Resource

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)

# (title, description, topics, tags, states, votes)
FIXTURE = [
    ("Child care toolkit", "Steps for licensing home-based providers.", ["Child care"], ["licensing"], ["MS"], 0),
    ("Home visiting report", "What Mississippi learned about child outcomes.", ["Home visiting"], [], ["MS"], 2),
    ("Childhood nutrition data", "County-level data on school meals.", ["Nutrition"], ["data"], ["AL"], 1),
    ("Workforce training curriculum", "A child care workforce course.", ["Workforce"], ["child care"], ["TX"], 0),
    ("Policy brief on care", "Care coordination for children's services.", ["Child care"], [], ["NY", "MS"], 3),
    ("Café programs in Puerto Rico", "Community café model, 2024 edition.", [], ["community"], ["PR"], 0),
    ("Broadband access", "Rural connectivity and telehealth.", ["Infrastructure"], [], ["MT"], 0),
    ("Child-care subsidy calculator", "Estimate eligibility; COVID19 rules included.", [], ["subsidy"], ["OH"], 1),
    ("Careers in public health", "Recruiting and retention.", ["Workforce"], [], ["WA"], 0),
    ("Children's mental health", "School-based care models.", ["Health"], ["child"], ["CA"], 0),
]
QUERIES = [
    "child care",
    "child",
    "care",
    "data",
    "cafe",
    "café",
    "covid19",
    "childhood nutrition",
    "health",
    "work",
    "care children",
    "ms",
    "2024",
    "care-coordination",
    "nothing matches this",
    'and OR "not" NEAR(care',  # FTS5 and tsquery syntax is only ever searched for, never obeyed
    "c*a^r:e!",
]


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _expected(rows: list[Resource], query: str) -> list[int]:
    """The order the issue asks for, computed in Python from the data alone."""
    terms = list(dict.fromkeys(_words(query)))

    def has_all(words: list[str]) -> bool:
        return all(any(w.startswith(t) for w in words) for t in terms)

    ranked = []
    for r in rows:
        title, meta = _words(r.title), _words(" ".join([r.title, r.topics, r.tags]))
        everything = _words(" ".join([r.title, r.topics, r.tags, r.description]))
        if not has_all(everything):
            continue
        bucket = 2 if has_all(title) else 1 if has_all(meta) else 0
        ranked.append(((-bucket, -r.helpful_votes, -r.created_at.timestamp(), -r.id), r.id))
    return [rid for _key, rid in sorted(ranked)]


@pytest.fixture
def library(session_factory: SessionFactory) -> tuple[Network, list[Resource]]:
    with session_factory.begin() as session:
        network = network_store.add_network(
            session,
            team_id="T0001",
            channel_id="CHOME",
            name="Equity",
            timezone="America/Chicago",
            created_by="UFAC",
            now=NOW,
        )
        store.add_topics(
            session,
            network_id=network.id,
            now=NOW,
            names=sorted({t for row in FIXTURE for t in row[2]}),
        )
        rows = []
        for i, (title, description, topics, tags, states, votes) in enumerate(FIXTURE):
            resource = add_resource(
                session,
                network=network,
                by_user="UMARIA",
                now=NOW + timedelta(hours=i),
                draft=ResourceDraft(
                    title=title,
                    url=f"https://example.org/r/{i}",
                    description=description,
                    states=tuple(states),
                    topics=tuple(topics),
                    tags=tuple(tags),
                    kind="report",
                ),
            )
            for v in range(votes):
                mark_helpful(session, resource=resource, user_id=f"UVOTER{v}", now=NOW)
            rows.append(resource)
        session.expunge_all()
    return network, rows


@pytest.mark.parametrize("query", QUERIES)
def test_search_order_is_the_same_predictable_order_on_every_backend(
    session_factory: SessionFactory, library: tuple[Network, list[Resource]], query: str
) -> None:
    network, rows = library
    with session_factory.begin() as session:
        found = search.search(session, network_id=network.id, terms=search.search_terms(query), limit=100)
        assert [r.id for r in found] == _expected(rows, query)


def test_words_match_the_start_of_words_and_all_must_match(
    session_factory: SessionFactory, library: tuple[Network, list[Resource]]
) -> None:
    network, _rows = library
    with session_factory.begin() as session:
        titles = [r.title for r in search.search(session, network_id=network.id, terms=["childh"], limit=50)]
        assert titles == ["Childhood nutrition data"]
        both = search.search(session, network_id=network.id, terms=["broadband", "telehealth"], limit=50)
        assert [r.title for r in both] == ["Broadband access"]
        assert search.search(session, network_id=network.id, terms=["broadband", "licensing"], limit=50) == []


def test_an_edited_entry_is_found_by_its_new_words_at_once(
    session_factory: SessionFactory, library: tuple[Network, list[Resource]]
) -> None:
    network, rows = library
    with session_factory.begin() as session:
        resource = session.get(Resource, rows[6].id)
        assert resource is not None
        update_resource(
            session,
            network=network,
            resource=resource,
            by_user="UMARIA",
            now=NOW,
            draft=ResourceDraft(title="Satellite internet guide", url=resource.url, kind="toolkit"),
        )
        assert [r.id for r in search.search(session, network_id=network.id, terms=["satellite"])] == [resource.id]
        assert search.search(session, network_id=network.id, terms=["broadband"]) == []


def test_a_deleted_entry_leaves_search_in_the_same_transaction(
    session_factory: SessionFactory, library: tuple[Network, list[Resource]]
) -> None:
    network, rows = library
    with session_factory.begin() as session:
        resource = session.get(Resource, rows[6].id)
        assert resource is not None
        delete_resource(session, network=network, resource=resource, by_user="UMARIA")
        assert search.search(session, network_id=network.id, terms=["broadband"]) == []
