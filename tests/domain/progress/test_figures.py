"""The figures of network progress, checked exactly on a fixture network of six states."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.progress import figures
from domain.progress.teams import Stage
from storage.models import ChangeMade, Collaboration, CollaborationPartner, PriorityArea, ProgressReport, TaNeed

START = datetime(2026, 1, 1, tzinfo=UTC)
STATES = ("AL", "CA", "GA", "MN", "NY", "TX")
LEADERSHIP, DATA, FUNDING = 1, 2, 3


def _day(n: int) -> datetime:
    return START + timedelta(days=n)


def _report(rid: int, area: int, state: str, stage: Stage, day: int) -> ProgressReport:
    return ProgressReport(
        id=rid,
        area_id=area,
        team_key=f"state:{state}",
        team_label=state,
        stage=stage.value,
        note="",
        reported_at=_day(day),
    )


@pytest.fixture
def areas() -> list[PriorityArea]:
    return [PriorityArea(id=i, name=n) for i, n in ((LEADERSHIP, "Leadership"), (DATA, "Data"), (FUNDING, "Funding"))]


@pytest.fixture
def reports() -> list[ProgressReport]:
    """Six states report twice on leadership and data; funding once (January and March)."""
    rows = []
    jan = {
        LEADERSHIP: dict(zip(STATES, [Stage.EARLY] * 6, strict=True)),
        DATA: dict(
            zip(
                STATES,
                [Stage.EARLY, Stage.MAKING_PROGRESS, Stage.EARLY, Stage.NOT_STARTED, Stage.EARLY, Stage.SUBSTANTIAL],
                strict=True,
            )
        ),
    }
    mar = {
        LEADERSHIP: dict(
            zip(
                STATES,
                [
                    Stage.SUBSTANTIAL,
                    Stage.MAKING_PROGRESS,
                    Stage.ACHIEVED,
                    Stage.EARLY,
                    Stage.MAKING_PROGRESS,
                    Stage.SUBSTANTIAL,
                ],
                strict=True,
            )
        ),
        DATA: dict(
            zip(
                STATES,
                [Stage.EARLY, Stage.MAKING_PROGRESS, Stage.MAKING_PROGRESS, Stage.EARLY, Stage.EARLY, Stage.ACHIEVED],
                strict=True,
            )
        ),
    }
    for day, table in ((10, jan), (70, mar)):
        for area, stages in table.items():
            for state, stage in stages.items():
                rows.append(_report(len(rows) + 1, area, state, stage, day))
    rows.append(_report(len(rows) + 1, FUNDING, "TX", Stage.EARLY, 70))
    return rows


def test_latest_stage_and_change_per_team(reports: list[ProgressReport]) -> None:
    latest = figures.latest_by_team(reports)
    leadership = {t.team_label: (t.stage, t.previous, t.change) for t in latest[LEADERSHIP]}
    assert leadership == {
        "AL": (Stage.SUBSTANTIAL, Stage.EARLY, 2),
        "CA": (Stage.MAKING_PROGRESS, Stage.EARLY, 1),
        "GA": (Stage.ACHIEVED, Stage.EARLY, 3),
        "MN": (Stage.EARLY, Stage.EARLY, 0),
        "NY": (Stage.MAKING_PROGRESS, Stage.EARLY, 1),
        "TX": (Stage.SUBSTANTIAL, Stage.EARLY, 2),
    }
    assert [(t.team_label, t.previous, t.change) for t in latest[FUNDING]] == [("TX", None, 0)]


def test_movement_and_the_area_that_moved_most(reports: list[ProgressReport], areas: list[PriorityArea]) -> None:
    # Between the two rounds: leadership 2+1+3+0+1+2 = 9; data 0+0+1+1+0+1 = 3; funding, first report: +1.
    assert figures.movement(reports, start=_day(30), end=_day(80)) == {LEADERSHIP: 9, DATA: 3, FUNDING: 1}
    assert figures.most_moved(reports, areas, start=_day(30), end=_day(80)) == areas[0]
    # Over the whole time, counted from "not started": leadership 3+2+4+1+2+3 = 15; data 1+2+2+1+1+4 = 11.
    assert figures.movement(reports, start=_day(0), end=_day(80)) == {LEADERSHIP: 15, DATA: 11, FUNDING: 1}
    assert figures.most_moved(reports, areas, start=_day(80), end=_day(90)) is None


def test_progress_by_area_over_time(reports: list[ProgressReport]) -> None:
    series = figures.progress_over_time(reports, area_ids=[LEADERSHIP, DATA], moments=[_day(0), _day(40), _day(80)])
    counts = {area: [[c[s] for s in Stage] for c in points] for area, points in series.items()}
    assert counts == {
        LEADERSHIP: [[6, 0, 0, 0, 0], [0, 6, 0, 0, 0], [0, 1, 2, 2, 1]],
        DATA: [[6, 0, 0, 0, 0], [1, 3, 1, 1, 0], [0, 3, 2, 0, 1]],
    }


def _need(state: str, status: str) -> TaNeed:
    return TaNeed(state=state, status=status, need="n", priority="high", requested_by="x")


def test_needs_by_status_and_state() -> None:
    needs = [
        _need("AL", "requested"),
        _need("AL", "received"),
        _need("CA", "in_progress"),
        _need("GA", "requested"),
        _need("GA", "requested"),
        _need("MN", "planned"),
        _need("NY", "received"),
        _need("TX", "in_progress"),
    ]
    assert figures.needs_by_state_and_status(needs) == {
        "AL": {"requested": 1, "received": 1},
        "CA": {"in_progress": 1},
        "GA": {"requested": 2},
        "MN": {"planned": 1},
        "NY": {"received": 1},
        "TX": {"in_progress": 1},
    }
    assert figures.needs_by_status(needs) == {"requested": 3, "received": 2, "in_progress": 2, "planned": 1}


def test_collaborations_by_kind_and_the_state_matrix_count_confirmed_entries_only() -> None:
    people = {f"U{s}": s for s in STATES}
    collabs = [
        Collaboration(id=1, logged_by="UAL", kind="joint_project", outside="", happened_on=date(2026, 1, 5)),
        Collaboration(id=2, logged_by="UCA", kind="peer_advice", outside="", happened_on=date(2026, 1, 6)),
        Collaboration(id=3, logged_by="UGA", kind="peer_advice", outside="Ohio", happened_on=date(2026, 1, 7)),
        Collaboration(id=4, logged_by="UMN", kind="shared_resource", outside="", happened_on=date(2026, 1, 8)),
        Collaboration(id=5, logged_by="UNY", kind="joint_project", outside="Ohio", happened_on=date(2026, 1, 9)),
    ]
    partners = [
        CollaborationPartner(collaboration_id=1, user_id="UCA", status="confirmed"),
        CollaborationPartner(collaboration_id=1, user_id="UGA", status="declined"),
        CollaborationPartner(collaboration_id=2, user_id="UAL", status="confirmed"),
        CollaborationPartner(collaboration_id=4, user_id="UTX", status="pending"),  # unconfirmed: not counted
        CollaborationPartner(collaboration_id=5, user_id="UTX", status="declined"),
    ]
    assert [figures.collaboration_status(c, partners) for c in collabs] == [
        "confirmed",
        "confirmed",
        "confirmed",  # names only an agency outside the network
        "pending",
        "declined",
    ]
    assert figures.collaborations_by_kind(collabs, partners) == {"joint_project": 1, "peer_advice": 2}
    assert figures.collaboration_matrix(collabs, partners, team_of_user=people) == {
        ("AL", "CA"): 2,
        ("CA", "AL"): 2,
        ("GA", "Ohio"): 1,
        ("Ohio", "GA"): 1,
    }


def test_changes_by_kind() -> None:
    rows = [ChangeMade(kind=k) for k in ("policy", "practice", "policy", "program", "policy", "practice")]
    assert figures.changes_by_kind(rows) == {"policy": 3, "practice": 2, "program": 1}
