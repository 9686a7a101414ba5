"""Build the Bolt app: one workspace's client or OAuth installs, peerbot's dependencies in the context, listeners."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

import handlers
from bot.config import Settings
from bot.oauth import authorize, oauth_flow, open_installs
from domain.clock import Clock
from handlers import workspaces as workspace_handlers
from handlers.kit.after_ack import AfterAck, ClockTimers, Timers
from handlers.kit.deps import Deps
from handlers.kit.writes import watch_writes
from slackio.workspaces import SingleWorkspace, SlackClients
from storage.db import SessionFactory
from workflows.surfaces import refresher
from workflows.workspaces import Installs


@dataclass(frozen=True)
class Pools:
    """Where work runs. Acks get a pool nothing slow ever runs on; Slack calls wait elsewhere.

    ``acks``: Bolt's listener executor (listeners until they acknowledge; view
    submissions validate and save here, bounded by the request lock timeout).
    ``after_ack``: everything after a plain ack, and every Slack call of it.
    ``cards``: the refresher's passes (cards, Homes, the roadmap message), so they converge even while
    ``after_ack`` is busy.
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
    """The Bolt app. ``client`` is the bot's client (single-workspace mode), or in OAuth mode a token-less one
    whose base URL, timeout and retry handlers Bolt copies into each request's client and the OAuth flow."""
    # Lets an apology tell whether the failed listener had already saved something.
    watch_writes(session_factory)
    pools = pools or default_pools(clock)
    installs = open_installs(settings, session_factory=session_factory, clock=clock) if settings.oauth else None
    clients: SlackClients = installs.workspaces if installs is not None else SingleWorkspace(client)
    # Every committed change is published by this process's refresher soon after (never before the ack).
    refresher(
        clients=clients,
        session_factory=session_factory,
        clock=clock,
        interval=settings.card_refresh_interval,
        executor=pools.cards,
        timers=pools.timers,
    ).watch()
    deps = Deps(
        session_factory=session_factory,
        clock=clock,
        default_timezone=settings.default_timezone,
        after_ack=AfterAck(pools.after_ack),
        installs=installs,
        public_url=settings.public_url,
    )
    app = _bolt_app(settings, client=client, clock=clock, pools=pools, installs=installs)

    @app.middleware
    def provide_deps(context: BoltContext, next: Callable[[], None]) -> None:
        context["deps"] = deps
        next()

    handlers.register(app)
    workspace_handlers.register(app)
    return app


def _bolt_app(settings: Settings, *, client: WebClient, clock: Clock, pools: Pools, installs: Installs | None) -> App:
    if installs is None or settings.oauth is None:
        return App(
            client=client,
            signing_secret=settings.signing_secret,
            listener_executor=pools.acks,
            # The CLI checks the token once at start-up with a clear message; Bolt then
            # learns the bot's identity lazily from the same auth.test on the first request.
            token_verification_enabled=False,
            raise_error_for_unhandled_request=False,
        )
    # Bolt builds each request's client from ``client`` (base URL, timeout, retry handlers) with the token of
    # the request's workspace, found by ``authorize`` in the installation store.
    return App(
        client=client,
        signing_secret=settings.signing_secret,
        listener_executor=pools.acks,
        authorize=authorize(installs),  # type: ignore[arg-type]  # Bolt takes an Authorize instance as is
        installation_store=installs.store,
        installation_store_bot_only=True,
        oauth_flow=oauth_flow(settings.oauth, installs=installs, client=client, clock=clock),
        raise_error_for_unhandled_request=False,
    )
