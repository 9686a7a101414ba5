"""Rounds: starting one when it is due (matching the people taking part) and recording what groups say."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from domain.errors import NotAllowed
from domain.intros.matcher import Candidate, PastGroup, match
from domain.intros.participation import is_taking_part
from domain.intros.schedule import due_round
from domain.intros.settings import rules_of
from domain.network.profiles import STATES
from storage import intros as intro_store
from storage import network as network_store
from storage.models import IntroGroup, IntroGroupMember, IntroOutcome, IntroRound, IntroSettings, Member, Network

HISTORY_ROUNDS = 12  # how far back repeats are spread out, beyond the rules' window
NOT_IN_GROUP = "Only the people introduced in this group can answer for it."


def taking_part(session: Session, *, network: Network, on: datetime) -> tuple[list[Member], list[Member]]:
    """(taking part, not taking part) among the roster, for a round starting at ``on``."""
    day = on.astimezone(ZoneInfo(network.timezone)).date()
    choices = intro_store.participants(session, network_id=network.id)
    roster = network_store.roster(session, network_id=network.id)
    inside = [m for m in roster if is_taking_part(choices.get(m.user_id), on=day)]
    names = {m.user_id for m in inside}
    return inside, [m for m in roster if m.user_id not in names]


def start_due_round(session: Session, *, network: Network, settings: IntroSettings, now: datetime) -> IntroRound | None:
    """Match and record the round that is due now, unless it already exists; skips are used up by it."""
    times = due_round(settings, timezone=network.timezone, now=now)
    if (
        times is None
        or intro_store.round_starting(session, network_id=network.id, starts_at=times.starts_at) is not None
    ):
        return None
    people, _ = taking_part(session, network=network, on=times.starts_at)
    number = intro_store.last_round_number(session, network_id=network.id) + 1
    rules = rules_of(settings)
    history = [
        PastGroup(number - past, tuple(members))
        for past, members in intro_store.recent_groups(
            session, network_id=network.id, rounds=max(HISTORY_ROUNDS, rules.avoid_repeat_rounds)
        )
    ]
    matches = match(
        [Candidate(m.user_id, m.state, m.agency, m.learning_interests) for m in people],
        rules=rules,
        history=history,
        seed=f"{network.id}:{number}",
        state_names=STATES,
    )
    states = {m.user_id: m.state for m in people}
    intro_round = IntroRound(
        network_id=network.id,
        number=number,
        starts_at=times.starts_at,
        nudge_at=times.nudge_at,
        ends_at=times.ends_at,
        group_size=rules.group_size,
        left_out=people[0].user_id if len(people) == 1 else None,
        created_at=now,
    )
    groups = [
        (
            IntroGroup(network_id=network.id, reason=found.reason),
            [IntroGroupMember(user_id=u, state=states.get(u), unreachable=False) for u in found.members],
        )
        for found in matches
    ]
    intro_store.add_round(session, intro_round, groups)
    for row in intro_store.participants(session, network_id=network.id).values():
        if row.skip_next:
            row.skip_next, row.updated_at = False, now
    session.flush()
    return intro_round


def group_member_ids(session: Session, *, group_id: int) -> list[str]:
    """Who was introduced in a group: what "Log a collaboration" is prefilled with."""
    return [m.user_id for m in intro_store.members_of_groups(session, group_ids=[group_id]).get(group_id, [])]


def record_outcome(
    session: Session, *, group: IntroGroup, user_id: str, outcome: IntroOutcome, now: datetime
) -> list[str]:
    """What a member of the group says happened (the latest answer counts); returns the group's members."""
    members = group_member_ids(session, group_id=group.id)
    if user_id not in members:
        raise NotAllowed(NOT_IN_GROUP)
    group.outcome, group.outcome_by, group.outcome_at = outcome, user_id, now
    session.flush()
    return members


def collaboration_partners(session: Session, *, group: IntroGroup, user_id: str) -> list[str]:
    """The others in a group one of its members met: who "Log a collaboration" names for them."""
    members = group_member_ids(session, group_id=group.id)
    if user_id not in members:
        raise NotAllowed(NOT_IN_GROUP)
    return [m for m in members if m != user_id]
