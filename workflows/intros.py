"""Rounds of peer introductions run by the clock: start, introduce each group, nudge halfway, follow up at the end."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError

from domain.calendar.pauses import round_paused
from domain.deliveries import DeliveryKind, fan_out_notice_key, names_of
from domain.intros.deliveries import intro_key, intro_round_prefix, intro_scope
from domain.intros.rounds import start_due_round
from domain.intros.schedule import follow_up_time, nudge_time
from rendering.deliveries import people_list
from rendering.intros.messages import IntroPerson, first_question, follow_up, introduction, nudge
from rendering.text import escape
from slackio.delivery import Delivered, Message, Outcome, deliver_all, deliver_once
from slackio.group_dm import open_group_dm
from slackio.workspaces import WorkspaceGone
from storage import deliveries as delivery_store
from storage import intros as intro_store
from storage import network as network_store
from storage.models import IntroOutcome
from workflows.context import RunContext

logger = logging.getLogger(__name__)

FOLLOW_UP_GRACE = timedelta(days=1)  # a clock down longer than this after a follow-up was due sends none
REMINDER_SHIFT_MAX = timedelta(days=9)  # how far working hours may move a nudge or follow-up past its round's times
MAX_REGROUPED = 3  # someone left without a partner joins a group smaller than this
INTRODUCED = (Outcome.SENT, Outcome.DUPLICATE, Outcome.UNKNOWN, Outcome.FAILED, Outcome.UNREACHABLE)


@dataclass
class _Plan:
    """A group waiting for its introduction, and what its message says of whoever ends up in the conversation."""

    round_id: int
    round_number: int
    group_id: int
    team_id: str
    network_id: int
    network_name: str
    owner: str
    people: list[IntroPerson]
    reason: str
    first_question: str
    prompt: str | None
    ends_at: datetime
    channel_id: str | None = None
    unreachable: tuple[str, ...] = ()

    @property
    def user_ids(self) -> tuple[str, ...]:
        return tuple(p.user_id for p in self.people)

    @property
    def reached(self) -> list[IntroPerson]:
        return [p for p in self.people if p.user_id not in self.unreachable]

    def message(self) -> tuple[str, list[dict[str, object]]]:
        """The introduction naming only the people actually in the conversation."""
        return introduction(
            group_id=self.group_id,
            round_number=self.round_number,
            network_name=self.network_name,
            people=self.reached,
            reason=self.reason,
            first_question=self.first_question,
            prompt=self.prompt,
            ends_at=self.ends_at,
        )


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
                if round_paused(session, network=network, settings=settings, now=now):
                    continue  # the round would start on a day the network paused
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
            if not settings.enabled:
                continue  # turned off mid-round: "Nothing more will be sent"
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
                question = first_question(
                    shared=_shared(group.reason),
                    suggestion=suggestion,
                    resource_title=resource.title if resource else None,
                )
                plans.append(
                    _Plan(
                        intro_round.id,
                        intro_round.number,
                        group.id,
                        network.team_id,
                        network.id,
                        network.name,
                        settings.updated_by,
                        people,
                        group.reason,
                        question,
                        settings.prompt,
                        intro_round.ends_at,
                    )
                )
    return plans


def _shared(reason: str) -> list[str]:
    """The shared topic the matcher named first ("both want to learn about X; …")."""
    first = reason.split("; ", 1)[0]
    _, found, topic = first.partition("want to learn about ")
    return [topic] if found and topic else []


def _open(ctx: RunContext, plan: _Plan, user_ids: Sequence[str]) -> bool:
    """Open the plan's group DM with ``user_ids``; False when it must wait for a later pass."""
    try:
        dm = open_group_dm(ctx.client_for(plan.team_id), user_ids)
    except WorkspaceGone:
        logger.info("intro group %s: not introduced (peerbot is not installed in %s)", plan.group_id, plan.team_id)
        return False
    except SlackApiError as exc:
        logger.warning("intro group %s: group DM not opened (%s); next pass", plan.group_id, exc.response.get("error"))
        return False
    plan.channel_id = dm.channel_id
    plan.unreachable = tuple(dict.fromkeys((*plan.unreachable, *dm.unreachable)))
    return True


def _regroup(ctx: RunContext, plans: list[_Plan], *, now: datetime) -> dict[int, list[tuple[str, bool]]]:
    """People whose partners Slack could not reach join another group of their round; returns, per round,
    (sentence for the facilitator, whether the person was placed) for each of them."""
    notes: dict[int, list[tuple[str, bool]]] = {}
    by_round: dict[int, list[_Plan]] = {}
    for plan in plans:
        by_round.setdefault(plan.round_id, []).append(plan)
    for round_id, round_plans in by_round.items():
        stranded = [(plan, person) for plan in round_plans if plan.channel_id is None for person in plan.reached]
        if not stranded:
            continue
        hosts = sorted((p for p in round_plans if p.channel_id is not None), key=lambda p: (len(p.reached), p.group_id))
        for source, person in stranded:
            host = next((h for h in hosts if len(h.reached) < MAX_REGROUPED), None)
            names = _names(ctx, source.network_id, [person.user_id])
            if host is None or not _open(ctx, host, [*(p.user_id for p in host.reached), person.user_id]):
                notes.setdefault(round_id, []).append(
                    (
                        f"{names[0]} was left without a partner and no group of the round could take them, "
                        "so they'll be introduced next round",
                        False,
                    )
                )
                continue
            with ctx.session_factory.begin() as session:
                moved = intro_store.member_of_round(session, round_id=round_id, user_id=person.user_id)
                if moved is not None:
                    moved.group_id = host.group_id
            source.people.remove(person)
            host.people.append(person)
            others = _names(ctx, source.network_id, [p.user_id for p in host.reached if p != person])
            notes.setdefault(round_id, []).append(
                (f"{names[0]} lost their partner and joined the group of {' and '.join(others)} instead", True)
            )
    return notes


