"""Who participates: the one rule every figure counts by (staff are on the roster but never counted).

The rule, written once and used by the evaluation report, App Home's network health, pulse
results and their CSV files:

- a facilitator's mark (`/peerbot participants add|remove`) decides when there is one;
- otherwise staff are facilitators — of the network, or configured (``PEERBOT_FACILITATORS``) —
  who give no state (a consultant, federal or association staff, an evaluator); everyone else
  participates (a state co-lead is a facilitator with a state, and so a participant);
- "today" figures count the participants on the roster today (in the home channel); a meeting's
  attendance counts the participants on the roster when it started (the roster's history).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.network.roles import configured_facilitators
from domain.network.roster import rosters_at, spells_of
from storage import network as network_store
from storage.models import Member, Network, Role

WHO_COUNTS = (
    "Participants: everyone on the roster except staff. Staff are facilitators (of the network or configured "
    "for peerbot) who give no state; a facilitator's mark with /peerbot participants overrides this. "
    "Staff are left out of every count, rate and answer table."
)


def is_staff_by_default(member: Member, *, configured: frozenset[str]) -> bool:
    facilitates = member.role == Role.FACILITATOR or member.user_id in configured
    return facilitates and not member.state


def is_participant(member: Member, *, configured: frozenset[str] = frozenset()) -> bool:
    """A facilitator's mark when there is one; else everyone who is not staff (see the module's rule)."""
    if member.participant is not None:
        return member.participant
    return not is_staff_by_default(member, configured=configured)


@dataclass(frozen=True)
class Population:
    """A network's people sorted by the rule: who participates, who is on the roster today, and when."""

    members: dict[str, Member]
    participants: frozenset[str]  # by the rule, whether or not on the roster today
    spells: tuple[tuple[str, datetime, datetime | None], ...]

    @property
    def today(self) -> frozenset[str]:
        """Participants on the roster today."""
        return frozenset(u for u in self.participants if self.members[u].in_channel)

    def at(self, instants: Iterable[datetime]) -> dict[datetime, frozenset[str]]:
        """Participants on the roster at each instant (a meeting's start)."""
        return {
            at: frozenset(people) & self.participants for at, people in rosters_at(self.spells, list(instants)).items()
        }

    def counts(self, user_ids: Iterable[str]) -> frozenset[str]:
        """The participants among ``user_ids`` (respondents, recipients, attendees)."""
        return frozenset(user_ids) & self.participants


def population(session: Session, *, network_id: int) -> Population:
    """The network's people under the participant rule (configured facilitators come with the session)."""
    configured = configured_facilitators(session)
    members = {m.user_id: m for m in network_store.members_of(session, network_id=network_id)}
    return Population(
        members=members,
        participants=frozenset(u for u, m in members.items() if is_participant(m, configured=configured)),
        spells=tuple(spells_of(session, network_id=network_id)),
    )


def counts_now(session: Session, *, network_id: int, user_id: str) -> bool:
    """Whether someone is a participant under the rule right now (an anonymous answer is sorted when given)."""
    member = network_store.get_member(session, network_id=network_id, user_id=user_id)
    return member is not None and is_participant(member, configured=configured_facilitators(session))


def participant_ids(members: Iterable[Member], *, configured: frozenset[str] = frozenset()) -> set[str]:
    return {member.user_id for member in members if is_participant(member, configured=configured)}


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
    configured = configured_facilitators(session)
    people = network_store.roster(session, network_id=network.id)
    counted = [m for m in people if is_participant(m, configured=configured)]
    return counted, [m for m in people if not is_participant(m, configured=configured)]
