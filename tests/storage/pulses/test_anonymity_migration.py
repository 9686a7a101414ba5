"""Upgrading drops the plain labels of open anonymous waves' answers, and keeps every answer."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage import migrate
from storage.db import create_db_engine

STAMP = "2026-01-05 15:00:00.000000"


def test_upgrade_removes_labels_that_could_single_out_a_respondent_of_an_open_wave(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0400")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO networks VALUES (1, 'T1', 'N', 'C1', 'UTC', 'U1', :t, :t)"), {"t": STAMP})
        for pulse_id, anonymous in ((1, 1), (2, 0)):
            connection.execute(
                text(
                    "INSERT INTO pulses VALUES (:p, 'T1', 1, 'P', '', :a, 'network', '[]', '[]', 'live', 1, 'none', "
                    "60, 'U1', :t, NULL)"
                ),
                {"p": pulse_id, "a": anonymous, "t": STAMP},
            )
        for wave_id, pulse_id, status in ((1, 1, "open"), (2, 1, "closed"), (3, 2, "open")):
            connection.execute(
                text("INSERT INTO pulse_waves VALUES (:w, :p, :w, :s, :t, :t, :t, NULL, 0, 0, NULL)"),
                {"w": wave_id, "p": pulse_id, "s": status, "t": STAMP},
            )
            connection.execute(
                text("INSERT INTO pulse_responses VALUES (:id, :w, NULL, 'WY', 'Parks', '{}', NULL)"),
                {"id": f"r{wave_id}", "w": wave_id},
            )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT wave_id, group_state, group_agency FROM pulse_responses ORDER BY wave_id")
        ).all()
    engine.dispose()
    # The open anonymous wave loses its labels (the close would have to decide them); the others keep theirs.
    assert [tuple(row) for row in rows] == [(1, None, None), (2, "WY", "Parks"), (3, "WY", "Parks")]
