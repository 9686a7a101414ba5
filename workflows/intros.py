"""Rounds of peer introductions run by the clock: start, introduce each group, nudge halfway, follow up at the end."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError

from domain.deliveries import DeliveryKind, fan_out_notice_key, names_of
from domain.intros.deliveries import intro_key, intro_round_prefix, intro_scope
from domain.intros.rounds import start_due_round
from rendering.deliveries import could_not_reach
from rendering.intros.messages import IntroPerson, first_question, follow_up, introduction, nudge
from slackio.delivery import Delivered, Message, Outcome, deliver_all, deliver_once
from slackio.group_dm import open_group_dm
from slackio.workspaces import WorkspaceGone
from storage import deliveries as delivery_store
from storage import intros as intro_store
from storage import network as network_store
from storage.models import IntroOutcome, IntroRound
from workflows.context import RunContext

logger = logging.getLogger(__name__)

FOLLOW_UP_GRACE = timedelta(days=1)  # a clock down longer than this after a round ended sends no follow-up
INTRODUCED = (Outcome.SENT, Outcome.DUPLICATE, Outcome.UNKNOWN, Outcome.FAILED, Outcome.UNREACHABLE)


@dataclass(frozen=True)
class _Plan:
    round_id: int
    group_id: int
    team_id: str
    network_id: int
    owner: str
    user_ids: tuple[str, ...]
    text_blocks: tuple[str, list[dict[str, object]]]


def run_intro_rounds(ctx: RunContext) -> dict[str, int]:
    """The clock's one entry for introductions, every minute: each step is idempotent and claims what it sends."""
    now = ctx.clock.now()
    return {
        "started": start_due_rounds(ctx, now=now),
        "introduced": introduce_groups(ctx, now=now),
        "nudged": send_reminders(ctx, now=now, what="nudge"),
        "followed_up": send_reminders(ctx, now=now, what="follow-up"),
    }


def start_due_rounds(ctx: RunContext, *, now: datetime) -> int:
    with ctx.session_factory.begin() as session:
        network_ids = [
            network.id for _settings, network in intro_store.enabled_networks(session) if ctx.covers(network.team_id)
        ]
    started = 0
    for network_id in network_ids:
        try:
            with ctx.session_factory.begin() as session:
                settings = intro_store.get_settings(session, network_id=network_id)
                network = network_store.get_network(session, network_id=network_id)
                if settings is None or network is None or not settings.enabled:
                    continue
                started += start_due_round(session, network=network, settings=settings, now=now) is not None
        except IntegrityError:
            logger.info("network %s: another clock started this round first", network_id)
    return started


def _plans(ctx: RunContext, *, now: datetime) -> list[_Plan]:
    plans: list[_Plan] = []
    with ctx.session_factory.begin() as session:
        for intro_round in intro_store.rounds_active(session, since=now, now=now):
            waiting = [g for g in intro_store.groups_of(session, round_id=intro_round.id) if g.introduced_at is None]
            network = network_store.get_network(session, network_id=intro_round.network_id)
            settings = intro_store.get_settings(session, network_id=intro_round.network_id)
            if not waiting or network is None or settings is None or not ctx.covers(network.team_id):
                continue
            members = intro_store.members_of_groups(session, group_ids=[g.id for g in waiting])
            profiles = {m.user_id: m for m in network_store.roster(session, network_id=network.id)}
            suggestion = intro_store.open_suggestion(session, network_id=network.id, now=now)
            resource = intro_store.recent_resource(session, network_id=network.id)
            for group in waiting:
                ids = tuple(m.user_id for m in members.get(group.id, []))
                people = [
                    IntroPerson(u, p.state, p.agency, p.role_title, p.learning_interests)
                    if (p := profiles.get(u)) is not None
                    else IntroPerson(u, None, None, None, None)
                    for u in ids
                ]
                shared = _shared(group.reason)
                message = introduction(
                    group_id=group.id,
                    round_number=intro_round.number,
                    network_name=network.name,
                    people=people,
                    reason=group.reason,
                    first_question=first_question(
                        shared=shared, suggestion=suggestion, resource_title=resource.title if resource else None
                    ),
                    prompt=settings.prompt,
                    ends_at=intro_round.ends_at,
                )
                plans.append(
                    _Plan(intro_round.id, group.id, network.team_id, network.id, settings.updated_by, ids, message)
                )
    return plans


def _shared(reason: str) -> list[str]:
    """The shared topic the matcher named first ("both want to learn about X; …")."""
    first = reason.split("; ", 1)[0]
    _, found, topic = first.partition("want to learn about ")
    return [topic] if found and topic else []


