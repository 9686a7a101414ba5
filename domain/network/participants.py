"""Who participates: the people a network's participation figures count (staff are on the roster but not counted)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from storage import network as network_store
from storage.models import Member, Network, Role


def is_participant(member: Member) -> bool:
    """A facilitator's mark when there is one; else everyone who is not only staff.

    Staff are facilitators with no state (a consultant, federal or association staff, an
    evaluator); a state co-lead is a facilitator with a state, and so both staff and participant.
    """
    if member.participant is not None:
        return member.participant
    return member.role == Role.MEMBER or bool(member.state)


def participant_ids(members: Iterable[Member]) -> set[str]:
    return {member.user_id for member in members if is_participant(member)}


def mark(session: Session, *, network: Network, user_id: str, participant: bool | None) -> Member:
    """Set (or with None, clear) a facilitator's mark on someone of the network; they must be known to it."""
    member = network_store.get_member(session, network_id=network.id, user_id=user_id)
    if member is None:
        raise PeerbotError(f"<@{user_id}> isn't part of this network, so there's nothing to mark.")
    member.participant = participant
    session.flush()
    return member


def roster_by_kind(session: Session, *, network: Network) -> tuple[list[Member], list[Member]]:
    """The people on the roster: (participants, staff), each by name."""
    people = network_store.roster(session, network_id=network.id)
    return [m for m in people if is_participant(m)], [m for m in people if not is_participant(m)]
