"""Technical assistance: needs per state (from a landscape assessment), TA providers, and what they delivered."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.network import roles
from domain.network.profiles import STATES
from storage import progress as progress_store
from storage import pulses as pulse_store
from storage.models import Network, TaDelivery, TaNeed

STATUSES = {"requested": "Requested", "planned": "Planned", "in_progress": "In progress", "received": "Received"}
PRIORITIES = {"high": "High", "medium": "Medium", "low": "Low"}
NEED_MAX = 1000
NOTE_MAX = 1000
KIND_MAX = 40
HOURS_MAX = 1000
GONE = "That technical assistance need is no longer recorded."
GRANTING = "choose technical assistance providers"
ASSESSING = "record technical assistance needs"


@dataclass(frozen=True)
class NeedDraft:
    state: str
    need: str
    priority: str = "medium"
    requested_by: str = ""

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if self.state not in STATES:
            errors["state"] = "Choose a state or territory."
        if not self.need.strip():
            errors["need"] = "Describe the need."
        elif len(self.need.strip()) > NEED_MAX:
            errors["need"] = f"Keep this to {NEED_MAX} characters or fewer."
        if self.priority not in PRIORITIES:
            errors["priority"] = "Choose a priority."
        if len(self.requested_by) > 200:
            errors["requested_by"] = "Keep this to 200 characters or fewer."
        if errors:
            raise InvalidInput(errors)


def add_need(session: Session, *, network: Network, draft: NeedDraft, wave_id: int | None, now: datetime) -> TaNeed:
    draft.validate()
    need = TaNeed(
        network_id=network.id,
        state=draft.state,
        need=draft.need.strip(),
        priority=draft.priority,
        requested_by=draft.requested_by.strip(),
        status="requested",
        wave_id=wave_id,
        created_at=now,
        updated_at=now,
    )
    progress_store.add(session, need)
    return need


def needs_from_assessment(session: Session, *, network: Network, wave_id: int, now: datetime) -> list[TaNeed]:
    """Turn a one-per-state pulse's named answers into TA needs: each non-empty free-text answer is a need.

    The answer's state and the person who answered make the need's state and "requested by";
    running it again on the same wave adds nothing twice.
    """
    wave = pulse_store.get_wave(session, wave_id=wave_id)
    pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
    if wave is None or pulse is None or pulse.network_id != network.id:
        raise NotFound("I can't find that pulse in this network.")
    if pulse.anonymous or pulse.audience != "per_state":
        raise InvalidInput({"pulse": "Choose a named pulse with one answer per state."})
    texts = {q.id for q in pulse_store.questions(session, pulse_id=pulse.id) if q.kind == "text"}
    existing = {(n.state, n.need) for n in progress_store.needs(session, network_id=network.id) if n.wave_id == wave_id}
    added = []
    for response in progress_store.wave_responses(session, wave_id=wave_id):
        if response.group_state not in STATES:
            continue
        for question_id, answer in json.loads(response.answers).items():
            text = str(answer).strip() if int(question_id) in texts else ""
            if not text or (response.group_state, text[:NEED_MAX]) in existing:
                continue
            draft = NeedDraft(response.group_state, text[:NEED_MAX], "medium", f"<@{response.user_id}>")
            added.append(add_need(session, network=network, draft=draft, wave_id=wave_id, now=now))
    return added


def need_for(session: Session, *, need_id: int, team_id: str, user_id: str) -> tuple[Network, TaNeed]:
    need = progress_store.get_need(session, need_id=need_id)
    if need is None:
        raise NotFound(GONE)
    network = roles.network_for(session, network_id=need.network_id, team_id=team_id, user_id=user_id)
    return network, need


def can_manage(session: Session, *, network: Network, user_id: str) -> bool:
    """Facilitators and TA providers see every state's needs and change their status."""
    return roles.is_facilitator(session, network=network, user_id=user_id) or progress_store.is_provider(
        session, network_id=network.id, user_id=user_id
    )


def set_status(session: Session, *, need: TaNeed, status: str, now: datetime) -> bool:
    """Change a need's status; False when it already had it."""
    if status not in STATUSES:
        raise InvalidInput({"status": "Choose a status."})
    if need.status == status:
        return False
    need.status, need.updated_at = status, now
    session.flush()
    return True


@dataclass(frozen=True)
class DeliveryDraft:
    delivered_on: str | None
    kind: str
    hours: str
    note: str


def log_delivery(
    session: Session,
    *,
    network: Network,
    need: TaNeed,
    draft: DeliveryDraft,
    provider: str,
    today: date,
    now: datetime,
) -> TaDelivery:
    """A TA provider (or facilitator) logs assistance delivered; a first delivery moves a need to in progress."""
    if not can_manage(session, network=network, user_id=provider):
        raise NotAllowed("Only technical assistance providers and facilitators can log assistance delivered.")
    errors: dict[str, str] = {}
    when = None
    try:
        when = date.fromisoformat(draft.delivered_on or "")
        if when > today:
            errors["date"] = "Choose a date that has already come."
    except ValueError:
        errors["date"] = "Choose the date from the calendar."
    if not draft.kind.strip() or len(draft.kind.strip()) > KIND_MAX:
        errors["kind"] = f"Say what kind of assistance it was, in {KIND_MAX} characters or fewer."
    try:
        hours = float(draft.hours.strip().replace(",", "."))
        if not 0 < hours <= HOURS_MAX:
            raise ValueError
    except ValueError:
        errors["hours"] = f"Give the hours as a number between 0 and {HOURS_MAX} (e.g. 1.5)."
        hours = 0
    if len(draft.note.strip()) > NOTE_MAX:
        errors["note"] = f"Keep this to {NOTE_MAX} characters or fewer."
    if errors or when is None:
        raise InvalidInput(errors)
    delivery = TaDelivery(
        need_id=need.id,
        provider=provider,
        delivered_on=when,
        kind=draft.kind.strip(),
        minutes=round(hours * 60),
        note=draft.note.strip(),
        created_at=now,
    )
    progress_store.add(session, delivery)
    if need.status in ("requested", "planned"):
        set_status(session, need=need, status="in_progress", now=now)
    return delivery
