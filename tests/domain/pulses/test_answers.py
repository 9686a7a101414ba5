"""Answers are stored exactly once per person per wave, and anonymous ones carry nothing personal."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, inspect, select, text

from domain.errors import InvalidInput
from domain.pulses.answers import AnswerOutcome, change_answer, clean_answers, current_answers, record_answer
from domain.pulses.definitions import Audience, QuestionDraft, QuestionKind
from domain.pulses.lifecycle import close_wave
from domain.pulses.pool import settle_open_wave
from domain.pulses.seal import answer_key_from_secret
from storage import pulses as store
from storage.db import SessionFactory, create_session_factory
from storage.models import PendingAnswer, PulseWave, Respondent, Response
from tests.support.factories.pulses import AGREE_Q, draft, network_with_members, opened_wave

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
ROSTER = {
    "UA": ("TX", "Health"),
    "UB": ("TX", "Health"),
    "UC": ("TX", "Schools"),
    "UD": ("OH", "Health"),
}


def _wave(session_factory: SessionFactory, **kwargs: object) -> int:
    with session_factory.begin() as session:
        network = network_with_members(session, now=NOW, members=ROSTER)
        return opened_wave(session, network=network, pulse_draft=draft(now=NOW, **kwargs), now=NOW).id  # type: ignore[arg-type]


def _answer(session_factory: SessionFactory, wave_id: int, user: str, value: object, now: datetime = NOW) -> object:
    with session_factory.begin() as session:
        wave = session.get(PulseWave, wave_id)
        assert wave is not None
        question = store.questions(session, pulse_id=wave.pulse_id)[0]
        return record_answer(session, wave=wave, user_id=user, answers={str(question.id): value}, now=now)  # type: ignore[dict-item]


def test_anonymous_response_rows_hold_no_person_time_or_sequence(session_factory: SessionFactory) -> None:
    wave_id = _wave(session_factory)
    receipts = [_answer(session_factory, wave_id, user, 4) for user in ("UA", "UB", "UC", "UD")]
    assert all(r.outcome == AnswerOutcome.SAVED and r.change_key for r in receipts)  # type: ignore[attr-defined]
    with session_factory() as session:
        # While open, the answers wait sealed: nothing readable yet.
        assert session.scalar(select(func.count()).select_from(Response)) == 0
        sealed = " ".join(session.scalars(select(PendingAnswer.sealed)))
        assert '"' not in sealed and "Health" not in sealed
    with session_factory.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(hours=1))
    with session_factory() as session:
        columns = {c["name"] for c in inspect(session.get_bind()).get_columns("pulse_responses")}
        assert columns == {
            "id",
            "wave_id",
            "user_id",
            "group_state",
            "group_agency",
            "answers",
            "change_key_hash",
            "sealed_groups",
        }
        respondent_columns = {c["name"] for c in inspect(session.get_bind()).get_columns("pulse_respondents")}
        assert respondent_columns == {"wave_id", "user_id", "state_unit"}  # no time, nothing pointing at an answer
        assert session.scalar(select(func.count()).select_from(PendingAnswer)) == 0
        rows = session.scalars(select(Response).where(Response.wave_id == wave_id)).all()
        assert len(rows) == 4
        assert all(r.user_id is None for r in rows)
        assert all(len(r.id) == 32 and not r.id.isdigit() for r in rows)
        dumped = " ".join(f"{r.id} {r.answers} {r.group_state} {r.group_agency} {r.change_key_hash}" for r in rows)
        assert not any(user in dumped for user in ROSTER)
        assert all(r.change_key_hash not in {rc.change_key for rc in receipts} for r in rows)  # type: ignore[attr-defined]
        respondents = session.scalars(select(Respondent.user_id).where(Respondent.wave_id == wave_id)).all()
        assert sorted(respondents) == ["UA", "UB", "UC", "UD"]


def test_labels_are_decided_at_close_by_respondents_not_recipients(session_factory: SessionFactory) -> None:
    wave_id = _wave(session_factory)
    for user in ("UA", "UB", "UD"):  # two of Texas's three recipients answer, and Ohio's only one
        _answer(session_factory, wave_id, user, 5)
    with session_factory.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(hours=1))
    with session_factory() as session:
        rows = session.scalars(select(Response).where(Response.wave_id == wave_id)).all()
        # Texas had 3 recipients but only 2 respondents: no state label may narrow an answer to fewer than 3
        # people. All three respondents work in health, so that label hides them among 3.
        assert [(r.group_state, r.group_agency, r.sealed_groups) for r in rows] == [(None, "Health", None)] * 3


def test_labels_of_big_enough_groups_survive_the_close_unless_subtraction_would_expose_the_rest(
    session_factory: SessionFactory,
) -> None:
    wave_id = _wave(session_factory)
    for user in ("UA", "UB", "UC"):
        _answer(session_factory, wave_id, user, 5)
    with session_factory.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(hours=1))
    with session_factory() as session:
        rows = session.scalars(select(Response).where(Response.wave_id == wave_id)).all()
        assert sorted(str(r.group_state) for r in rows) == ["TX", "TX", "TX"]
        assert sorted(str(r.group_agency) for r in rows) == ["None", "None", "None"]  # Health 2 + Schools 1


def test_sqlite_keeps_no_insertion_order_for_answers(session_factory: SessionFactory) -> None:
    wave_id = _wave(session_factory)
    for user in ROSTER:
        _answer(session_factory, wave_id, user, 3)
    with session_factory() as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("rowid is SQLite's")
        for table in ("pulse_responses", "pulse_respondents", "pulse_pending_answers"):
            with pytest.raises(Exception, match="rowid"):
                session.execute(text(f"SELECT rowid FROM {table}")).all()  # noqa: S608


def test_closing_an_anonymous_wave_forgets_the_change_keys(session_factory: SessionFactory) -> None:
    wave_id = _wave(session_factory)
    _answer(session_factory, wave_id, "UA", 2)
    with session_factory.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(hours=1))
    with session_factory() as session:
        rows = session.scalars(select(Response).where(Response.wave_id == wave_id)).all()
        assert [r.change_key_hash for r in rows] == [None]
        assert [r.answers for r in rows] == [rows[0].answers]


def test_anonymous_change_answer_needs_the_secret_from_the_dm(session_factory: SessionFactory) -> None:
    wave_id = _wave(session_factory)
    receipt = _answer(session_factory, wave_id, "UA", 2)
    with session_factory.begin() as session:
        wave = session.get(PulseWave, wave_id)
        assert wave is not None
        qid = str(store.questions(session, pulse_id=wave.pulse_id)[0].id)
        again = record_answer(session, wave=wave, user_id="UA", answers={qid: 5}, now=NOW)
        assert again.outcome == AnswerOutcome.ALREADY
        no_key = change_answer(session, wave=wave, user_id="UA", change_key=None, answers={qid: 5}, now=NOW)
        assert no_key.outcome == AnswerOutcome.NOT_ASKED
        key = receipt.change_key  # type: ignore[attr-defined]
        changed = change_answer(session, wave=wave, user_id="UA", change_key=key, answers={qid: 5}, now=NOW)
        assert changed.outcome == AnswerOutcome.CHANGED
        assert current_answers(session, wave=wave, user_id="UA", change_key=key) == {qid: 5}
    with session_factory.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(hours=1))
    with session_factory() as session:
        assert session.scalar(select(Response.answers).where(Response.wave_id == wave_id)) == f'{{"{qid}":5}}'


def test_a_click_after_the_deadline_stores_nothing(session_factory: SessionFactory) -> None:
    wave_id = _wave(session_factory, days=1)
    receipt = _answer(session_factory, wave_id, "UA", 4, now=NOW + timedelta(days=2))
    assert receipt.outcome == AnswerOutcome.CLOSED  # type: ignore[attr-defined]
    with session_factory() as session:
        assert session.scalars(select(Response)).all() == []
        assert session.scalars(select(Respondent)).all() == []


def test_people_outside_the_audience_cannot_answer(session_factory: SessionFactory) -> None:
    wave_id = _wave(session_factory)
    assert _answer(session_factory, wave_id, "USTRANGER", 4).outcome == AnswerOutcome.NOT_ASKED  # type: ignore[attr-defined]


@pytest.mark.parametrize("anonymous", [True, False])
def test_racing_clicks_from_two_devices_leave_one_response(session_factory: SessionFactory, anonymous: bool) -> None:
    wave_id = _wave(session_factory, anonymous=anonymous)
    barrier = threading.Barrier(6)
    outcomes: list[object] = []

    def click(value: int) -> None:
        barrier.wait()
        outcomes.append(_answer(session_factory, wave_id, "UA", value))

    threads = [threading.Thread(target=click, args=(v,)) for v in (1, 2, 3, 4, 5, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with session_factory() as session:
        stored = session.scalars(select(Response).where(Response.wave_id == wave_id)).all()
        waiting = session.scalars(select(PendingAnswer).where(PendingAnswer.wave_id == wave_id)).all()
        assert len(stored) + len(waiting) == 1
        assert len(session.scalars(select(Respondent).where(Respondent.wave_id == wave_id)).all()) == 1
    saved = [o for o in outcomes if o.outcome == AnswerOutcome.SAVED]  # type: ignore[attr-defined]
    assert len(saved) == 1


def test_one_per_state_pulses_take_the_first_answer_from_each_state(session_factory: SessionFactory) -> None:
    wave_id = _wave(session_factory, anonymous=False, audience=Audience.PER_STATE)
    assert _answer(session_factory, wave_id, "UA", 4).outcome == AnswerOutcome.SAVED  # type: ignore[attr-defined]
    assert _answer(session_factory, wave_id, "UB", 2).outcome == AnswerOutcome.STATE_DONE  # type: ignore[attr-defined]
    assert _answer(session_factory, wave_id, "UD", 5).outcome == AnswerOutcome.SAVED  # type: ignore[attr-defined]


def test_answers_are_checked_against_the_questions(session_factory: SessionFactory) -> None:
    multi = QuestionDraft(text="Which?", kind=QuestionKind.MULTIPLE, choices=("a", "b", "c"), max_choices=2)
    wave_id = _wave(session_factory, questions=(AGREE_Q, multi))
    with session_factory() as session:
        wave = session.get(PulseWave, wave_id)
        assert wave is not None
        questions = list(store.questions(session, pulse_id=wave.pulse_id))
    agree, pick = (str(q.id) for q in questions)
    assert clean_answers(questions, {agree: "4", pick: ["0", "2"]}) == {agree: 4, pick: [0, 2]}
    with pytest.raises(InvalidInput) as error:
        clean_answers(questions, {agree: 9, pick: [0, 1, 2]})
    assert set(error.value.errors) == {f"q{agree}", f"q{pick}"}
    with pytest.raises(InvalidInput):
        clean_answers(questions, {pick: [0]})  # the agreement question is required


def test_named_and_closed_waves_are_left_alone(session_factory: SessionFactory) -> None:
    named = _wave(session_factory, anonymous=False)
    first = next(iter(ROSTER))
    _answer(session_factory, named, first, 4)
    with session_factory.begin() as session:
        assert not settle_open_wave(session, wave_id=named)
    with session_factory() as session:
        assert session.scalar(select(Response.user_id).where(Response.wave_id == named)) == first


def test_the_longest_anonymous_answer_a_pulse_allows_is_sealed_and_kept(session_factory: SessionFactory) -> None:
    written = QuestionDraft(text="Anything else?", kind=QuestionKind.TEXT)
    wave_id = _wave(session_factory, questions=(written,))
    longest = ('😀\u0001"é' * 750)[:3000]
    with session_factory.begin() as session:
        wave = session.get(PulseWave, wave_id)
        assert wave is not None
        qid = str(store.questions(session, pulse_id=wave.pulse_id)[0].id)
        receipt = record_answer(session, wave=wave, user_id="UA", answers={qid: longest}, now=NOW)
        assert receipt.outcome == AnswerOutcome.SAVED
        assert current_answers(session, wave=wave, user_id="UA", change_key=receipt.change_key) == {qid: longest}
        assert len({len(sealed) for sealed in session.scalars(select(PendingAnswer.sealed))}) == 1
    with session_factory.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(days=8))
    with session_factory() as session:
        assert session.scalars(select(Response.answers)).one() == json.dumps({qid: longest}, separators=(",", ":"))


def test_a_changed_signing_secret_never_stops_a_wave_from_closing(
    session_factory: SessionFactory, caplog: pytest.LogCaptureFixture
) -> None:
    wave_id = _wave(session_factory)
    _answer(session_factory, wave_id, "UA", 2)
    other = create_session_factory(session_factory.kw["bind"], answer_key=answer_key_from_secret("a-new-secret-123456"))
    with other.begin() as session:
        assert close_wave(session, wave_id=wave_id, now=NOW + timedelta(hours=1))
    assert "1 waiting anonymous answers of wave" in caplog.text  # a count, never the answer
    with session_factory() as session:
        assert session.get(PulseWave, wave_id).status == "closed"  # type: ignore[union-attr]
        assert session.scalars(select(Response).where(Response.wave_id == wave_id)).all() == []
