"""Resolvers for what a meetings click names: the occurrence in a button's value or a form's metadata."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from handlers.kit.subjects import Actor, action_value, view_metadata
from rendering.meetings.payloads import OccurrenceButton, OccurrenceForm
from workflows.meetings.occurrences import OccurrenceSubject, occurrence_for


def button_occurrence(body: dict[str, Any]) -> int:
    return OccurrenceButton.from_value(action_value(body)).id


def form_occurrence(body: dict[str, Any]) -> int:
    return OccurrenceForm.from_value(view_metadata(body)).occurrence_id


def occurrence(facilitator_doing: str | None = None) -> Callable[[Session, Actor, int], OccurrenceSubject]:
    """Load the occurrence an id names for a member of its network (or, with ``facilitator_doing``, a facilitator)."""

    def load(session: Session, actor: Actor, occurrence_id: int) -> OccurrenceSubject:
        return occurrence_for(
            session,
            occurrence_id=occurrence_id,
            team_id=actor.team_id,
            user_id=actor.user_id,
            facilitator_doing=facilitator_doing,
        )

    return load
