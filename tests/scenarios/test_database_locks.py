"""A database held by another writer: help still answers, a save is refused plainly and saves nothing, /healthz answers.

SQLite: another connection holds the write lock (BEGIN IMMEDIATE) on the database
file. PostgreSQL: another connection holds an EXCLUSIVE lock on the members table
(reads go on, writes wait), so the same journeys run on both backends.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine, make_url

from storage.models import Member
from tests.support.factories.network import HOME, profile_values, set_up_network
from tests.support.harness import PeerbotUnderTest, Response

Locker = Callable[[], AbstractContextManager[None]]


@pytest.fixture
def database_locked(engine: Engine) -> Locker:
    url = make_url(engine.url)

    @contextmanager
    def held() -> Iterator[None]:
        if url.get_backend_name() == "sqlite":
            holder = sqlite3.connect(str(url.database), isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            try:
                yield
            finally:
                holder.execute("ROLLBACK")
                holder.close()
            return
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo) as holder:
            holder.execute("LOCK TABLE members IN EXCLUSIVE MODE")
            try:
                yield
            finally:
                holder.rollback()

    return held


def _timed(send: Callable[[], Response]) -> tuple[Response, float]:
    started = time.monotonic()  # real time, only to bound how long the answer took
    response = send()
    return response, time.monotonic() - started


def test_help_answers_while_another_writer_holds_the_database(
    peerbot: PeerbotUnderTest, database_locked: Locker
) -> None:
    with database_locked():
        response, elapsed = _timed(lambda: peerbot.command("help", user="UMARIA", channel=HOME))
    assert response.status == 200 and elapsed < 1.0
    assert "/peerbot" in str(response.json()["blocks"])


def test_profile_save_during_a_lock_is_refused_in_time_and_nothing_is_saved(
    peerbot: PeerbotUnderTest, database_locked: Locker
) -> None:
    set_up_network(peerbot)
    peerbot.command("profile", user="UMARIA", channel=HOME)
    view = peerbot.opened_view("member_profile")

    with database_locked():
        response, elapsed = _timed(lambda: peerbot.submit(view, profile_values(state="MS"), user="UMARIA"))
        assert elapsed < 3.0, f"answered after {elapsed:.2f}s"
    answer = response.json()
    assert answer["response_action"] == "update"
    assert answer["view"]["title"]["text"] == "Not saved"
    assert "try again" in str(answer["view"]["blocks"]) and "nothing was saved" in str(answer["view"]["blocks"])

    peerbot.settle()
    with peerbot.session_factory() as session:
        maria = session.scalar(select(Member).where(Member.user_id == "UMARIA"))
    assert maria is not None and maria.state is None  # not saved later either

    retried = peerbot.submit(view, profile_values(state="MS"), user="UMARIA")  # the lock is gone: trying again works
    assert "Mississippi" in str(retried.json()["view"])


def test_healthz_answers_within_two_seconds_while_another_writer_holds_the_database(
    peerbot: PeerbotUnderTest, database_locked: Locker
) -> None:
    with database_locked():
        response, elapsed = _timed(lambda: peerbot.request("GET", "/healthz"))
    assert elapsed < 2.0
    assert response.status == 200 and response.text == "ok\n"  # a reader is not blocked by a writer
