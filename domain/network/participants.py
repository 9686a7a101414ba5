"""Who participates: the people a network's participation figures count (staff are on the roster but not counted)."""

from __future__ import annotations

from collections.abc import Iterable

from storage.models import Member, Role


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
