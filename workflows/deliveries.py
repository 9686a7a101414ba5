"""Fan-outs that name whom they missed, "Send again" on request, and finishing what a stopped sender left."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta

from domain.deliveries import DeliveryKind, fan_out_notice_key, names_of
from domain.errors import NotAllowed
from domain.meetings.deliveries import announced_occurrence
from domain.network import roles
from rendering.deliveries import could_not_reach
from slackio.delivery import Delivered, Message, Outcome, Sender, deliver_all, deliver_once, resend
from slackio.delivery import resume_unsent as resume
from slackio.delivery import settle_abandoned as settle
from storage import deliveries as delivery_store
from storage import meetings as meeting_store
from storage import network as network_store
from workflows.context import JobContext

logger = logging.getLogger(__name__)

# A sender that claimed messages this long ago (or was due to re-send a rate-limited one this long
# ago) has stopped: its provably unsent messages are sent by the clock instead.
RESUME_AFTER = timedelta(minutes=2)
# No request waits this long for Slack's answer (the client times out first): its sender has stopped.
IN_FLIGHT_ABANDONED_AFTER = timedelta(minutes=10)


def deliver_and_report(
    ctx: JobContext, messages: Iterable[Message], *, facilitator: str, scope: str, what: str
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


def tell_who_was_missed(ctx: JobContext, missed: list[Message], *, owner: str, scope: str, what: str) -> None:
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


def resend_on_request(ctx: JobContext, *, delivery_id: int, team_id: str, user_id: str) -> str:
    """A facilitator chose "Send again" on a message Slack never confirmed: send it once more; say what happened."""
    with ctx.session_factory.begin() as session:
        delivery = delivery_store.get_by_id(session, delivery_id=delivery_id)
        network = network_store.get_network(session, network_id=delivery.network_id) if delivery else None
        if (
            delivery is None
            or network is None
            or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id)
        ):
            return "That message can no longer be found."
        if delivery.owner != user_id and not roles.is_facilitator(session, network=network, user_id=user_id):
            raise NotAllowed("Only the facilitator who set this message up can send it again.")
    taken, result = resend(Sender(ctx.session_factory, ctx.slack, ctx.clock), delivery_id=delivery_id)
    if result is None:
        return "That message was already sent again (or confirmed), so I didn't send it twice."
    if result.outcome == Outcome.SENT and taken is not None:
        _after_resent(ctx, kind=taken.kind, key=taken.key, channel=result.channel, ts=result.message_ts)
        return "Sent again."
    if result.outcome == Outcome.WAITING:
        return "Slack is busy; I'll send it again in a minute."
    if result.outcome == Outcome.UNKNOWN:
        return "Slack still didn't confirm it; I'll let you know how to try again."
    return f"Slack refused it ({result.error}); nothing was sent."


def _after_resent(ctx: JobContext, *, kind: str, key: str, channel: str, ts: str | None) -> None:
    """A re-sent announcement becomes its meeting's live card, so its counts update again."""
    occurrence_id = announced_occurrence(key) if kind == DeliveryKind.MEETING_ANNOUNCEMENT else None
    if occurrence_id is None or ts is None:
        return
    with ctx.session_factory.begin() as session:
        occurrence = meeting_store.get_occurrence(session, occurrence_id=occurrence_id)
        if occurrence is not None and occurrence.announcement_ts is None:
            occurrence.announcement_channel, occurrence.announcement_ts = channel, ts


def resume_deliveries(ctx: JobContext) -> dict[str, int]:
    """The clock's safety net: send what stopped senders left provably unsent; report abandoned requests.

    A run scoped to one workspace (a worker's task) finishes that workspace's deliveries only.
    """
    sender = Sender(ctx.session_factory, ctx.slack, ctx.clock)
    abandoned = settle(sender, older_than=IN_FLIGHT_ABANDONED_AFTER, team_id=ctx.team_id)
    outcomes = resume(sender, grace=RESUME_AFTER, team_id=ctx.team_id)
    report = {outcome.value: count for outcome, count in outcomes.items()}
    if abandoned:
        report["unknown"] = report.get("unknown", 0) + abandoned
    return report
