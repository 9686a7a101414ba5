"""Generated networks, their reports attacked by subtraction: nothing about fewer than the threshold comes out.

CI runs a modest number of examples; the thorough run is
``PEERBOT_ATTACK_EXAMPLES=500 pytest tests/domain/report/test_suppression_property.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert
from sqlalchemy.orm import Session

from domain.report.build import build_report
from domain.report.period import Period
from storage.db import SessionFactory
from storage.models import (
    Attendance,
    AttendanceSource,
    ChangeMade,
    Collaboration,
    CollaborationPartner,
    Meeting,
    Member,
    MembershipSpell,
    Network,
    Occurrence,
    OccurrenceStatus,
    Resource,
    ResourceKind,
    Role,
)
from storage.models import Recurrence as MeetingRecurrence
from tests.support.report_attack import attack, secrets

EXAMPLES = int(os.environ.get("PEERBOT_ATTACK_EXAMPLES", "25"))
STATES = ("VT", "NH", "ME", "MA", "CT", "RI")
KINDS = ("joint_project", "peer_advice", "shared_resource")
CHANGES = ("practice", "policy", "program")
START = datetime(2025, 1, 1, tzinfo=UTC)
PERIOD = Period(date(2025, 1, 1), date(2025, 6, 30))
NOW = datetime(2025, 7, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    user_id: str
    state: str | None
    joins: int  # the meeting number from which they are on the roster
    leaves: int | None  # the meeting number before which they left


@dataclass(frozen=True)
class Shape:
    people: tuple[Person, ...]
    meetings: int
    attended: tuple[frozenset[str], ...]
    collaborations: tuple[tuple[str, str, str, int], ...]  # logger, partner, kind, month
    changes: tuple[tuple[str, str], ...]
    resources: tuple[tuple[str, str, str], ...]  # sharer, state, topic


@st.composite
def shapes(draw: st.DrawFn) -> Shape:
    meetings = draw(st.integers(1, 6))
    people: list[Person] = []
    for state in STATES[: draw(st.integers(1, 6))]:
        for n in range(draw(st.integers(0, 5))):
            joins = draw(st.sampled_from([0, 0, 0, draw(st.integers(0, meetings))]))
            leaves = draw(st.one_of(st.none(), st.none(), st.integers(joins + 1, meetings + 1)))
            people.append(Person(f"U{state}{n}", state, joins, leaves))
    people += [Person(f"USTAFF{n}", None, 0, None) for n in range(draw(st.integers(0, 2)))]
    ids = [p.user_id for p in people]
    attended = tuple(
        frozenset(draw(st.lists(st.sampled_from(ids), unique=True))) if ids else frozenset() for _ in range(meetings)
    )
    stated = [p for p in people if p.state]
    collaborations: list[tuple[str, str, str, int]] = []
    if len({p.state for p in stated}) >= 2:
        for _ in range(draw(st.integers(0, 8))):
            a = draw(st.sampled_from(stated))
            b = draw(st.sampled_from([p for p in stated if p.state != a.state]))
            collaborations.append((a.user_id, b.user_id, draw(st.sampled_from(KINDS)), draw(st.integers(1, 6))))
    changes = tuple(
        (draw(st.sampled_from(stated)).user_id, draw(st.sampled_from(CHANGES)))
        for _ in range(draw(st.integers(0, 8) if stated else st.just(0)))
    )
    resources = tuple(
        (who.user_id, str(who.state), draw(st.sampled_from(("data", "workforce"))))
        for who in (draw(st.sampled_from(stated)) for _ in range(draw(st.integers(0, 8) if stated else st.just(0))))
    )
    return Shape(tuple(people), meetings, attended, tuple(collaborations), changes, resources)


def meeting_start(number: int) -> datetime:
    return datetime(2025, number, 10, 15, tzinfo=UTC)


def insert_network(session: Session, shape: Shape) -> Network:
    network = Network(
        team_id="T0001",
        name="Generated",
        home_channel_id="CGEN",
        timezone="America/New_York",
        created_by="USTAFF0",
        created_at=START,
        updated_at=START,
    )
    session.add(network)
    session.flush()
    members, spells = [], []
    for p in shape.people:
        joined = meeting_start(p.joins) - timedelta(days=1) if p.joins else START - timedelta(days=30)
        left = meeting_start(p.leaves) - timedelta(days=1) if p.leaves else None
        members.append(
            {
                "team_id": "T0001",
                "network_id": network.id,
                "user_id": p.user_id,
                "display_name": p.user_id,
                "timezone": None,
                "role": Role.MEMBER if p.state else Role.FACILITATOR,
                "in_channel": left is None,
                "state": p.state,
                "agency": None,
                "role_title": None,
                "learning_interests": None,
                "dm_reminders": True,
                "joined_at": joined,
                "left_at": left,
                "updated_at": joined,
            }
        )
        spells.append({"network_id": network.id, "user_id": p.user_id, "joined_at": joined, "left_at": left})
    if members:
        session.execute(insert(Member), members)
        session.execute(insert(MembershipSpell), spells)
    meeting = Meeting(
        team_id="T0001",
        network_id=network.id,
        title="Call",
        timezone="America/New_York",
        start_date=PERIOD.first,
        start_time=time(10),
        duration_minutes=60,
        recurrence=MeetingRecurrence.NONE,
        interval_weeks=1,
        end_date=None,
        occurrence_count=None,
        video_link=None,
        place=None,
        channel_id="CGEN",
        reminder_offsets=[],
        cancelled_at=None,
        created_by="USTAFF0",
        created_at=START,
        updated_at=START,
    )
    session.add(meeting)
    session.flush()
    for number, present in enumerate(shape.attended, start=1):
        begins = meeting_start(number)
        occurrence = Occurrence(
            meeting_id=meeting.id,
            network_id=network.id,
            sequence=number,
            start_utc=begins,
            end_utc=begins + timedelta(hours=1),
            status=OccurrenceStatus.SCHEDULED,
            card_version=0,
        )
        session.add(occurrence)
        session.flush()
        if present:
            session.execute(
                insert(Attendance),
                [
                    {
                        "occurrence_id": occurrence.id,
                        "user_id": u,
                        "source": AttendanceSource.CHECK_IN,
                        "recorded_by": u,
                        "recorded_at": begins,
                    }
                    for u in sorted(present)
                ],
            )
    for logger, partner, kind, month in shape.collaborations:
        collaboration = Collaboration(
            network_id=network.id,
            logged_by=logger,
            kind=kind,
            description="Worked together",
            happened_on=date(2025, month, 3),
            outside="",
            created_at=datetime(2025, month, 3, tzinfo=UTC),
            withdrawn_at=None,
        )
        session.add(collaboration)
        session.flush()
        session.add(
            CollaborationPartner(
                collaboration_id=collaboration.id, user_id=partner, status="confirmed", answered_at=None
            )
        )
    for n, (who, kind) in enumerate(shape.changes):
        session.add(
            ChangeMade(
                network_id=network.id,
                user_id=who,
                team_key=f"state:{who[1:3]}",
                team_label=who[1:3],
                kind=kind,
                description="A change",
                area_id=None,
                resource_id=None,
                collaboration_id=None,
                created_at=datetime(2025, 1 + n % 6, 5, tzinfo=UTC),
                withdrawn_at=None,
            )
        )
    for n, (who, state, topic) in enumerate(shape.resources):
        url = f"https://example.org/{n}"
        session.add(
            Resource(
                network_id=network.id,
                title=f"Guide {n}",
                url=url,
                normalized_url=url,
                description="",
                states=state,
                topics=topic,
                tags="",
                kind=ResourceKind.TOOLKIT,
                shared_by=who,
                helpful_votes=0,
                created_at=datetime(2025, 1 + n % 6, 7, tzinfo=UTC),
                updated_at=datetime(2025, 1 + n % 6, 7, tzinfo=UTC),
            )
        )
    session.flush()
    return network


def leaks_in(session_factory: SessionFactory, shape: Shape, *, suppression: str) -> list[str]:
    session = session_factory()
    try:
        network = insert_network(session, shape)
        published = build_report(session, network=network, period=PERIOD, now=NOW, suppression=suppression)
        truth = build_report(session, network=network, period=PERIOD, now=NOW, suppression="none")
        small = secrets(build_report(session, network=network, period=PERIOD, now=NOW, suppression="cells"))
        for table in published.tables():  # nothing small is shown outright
            for column in table.people_columns:
                assert all(v is None or v == 0 or v >= published.minimum for v in table.column(column)), table.key
        return [f"{leak.what} = {leak.value}" for leak in attack(published, truth=truth, secrets=small, minimum=3)]
    finally:
        session.rollback()
        session.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(shape=shapes())
def test_no_published_report_gives_a_small_count_away_by_subtraction(
    session_factory: SessionFactory, shape: Shape
) -> None:
    assert leaks_in(session_factory, shape, suppression="full") == []


def test_without_the_pass_subtraction_gives_the_matrix_cell_away(session_factory: SessionFactory) -> None:
    # Two collaborations between Vermont and New Hampshire people, one more, one Maine-Rhode Island: hiding
    # only the small cells leaves Maine-Rhode Island's 1 as the headline's 4 minus the 3 shown.
    people = tuple(Person(f"U{s}{n}", s, 0, None) for s in ("VT", "NH", "ME", "RI") for n in range(3))
    pairs = [("UVT0", "UNH0"), ("UVT1", "UNH1"), ("UVT2", "UNH2"), ("UME0", "URI0")]
    shape = Shape(
        people=people,
        meetings=1,
        attended=(frozenset(),),
        collaborations=tuple((a, b, "joint_project", 2) for a, b in pairs),
        changes=(),
        resources=(),
    )
    found = leaks_in(session_factory, shape, suppression="cells")
    assert "collaboration_matrix 3 collaborations = 1" in found or any("collaboration_matrix" in f for f in found)
    assert leaks_in(session_factory, shape, suppression="full") == []