def _names(ctx: RunContext, network_id: int, user_ids: Sequence[str]) -> list[str]:
    with ctx.session_factory() as session:
        return [escape(n) for n in names_of(session, network_id=network_id, user_ids=list(user_ids))]


def introduce_groups(ctx: RunContext, *, now: datetime) -> int:
    """Open each new group's DM and introduce the people in it, once. Someone whose partner Slack cannot
    reach joins another group; the facilitator is told who could not be reached and where the others went."""
    plans = [plan for plan in _plans(ctx, now=now) if _open(ctx, plan, plan.user_ids)]
    notes = _regroup(ctx, plans, now=now)
    messages: list[Message] = []
    unreached: dict[int, list[str]] = {}
    owners: dict[int, Message] = {}
    group_of: dict[str, tuple[int, int, tuple[str, ...]]] = {}
    for plan in plans:
        with ctx.session_factory.begin() as session:
            group = intro_store.get_group(session, group_id=plan.group_id)
            if group is None:
                continue
            group.channel_id = plan.channel_id
            for member in intro_store.members_of_groups(session, group_ids=[group.id]).get(group.id, []):
                member.unreachable = member.user_id in plan.unreachable
            if plan.channel_id is None:
                group.introduced_at = now
        unreached.setdefault(plan.round_id, []).extend(plan.unreachable)
        key = intro_key(plan.round_id, plan.group_id)
        owners[plan.round_id] = Message(plan.team_id, plan.network_id, key, "", plan.owner, "")
        group_of[key] = (plan.round_id, plan.group_id, tuple(p.user_id for p in plan.reached))
        if plan.channel_id is not None:
            text, blocks = plan.message()
            messages.append(
                Message(
                    plan.team_id, plan.network_id, key, DeliveryKind.INTRO, plan.channel_id, text, blocks, plan.owner
                )
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
            _tell_facilitator(
                ctx, owners[round_id], round_id=round_id, user_ids=user_ids, notes=notes.get(round_id, [])
            )
    return introduced


def _tell_facilitator(
    ctx: RunContext, owner: Message, *, round_id: int, user_ids: Sequence[str], notes: Sequence[tuple[str, bool]]
) -> None:
    with ctx.session_factory.begin() as session:
        intro_round = intro_store.get_round(session, round_id=round_id)
        names = names_of(session, network_id=owner.network_id, user_ids=sorted(set(user_ids)))
    number = intro_round.number if intro_round is not None else "?"
    said = people_list(names)
    text = (
        f"Peer introductions, round {number}: I couldn't reach {said} (deactivated, a bot, or Slack refused "
        f"the message), so {'they were' if len(names) > 1 else 'this person was'} not introduced."
    )
    if notes:
        text += " " + "; ".join(sentence for sentence, _placed in notes) + "."
    if all(placed for _sentence, placed in notes):
        text += " Everyone else in the round was introduced."
    deliver_once(
        session_factory=ctx.session_factory,
        client=ctx.slack,
        clock=ctx.clock,
        team_id=owner.team_id,
        network_id=owner.network_id,
        key=fan_out_notice_key(intro_scope(round_id)),
        kind=DeliveryKind.FAN_OUT_NOTICE,
        channel=owner.channel,
        text=text,
    )


def send_reminders(ctx: RunContext, *, now: datetime, what: str) -> int:
    """Halfway (``nudge``: groups that haven't answered) or after the end (``follow-up``: groups that haven't met),
    each in the group's working hours; nothing once introductions are off."""
    since = now - FOLLOW_UP_GRACE - REMINDER_SHIFT_MAX if what == "follow-up" else now - REMINDER_SHIFT_MAX
    messages: list[Message] = []
    with ctx.session_factory.begin() as session:
        for intro_round in intro_store.rounds_active(session, since=since, now=now):
            if what == "nudge" and not intro_round.nudge_at <= now < intro_round.ends_at:
                continue
            if what == "follow-up" and now < intro_round.ends_at:
                continue
            settings = intro_store.get_settings(session, network_id=intro_round.network_id)
            network = network_store.get_network(session, network_id=intro_round.network_id)
            if settings is None or network is None or not settings.enabled or not ctx.covers(network.team_id):
                continue
            claimed = {d.key for d in delivery_store.with_prefix(session, prefix=intro_round_prefix(intro_round.id))}
            fallback = ZoneInfo(network.timezone)
            zones = {
                m.user_id: _zone(m.timezone, fallback) for m in network_store.roster(session, network_id=network.id)
            }
            groups = intro_store.groups_of(session, round_id=intro_round.id)
            members = intro_store.members_of_groups(session, group_ids=[g.id for g in groups])
            for group in groups:
                key = intro_key(intro_round.id, group.id, what)
                if key in claimed or group.channel_id is None or group.introduced_at is None:
                    continue
                if what == "nudge" and group.outcome is not None:
                    continue
                if what == "follow-up" and group.outcome in (IntroOutcome.MET, IntroOutcome.SKIPPED):
                    continue
                group_zones = [zones.get(m.user_id, fallback) for m in members.get(group.id, []) if not m.unreachable]
                if what == "nudge":
                    due = nudge_time(intro_round.nudge_at, group_zones, fallback=fallback)
                    if not due <= now < intro_round.ends_at:
                        continue
                else:
                    due = follow_up_time(intro_round.ends_at, group_zones, fallback=fallback)
                    if not due <= now < due + FOLLOW_UP_GRACE:
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


def _zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else fallback
    except (ValueError, ZoneInfoNotFoundError):
        return fallback
