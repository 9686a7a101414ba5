"""Build the Bolt app: one client, peerbot's dependencies in the context, every listener."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

import handlers
from bot.config import Settings
from domain.clock import Clock
from handlers.deps import Deps
from handlers.writes import watch_writes
from storage.db import SessionFactory


def create_app(
    settings: Settings,
    *,
    session_factory: SessionFactory,
    clock: Clock,
    client: WebClient,
    listener_executor: Executor | None = None,
) -> App:
    # Lets an apology tell whether the failed listener had already saved something.
    watch_writes(session_factory)
    deps = Deps(
        session_factory=session_factory,
        clock=clock,
        facilitators=settings.facilitators,
        default_timezone=settings.default_timezone,
    )
    app = App(
        client=client,
        signing_secret=settings.signing_secret,
        listener_executor=listener_executor,
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
