"""Changes made: a practice, policy or program a member's agency changed, and what inspired it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.network import roles
from domain.progress.teams import team_of
from storage import network as network_store
from storage import progress as progress_store
from storage import resources as resource_store
from storage.models import ChangeMade, Network

KINDS = {"practice": "Practice", "policy": "Policy", "program": "Program"}
DESCRIPTION_MAX = 1000
GONE = "That change is no longer recorded."


@dataclass(frozen=True)
class ChangeDraft:
    kind: str | None
    description: str
    area_id: int | None = None
    resource_id: int | None = None
    collaboration_id: int | None = None


def _check(session: Session, *, network: Network, draft: ChangeDraft) -> None:
    """Each link must name something of this network, or it is refused inline."""
    errors: dict[str, str] = {}
    if draft.kind not in KINDS:
        errors["kind"] = "Choose whether it changed a practice, a policy or a program."
    if not draft.description.strip():
        errors["description"] = "Say in a sentence what changed."
    elif len(draft.description.strip()) > DESCRIPTION_MAX:
        errors["description"] = f"Keep this to {DESCRIPTION_MAX} characters or fewer."
    if draft.area_id is not None:
        area = progress_store.get_area(session, area_id=draft.area_id)
        if area is None or area.network_id != network.id or area.deleted_at is not None:
            errors["area"] = "That priority area is no longer on the roadmap."
    if draft.resource_id is not None:
        resource = resource_store.get_resource(session, resource_id=draft.resource_id)
        if resource is None or resource.network_id != network.id:
            errors["resource"] = "That resource is no longer in the library."
    if draft.collaboration_id is not None:
        collab = progress_store.get_collaboration(session, collaboration_id=draft.collaboration_id)
        if collab is None or collab.network_id != network.id or collab.withdrawn_at is not None:
            errors["collaboration"] = "That collaboration is no longer in the log."
    if errors:
        raise InvalidInput(errors)


def record_change(session: Session, *, network: Network, draft: ChangeDraft, by_user: str, now: datetime) -> ChangeMade:
    _check(session, network=network, draft=draft)
    team = team_of(network_store.get_member(session, network_id=network.id, user_id=by_user), by_user)
    change = ChangeMade(
        network_id=network.id,
        user_id=by_user,
        team_key=team.key,
        team_label=team.label,
        kind=str(draft.kind),
        description=draft.description.strip(),
        area_id=draft.area_id,
        resource_id=draft.resource_id,
        collaboration_id=draft.collaboration_id,
        created_at=now,
    )
    progress_store.add(session, change)
    return change


def change_for(session: Session, *, change_id: int, team_id: str, user_id: str) -> tuple[Network, ChangeMade]:
    change = progress_store.get_change(session, change_id=change_id)
    if change is None or change.withdrawn_at is not None:
        raise NotFound(GONE)
    network = roles.network_for(session, network_id=change.network_id, team_id=team_id, user_id=user_id)
    return network, change


def edit_change(session: Session, *, network: Network, change: ChangeMade, draft: ChangeDraft, user_id: str) -> None:
    """Correct a change the person recorded."""
    if change.user_id != user_id:
        raise NotAllowed("You can only edit changes you recorded yourself.")
    _check(session, network=network, draft=draft)
    change.kind, change.description = str(draft.kind), draft.description.strip()
    change.area_id, change.resource_id, change.collaboration_id = (
        draft.area_id,
        draft.resource_id,
        draft.collaboration_id,
    )
    session.flush()


def withdraw(session: Session, *, change: ChangeMade, user_id: str, now: datetime) -> None:
    if change.user_id != user_id:
        raise NotAllowed("You can only withdraw changes you recorded yourself.")
    change.withdrawn_at = now
    session.flush()
