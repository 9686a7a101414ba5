"""Stages of progress, and who a "team" is: a state, else an agency, else the member alone."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.network.profiles import STATES
from storage.models import Member


class Stage(StrEnum):
    NOT_STARTED = "not_started"
    EARLY = "early"
    MAKING_PROGRESS = "making_progress"
    SUBSTANTIAL = "substantial"
    ACHIEVED = "achieved"


STAGE_LABELS = {
    Stage.NOT_STARTED: "Not started",
    Stage.EARLY: "Early",
    Stage.MAKING_PROGRESS: "Making progress",
    Stage.SUBSTANTIAL: "Substantial",
    Stage.ACHIEVED: "Achieved",
}
STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}


def stage_from_label(label: str) -> Stage | None:
    """The stage a pulse choice names ("Making progress"), ignoring case; None when it names none."""
    wanted = " ".join(label.split()).lower()
    return next((stage for stage, text in STAGE_LABELS.items() if text.lower() == wanted), None)


@dataclass(frozen=True)
class Team:
    """Who a report speaks for: ``key`` groups reports (``state:TX``), ``label`` is shown."""

    key: str
    label: str


def team_of(member: Member | None, user_id: str) -> Team:
    """A member's team: their state when their profile names one, else their agency, else themselves.

    A network whose members give no state or agency is a network of individuals, so each
    member reports for themself.
    """
    if member is not None and member.state:
        return Team(f"state:{member.state}", STATES.get(member.state, member.state))
    if member is not None and member.agency and member.agency.strip():
        agency = " ".join(member.agency.split())
        return Team(f"agency:{agency.lower()}"[:220], agency[:200])
    name = member.display_name if member is not None else user_id
    return Team(f"member:{user_id}", name[:200])
