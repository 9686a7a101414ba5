"""Home for a large network: within Block Kit's limits, built with the same small number of queries at any size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from domain.home.view import load_home
from rendering.home.view import home_view
from storage.db import SessionFactory
from tests.slackstub.validation import validate_view
from tests.support.factories.large_home import large_network

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
# Fixed whatever the network's size: the participant rule (roster spells, attendees, who was asked) and the
# calendar (pauses, the private feed) each add a query or two to what Home needs, never one per row.
QUERY_BUDGET = 30


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _build(session_factory: SessionFactory, engine: Engine, *, user: str) -> tuple[dict[str, Any], int]:
    with counted(engine) as statements, session_factory.begin() as session:
        data = load_home(session, team_id="T0001", user_id=user, now=NOW)
        view = home_view(data).to_dict()
    return view, len(statements)


def test_home_of_a_large_network_stays_in_limits_with_a_fixed_number_of_queries(
    session_factory: SessionFactory, engine: Engine
) -> None:
    with session_factory.begin() as session:
        _, member, facilitator = large_network(session, now=NOW, members=2000, meetings=500, waves=200, resources=3000)

    member_view, member_queries = _build(session_factory, engine, user=member)
    facilitator_view, facilitator_queries = _build(session_factory, engine, user=facilitator)

    for view in (member_view, facilitator_view):
        assert validate_view(view) == []
        assert len(view["blocks"]) <= 100
    shown = str(facilitator_view["blocks"])
    assert "Network health" in shown and "…and 2995 more in the library" in shown
    assert "…and 15 more" in str(member_view["blocks"])  # 20 open pulses, 5 shown
    for view in (member_view, facilitator_view):  # every section fits: nothing is cut by the last guard
        text = str(view["blocks"])
        assert "Network progress" in text and "Peer introductions" in text and "/peerbot help" in text
    assert "paused until" in str(member_view["blocks"])
    assert member_queries <= QUERY_BUDGET and facilitator_queries <= QUERY_BUDGET


def test_query_count_does_not_grow_with_the_network(session_factory: SessionFactory, engine: Engine) -> None:
    with session_factory.begin() as session:
        _, small_member, small_facilitator = large_network(
            session, now=NOW, members=30, meetings=10, waves=25, resources=20
        )
    small = [_build(session_factory, engine, user=u)[1] for u in (small_member, small_facilitator)]
    with session_factory.begin() as session:
        session.execute(text("DELETE FROM networks"))
    with session_factory.begin() as session:
        _, big_member, big_facilitator = large_network(
            session, now=NOW, members=600, meetings=200, waves=60, resources=800
        )
    big = [_build(session_factory, engine, user=u)[1] for u in (big_member, big_facilitator)]
    assert small == big