def introduce_groups(ctx: RunContext, *, now: datetime) -> int:
    """Open each new group's DM and introduce them, once; tell the facilitator whom Slack could not reach."""
    messages: list[Message] = []
    unreached: dict[int, list[str]] = {}
    owners: dict[int, Message] = {}
    group_of: dict[str, tuple[int, int, tuple[str, ...]]] = {}
    for plan in _plans(ctx, now=now):
        try:
            dm = open_group_dm(ctx.client_for(plan.team_id), plan.user_ids)
        except WorkspaceGone:
            logger.info("intro group %s: not introduced (peerbot is not installed in %s)", plan.group_id, plan.team_id)
            continue
        except SlackApiError as exc:
            logger.warning(
                "intro group %s: group DM not opened (%s); next pass", plan.group_id, exc.response.get("error")
            )
            continue
        with ctx.session_factory.begin() as session:
            group = intro_store.get_group(session, group_id=plan.group_id)
            if group is None:
                continue
            group.channel_id = dm.channel_id
            for member in intro_store.members_of_groups(session, group_ids=[group.id]).get(group.id, []):
                member.unreachable = member.user_id in dm.unreachable
            if dm.channel_id is None:
                group.introduced_at = now
        unreached.setdefault(plan.round_id, []).extend(dm.unreachable)
        text, blocks = plan.text_blocks
        key = intro_key(plan.round_id, plan.group_id)
        owners[plan.round_id] = Message(plan.team_id, plan.network_id, key, "", plan.owner, "")
        group_of[key] = (plan.round_id, plan.group_id, plan.user_ids)
        if dm.channel_id is not None:
            messages.append(
                Message(plan.team_id, plan.network_id, key, DeliveryKind.INTRO, dm.channel_id, text, blocks, plan.owner)
            )
    done: list[tuple[int, int, Delivered]] = []

    def after(message: Message, result: Delivered) -> None:
        round_id, group_id, _ids = group_of[message.key]
        done.append((round_id, group_id, result))

    deliver_all(messages, session_factory=ctx.session_factory, client=ctx.slack, clock=ctx.clock, after=after)
    introduced = 0
    with ctx.session_factory.begin() as session:
        for round_id, group_id, result in done:
            if result.outcome not in INTRODUCED:
                continue  # still rate-limited: the delivery waits and is sent by a later pass
            group = intro_store.get_group(session, group_id=group_id)
            if group is not None and group.introduced_at is None:
                group.introduced_at = now
            introduced += result.outcome == Outcome.SENT
            if result.outcome in (Outcome.FAILED, Outcome.UNREACHABLE):
                unreached.setdefault(round_id, []).extend(group_of[intro_key(round_id, group_id)][2])
    for round_id, user_ids in unreached.items():
        if user_ids:
            _tell_facilitator(ctx, owners[round_id], round_id=round_id, user_ids=user_ids)
    return introduced


def _tell_facilitator(ctx: RunContext, owner: Message, *, round_id: int, user_ids: Sequence[str]) -> None:
    with ctx.session_factory.begin() as session:
        intro_round = intro_store.get_round(session, round_id=round_id)
        names = names_of(session, network_id=owner.network_id, user_ids=sorted(set(user_ids)))
    number = intro_round.number if intro_round is not None else "?"
    deliver_once(
        session_factory=ctx.session_factory,
        client=ctx.slack,
        clock=ctx.clock,
        team_id=owner.team_id,
        network_id=owner.network_id,
        key=fan_out_notice_key(intro_scope(round_id)),
        kind=DeliveryKind.FAN_OUT_NOTICE,
        channel=owner.channel,
        text=f"Peer introductions, round {number}: {could_not_reach(names)}",
    )


def send_reminders(ctx: RunContext, *, now: datetime, what: str) -> int:
    """Halfway (``nudge``: groups that haven't answered) or at the end (``follow-up``: groups that haven't met)."""
    since = now - FOLLOW_UP_GRACE if what == "follow-up" else now
    messages: list[Message] = []
    with ctx.session_factory.begin() as session:
        for intro_round in intro_store.rounds_active(session, since=since, now=now):
            if not _reminder_due(intro_round, what=what, now=now):
                continue
            settings = intro_store.get_settings(session, network_id=intro_round.network_id)
            network = network_store.get_network(session, network_id=intro_round.network_id)
            if settings is None or network is None or not ctx.covers(network.team_id):
                continue
            claimed = {d.key for d in delivery_store.with_prefix(session, prefix=intro_round_prefix(intro_round.id))}
            for group in intro_store.groups_of(session, round_id=intro_round.id):
                key = intro_key(intro_round.id, group.id, what)
                if key in claimed or group.channel_id is None or group.introduced_at is None:
                    continue
                if what == "nudge" and group.outcome is not None:
                    continue
                if what == "follow-up" and group.outcome in (IntroOutcome.MET, IntroOutcome.SKIPPED):
                    continue
                text, blocks = (
                    nudge(group_id=group.id, ends_at=intro_round.ends_at)
                    if what == "nudge"
                    else follow_up(group_id=group.id)
                )
                kind = DeliveryKind.INTRO_NUDGE if what == "nudge" else DeliveryKind.INTRO_FOLLOW_UP
                messages.append(
                    Message(network.team_id, network.id, key, kind, group.channel_id, text, blocks, settings.updated_by)
                )
    if not messages:
        return 0
    outcomes = deliver_all(messages, session_factory=ctx.session_factory, client=ctx.slack, clock=ctx.clock)
    return outcomes[Outcome.SENT]


def _reminder_due(intro_round: IntroRound, *, what: str, now: datetime) -> bool:
    if what == "nudge":
        return intro_round.nudge_at <= now < intro_round.ends_at
    return intro_round.ends_at <= now < intro_round.ends_at + FOLLOW_UP_GRACE
