"""The whole report: its sections' tables, the five headline figures, and what each rate is measured against."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from domain.network.participants import participant_ids
from domain.pulses.privacy import min_group_size
from domain.report.cells import Table, small
from domain.report.participation import participation
from domain.report.period import Period, Scope
from domain.report.progress import progress
from domain.report.said import members_said
from domain.report.sharing import sharing
from storage import report as report_store
from storage.models import Network


class Section(StrEnum):
    PARTICIPATION = "participation"
    SAID = "said"
    SHARING = "sharing"
    PROGRESS = "progress"
    COLLABORATION = "collaboration"


SECTION_TITLES = {
    Section.PARTICIPATION: "Participation",
    Section.SAID: "What members said",
    Section.SHARING: "Sharing",
    Section.PROGRESS: "Progress",
    Section.COLLABORATION: "Collaboration",
}
COLLABORATION_KEYS = ("collaborations_over_time", "collaborations_by_kind", "collaboration_matrix")
DENOMINATORS = (
    "Attendance rate: participants who attended, out of the participants on the roster when each meeting started.",
    "Response rate: participants who answered a wave, out of the participants it was sent to.",
    "Agreement: answers of Agree or Strongly agree, out of everyone who answered that question in that wave.",
    "Participants: everyone a facilitator marked as participating; by default everyone except staff "
    "(facilitators who give no state). Staff are left out of every rate.",
)


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    detail: str


@dataclass(frozen=True)
class Report:
    network_name: str
    period: Period
    generated_at: datetime
    minimum: int
    participants: int
    headlines: tuple[Headline, ...]
    sections: tuple[tuple[Section, tuple[Table, ...]], ...]

    def tables(self) -> list[Table]:
        return [table for _, tables in self.sections for table in tables]


def build_report(
    session: Session, *, network: Network, period: Period, now: datetime, sections: Collection[Section] = tuple(Section)
) -> Report:
    members = {m.user_id: m for m in report_store.members(session, network_id=network.id)}
    scope = Scope(
        network=network,
        period=period,
        minimum=min_group_size(session, network_id=network.id),
        members=members,
        participants=frozenset(participant_ids(members.values())),
    )
    attended = participation(session, scope)
    said = members_said(session, scope)
    shared = sharing(session, scope)
    moved = progress(session, scope)
    progress_tables = tuple(t for t in moved.tables if t.key not in COLLABORATION_KEYS)
    collaboration_tables = tuple(t for t in moved.tables if t.key in COLLABORATION_KEYS)
    by_section = {
        Section.PARTICIPATION: attended.tables,
        Section.SAID: said.tables,
        Section.SHARING: shared.tables,
        Section.PROGRESS: progress_tables,
        Section.COLLABORATION: collaboration_tables,
    }
    fewer = f"fewer than {scope.minimum}"
    agreement = said.latest_agreement
    headlines = (
        Headline(
            "Attendance rate",
            f"{round(100 * attended.rate)}%" if attended.rate is not None else "none",
            f"across {attended.meetings} meetings, of participants on the roster at each",
        ),
        Headline(
            "Agreement",
            f"{agreement.agreed} of {agreement.answered}" if agreement else "not enough answers",
            f'agreed or strongly agreed with "{agreement.question}" ({agreement.pulse}, latest wave)'
            if agreement
            else "in the latest wave of a recurring pulse",
        ),
        Headline(
            "Resources shared",
            str(shared.shared) if small(shared.shared, minimum=scope.minimum) is not None else fewer,
            "added to the library in the period",
        ),
        Headline(
            "Confirmed collaborations",
            str(moved.collaborations) if moved.collaborations is not None else fewer,
            "outside network meetings, confirmed by a partner",
        ),
        Headline(
            "Changes made",
            str(moved.changes) if moved.changes is not None else fewer,
            "to practice, policy or programs, as members recorded them",
        ),
    )
    return Report(
        network_name=network.name,
        period=period,
        generated_at=now,
        minimum=scope.minimum,
        participants=len(scope.participants),
        headlines=headlines,
        sections=tuple((s, by_section[s]) for s in Section if s in sections),
    )
