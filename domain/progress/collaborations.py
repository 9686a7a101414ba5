"""The collaboration log: who worked with whom outside meetings, and each named member's confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.network import roles
from domain.progress.figures import CONFIRMED, DECLINED, PENDING
from storage import network as network_store
from storage import progress as progress_store
from storage.models import Collaboration, CollaborationPartner, Network

KINDS = {
    "shared_resource": "Shared a resource",
    "joint_project": "Joint project",
    "policy_change": "Policy or practice change",
    "peer_advice": "Peer advice",
    "technical_assistance": "Technical assistance",
}
DESCRIPTION_MAX = 1000
OUTSIDE_MAX = 10
OUTSIDE_NAME_MAX = 100
PARTNERS_MAX = 20
GONE = "That collaboration is no longer in the log."
# The monthly pulse template's question (domain.pulses.templates "collaboration_log"): a Yes opens the log form.
PULSE_QUESTION = "Did you work with another state or agency outside network meetings?"
PULSE_CHOICES = ("Yes", "No")


def pulse_answer_opens_log(question_text: str, choices: Sequence[str], choice: int) -> bool:
    """Whether a one-click pulse answer is a Yes to the collaboration question, so the log form should open."""
    return (
        " ".join(question_text.split()).lower() == PULSE_QUESTION.lower()
        and 0 <= choice < len(choices)
        and choices[choice].strip().lower() == "yes"
    )


@dataclass(frozen=True)
class CollaborationDraft:
    """What a member typed in the log modal."""

    members: tuple[str, ...]
    outside: str
    kind: str | None
    description: str
    happened_on: str | None

    def outside_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for raw in self.outside.replace(";", ",").replace("\n", ",").split(","):
            name = " ".join(raw.split())
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
        return tuple(names)

    def validate(self, *, logged_by: str, today: date) -> None:
        errors: dict[str, str] = {}
        others = [m for m in self.members if m != logged_by]
        outside = self.outside_names()
        if not others and not outside:
            errors["members"] = "Name at least one member, or a state or agency outside the network."
        if len(others) > PARTNERS_MAX:
            errors["members"] = f"Name up to {PARTNERS_MAX} members."
        if len(outside) > OUTSIDE_MAX or any(len(n) > OUTSIDE_NAME_MAX for n in outside):
            errors["outside"] = f"Name up to {OUTSIDE_MAX} states or agencies, {OUTSIDE_NAME_MAX} characters each."
        if self.kind not in KINDS:
            errors["kind"] = "Choose what kind of collaboration it was."
        if not self.description.strip():
            errors["description"] = "Say in a sentence what you did together."
        elif len(self.description.strip()) > DESCRIPTION_MAX:
            errors["description"] = f"Keep this to {DESCRIPTION_MAX} characters or fewer."
        try:
            when = date.fromisoformat(self.happened_on or "")
            if when > today:
                errors["date"] = "Choose a date that has already come."
        except ValueError:
            errors["date"] = "Choose the date from the calendar."
        if errors:
            raise InvalidInput(errors)


def log_collaboration(
    session: Session, *, network: Network, draft: CollaborationDraft, by_user: str, today: date, now: datetime
) -> tuple[Collaboration, list[str]]:
    """Record the collaboration; returns it and the members to ask for confirmation (on the network's roster)."""
    draft.validate(logged_by=by_user, today=today)
    on_roster = network_store.roster_user_ids(session, network_id=network.id)
    named = [m for m in dict.fromkeys(draft.members) if m != by_user]
    strangers = [m for m in named if m not in on_roster]
    if strangers:
        mentions = ", ".join(f"<@{m}>" for m in strangers[:5])
        raise InvalidInput({"members": f"{mentions} isn't in this network; name them as an agency outside it instead."})
    collaboration = Collaboration(
        network_id=network.id,
        logged_by=by_user,
        kind=str(draft.kind),
        description=draft.description.strip(),
        happened_on=date.fromisoformat(str(draft.happened_on)),
        outside="\n".join(draft.outside_names()),
        created_at=now,
    )
    progress_store.add(session, collaboration)
    for user_id in named:
        progress_store.add(
            session, CollaborationPartner(collaboration_id=collaboration.id, user_id=user_id, status=PENDING)
        )
    return collaboration, named


def collaboration_for(
    session: Session, *, collaboration_id: int, team_id: str, user_id: str
) -> tuple[Network, Collaboration]:
    collaboration = progress_store.get_collaboration(session, collaboration_id=collaboration_id)
    if collaboration is None or collaboration.withdrawn_at is not None:
        raise NotFound(GONE)
    network = roles.network_for(session, network_id=collaboration.network_id, team_id=team_id, user_id=user_id)
    return network, collaboration


def answer(
    session: Session, *, collaboration: Collaboration, user_id: str, confirm: bool, now: datetime
) -> CollaborationPartner:
    """A named member confirms or declines; only the member named may answer, and may change their answer."""
    partner = progress_store.get_partner(session, collaboration_id=collaboration.id, user_id=user_id)
    if partner is None:
        raise NotAllowed("Only the members named in a collaboration can confirm or decline it.")
    partner.status = CONFIRMED if confirm else DECLINED
    partner.answered_at = now
    session.flush()
    return partner


def edit_collaboration(
    session: Session, *, collaboration: Collaboration, draft: CollaborationDraft, user_id: str, today: date
) -> None:
    """Correct a collaboration the person logged: whom outside, kind, description, date (its members stay)."""
    if collaboration.logged_by != user_id:
        raise NotAllowed("You can only edit collaborations you logged yourself.")
    named = tuple(p.user_id for p in progress_store.partners(session, collaboration_ids=[collaboration.id]))
    draft = CollaborationDraft(named, draft.outside, draft.kind, draft.description, draft.happened_on)
    draft.validate(logged_by=user_id, today=today)
    collaboration.outside = "\n".join(draft.outside_names())
    collaboration.kind, collaboration.description = str(draft.kind), draft.description.strip()
    collaboration.happened_on = date.fromisoformat(str(draft.happened_on))
    session.flush()


def withdraw(session: Session, *, collaboration: Collaboration, user_id: str, now: datetime) -> None:
    if collaboration.logged_by != user_id:
        raise NotAllowed("You can only withdraw collaborations you logged yourself.")
    collaboration.withdrawn_at = now
    session.flush()


def partners_of(session: Session, collaborations: Sequence[Collaboration]) -> Sequence[CollaborationPartner]:
    return progress_store.partners(session, collaboration_ids=[c.id for c in collaborations])
