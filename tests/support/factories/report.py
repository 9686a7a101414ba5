"""A network shaped like the two process evaluations, with every figure known in advance, for the report's tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from domain.pulses.answers import record_answer
from domain.pulses.definitions import PulseDraft, QuestionDraft, QuestionKind, Recurrence
from domain.pulses.lifecycle import close_wave, create_pulse, open_wave
from storage import pulses as pulse_store
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
    PriorityArea,
    ProgressReport,
    Resource,
    ResourceKind,
    Role,
    TaNeed,
)
from storage.models import Recurrence as MeetingRecurrence

TEAM, HOME = "T0001", "CEVAL"
STATES = ("VT", "NH", "ME", "MA", "CT", "RI")
STAFF = ("USTAFF1", "USTAFF2")  # facilitators with no state: on the roster, never counted
LATE_STATE = "RI"  # its members join after the twelfth meeting
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2025, 12, 31)
AGREEMENT = "Participating increased my agency's collaboration with other states"
RATING = "How useful were this month's meetings?"
AREAS = ("Data sharing", "Workforce", "Family engagement")
# Per wave of the monthly pulse: (agreement answers, rating answers), one pair per respondent.
WAVES = (
    ((5, 4, 4, 4, 5, 4, 2, 1), (4, 4, 3, 5, 4, 4, 3, 2)),
    ((4, 4, 5, 4, 4, 2, 3), (3, 4, 4, 4, 5, 4, 3)),
    ((5, 4, 4, 5, 4, 2), (4, 4, 5, 3, 4, 4)),
)


def user(state: str, n: int) -> str:
    return f"U{state}{n}"


def meeting_day(number: int) -> datetime:
    """The start of the ``number``-th monthly meeting (1-based): the 15th of each month from January 2024."""
    month = number - 1
    return datetime(2024 + month // 12, month % 12 + 1, 15, 15, tzinfo=UTC)


def attendees(number: int) -> list[str]:
    """Who attended the ``number``-th meeting: staff always (never counted) and a known set of participants."""
    core = [user(s, n) for n in (1, 2, 3, 4) for s in ("VT", "NH", "MA", "CT")]
    people = [user("VT", 2), user("NH", 1)] if number == 5 else core[: 8 + number % 6]
    if number % 2 == 0:
        people.append(user("ME", 1))  # the only Maine attendee: a group of one
    if number >= 13:
        people += [user(LATE_STATE, n) for n in (1, 2, 3)]
    return [*STAFF, *people]


def counted(number: int) -> int:
    """Participants counted as attending the ``number``-th meeting."""
    return len(attendees(number)) - len(STAFF)


def roster(number: int) -> int:
    """Participants on the roster when the ``number``-th meeting started."""
    return 24 if number >= 13 else 20


@dataclass(frozen=True)
class Evaluation:
    network_id: int
    pulse_title: str


def evaluation_network(session: Session) -> Evaluation:
    start = datetime(2023, 12, 1, tzinfo=UTC)
    network = Network(
        team_id=TEAM,
        name="Northeast Learning Network",
        home_channel_id=HOME,
        timezone="UTC",
        created_by=STAFF[0],
        created_at=start,
        updated_at=start,
    )
    session.add(network)
    session.flush()
    _members(session, network, start)
    _meetings(session, network, start)
    title = _pulse(session, network)
    _progress(session, network)
    _resources(session, network)
    session.flush()
    return Evaluation(network.id, title)


def _members(session: Session, network: Network, start: datetime) -> None:
    people = [(u, None, Role.FACILITATOR) for u in STAFF]
    people += [(user(s, n), s, Role.MEMBER) for s in STATES for n in (1, 2, 3, 4)]
    rows, spells = [], []
    for user_id, state, role in people:
        joined = datetime(2025, 1, 1, tzinfo=UTC) if state == LATE_STATE else start
        is_co_lead = user_id == user("VT", 1)
        rows.append(
            {
                "team_id": TEAM,
                "network_id": network.id,
                "user_id": user_id,
                "display_name": f"Person {user_id}",
                "timezone": None,
                "role": Role.FACILITATOR if is_co_lead else role,
                "in_channel": True,
                "state": state,
                "agency": f"{state} Department of Health" if state else "Consulting",
                "role_title": "Lead",
                "learning_interests": None,
                "dm_reminders": True,
                "joined_at": joined,
                "left_at": None,
                "updated_at": joined,
            }
        )
        spells.append({"network_id": network.id, "user_id": user_id, "joined_at": joined, "left_at": None})
    session.execute(insert(Member), rows)
    session.execute(insert(MembershipSpell), spells)


def _meetings(session: Session, network: Network, start: datetime) -> None:
    meeting = Meeting(
        team_id=TEAM,
        network_id=network.id,
        title="Monthly network call",
        timezone="UTC",
        start_date=FIRST_DAY,
        start_time=time(15),
        duration_minutes=60,
        recurrence=MeetingRecurrence.NONE,
        interval_weeks=1,
        end_date=None,
        occurrence_count=None,
        video_link=None,
        place=None,
        channel_id=HOME,
        reminder_offsets=[],
        cancelled_at=None,
        created_by=STAFF[0],
        created_at=start,
        updated_at=start,
    )
    session.add(meeting)
    session.flush()
    for number in range(1, 25):
        begins = meeting_day(number)
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
                for u in attendees(number)
            ],
        )


def _pulse(session: Session, network: Network) -> str:
    opens = datetime(2025, 10, 1, 14, tzinfo=UTC)
    title = "Monthly check-in"
    draft = PulseDraft(
        title=title,
        intro="Two minutes, please.",
        questions=(
            QuestionDraft(text=AGREEMENT, kind=QuestionKind.AGREEMENT),
            QuestionDraft(text=RATING, kind=QuestionKind.RATING),
        ),
        anonymous=True,
        deadline=opens + timedelta(days=7),
        recurrence=Recurrence.MONTHLY,
        reminders=0,
    )
    wave = create_pulse(session, network=network, draft=draft, by_user=STAFF[0], now=opens)
    assert wave is not None
    questions = pulse_store.questions(session, pulse_id=wave.pulse_id)
    respondents = [user(s, n) for n in (1, 2, 3, 4) for s in STATES]
    for agreement, rating in WAVES:
        assert open_wave(session, wave_id=wave.id, now=wave.opens_at) is not None
        for who, (agreed, rated) in zip(respondents, zip(agreement, rating, strict=True), strict=False):
            answers = {str(questions[0].id): agreed, str(questions[1].id): rated}
            record_answer(session, wave=wave, user_id=who, answers=answers, now=wave.opens_at + timedelta(days=1))
        # Staff answer too (disagreeing, rating 1): never counted in any figure.
        staff_answers = {str(questions[0].id): 1, str(questions[1].id): 1}
        record_answer(
            session, wave=wave, user_id=STAFF[0], answers=staff_answers, now=wave.opens_at + timedelta(days=1)
        )
        assert close_wave(session, wave_id=wave.id, now=wave.deadline)
        following = [w for w in pulse_store.waves(session, pulse_id=wave.pulse_id) if w.number == wave.number + 1]
        wave = following[0]
    return title


def _progress(session: Session, network: Network) -> None:
    created = datetime(2024, 1, 2, tzinfo=UTC)
    areas = []
    for name in AREAS:
        area = PriorityArea(
            network_id=network.id,
            name=name,
            description="",
            achieved="",
            target_date=None,
            milestones="[]",
            created_by=STAFF[0],
            created_at=created,
            deleted_at=None,
        )
        session.add(area)
        areas.append(area)
    session.flush()
    # Every state starts early on every area in March 2024; three states reach "making progress" on
    # the first area in June 2025.
    for area in areas:
        for state in STATES:
            _report(session, network, area, state, "early", datetime(2024, 3, 10, tzinfo=UTC))
    for state in ("VT", "NH", "MA"):
        _report(session, network, areas[0], state, "making_progress", datetime(2025, 6, 10, tzinfo=UTC))
    for state in STATES:  # six state assessments, each naming two needs: one received, one requested
        for status, need in (("received", "Data governance"), ("requested", "Workforce planning")):
            session.add(
                TaNeed(
                    network_id=network.id,
                    state=state,
                    need=need,
                    priority="high",
                    requested_by=f"{state} team",
                    status=status,
                    wave_id=None,
                    created_at=datetime(2024, 4, 1, tzinfo=UTC),
                    updated_at=datetime(2024, 4, 1, tzinfo=UTC),
                )
            )
    confirmed = [  # (logger, partner, kind, day)
        *((user("VT", 2), user("NH", 2), "joint_project", date(2025, m, 3)) for m in (2, 3, 4, 5)),
        *((user("MA", 1), user("CT", 1), "peer_advice", date(2025, m, 3)) for m in (7, 8, 9)),
        (user("ME", 1), user("RI", 1), "shared_resource", date(2025, 10, 3)),
    ]
    for logger, partner, kind, day in confirmed:
        _collaboration(session, network, logger, partner, kind, day, "confirmed")
    _collaboration(session, network, user("NH", 3), user("VT", 3), "peer_advice", date(2025, 11, 3), "pending")
    changes = [(user(s, 2), "program") for s in ("VT", "NH", "MA")]
    changes += [(user(s, 3), "practice") for s in ("VT", "NH", "MA")]
    changes += [(user("CT", 1), "policy")]
    for who, kind in changes:
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
                created_at=datetime(2025, 5, 1, tzinfo=UTC),
                withdrawn_at=None,
            )
        )


def _report(session: Session, network: Network, area: PriorityArea, state: str, stage: str, when: datetime) -> None:
    session.add(
        ProgressReport(
            network_id=network.id,
            area_id=area.id,
            team_key=f"state:{state}",
            team_label=state,
            stage=stage,
            note="",
            source="command",
            source_ref=None,
            reported_by=user(state, 1),
            reported_at=when,
            withdrawn_at=None,
        )
    )


def _collaboration(
    session: Session, network: Network, logger: str, partner: str, kind: str, day: date, status: str
) -> None:
    collaboration = Collaboration(
        network_id=network.id,
        logged_by=logger,
        kind=kind,
        description="Worked together",
        happened_on=day,
        outside="",
        created_at=datetime.combine(day, time(), tzinfo=UTC),
        withdrawn_at=None,
    )
    session.add(collaboration)
    session.flush()
    session.add(
        CollaborationPartner(collaboration_id=collaboration.id, user_id=partner, status=status, answered_at=None)
    )


def _resources(session: Session, network: Network) -> None:
    # Vermont: three resources by three people (shown); New Hampshire: one (a group of one, hidden).
    shared = [(user("VT", n), "VT", 4 if n == 1 else 2) for n in (1, 2, 3)] + [(user("NH", 1), "NH", 0)]
    for n, (who, state, votes) in enumerate(shared):
        url = f"https://example.org/guide/{n}"
        session.add(
            Resource(
                network_id=network.id,
                title=f"Guide {n} <for> states & agencies: $5 or $10 a copy",
                url=url,
                normalized_url=url,
                description="A guide",
                states=state,
                topics="data",
                tags="",
                kind=ResourceKind.TOOLKIT,
                shared_by=who,
                helpful_votes=votes,
                created_at=datetime(2025, 3, 1 + n, tzinfo=UTC),
                updated_at=datetime(2025, 3, 1 + n, tzinfo=UTC),
            )
        )
