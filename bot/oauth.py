"""Installing in many workspaces: Bolt's OAuth flow on peerbot's database, and the pages an installer sees."""

from __future__ import annotations

import logging
import re

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth import OAuthStateUtils

from bot.config import INSTALL_PATH, OAUTH_REDIRECT_PATH, OAuthApp, Settings
from domain.clock import Clock
from rendering.workspaces.pages import failure_page, install_page, success_page
from slackio.scopes import BOT_SCOPES  # the manifest's list (tests/slackio/test_scopes.py checks)
from slackio.workspaces import ClockedOAuthStateStore, InstalledWorkspaces, installation_store
from storage.db import SessionFactory
from workflows.workspaces import Installs

logger = logging.getLogger("peerbot.install")


class _WithoutCodes(logging.Filter):
    """Bolt's flow logs a refused exchange with its code: keep the line, never the code."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "code" in message:
            record.msg, record.args = re.sub(r"(code:?\s*)\S+", r"\1[redacted]", message), None
        return True


# What Bolt's OAuth flow logs goes here, through the filter.
flow_logger = logging.getLogger("peerbot.install.flow")
flow_logger.addFilter(_WithoutCodes())

TEAM_ID = re.compile(r"T[A-Z0-9]{2,30}")


def open_installs(settings: Settings, *, session_factory: SessionFactory, clock: Clock) -> Installs:
    """slack_sdk's installation store on peerbot's database, and every workspace's client from it."""
    assert settings.oauth is not None
    store = installation_store(client_id=settings.oauth.client_id, engine=session_factory.kw["bind"])
    workspaces = InstalledWorkspaces(store, base_url=settings.slack_api_url, clock=clock)
    return Installs(store=store, workspaces=workspaces, session_factory=session_factory, clock=clock)


class PeerbotOAuthFlow(OAuthFlow):
    """Bolt's flow, except that a request's ``team`` hint reaches the authorize URL only if it is a team id,
    and the install page is peerbot's own."""

    def build_authorize_url(self, state: str, request: BoltRequest) -> str:
        hints = request.query.get("team") or []
        team = hints[0] if len(hints) == 1 and TEAM_ID.fullmatch(hints[0]) else None
        return self.settings.authorize_url_generator.generate(state=state, team=team)

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(url)


def oauth_flow(oauth: OAuthApp, *, installs: Installs, client: WebClient, clock: Clock) -> PeerbotOAuthFlow:
    """Bolt's OAuth flow with slack_sdk's SQLAlchemy stores; oauth.v2.access goes to ``client``'s base URL."""
    state_utils = OAuthStateUtils()

    def succeeded(args: SuccessArgs) -> BoltResponse:
        team_id = args.installation.team_id
        if team_id:
            installs.installed(team_id=team_id)
        return _html(200, success_page(team_name=args.installation.team_name, install_path=INSTALL_PATH), state_utils)

    def failed(args: FailureArgs) -> BoltResponse:
        # The reason is Bolt's own word (or Slack's ``error``): logged as a word, never the query or the code.
        reason = args.reason if re.fullmatch(r"[a-z_]{1,40}", args.reason or "") else "unrecognised"
        logger.info("an installation did not complete: %s", reason)
        page = failure_page(reason=reason, install_path=INSTALL_PATH)
        return _html(args.suggested_status_code, page, state_utils)

    settings = OAuthSettings(
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=oauth.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=OAUTH_REDIRECT_PATH,
        callback_options=CallbackOptions(success=succeeded, failure=failed),
        installation_store=installs.store,
        installation_store_bot_only=True,
        state_store=ClockedOAuthStateStore(engine=installs.session_factory.kw["bind"], clock=clock),
        logger=flow_logger,
    )
    return PeerbotOAuthFlow(client=client, logger=flow_logger, settings=settings)


def authorize(installs: Installs) -> InstallationStoreAuthorize:
    """Each request's bot token from the installation store; the token's auth.test is asked once per process."""
    return InstallationStoreAuthorize(
        logger=logger, installation_store=installs.store, bot_only=True, cache_enabled=True
    )


def _html(status: int, body: str, state_utils: OAuthStateUtils) -> BoltResponse:
    return BoltResponse(
        status=status,
        body=body,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            # The state is single-use: the installer's browser forgets it whatever happened.
            "Set-Cookie": state_utils.build_set_cookie_for_deletion(),
            "Cache-Control": "no-store",
        },
    )
