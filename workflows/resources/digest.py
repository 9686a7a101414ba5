"""The weekly digest of new resources, posted to each network's home channel at the time facilitators chose."""

from __future__ import annotations

import logging

from domain.deliveries import DeliveryKind
from domain.resources import digest
from rendering.resources.messages import digest_blocks, digest_text
from slackio.delivery import deliver_once
from storage import deliveries as delivery_store
from storage import network as network_store
from workflows.context import RunContext

logger = logging.getLogger(__name__)


def post_weekly_digests(ctx: RunContext) -> dict[int, str]:
    """Post every digest that is due and not yet claimed; weeks with nothing new post nothing."""
    now = ctx.clock.now()
    outcomes: dict[int, str] = {}
    with ctx.session_factory.begin() as session:
        networks = list(network_store.all_networks(session, team_id=ctx.team_id))
        due = []
        for network in networks:
            when = digest.digest_time(session, network=network)
            this_week = digest.due_digest(network=network, when=when, now=now)
            if this_week is None or delivery_store.get(session, key=this_week.key) is not None:
                continue
            groups = digest.digest_groups(session, network=network, due=this_week)
            if groups:
                total = sum(len(items) for _topic, items in groups)
                blocks = [b.to_dict() for b in digest_blocks(groups=groups, week_start=this_week.start)]
                due.append((network.id, network.team_id, network.home_channel_id, this_week.key, total, blocks))
    for network_id, team_id, channel, key, total, blocks in due:
        delivered = deliver_once(
            session_factory=ctx.session_factory,
            client=ctx.slack,
            clock=ctx.clock,
            team_id=team_id,
            network_id=network_id,
            key=key,
            kind=DeliveryKind.RESOURCE_DIGEST,
            channel=channel,
            text=digest_text(total),
            blocks=blocks,
        )
        outcomes[network_id] = delivered.outcome.value
    return outcomes
