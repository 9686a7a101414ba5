"""Settings from the environment and .env, validated once at start-up."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlparse

from sqlalchemy.engine import URL

from domain.network.setup import is_known_timezone
from storage.db import DEFAULT_DATABASE_URL, DatabaseUrlError, normalize_database_url

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


# Where Slack sends an installer back after they allow peerbot (Bolt's OAuth flow answers both paths).
INSTALL_PATH = "/slack/install"
OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"


@dataclass(frozen=True)
class OAuthApp:
    """Installing in many workspaces: the app's credentials from Basic Information, and where Slack comes back."""

    client_id: str
    client_secret: str
    # PEERBOT_PUBLIC_URL + OAUTH_REDIRECT_PATH; None lets Slack use the app's one configured Redirect URL.
    redirect_uri: str | None = None


@dataclass(frozen=True)
class Settings:
    # Single-workspace mode: the one Bot User OAuth Token. Empty in OAuth mode (each workspace has its own).
    bot_token: str
    signing_secret: str
    database_url: URL
    app_token: str | None = None
    slack_api_url: str | None = None
    port: int = 3000
    default_timezone: str = "America/New_York"
    facilitators: frozenset[str] = field(default_factory=frozenset)
    web_concurrency: int = 2
    # One chat.update per live card per this interval; Slack allows about one a second.
    card_refresh_interval: timedelta = timedelta(seconds=1)
    # Free-text answers of pulses closed more than this many months ago are deleted; None keeps them.
    free_text_retention_months: int | None = None
    # "workers": the clock enqueues scheduled work on the PostgreSQL job queue and `peerbot worker`
    # processes send it; "inline": the clock sends it itself (SQLite always, PostgreSQL on request).
    queue: str = "inline"
    # Workspaces one worker process serves at once (each runs one task at a time, across all workers).
    worker_concurrency: int = 4
    # A worker silent this long is presumed dead: its tasks are handed to another worker.
    worker_stalled_after: timedelta = timedelta(seconds=30)
    # Messages posted per second to one workspace. Slack publishes one message per second per channel
    # (each DM is its own channel) and a workspace-wide limit it does not number; a 429 is honoured anyway.
    workspace_sends_per_second: int = 10
    # Many workspaces (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET): OAuth installs; None is single-workspace mode.
    oauth: OAuthApp | None = None
    # How long a removed workspace's networks are kept (a reinstall keeps them) before the clock purges them.
    uninstall_grace: timedelta = timedelta(days=30)
    # PEERBOT_PUBLIC_URL without a trailing slash: where calendar apps fetch private feeds; None offers no feeds.
    public_url: str | None = None


def _required(env: Mapping[str, str], name: str, what: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"{name} is not set: it should be {what}. Put it in .env or the environment.")
    return value


def load_settings(env: Mapping[str, str], *, need_app_token: bool = False) -> Settings:
    oauth = _oauth_app(env)
    if oauth is not None:
        if env.get("SLACK_BOT_TOKEN", "").strip():
            raise ConfigError(
                "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: choose one, SLACK_BOT_TOKEN for one workspace "
                "or SLACK_CLIENT_ID with SLACK_CLIENT_SECRET to install in many."
            )
        if need_app_token:
            raise ConfigError(
                "SLACK_CLIENT_ID is set, but peerbot dev (Socket Mode) runs in one workspace: "
                "use SLACK_BOT_TOKEN for it, or peerbot serve and peerbot clock to install in many."
            )
        bot_token = ""
    else:
        bot_token = _required(env, "SLACK_BOT_TOKEN", "your app's Bot User OAuth Token (xoxb-…)")
        if not bot_token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN should be a bot token starting with xoxb-.")
    signing_secret = _required(env, "SLACK_SIGNING_SECRET", "the Signing Secret from your app's Basic Information")
    if not re.fullmatch(r"[0-9A-Za-z]{16,}", signing_secret):
        raise ConfigError("SLACK_SIGNING_SECRET should be the hexadecimal Signing Secret from Basic Information.")

    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if need_app_token and app_token is None:
        raise ConfigError(
            "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) with connections:write."
        )
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN should be an app-level token starting with xapp-.")

    database_url = load_database_url(env)
    queue = _queue_mode(env, database_url)

    api_url = env.get("SLACK_API_URL", "").strip() or None
    if api_url is not None:
        parsed = urlparse(api_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError("SLACK_API_URL should be an http(s) URL such as https://slack.com/api/.")
        if not api_url.endswith("/"):
            api_url += "/"

    port = _int(env, "PORT", 3000, low=1, high=65535)
    concurrency = _int(env, "WEB_CONCURRENCY", 2, low=1, high=64)
    card_refresh = _int(env, "PEERBOT_CARD_REFRESH_SECONDS", 1, low=1, high=60)

    retention = _int(env, "PEERBOT_FREE_TEXT_RETENTION_MONTHS", 0, low=0, high=1200) or None
    worker_concurrency = _int(env, "PEERBOT_WORKER_CONCURRENCY", 4, low=1, high=64)
    stalled = _int(env, "PEERBOT_WORKER_STALLED_SECONDS", 30, low=3, high=3600)
    sends_per_second = _int(env, "PEERBOT_WORKSPACE_SENDS_PER_SECOND", 10, low=1, high=1000)
    grace_days = _int(env, "PEERBOT_UNINSTALL_GRACE_DAYS", 30, low=0, high=3650)

    zone = env.get("PEERBOT_TIMEZONE", "").strip() or "America/New_York"
    if not is_known_timezone(zone):
        raise ConfigError(f"PEERBOT_TIMEZONE {zone!r} is not an IANA time zone such as America/Chicago.")

    facilitators = frozenset(part.strip() for part in env.get("PEERBOT_FACILITATORS", "").split(",") if part.strip())
    bad = sorted(user for user in facilitators if not USER_ID.match(user))
    if bad:
        raise ConfigError(
            f"PEERBOT_FACILITATORS should list Slack user IDs like U012ABCDEF, separated by commas; "
            f"{bad[0]!r} is not one."
        )

    return Settings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        database_url=database_url,
        app_token=app_token,
        slack_api_url=api_url,
        port=port,
        default_timezone=zone,
        facilitators=facilitators,
        web_concurrency=concurrency,
        card_refresh_interval=timedelta(seconds=card_refresh),
        free_text_retention_months=retention,
        queue=queue,
        worker_concurrency=worker_concurrency,
        worker_stalled_after=timedelta(seconds=stalled),
        workspace_sends_per_second=sends_per_second,
        oauth=oauth,
        uninstall_grace=timedelta(days=grace_days),
        public_url=_public_url(env),
    )


