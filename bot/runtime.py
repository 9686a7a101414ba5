"""Start-up checks and wiring shared by the web, clock and dev processes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine, make_url

from bot.config import Settings
from domain.clock import Clock, SystemClock
from domain.pulses.seal import answer_key_from_secret
from slackio.client import DEFAULT_API_URL, build_web_client
from slackio.pacing import Pacer
from storage import migrate
from storage.db import (
    BACKGROUND_LOCK_TIMEOUT,
    SessionFactory,
    create_db_engine,
    create_session_factory,
    display_url,
)

if TYPE_CHECKING:
    from workflows.context import RunContext


class StartupError(Exception):
    """Start-up cannot go on; the message is one line saying what to do."""


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: SessionFactory
    client: WebClient
    clock: Clock
    bot_user_id: str | None
    # Shared by every client this process builds: each workspace's posts keep to its pace.
    pacer: Pacer


def open_database(
    settings: Settings, *, require_current_schema: bool = True, lock_timeout: float = BACKGROUND_LOCK_TIMEOUT
) -> Engine:
    engine = create_db_engine(settings.database_url, lock_timeout=lock_timeout)
    where = display_url(settings.database_url)
    try:
        with engine.connect():
            pass
    except Exception as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc) or type(exc).__name__).strip().splitlines()[0][:200]
        raise StartupError(f"cannot reach the database at {where}: {reason}") from None
    if require_current_schema and not migrate.schema_is_current(engine):
        engine.dispose()
        raise StartupError(f"the database at {where} is not up to date: run `peerbot db upgrade` first.")
    return engine


def verify_slack(client: WebClient) -> str | None:
    """Check the bot token with auth.test and return the bot's user id."""
    try:
        response = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error")
        raise StartupError(
            f"Slack rejected SLACK_BOT_TOKEN ({error}): copy the Bot User OAuth Token from your app's "
            "OAuth & Permissions page."
        ) from None
    except OSError as exc:
        raise StartupError(f"cannot reach Slack at {client.base_url}: {exc}") from None
    user_id = response.get("user_id")
    return str(user_id) if user_id else None


def build_runtime(
    settings: Settings,
    *,
    clock: Clock | None = None,
    check_slack: bool = True,
    lock_timeout: float = BACKGROUND_LOCK_TIMEOUT,
) -> Runtime:
    clock = clock or SystemClock()
    engine = open_database(settings, lock_timeout=lock_timeout)
    pacer = Pacer(settings.workspace_sends_per_second, clock)
    # OAuth mode has no single token to check: each workspace's is checked when Slack first sends its request.
    client = build_web_client(
        token=settings.bot_token or None, base_url=settings.slack_api_url, clock=clock, pacer=pacer
    )
    try:
        bot_user_id = verify_slack(client) if check_slack and settings.oauth is None else None
    except StartupError:
        engine.dispose()
        raise
    return Runtime(
        settings,
        engine,
        create_session_factory(
            engine, answer_key=answer_key_from_secret(settings.signing_secret), facilitators=settings.facilitators
        ),
        client,
        clock,
        bot_user_id,
        pacer,
    )


def run_context(runtime: Runtime) -> RunContext:
    """What every scheduled job is handed, in the clock process and in `peerbot dev`."""
    from slackio.workspaces import InstalledWorkspaces, SingleWorkspace, SlackClients, installation_store
    from workflows.context import RunContext

    settings = runtime.settings
    clients: SlackClients = SingleWorkspace(runtime.client)
    if settings.oauth is not None:
        # Each network's messages go out with the bot token of its own workspace.
        store = installation_store(client_id=settings.oauth.client_id, engine=runtime.engine)
        clients = InstalledWorkspaces(store, base_url=settings.slack_api_url, clock=runtime.clock, pacer=runtime.pacer)
    return RunContext(
        runtime.session_factory,
        runtime.client,
        runtime.clock,
        runtime.bot_user_id,
        free_text_retention_months=settings.free_text_retention_months,
        clients=clients,
        uninstall_grace=settings.uninstall_grace,
    )


def describe(settings: Settings) -> str:
    api = settings.slack_api_url or DEFAULT_API_URL
    mode = (
        f"many workspaces (OAuth installs, client {settings.oauth.client_id})"
        if settings.oauth is not None
        else "one workspace (SLACK_BOT_TOKEN)"
    )
    return f"{mode}, database {display_url(make_url(settings.database_url))}, Slack API {api}"
