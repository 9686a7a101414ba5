"""The roadmap: future state, priority areas (with milestones), and progress reports on them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.network import roles
from domain.progress.teams import STAGE_LABELS, Stage, stage_from_label, team_of
from storage import network as network_store
from storage import progress as progress_store
from storage.models import Network, PriorityArea, ProgressReport, Roadmap

FUTURE_STATE_MAX = 2000
NAME_MAX = 100
TEXT_MAX = 1000
NOTE_MAX = 500
MILESTONES_MAX = 10
MILESTONE_MAX = 200
AREAS_MAX = 20
GONE = "That priority area is no longer on the roadmap."
EDITING = "change the roadmap"
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*[:\-]?\s*(.*)$")


@dataclass(frozen=True)
class Milestone:
    title: str
    target: date | None


def parse_milestones(text: str | None) -> tuple[Milestone, ...]:
    """One milestone per line; a line may start with its target date (2027-06-30 Pilot in two counties)."""
    milestones: list[Milestone] = []
    errors: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        target: date | None = None
        match = _DATED.match(line)
        if match:
            try:
                target = date.fromisoformat(match.group(1))
            except ValueError:
                errors.append(f"Line {number} starts with a date that doesn't exist ({match.group(1)}).")
                continue
            line = match.group(2)
        if not line:
            errors.append(f"Line {number} has a date but no milestone.")
        elif len(line) > MILESTONE_MAX:
            errors.append(f"Line {number} is longer than {MILESTONE_MAX} characters.")
        else:
            milestones.append(Milestone(line, target))
    if len(milestones) > MILESTONES_MAX:
        errors.append(f"Keep to {MILESTONES_MAX} milestones or fewer.")
    if errors:
        raise InvalidInput({"milestones": " ".join(errors[:3])})
    return tuple(milestones)


def milestones_of(area: PriorityArea) -> tuple[Milestone, ...]:
    loaded = json.loads(area.milestones or "[]")
    return tuple(Milestone(m["title"], date.fromisoformat(m["target"]) if m.get("target") else None) for m in loaded)


def milestones_text(area: PriorityArea) -> str:
    return "\n".join(f"{m.target.isoformat()} {m.title}" if m.target else m.title for m in milestones_of(area))


@dataclass(frozen=True)
class AreaDraft:
    """What a facilitator typed in the priority area modal."""

    name: str
    description: str = ""
    achieved: str = ""
    target_date: str | None = None
    milestones: str = ""

    def validate(self) -> tuple[Milestone, ...]:
        errors: dict[str, str] = {}
        name = " ".join(self.name.split())
        if not name:
            errors["name"] = "Give the priority area a name."
        elif len(name) > NAME_MAX:
            errors["name"] = f"Keep the name to {NAME_MAX} characters or fewer."
        for field, text in (("description", self.description), ("achieved", self.achieved)):
            if len(text.strip()) > TEXT_MAX:
                errors[field] = f"Keep this to {TEXT_MAX} characters or fewer."
        if self.target_date:
            try:
                date.fromisoformat(self.target_date)
            except ValueError:
                errors["target_date"] = "Choose a date from the calendar."
        try:
            milestones = parse_milestones(self.milestones)
        except InvalidInput as exc:
            errors.update(exc.errors)
            milestones = ()
        if errors:
            raise InvalidInput(errors)
        return milestones


def save_future_state(session: Session, *, network: Network, text: str, by_user: str, now: datetime) -> Roadmap:
    text = text.strip()
    if not text:
        raise InvalidInput({"future_state": "Describe the future state the network is working towards."})
    if len(text) > FUTURE_STATE_MAX:
        raise InvalidInput({"future_state": f"Keep this to {FUTURE_STATE_MAX} characters or fewer."})
    roadmap = progress_store.get_roadmap(session, network_id=network.id)
    if roadmap is None:
        roadmap = Roadmap(network_id=network.id, future_state=text, updated_by=by_user, updated_at=now)
        progress_store.add(session, roadmap)
    else:
        roadmap.future_state, roadmap.updated_by, roadmap.updated_at = text, by_user, now
        session.flush()
    return roadmap


def save_area(
    session: Session, *, network: Network, area: PriorityArea | None, draft: AreaDraft, by_user: str, now: datetime
) -> PriorityArea:
    """Add a priority area (``area`` None) or change one; names are unique among the roadmap's areas."""
    milestones = draft.validate()
    name = " ".join(draft.name.split())
    live = progress_store.areas(session, network_id=network.id)
    if any(a.name.lower() == name.lower() and (area is None or a.id != area.id) for a in live):
        raise InvalidInput({"name": "The roadmap already has a priority area with that name."})
    if area is None and len(live) >= AREAS_MAX:
        raise InvalidInput({"name": f"A roadmap holds up to {AREAS_MAX} priority areas."})
    stored = json.dumps([{"title": m.title, "target": m.target.isoformat() if m.target else None} for m in milestones])
    target = date.fromisoformat(draft.target_date) if draft.target_date else None
    if area is None:
        area = PriorityArea(network_id=network.id, created_by=by_user, created_at=now, name=name, milestones="[]")
        area.description, area.achieved = draft.description.strip(), draft.achieved.strip()
        area.target_date, area.milestones = target, stored
        progress_store.add(session, area)
        return area
    area.name, area.description, area.achieved = name, draft.description.strip(), draft.achieved.strip()
    area.target_date, area.milestones = target, stored
    session.flush()
    return area