def _oauth_app(env: Mapping[str, str]) -> OAuthApp | None:
    """SLACK_CLIENT_ID and SLACK_CLIENT_SECRET together turn on OAuth installs; one without the other is an error."""
    client_id = env.get("SLACK_CLIENT_ID", "").strip()
    client_secret = env.get("SLACK_CLIENT_SECRET", "").strip()
    if not client_id and not client_secret:
        return None
    for name, value in (("SLACK_CLIENT_ID", client_id), ("SLACK_CLIENT_SECRET", client_secret)):
        if not value:
            raise ConfigError(
                f"{name} is not set: installing in many workspaces needs both SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET from your app's Basic Information."
            )
    if not re.fullmatch(r"[0-9]+\.[0-9]+", client_id):
        raise ConfigError("SLACK_CLIENT_ID should be the Client ID from Basic Information, such as 1234567890.987654.")
    if not re.fullmatch(r"[0-9A-Za-z]{16,}", client_secret):
        raise ConfigError("SLACK_CLIENT_SECRET should be the hexadecimal Client Secret from Basic Information.")
    public_url = _public_url(env)
    if not public_url:
        return OAuthApp(client_id, client_secret)
    return OAuthApp(client_id, client_secret, redirect_uri=public_url + OAUTH_REDIRECT_PATH)


def _public_url(env: Mapping[str, str]) -> str | None:
    """PEERBOT_PUBLIC_URL, checked and without a trailing slash (None when unset)."""
    public_url = env.get("PEERBOT_PUBLIC_URL", "").strip()
    if not public_url:
        return None
    parsed = urlparse(public_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise ConfigError("PEERBOT_PUBLIC_URL should be peerbot's public address, such as https://peerbot.example.org.")
    return public_url.rstrip("/")


def load_database_url(env: Mapping[str, str]) -> URL:
    raw_url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    try:
        return normalize_database_url(raw_url)
    except DatabaseUrlError as exc:
        raise ConfigError(
            f"DATABASE_URL {exc}: use sqlite:///peerbot.db or postgresql://user:password@host:5432/dbname."
        ) from None


def _queue_mode(env: Mapping[str, str], database_url: URL) -> str:
    """Workers on PostgreSQL unless PEERBOT_QUEUE=inline; SQLite has no queue, so it is always inline."""
    postgres = database_url.get_backend_name() == "postgresql"
    raw = env.get("PEERBOT_QUEUE", "").strip().lower()
    if not raw:
        return "workers" if postgres else "inline"
    if raw not in ("workers", "inline"):
        raise ConfigError(f"PEERBOT_QUEUE should be workers or inline, not {raw!r}.")
    if raw == "workers" and not postgres:
        raise ConfigError("PEERBOT_QUEUE=workers needs a PostgreSQL DATABASE_URL; with SQLite the clock sends itself.")
    return raw


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} should be a whole number between {low} and {high}, not {raw!r}.") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} should be between {low} and {high}, not {value}.")
    return value
