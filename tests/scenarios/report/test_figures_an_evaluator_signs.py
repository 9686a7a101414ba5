"""The six-state network an evaluator tried: staff, late joiners, leavers, small states; every figure checked.

Numbers are computed here from the fixture (tests/support/factories/report.py), not read back from peerbot.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from domain.network.participants import roster_by_kind
from domain.report.build import build_report
from domain.report.period import Period
from storage.db import SessionFactory
from storage.models import Attendance, AttendanceSource, Member, MembershipSpell, Network, Occurrence, Role
from tests.support.constants import FACILITATOR
from tests.support.factories.report import AGREEMENT, STAFF, attendees, evaluation_network, meeting_day, user
from tests.support.report_attack import attack, secrets
from workflows.report import write_report

FEWER = "fewer than 3"
LEFT = (user("ME", 3), user("ME", 4))  # Maine's roster shrinks to two before any meeting
EVENING = datetime(2025, 4, 1, 0, 0, tzinfo=UTC)  # 8 pm Eastern on 31 March


@pytest.fixture
def network_id(session_factory: SessionFactory) -> int:
    with session_factory.begin() as session:
        made = evaluation_network(session).network_id
        network = session.get(Network, made)
        assert network is not None
        network.timezone = "America/New_York"
        gone = datetime(2023, 12, 15, tzinfo=UTC)
        session.execute(
            update(Member)
            .where(Member.network_id == made, Member.user_id.in_(LEFT))
            .values(in_channel=False, left_at=gone)
        )
        session.execute(
            update(MembershipSpell)
            .where(MembershipSpell.network_id == made, MembershipSpell.user_id.in_(LEFT))
            .values(left_at=gone)
        )
        # The configured facilitator (PEERBOT_FACILITATORS), with no state: staff by default, attending everything.
        session.add(
            Member(
                team_id="T0001",
                network_id=made,
                user_id=FACILITATOR,
                display_name="Configured facilitator",
                timezone=None,
                role=Role.MEMBER,
                in_channel=True,
                state=None,
                agency=None,
                role_title=None,
                learning_interests=None,
                dm_reminders=True,
                joined_at=datetime(2023, 12, 1, tzinfo=UTC),
                left_at=None,
                updated_at=datetime(2023, 12, 1, tzinfo=UTC),
            )
        )
        session.add(
            MembershipSpell(
                network_id=made, user_id=FACILITATOR, joined_at=datetime(2023, 12, 1, tzinfo=UTC), left_at=None
            )
        )
        first = session.query(Occurrence).filter_by(network_id=made).order_by(Occurrence.start_utc).first()
        assert first is not None
        evening = Occurrence(
            meeting_id=first.meeting_id,
            network_id=made,
            sequence=99,
            start_utc=EVENING,
            end_utc=EVENING + timedelta(hours=1),
            status=first.status,
            card_version=0,
        )
        session.add(evening)
        session.flush()
        session.execute(
            insert(Attendance),
            [
                {
                    "occurrence_id": evening.id,
                    "user_id": u,
                    "source": AttendanceSource.CHECK_IN,
                    "recorded_by": u,
                    "recorded_at": EVENING,
                }
                for u in [*EVENING_PEOPLE, FACILITATOR]
            ],
        )
        for occurrence in session.query(Occurrence).filter_by(network_id=made):
            if occurrence.sequence != 99:
                session.add(
                    Attendance(
                        occurrence_id=occurrence.id,
                        user_id=FACILITATOR,
                        source=AttendanceSource.CHECK_IN,
                        recorded_by=FACILITATOR,
                        recorded_at=occurrence.start_utc,
                    )
                )
        return made


EVENING_PEOPLE = [user(s, n) for s in ("VT", "NH", "MA", "CT") for n in (1, 2)]


def counted(number: int) -> int:
    """Participants at the ``number``-th monthly meeting: staff never; Maine's leavers never attended."""
    return len([u for u in attendees(number) if u not in STAFF])


def on_roster(number: int) -> int:
    return (24 if number >= 13 else 20) - len(LEFT)


def report_files(session_factory: SessionFactory, network_id: int, period: Period, now: datetime, out: Path) -> Path:
    write_report(session_factory, network_id=network_id, period=period, now=now, out=out)
    return out


