"""Build the Bolt app: one client, peerbot's dependencies in the context, every listener."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

import handlers
from bot.config import Settings
from domain.clock import Clock
from handlers.home.refresh import HomeRefresher
from handlers.kit.after_ack import AfterAck, ClockTimers, Timers
from handlers.kit.deps import Deps
from handlers.kit.live_cards import CardRefresher
from handlers.kit.writes import watch_writes
from handlers.meetings.cards import MEETING_CARD, MeetingCards
from storage.db import SessionFactory


@dataclass(frozen=True)
class Pools:
    """Where work runs. Acks get a pool nothing slow ever runs on; Slack calls wait elsewhere.

    ``acks``: Bolt's listener executor (listeners until they acknowledge; view
    submissions validate and save here, bounded by the request lock timeout).
    ``after_ack``: everything after a plain ack, and every Slack call of it.
    ``cards``: live-card refreshes, so counts converge even while ``after_ack`` is busy.
    """

    acks: Executor
    after_ack: Executor
    cards: Executor
    timers: Timers


def default_pools(clock: Clock) -> Pools:
    return Pools(
        acks=ThreadPoolExecutor(max_workers=16, thread_name_prefix="peerbot-ack"),
        after_ack=ThreadPoolExecutor(max_workers=8, thread_name_prefix="peerbot-after-ack"),
        cards=ThreadPoolExecutor(max_workers=2, thread_name_prefix="peerbot-cards"),
        timers=ClockTimers(clock),
    )


def create_app(
    settings: Settings,
    *,
    session_factory: SessionFactory,
    clock: Clock,
    client: WebClient,
    pools: Pools | None = None,
) -> App:
    # Lets an apology tell whether the failed listener had already saved something.
    watch_writes(session_factory)
    pools = pools or default_pools(clock)
    cards = CardRefresher(
        client=client,
        session_factory=session_factory,
        clock=clock,
        executor=pools.cards,
        timers=pools.timers,
        sources={MEETING_CARD: MeetingCards()},
        interval=settings.card_refresh_interval,
    )
    deps = Deps(
        session_factory=session_factory,
        clock=clock,
        default_timezone=settings.default_timezone,
        after_ack=AfterAck(pools.after_ack),
        cards=cards,
        homes=HomeRefresher(
            client=client,
            session_factory=session_factory,
            clock=clock,
            executor=pools.after_ack,
            timers=pools.timers,
            interval=settings.card_refresh_interval,
        ),
    )
    app = App(
        client=client,
        signing_secret=settings.signing_secret,
        listener_executor=pools.acks,
        # The CLI checks the token once at start-up with a clear message; Bolt then
        # learns the bot's identity lazily from the same auth.test on the first request.
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
    )

    @app.middleware
    def provide_deps(context: BoltContext, next: Callable[[], None]) -> None:
        context["deps"] = deps
        next()

    handlers.register(app)
    return app
