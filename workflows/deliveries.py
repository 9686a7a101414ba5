"""Fan-outs that name whom they missed, "Send again" on request, and finishing what a stopped sender left."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import timedelta

from domain.deliveries import DeliveryKind, fan_out_notice_key, names_of
from domain.errors import NotAllowed
from domain.meetings.deliveries import announced_occurrence
from domain.network import roles
from rendering.deliveries import could_not_reach
from slackio.delivery import Delivered, Message, Outcome, Sender, deliver_all, deliver_once, resend, tell_owners
from slackio.delivery import resume_unsent as resume
from slackio.delivery import settle_abandoned as settle
from storage import deliveries as delivery_store
from storage import meetings as meeting_store
from storage import network as network_store
from workflows.context import RunContext

logger = logging.getLogger(__name__)

# A sender that claimed messages this long ago (or was due to re-send a rate-limited one this long
# ago) has stopped: its provably unsent messages are sent by the clock instead.
RESUME_AFTER = timedelta(minutes=2)
# No request waits this long for Slack's answer (the client times out first): its sender has stopped.
IN_FLIGHT_ABANDONED_AFTER = timedelta(minutes=10)


def deliver_and_report(
    ctx: RunContext, messages: Iterable[Message], *, facilitator: str, scope: str, what: str
) -> Counter[Outcome]:
    """Deliver a fan-out; if people could not be messaged, tell ``facilitator`` who, by name, once."""
    missed: list[Message] = []

    def after(message: Message, result: Delivered) -> None:
        if result.outcome in (Outcome.UNREACHABLE, Outcome.FAILED) and message.channel[:1] in ("U", "W"):
            missed.append(message)  # list.append is atomic: workers may add at once

    outcomes = deliver_all(
        messages, session_factory=ctx.session_factory, client=ctx.slack, clock=ctx.clock, after=after
    )
    if missed:
        tell_who_was_missed(ctx, missed, owner=facilitator, scope=scope, what=what)
    return outcomes


def tell_who_was_missed(ctx: RunContext, missed: list[Message], *, owner: str, scope: str, what: str) -> None:
    """DM ``owner`` (once per ``scope``) the names of the people a fan-out's ``missed`` DMs could not reach."""
    first = missed[0]
    with ctx.session_factory.begin() as session:
        names = names_of(session, network_id=first.network_id, user_ids=sorted(m.channel for m in missed))
    deliver_once(
        session_factory=ctx.session_factory,
        client=ctx.slack,
        clock=ctx.clock,
        team_id=first.team_id,
        network_id=first.network_id,
        key=fan_out_notice_key(scope),
        kind=DeliveryKind.FAN_OUT_NOTICE,
        channel=owner,
        text=f"{what}: {could_not_reach(names)}",
    )


def resend_on_request(ctx: RunContext, *, delivery_ids: Sequence[int], team_id: str, user_id: str) -> str:
    """A facilitator chose "Send again" on a notice about messages Slack never confirmed: send each once more.

    Every id is loaded and checked now: it must be a delivery of a network the person speaks for, set up by
    them (or they are a facilitator there); anything else is left alone and counted as not found.
    """
    allowed: list[int] = []
    refused = False
    with ctx.session_factory.begin() as session:
        for delivery_id in delivery_ids:
            delivery = delivery_store.get_by_id(session, delivery_id=delivery_id)
            network = network_store.get_network(session, network_id=delivery.network_id) if delivery else None
            if (
                delivery is None
                or network is None
                or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id)
            ):
                continue
            if delivery.owner != user_id and not roles.is_facilitator(session, network=network, user_id=user_id):
                refused = True
                continue
            allowed.append(delivery_id)
    if not allowed:
        if refused:
            raise NotAllowed("Only the facilitator who set this message up can send it again.")
        return "That message can no longer be found."
    sender = Sender(ctx.session_factory, ctx.slack, ctx.clock)
    outcomes: Counter[Outcome] = Counter()
    already = 0
    for delivery_id in allowed:
        taken, result = resend(sender, delivery_id=delivery_id)
        if result is None:
            already += 1
            continue
        outcomes[result.outcome] += 1
        if result.outcome == Outcome.SENT and taken is not None:
            _after_resent(ctx, kind=taken.kind, key=taken.key, channel=result.channel, ts=result.message_ts)
    missing = len(delivery_ids) - len(allowed)
    if len(delivery_ids) == 1:
        return _one_answer(outcomes, already)
    return _summary(outcomes, already=already, missing=missing)


def _one_answer(outcomes: Counter[Outcome], already: int) -> str:
    if already:
        return "That message was already sent again (or confirmed), so I didn't send it twice."
    if outcomes[Outcome.SENT]:
        return "Sent again."
    if outcomes[Outcome.WAITING]:
        return "Slack is busy; I'll send it again in a minute."
    if outcomes[Outcome.UNKNOWN]:
        return "Slack still didn't confirm it. Check there; if it's still missing, choose *Send again* once more."
    return "Slack refused it; nothing was sent."


def _summary(outcomes: Counter[Outcome], *, already: int, missing: int) -> str:
    parts = []
    if outcomes[Outcome.SENT]:
        parts.append(f"Sent again: {outcomes[Outcome.SENT]}.")
    if already:
        parts.append(f"{already} already sent again (or confirmed), so not sent twice.")
    if outcomes[Outcome.WAITING]:
        parts.append(f"{outcomes[Outcome.WAITING]} wait for Slack (busy) and go out in a minute.")
    if outcomes[Outcome.UNKNOWN]:
        parts.append(f"{outcomes[Outcome.UNKNOWN]} still not confirmed by Slack: choose *Send again* once more.")
    refused = sum(outcomes[o] for o in (Outcome.FAILED, Outcome.UNREACHABLE, Outcome.WORKSPACE_GONE))
    if refused:
        parts.append(f"{refused} refused by Slack; nothing sent to them.")
    if missing:
        parts.append(f"{missing} can no longer be found.")
    return " ".join(parts) or "Nothing to send again."


def _after_resent(ctx: RunContext, *, kind: str, key: str, channel: str, ts: str | None) -> None:
    """A re-sent announcement becomes its meeting's live card, so its counts update again."""
    occurrence_id = announced_occurrence(key) if kind == DeliveryKind.MEETING_ANNOUNCEMENT else None
    if occurrence_id is None or ts is None:
        return
    with ctx.session_factory.begin() as session:
        occurrence = meeting_store.get_occurrence(session, occurrence_id=occurrence_id)
        if occurrence is not None and occurrence.announcement_ts is None:
            occurrence.announcement_channel, occurrence.announcement_ts = channel, ts


def resume_deliveries(ctx: RunContext) -> dict[str, int]:
    """The clock's safety net: send what stopped senders left provably unsent; report abandoned requests.

    A run scoped to one workspace (a worker's task) finishes that workspace's deliveries only.
    """
    sender = Sender(ctx.session_factory, ctx.slack, ctx.clock)
    abandoned = settle(sender, older_than=IN_FLIGHT_ABANDONED_AFTER, team_id=ctx.team_id)
    outcomes = resume(sender, grace=RESUME_AFTER, team_id=ctx.team_id)
    # Owners a stopped sender never told about its unconfirmed messages: told now, one notice per fan-out.
    tell_owners(sender, team_id=ctx.team_id, settled_before=ctx.clock.now() - RESUME_AFTER)
    report = {outcome.value: count for outcome, count in outcomes.items()}
    if abandoned:
        report["unknown"] = report.get("unknown", 0) + abandoned
    return report
