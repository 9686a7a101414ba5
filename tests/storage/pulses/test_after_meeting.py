"""Pulses after meetings in storage: one wave per occurrence by the database, links that outlive a deleted series."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from domain.meetings.series import MeetingForm, create_meeting, validate
from domain.pulses.definitions import Recurrence
from domain.pulses.lifecycle import create_pulse
from storage import migrate
from storage import pulses as store
from storage.db import SessionFactory, create_db_engine
from storage.models import Meeting, Occurrence, Pulse, PulseWave
from tests.support.factories.pulses import draft, network_with_members

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def _pulse_after_a_meeting(session_factory: SessionFactory) -> tuple[int, int, int]:
    """A pulse following a one-meeting series; returns (pulse id, meeting id, occurrence id)."""
    with session_factory.begin() as session:
        network = network_with_members(session, now=NOW, members={"UMARIA": ("TX", "Health")})
        form = MeetingForm(
            title="Peer call", start_date="2026-01-06", start_time="14:00", duration="60", channel_id="CHOME"
        )
        meeting = create_meeting(
            session, network=network, plan=validate(form, zone=network.timezone, now=NOW), by_user="UFAC", now=NOW
        )
        pulse_draft = replace(draft(now=NOW, recurrence=Recurrence.AFTER_MEETING), meeting_id=meeting.id)
        assert create_pulse(session, network=network, draft=pulse_draft, by_user="UFAC", now=NOW) is None
        pulse = session.scalars(select(Pulse)).one()
        occurrence = session.scalars(select(Occurrence)).one()
        return pulse.id, meeting.id, occurrence.id


def test_the_database_refuses_a_second_wave_for_the_same_meeting(session_factory: SessionFactory) -> None:
    pulse_id, _, occurrence_id = _pulse_after_a_meeting(session_factory)
    for number, expected in ((1, True), (2, False)):
        with session_factory.begin() as session:
            added = store.add_occurrence_wave(
                session,
                pulse_id=pulse_id,
                number=number,
                occurrence_id=occurrence_id,
                opens_at=NOW,
                deadline=NOW + timedelta(days=1),
            )
            assert added is expected
    with session_factory() as session:
        assert len(session.scalars(select(PulseWave)).all()) == 1


def test_deleting_a_series_keeps_the_pulse_and_its_waves(session_factory: SessionFactory) -> None:
    pulse_id, meeting_id, occurrence_id = _pulse_after_a_meeting(session_factory)
    with session_factory.begin() as session:
        store.add_occurrence_wave(
            session, pulse_id=pulse_id, number=1, occurrence_id=occurrence_id, opens_at=NOW, deadline=NOW
        )
    with session_factory.begin() as session:
        session.delete(session.get(Meeting, meeting_id))
    with session_factory() as session:
        pulse = session.get(Pulse, pulse_id)
        assert pulse is not None and pulse.meeting_id is None
        (wave,) = session.scalars(select(PulseWave)).all()
        assert wave.occurrence_id is None


def test_upgrading_a_database_with_pulse_answers_keeps_every_answer(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    for head in ("0100", "0200", "0300"):
        migrate.upgrade(engine, head)
    stamp = "2026-01-05 15:00:00.000000"
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO networks VALUES (1, 'T1', 'N', 'C1', 'UTC', 'U1', :t, :t)"), {"t": stamp})
        connection.execute(
            text(
                "INSERT INTO pulses VALUES (1, 'T1', 1, 'P', '', 1, 'network', '[]', '[]', 'live', 1, 'none', 60, "
                "'U1', :t)"
            ),
            {"t": stamp},
        )
        connection.execute(
            text("INSERT INTO pulse_waves VALUES (1, 1, 1, 'open', :t, :t, :t, NULL, 0, 0)"), {"t": stamp}
        )
        connection.execute(text("INSERT INTO pulse_respondents VALUES (1, 'U1', NULL)"))
        connection.execute(text("INSERT INTO pulse_responses VALUES ('abc', 1, NULL, NULL, NULL, '{}', NULL)"))
    migrate.upgrade(engine)
    assert migrate.current_heads(engine) == migrate.expected_heads(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM pulse_respondents")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM pulse_responses")).scalar() == 1
        assert connection.execute(text("SELECT occurrence_id FROM pulse_waves")).scalar() is None
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        links = {row[2] for row in connection.execute(text("PRAGMA foreign_key_list(pulse_waves)"))}
        assert "occurrences" in links
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # switched back on after migrating

    migrate.downgrade(engine, "0200")  # back to the three heads: table rebuilds must not cascade either

    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM pulse_respondents")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM pulse_responses")).scalar() == 1
        assert "occurrence_id" not in {row[1] for row in connection.execute(text("PRAGMA table_info(pulse_waves)"))}
    engine.dispose()