def rows(out: Path, name: str) -> list[dict[str, str]]:
    with open(out / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_staff_leavers_and_the_roster_today_follow_one_rule(
    session_factory: SessionFactory, network_id: int, tmp_path: Path
) -> None:
    with session_factory.begin() as session:
        network = session.get(Network, network_id)
        assert network is not None
        participants, staff = roster_by_kind(session, network=network)
    assert FACILITATOR in {m.user_id for m in staff} and set(STAFF) <= {m.user_id for m in staff}
    assert len(participants) == 24 - len(LEFT)  # the leavers are not on the roster today
    out = report_files(
        session_factory,
        network_id,
        Period(date(2025, 1, 1), date(2025, 12, 31)),
        datetime(2026, 1, 5, tzinfo=UTC),
        tmp_path,
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"{24 - len(LEFT)} participants are on the roster today" in html
    meetings = rows(out, "attendance_per_meeting")
    monthly = [r for r in meetings if r["date"] != "2025-03-31"]
    assert [r["roster"] for r in monthly] == [str(on_roster(n)) for n in range(13, 25)]
    for number, row in zip(range(13, 25), monthly, strict=True):
        assert row["attended"] in (str(counted(number)), FEWER)  # the configured facilitator is never counted


def test_answers_and_response_rate_count_the_same_participants(
    session_factory: SessionFactory, network_id: int, tmp_path: Path
) -> None:
    out = report_files(
        session_factory,
        network_id,
        Period(date(2025, 1, 1), date(2025, 12, 31)),
        datetime(2026, 1, 5, tzinfo=UTC),
        tmp_path,
    )
    answers = [r for r in rows(out, "pulse_1_answers") if r["question"] == AGREEMENT]
    # Staff answered every wave (disagreeing): 5 of 6 participants agreed in the last, not 5 of 7.
    assert [(r["answered"], r["agreed"], r["agreed_percent"]) for r in answers][-1] == ("6", "5", str(round(500 / 6)))
    assert [(r["responded"], r["sent"]) for r in rows(out, "pulse_1_response")][-1] == ("6", "24")
    text = (out / "report.html").read_text(encoding="utf-8")
    assert "5 of 6 participants who answered (83%) agreed" in text


def test_readings_never_name_a_hidden_cell_and_say_what_is_suppressed(
    session_factory: SessionFactory, network_id: int, tmp_path: Path
) -> None:
    period = Period(date(2024, 1, 1), date(2025, 12, 31))
    with session_factory.begin() as session:
        network = session.get(Network, network_id)
        assert network is not None
        report = build_report(session, network=network, period=period, now=datetime(2026, 1, 5, tzinfo=UTC))
    by_state = next(t for t in report.tables() if t.key == "attendance_by_state")
    shown = {r[0]: r for r in by_state.rows if isinstance(r[3], int)}
    best = max(shown.values(), key=lambda r: r[3])
    assert f"highest among the states shown from {best[0]} ({best[3]}%, {best[1]} of {best[2]}" in by_state.reading
    assert "Suppressed: 2 states" in by_state.reading
    assert "Maine" not in by_state.reading
    # Maine has two participants: its possible attendances (2 per meeting) would tell its roster size.
    maine = next(r for r in by_state.rows if r[0] == "Maine")
    assert maine[1:] == (None, None, None)


def test_nothing_hidden_comes_back_by_subtraction(session_factory: SessionFactory, network_id: int) -> None:
    period = Period(date(2024, 1, 1), date(2025, 12, 31))
    now = datetime(2026, 1, 5, tzinfo=UTC)
    with session_factory.begin() as session:
        network = session.get(Network, network_id)
        assert network is not None
        built = {
            m: build_report(session, network=network, period=period, now=now, suppression=m)
            for m in ("full", "cells", "none")
        }
    small = secrets(built["cells"])
    # Hiding only small cells leaves Maine-Rhode Island's 1 as 8 confirmed minus the pairs shown (4 + 3).
    assert any(
        "collaboration_matrix" in leak.what
        for leak in attack(built["cells"], truth=built["none"], secrets=small, minimum=3)
    )
    assert attack(built["full"], truth=built["none"], secrets=small, minimum=3) == []
    matrix = next(t for t in built["full"].tables() if t.key == "collaboration_matrix")
    cells = {(r[0], r[1]): r[2] for r in matrix.rows}
    assert cells[("Vermont", "New Hampshire")] == 4 and cells[("Massachusetts", "Connecticut")] is None  # smallest


def test_so_far_counts_started_meetings_and_days_are_the_networks(
    session_factory: SessionFactory, network_id: int, tmp_path: Path
) -> None:
    now = datetime(2025, 4, 15, 12, tzinfo=UTC)  # the April meeting starts at 15:00 UTC, later the same day
    out = report_files(session_factory, network_id, Period(date(2025, 1, 1), date(2025, 5, 31)), now, tmp_path)
    meetings = rows(out, "attendance_per_meeting")
    assert [r["date"] for r in meetings] == ["2025-01-15", "2025-02-15", "2025-03-15", "2025-03-31"]
    assert [r["date"] for r in rows(out, "scheduled_meetings")] == ["2025-04-15", "2025-05-15"]
    attended = sum(counted(n) for n in (13, 14, 15)) + len(EVENING_PEOPLE)
    seats = sum(on_roster(n) for n in (13, 14, 15)) + on_roster(16)
    html = " ".join((out / "report.html").read_text(encoding="utf-8").split())
    assert f"{round(100 * attended / seats)}% ({attended} of {seats} possible attendances) across 4 meetings" in html
    assert meeting_day(16).date() == date(2025, 4, 15)


def test_charts_mark_hidden_cells_and_never_draw_them_as_zero(
    session_factory: SessionFactory, network_id: int, tmp_path: Path
) -> None:
    out = report_files(
        session_factory,
        network_id,
        Period(date(2024, 1, 1), date(2025, 12, 31)),
        datetime(2026, 1, 5, tzinfo=UTC),
        tmp_path,
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "suppressed (&lt;3)" in html  # the legend of a chart with a hidden bar
    assert html.count("&lt;3") >= 3
