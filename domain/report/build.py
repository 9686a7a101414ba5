"""The whole report: its sections' tables, the five headline figures, and what each figure counts.

Building is two steps: every section drafts its tables into one ledger of counts; the ledger
settles (domain/report/disclosure.py) once, over every number the page, the charts, the
readings, the CSV files and the Slack summary will show; only then are tables, readings and
headlines written, from the published numbers.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from domain.network.participants import WHO_COUNTS, population
from domain.pulses.privacy import min_group_size
from domain.report.cells import Table, fewer_than
from domain.report.disclosure import Count, Ledger
from domain.report.participation import attendance_sentence, participation
from domain.report.period import Period, Scope
from domain.report.progress import progress
from domain.report.said import agreement_sentence, members_said
from domain.report.sharing import sharing
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
    WHO_COUNTS,
    "Attendance rate: participants who attended, out of the participants on the roster when each meeting started.",
    "Response rate: participants who answered a wave, out of the participants it was sent to.",
    "Answers (agreement, ratings): participants' answers only, the same population as the response rate.",
    "Periods are whole days in the network's time zone; only meetings that have started are counted, and "
    "meetings still to come are listed apart as scheduled.",
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
    participants: int  # participants on the roster today
    headlines: tuple[Headline, ...]
    sections: tuple[tuple[Section, tuple[Table, ...]], ...]
    ledger: Ledger

    def tables(self) -> list[Table]:
        return [table for _, tables in self.sections for table in tables]


def build_report(
    session: Session,
    *,
    network: Network,
    period: Period,
    now: datetime,
    sections: Collection[Section] = tuple(Section),
    suppression: str = "full",
) -> Report:
    """The report; ``suppression="cells"`` skips the pass over totals (only a test uses it, to attack the result)."""
    period = replace(period, zone=network.timezone)
    people = population(session, network_id=network.id)
    scope = Scope(
        network=network,
        period=period,
        minimum=min_group_size(session, network_id=network.id),
        population=people,
        now=now,
    )
    ledger = Ledger(scope.minimum, mode=suppression)
    attended = participation(session, scope, ledger)
    said = members_said(session, scope, ledger)
    shared = sharing(session, scope, ledger)
    moved = progress(session, scope, ledger)
    ledger.settle()
    by_section = {
        Section.PARTICIPATION: attended.drafts,
        Section.SAID: said.drafts,
        Section.SHARING: shared.drafts,
        Section.PROGRESS: tuple(d for d in moved.drafts if d.key not in COLLABORATION_KEYS),
        Section.COLLABORATION: tuple(d for d in moved.drafts if d.key in COLLABORATION_KEYS),
    }
    minimum = scope.minimum
    agreement = agreement_sentence(said.latest_agreement, minimum)
    rate = attendance_sentence(attended.attended, attended.seats, attended.meetings, minimum)
    headlines = (
        Headline(
            "Attendance rate",
            rate.split(" (")[0] if attended.meetings and not attended.attended.hidden else "—",
            f"{rate}; participants on the roster at each meeting"
            + (f"; {attended.scheduled} meetings still to come are not counted" if attended.scheduled else ""),
        ),
        Headline(
            "Agreement",
            f"{said.latest_agreement.agreed.value} of {said.latest_agreement.answered.value}"
            if agreement and said.latest_agreement
            else "suppressed"
            if said.latest_agreement
            else "none",
            f"{agreement} (latest wave)"
            if agreement
            else f"no agreement answers to show ({fewer_than(minimum)} people)",
        ),
        Headline("Resources shared", _value(shared.shared, minimum), "added to the library in the period"),
        Headline(
            "Confirmed collaborations",
            _value(moved.collaborations, minimum),
            "outside network meetings, confirmed by a partner",
        ),
        Headline(
            "Changes made", _value(moved.changes, minimum), "to practice, policy or programs, as members recorded them"
        ),
    )
    return Report(
        network_name=network.name,
        period=period,
        generated_at=now,
        minimum=minimum,
        participants=len(people.today),
        headlines=headlines,
        sections=tuple((s, tuple(d.publish(minimum) for d in by_section[s])) for s in Section if s in sections),
        ledger=ledger,
    )


def _value(count: Count, minimum: int) -> str:
    return fewer_than(minimum) if count.hidden else str(count.value)
