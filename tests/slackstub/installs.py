"""Several workspaces in one stand-in: bot tokens per workspace, Slack's consent screen and oauth.v2.access.

The stub's own workspace (``SlackStub.team_id``, token ``SlackStub.bot_token``) is always installed. Others
are added with ``add_workspace``; peerbot gets their tokens only through the OAuth flow: the test opens the
authorize URL peerbot built (``approve``/``deny`` play the installer on Slack's consent screen) and peerbot
exchanges the code with ``oauth.v2.access``. ``uninstall`` revokes a workspace's tokens: a later call with
one is answered ``token_revoked``, as Slack does.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .validation import ApiError

__all__ = ["InstallableWorkspace", "Installs"]

AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"


@dataclass
class InstallableWorkspace:
    team_id: str
    name: str
    bot_user_id: str
    bot_id: str
    installer: str
    tokens: list[str] = field(default_factory=list)  # every bot token issued, newest last


@dataclass
class _Code:
    team_id: str
    client_id: str
    redirect_uri: str | None
    scopes: str
    used: bool = False


class Installs:
    """Token-to-workspace bookkeeping and the OAuth endpoints; ``SlackStub`` holds the lock around it."""

    _cond: threading.Condition
    team_id: str
    bot_token: str
    bot_user_id: str
    bot_id: str

    def _reset_installs(self) -> None:
        self._tokens: dict[str, str] = {self.bot_token: self.team_id}  # token -> workspace
        self._revoked: set[str] = set()
        self._workspaces: dict[str, InstallableWorkspace] = {}
        self._oauth_app: tuple[str, str, str | None] | None = None
        self._codes: dict[str, _Code] = {}
        self._serial = itertools.count(1)

    # ------------------------------------------------------------ set-up by tests
    def set_oauth_app(self, *, client_id: str, client_secret: str, redirect_url: str | None = None) -> None:
        """The Slack app's credentials (Basic Information) and its one configured Redirect URL, if any."""
        with self._cond:
            self._oauth_app = (client_id, client_secret, redirect_url)

    def add_workspace(self, team_id: str, *, name: str, bot_user_id: str, installer: str = "UINSTALLER") -> None:
        """A workspace peerbot can be installed in (its channels: ``add_channel(..., team_id=team_id)``)."""
        with self._cond:
            self._workspaces[team_id] = InstallableWorkspace(team_id, name, bot_user_id, "B" + team_id[1:], installer)

    def approve(self, authorize_url: str, *, team_id: str) -> dict[str, str]:
        """The installer allows peerbot in ``team_id`` on Slack's consent screen: the redirect's query."""
        query = self._consent(authorize_url)
        with self._cond:
            if team_id not in self._workspaces:
                raise AssertionError(f"no workspace {team_id}: add_workspace() it first")
            code = f"code-{team_id}-{next(self._serial)}"
            self._codes[code] = _Code(team_id, query["client_id"], query.get("redirect_uri"), query["scope"])
        return {"code": code, "state": query.get("state", "")}

    def deny(self, authorize_url: str) -> dict[str, str]:
        """The installer clicks Cancel on the consent screen."""
        query = self._consent(authorize_url)
        return {"error": "access_denied", "state": query.get("state", "")}

    def uninstall(self, team_id: str) -> None:
        """Someone removes peerbot from ``team_id``: every token Slack issued there stops working."""
        with self._cond:
            self._revoked.update(t for t, team in self._tokens.items() if team == team_id)

    def issue_token(self, team_id: str) -> str:
        """A bot token for ``team_id`` as if an installer had allowed peerbot there (for worlds built without
        the OAuth pages, such as many workspaces at once)."""
        with self._cond:
            workspace = self._workspaces[team_id]
            token = f"xoxb-{team_id}-{next(self._serial)}"
            workspace.tokens.append(token)
            self._tokens[token] = team_id
        return token

    def tokens_of(self, team_id: str) -> list[str]:
        with self._cond:
            return [t for t, team in self._tokens.items() if team == team_id]

    # ------------------------------------------------------------ what Slack checks
    def _consent(self, authorize_url: str) -> dict[str, str]:
        """Slack's consent screen refuses a URL it could not act on (a test failure, not a peerbot answer)."""
        parts = urlsplit(authorize_url)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == AUTHORIZE_URL, authorize_url
        raw = parse_qs(parts.query, keep_blank_values=True)
        assert all(len(v) == 1 for v in raw.values()), f"repeated parameters in {authorize_url}"
        query = {k: v[0] for k, v in raw.items()}
        with self._cond:
            assert self._oauth_app is not None, "set_oauth_app() first"
            client_id, _secret, configured = self._oauth_app
        assert query.get("client_id") == client_id, "the authorize URL names another app"
        assert query.get("scope"), "the authorize URL asks for no bot scopes"
        assert query.get("state"), "the authorize URL has no state"
        if query.get("redirect_uri") and configured:
            assert query["redirect_uri"] == configured, "redirect_uri is not the app's Redirect URL"
        return query

    def _team_of(self, token: str) -> str:
        """The workspace a bot token speaks for; raise as Slack does for one it does not know or revoked."""
        if token in self._revoked:
            raise ApiError("token_revoked")
        team = self._tokens.get(token)
        if team is None:
            raise ApiError("invalid_auth", invalid=True)
        return team

    def _oauth_v2_access(self, args: dict[str, Any], authorization: str) -> dict[str, Any]:
        client_id, client_secret = _basic(authorization) or (args.get("client_id"), args.get("client_secret"))
        if self._oauth_app is None or client_id != self._oauth_app[0]:
            raise ApiError("invalid_client_id")
        if client_secret != self._oauth_app[1]:
            raise ApiError("bad_client_secret")
        code = self._codes.get(str(args.get("code") or ""))
        if code is None or code.used or code.client_id != client_id:
            raise ApiError("invalid_code")
        code.used = True
        if (args.get("redirect_uri") or None) != code.redirect_uri:
            raise ApiError("bad_redirect_uri")
        workspace = self._workspaces[code.team_id]
        token = f"xoxb-{code.team_id}-{next(self._serial)}"
        workspace.tokens.append(token)
        self._tokens[token] = code.team_id
        return {
            "access_token": token,
            "token_type": "bot",
            "scope": code.scopes,
            "bot_user_id": workspace.bot_user_id,
            "app_id": "ASTUB",
            "team": {"id": workspace.team_id, "name": workspace.name},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": workspace.installer},
        }

    def _auth_test(self, team_id: str) -> dict[str, Any] | None:
        """auth.test for another workspace's token (None: the stub's own workspace answers)."""
        workspace = self._workspaces.get(team_id)
        if workspace is None:
            return None
        return {
            "url": f"https://{team_id.lower()}.slack.com/",
            "team": workspace.name,
            "user": "peerbot",
            "team_id": team_id,
            "user_id": workspace.bot_user_id,
            "bot_id": workspace.bot_id,
            "is_enterprise_install": False,
        }


def _basic(authorization: str) -> tuple[str, str] | None:
    if not authorization.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(authorization[len("Basic ") :], validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password
