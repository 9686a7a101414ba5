"""Nobody holding a copy of the database files can pair a respondent with an anonymous answer.

The tests answer in a known order, then read what an attacker would: SQLite's files byte
by byte (database, write-ahead log, shared memory), PostgreSQL's row versions' system columns.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from domain.pulses.answers import AnswerOutcome, AnswerReceipt, change_answer, current_answers, record_answer
from domain.pulses.definitions import QuestionDraft, QuestionKind
from domain.pulses.lifecycle import close_wave
from slackio.client import build_web_client
from storage import pulses as store
from storage.db import SessionFactory
from storage.models import PendingAnswer, PulseWave, Response
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.pulses import AGREE_Q, draft, network_with_members, opened_wave
from workflows.context import RunContext
from workflows.pulses import settle_anonymous_answers

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
TEXT_Q = QuestionDraft(text="What helped most?", kind=QuestionKind.TEXT)
# Fifteen members, answering in this order; Wyoming's only member is among them.
ORDER = (*(f"U{i:02d}" for i in range(1, 15)), "UWY")
ROSTER = {user: ("TX", "Health") for user in ORDER[:-1]} | {"UWY": ("WY", "Parks")}


def _marker(index: int) -> str:
    return f"answer-marker-{index:03d}-zq"  # what the test's member writes; never a person's id


def _monotonic(indexes: list[int]) -> bool:
    return indexes == sorted(indexes) or indexes == sorted(indexes, reverse=True)


def _ctx(session_factory: SessionFactory, slack: SlackStub, clock: FakeClock) -> RunContext:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    return RunContext(session_factory, client, clock, slack.bot_user_id)


def _files(session_factory: SessionFactory) -> bytes:
    engine = session_factory.kw["bind"]
    database = Path(engine.url.database)
    return b"".join(p.read_bytes() for p in (database, Path(f"{database}-wal"), Path(f"{database}-shm")) if p.exists())


def _answer_all(session_factory: SessionFactory) -> tuple[int, dict[str, AnswerReceipt]]:
    with session_factory.begin() as session:
        network = network_with_members(session, now=NOW, members=ROSTER)
        questions = (AGREE_Q, TEXT_Q)
        wave_id = opened_wave(session, network=network, pulse_draft=draft(now=NOW, questions=questions), now=NOW).id
    receipts = {}
    for index, user in enumerate(ORDER):
        with session_factory.begin() as session:
            wave = session.get(PulseWave, wave_id)
            assert wave is not None
            agree, written = (str(q.id) for q in store.questions(session, pulse_id=wave.pulse_id))
            answers = {agree: 1 + index % 5, written: _marker(index)}
            receipts[user] = record_answer(session, wave=wave, user_id=user, answers=answers, now=NOW)  # type: ignore[arg-type]
            assert receipts[user].outcome == AnswerOutcome.SAVED
    return wave_id, receipts


def test_sqlite_files_never_pair_a_respondent_with_an_answer(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    if session_factory.kw["bind"].dialect.name != "sqlite":
        pytest.skip("reads SQLite's files")
    wave_id, receipts = _answer_all(session_factory)

    # Every respondent is recorded, yet no byte of any file (log included) holds an answer or a label beside it.
    files = _files(session_factory)
    assert all(user.encode() in files for user in ORDER)
    assert not any(_marker(i).encode() in files for i in range(len(ORDER)))

    assert settle_anonymous_answers(_ctx(session_factory, slack, clock)) == len(ORDER) - 3
    engine = session_factory.kw["bind"]
    database = Path(engine.url.database)
    assert Path(f"{database}-wal").stat().st_size == 0  # the log is emptied: it keeps no history
    files = _files(session_factory)
    shown = [i for i in range(len(ORDER)) if _marker(i).encode() in files]
    assert len(shown) == len(ORDER) - 3  # one batch; at least the minimum still waits, sealed
    assert all(files.count(_marker(i).encode()) == 1 for i in shown)  # no older copy lingers anywhere
    # Where each answer sits in the file follows the shuffle, not the order people answered in
    # (12 answers: arrival order or its reverse by chance is 1 in 240 million).
    assert not _monotonic(sorted(shown, key=lambda i: files.index(_marker(i).encode())))
    with session_factory() as session:
        rows = session.scalars(select(Response).where(Response.wave_id == wave_id)).all()
        assert all(r.user_id is None and r.group_state is None and r.group_agency is None for r in rows)
        assert all(r.sealed_groups for r in rows) and len({len(r.sealed_groups or "") for r in rows}) == 1

    # "Change answer" still works from the DM's secret, for answers waiting or already moved.
    with session_factory.begin() as session:
        wave = session.get(PulseWave, wave_id)
        assert wave is not None
        agree, written = (str(q.id) for q in store.questions(session, pulse_id=wave.pulse_id))
        for user in ORDER:
            key = receipts[user].change_key
            new = {agree: 3, written: f"changed by the secret {key}"[:40]}
            assert change_answer(session, wave=wave, user_id=user, change_key=key, answers=new, now=NOW).outcome == (
                AnswerOutcome.CHANGED
            )
            assert current_answers(session, wave=wave, user_id=user, change_key=key) == new

    with session_factory.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(days=8))
    settle_anonymous_answers(_ctx(session_factory, slack, clock))
    assert Path(f"{database}-wal").stat().st_size == 0
    files = _files(session_factory)
    assert not any(receipts[user].change_key.encode() in files for user in ORDER)  # type: ignore[union-attr]
    with session_factory() as session:
        rows = session.scalars(select(Response).where(Response.wave_id == wave_id)).all()
        assert len(rows) == len(ORDER) and session.scalar(select(func.count()).select_from(PendingAnswer)) == 0
        # Texas's 7 could be shown, but then Wyoming's one answer would be the rest: no label survives.
        assert {(r.group_state, r.group_agency, r.change_key_hash, r.sealed_groups) for r in rows} == {
            (None, None, None, None)
        }


def test_postgresql_row_versions_never_pair_a_respondent_with_an_answer(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    if session_factory.kw["bind"].dialect.name != "postgresql":
        pytest.skip("reads PostgreSQL's system columns")
    wave_id, _receipts = _answer_all(session_factory)
    with session_factory() as session:
        respondents = dict(session.execute(text("SELECT user_id, xmin::text FROM pulse_respondents")).all())
        # The answer's transaction wrote the respondent too, but all it wrote of the answer is sealed.
        pending = session.execute(text("SELECT xmin::text, sealed FROM pulse_pending_answers")).all()
        assert {xmin for xmin, _sealed in pending} == set(respondents.values())
        assert not any(_marker(i) in sealed for _xmin, sealed in pending for i in range(len(ORDER)))
        assert len({len(sealed) for _xmin, sealed in pending}) == 1  # not even the size differs

    settle_anonymous_answers(_ctx(session_factory, slack, clock))
    with session_factory() as session:
        rows = session.execute(
            text("SELECT xmin::text, ctid::text, answers FROM pulse_responses WHERE wave_id = :w ORDER BY ctid"),
            {"w": wave_id},
        ).all()
        assert len(rows) == len(ORDER) - 3
        arrival = [int(answers.split("answer-marker-")[1][:3]) for _xmin, _ctid, answers in rows]
        assert not _monotonic(arrival)  # physical order is the shuffle's, not the order people answered in
        # One transaction wrote them all, after every respondent, and wrote no respondent.
        assert len({xmin for xmin, _ctid, _answers in rows}) == 1
        assert rows[0][0] not in set(respondents.values())
        left = session.execute(text("SELECT xmin::text FROM pulse_pending_answers")).scalars().all()
        assert len(left) == 3
    with session_factory.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(days=8))
    with session_factory() as session:
        final = session.execute(
            text(
                "SELECT xmin::text, group_state, group_agency, change_key_hash FROM pulse_responses WHERE wave_id = :w"
            ),
            {"w": wave_id},
        ).all()
        assert len(final) == len(ORDER) and len({xmin for xmin, *_rest in final}) == 1
        assert {tuple(rest) for _xmin, *rest in final} == {(None, None, None)}


def test_named_pulses_and_small_pools_are_left_alone(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    with session_factory.begin() as session:
        network = network_with_members(session, now=NOW, members={"UA": ("TX", "Health"), "UB": ("OH", "Schools")})
        anonymous = opened_wave(session, network=network, pulse_draft=draft(now=NOW), now=NOW).id
        named = opened_wave(session, network=network, pulse_draft=draft(now=NOW, anonymous=False), now=NOW).id
    for wave_id in (anonymous, named):
        for user in ("UA", "UB"):
            with session_factory.begin() as session:
                wave = session.get(PulseWave, wave_id)
                assert wave is not None
                qid = str(store.questions(session, pulse_id=wave.pulse_id)[0].id)
                record_answer(session, wave=wave, user_id=user, answers={qid: 4}, now=NOW)

    assert settle_anonymous_answers(_ctx(session_factory, slack, clock)) == 0

    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(PendingAnswer)) == 2
        assert sorted(session.scalars(select(Response.user_id).where(Response.wave_id == named))) == ["UA", "UB"]