def delete_area(session: Session, *, area: PriorityArea, now: datetime) -> None:
    """Take the area off the roadmap; its reports stay in the history and the figures that cover the past."""
    area.deleted_at = now
    session.flush()


def area_for(
    session: Session,
    *,
    area_id: int,
    team_id: str,
    user_id: str,
    facilitator_doing: str | None = None,
) -> tuple[Network, PriorityArea]:
    """The live area an id from a payload names, once the person is checked against its network."""
    area = progress_store.get_area(session, area_id=area_id)
    if area is None or area.deleted_at is not None:
        raise NotFound(GONE)
    network = roles.network_for(
        session,
        network_id=area.network_id,
        team_id=team_id,
        user_id=user_id,
        facilitator_doing=facilitator_doing,
    )
    return network, area


def _check_report(stage: str | None, note: str) -> None:
    """A report's stage must be one of the five and its note short: inline errors otherwise."""
    errors: dict[str, str] = {}
    if stage not in {s.value for s in Stage}:
        errors["stage"] = "Choose a stage."
    if len(note.strip()) > NOTE_MAX:
        errors["note"] = f"Keep the note to {NOTE_MAX} characters or fewer."
    if errors:
        raise InvalidInput(errors)


def report_progress(
    session: Session,
    *,
    network: Network,
    area: PriorityArea,
    user_id: str,
    stage: str | None,
    note: str,
    source: str,
    now: datetime,
) -> ProgressReport:
    """Record the member's team's stage on an area now."""
    _check_report(stage, note)
    team = team_of(network_store.get_member(session, network_id=network.id, user_id=user_id), user_id)
    report = ProgressReport(
        network_id=network.id,
        area_id=area.id,
        team_key=team.key,
        team_label=team.label,
        stage=str(stage),
        note=note.strip(),
        source=source,
        reported_by=user_id,
        reported_at=now,
    )
    progress_store.add(session, report)
    return report


def edit_report(
    session: Session,
    *,
    report: ProgressReport,
    area: PriorityArea,
    user_id: str,
    stage: str | None,
    note: str,
) -> None:
    """Correct one of the person's own reports (its area, stage or note); when it was made stays."""
    if report.reported_by != user_id or report.withdrawn_at is not None:
        raise NotAllowed("You can only edit progress reports you made yourself.")
    _check_report(stage, note)
    report.area_id, report.stage, report.note = area.id, str(stage), note.strip()
    session.flush()


def withdraw_report(session: Session, *, report: ProgressReport, user_id: str, now: datetime) -> None:
    """A member withdraws a report they made; it stops counting."""
    if report.reported_by != user_id:
        raise NotAllowed("You can only withdraw progress reports you made yourself.")
    report.withdrawn_at = now
    session.flush()


QUESTION_PREFIX = "progress on "


def import_pulse_reports(session: Session, *, network: Network, now: datetime) -> int:
    """Turn named answers to roadmap pulse questions into progress reports; returns how many were new or changed.

    A question links to a priority area when it is a single-choice question reading
    "Progress on <area name>" whose choices are the stages. Each answer counts once
    (its source is remembered); a changed answer changes its report.
    """
    by_name = {a.name.lower(): a for a in progress_store.areas(session, network_id=network.id)}
    changed = 0
    for question, wave, response in progress_store.roadmap_pulse_answers(session, network_id=network.id):
        text = " ".join(question.text.split()).lower()
        area = by_name.get(text[len(QUESTION_PREFIX) :]) if text.startswith(QUESTION_PREFIX) else None
        answers = json.loads(response.answers)
        pick = answers.get(str(question.id))
        choices = json.loads(question.choices)
        if area is None or not isinstance(pick, int) or not 0 <= pick < len(choices) or response.user_id is None:
            continue
        stage = stage_from_label(str(choices[pick]))
        if stage is None:
            continue
        ref = f"pulse:{response.id}:{question.id}"
        existing = progress_store.report_by_source(session, source_ref=ref)
        if existing is not None:
            if existing.stage != stage.value:
                existing.stage = stage.value
                changed += 1
            continue
        report = report_progress(
            session, network=network, area=area, user_id=response.user_id, stage=stage, note="", source="pulse", now=now
        )
        report.source_ref = ref
        report.reported_at = min(now, wave.closed_at or now)
        changed += 1
    session.flush()
    return changed


STAGE_CHOICES = tuple(STAGE_LABELS.values())
