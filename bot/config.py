"""Settings from the environment and .env, validated once at start-up."""

from __future__ import annotations

import difflib
import logging
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


# Every variable peerbot reads, with what it is for: the one list the unknown-variable warning, .env.example
# and README's Configuration table follow (tests check the last two against it).
VARIABLES: dict[str, str] = {
    "SLACK_BOT_TOKEN": "Bot User OAuth Token (xoxb-…), one workspace",
    "SLACK_SIGNING_SECRET": "Signing Secret from Basic Information",
    "SLACK_CLIENT_ID": "Client ID, installing in many workspaces (OAuth)",
    "SLACK_CLIENT_SECRET": "Client Secret, installing in many workspaces (OAuth)",
    "SLACK_APP_TOKEN": "app-level token (xapp-…) for Socket Mode",
    "SLACK_API_URL": "base URL of Slack's Web API (a local stand-in)",
    "DATABASE_URL": "SQLite file or PostgreSQL URL",
    "PORT": "HTTP port of peerbot serve",
    "WEB_CONCURRENCY": "gunicorn worker processes",
    "PEERBOT_PUBLIC_URL": "OAuth: peerbot's public URL",
    "PEERBOT_UNINSTALL_GRACE_DAYS": "OAuth: days a removed workspace's networks are kept",
    "PEERBOT_TIMEZONE": "default time zone for new networks",
    "PEERBOT_CARD_REFRESH_SECONDS": "at most one update per live card per this many seconds",
    "PEERBOT_FREE_TEXT_RETENTION_MONTHS": "delete free-text answers this many months after a pulse closes",
    "PEERBOT_FACILITATORS": "Slack user IDs of the first facilitators",
    "PEERBOT_QUEUE": "workers or inline",
    "PEERBOT_WORKER_CONCURRENCY": "workspaces one worker serves at a time",
    "PEERBOT_WORKSPACE_SENDS_PER_SECOND": "messages posted per second to one workspace",
    "PEERBOT_WORKER_STALLED_SECONDS": "a worker silent this long is presumed dead",
    "PEERBOT_METRICS": "1 serves Prometheus metrics at /metrics",
    "LOG_LEVEL": "DEBUG, INFO, WARNING, ERROR or CRITICAL",
    "LOG_FORMAT": "text or json (one JSON object per line)",
    "SENTRY_DSN": "report errors to Sentry (no message text, no answers)",
}
# Names with these prefixes are peerbot's: one it does not know is most likely a typo, and is warned about.
OWN_PREFIXES = ("PEERBOT_", "SLACK_")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")


def _read(env: Mapping[str, str], name: str) -> str:
    """A variable's value, stripped; only names listed in VARIABLES may be read."""
    if name not in VARIABLES:
        raise KeyError(f"{name} is not in bot.config.VARIABLES")
    return env.get(name, "").strip()


def unknown_variables_warning(env: Mapping[str, str]) -> str | None:
    """One line naming every PEERBOT_*/SLACK_* variable peerbot does not read (never their values), or None."""
    unknown = sorted(name for name in env if name.startswith(OWN_PREFIXES) and name not in VARIABLES)
    if not unknown:
        return None
    named = []
    for name in unknown:
        close = difflib.get_close_matches(name, list(VARIABLES), n=1, cutoff=0.75)
        named.append(f"{name} (did you mean {close[0]}?)" if close else name)
    return f"ignoring {', '.join(named)}: not a setting peerbot knows (README, Configuration, lists them)"


@dataclass(frozen=True)
class Observability:
    """How a process reports on itself: its logs, metrics and error reports. Every command reads these."""

    log_level: str = "INFO"
    log_format: str = "text"
    # PEERBOT_METRICS=1: `peerbot serve` answers /metrics.
    metrics: bool = False
    # Errors go to Sentry, scrubbed of request bodies, local variables and breadcrumb data.
    sentry_dsn: str | None = None

    @property
    def level_number(self) -> int:
        return int(logging.getLevelName(self.log_level))


def load_observability(env: Mapping[str, str]) -> Observability:
    level = _read(env, "LOG_LEVEL").upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL should be one of {', '.join(LOG_LEVELS)}, not {_read(env, 'LOG_LEVEL')!r}.")
    log_format = _read(env, "LOG_FORMAT").lower() or "text"
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT should be text or json, not {_read(env, 'LOG_FORMAT')!r}.")
    metrics = _read(env, "PEERBOT_METRICS").lower()
    if metrics not in ("", "0", "1", "true", "false", "yes", "no", "on", "off"):
        raise ConfigError(f"PEERBOT_METRICS should be 1 (serve /metrics) or 0, not {_read(env, 'PEERBOT_METRICS')!r}.")
    dsn = _read(env, "SENTRY_DSN") or None
    if dsn is not None:
        parsed = urlparse(dsn)
        if parsed.scheme not in ("http", "https") or not parsed.hostname or not parsed.username:
            # Never echo the DSN: it carries the project's key.
            raise ConfigError(
                "SENTRY_DSN should be the DSN from your Sentry project, such as https://key@o1.ingest.sentry.io/2."
            )
    return Observability(
        log_level=level,
        log_format=log_format,
        metrics=metrics in ("1", "true", "yes", "on"),
        sentry_dsn=dsn,
    )


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
    observability: Observability = field(default_factory=Observability)


def _required(env: Mapping[str, str], name: str, what: str) -> str:
    value = _read(env, name)
    if not value:
        raise ConfigError(f"{name} is not set: it should be {what}. Put it in .env or the environment.")
    return value


def load_settings(env: Mapping[str, str], *, need_app_token: bool = False) -> Settings:
    oauth = _oauth_app(env)
    if oauth is not None:
        if _read(env, "SLACK_BOT_TOKEN"):
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

    app_token = _read(env, "SLACK_APP_TOKEN") or None
    if need_app_token and app_token is None:
        raise ConfigError(
            "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) with connections:write."
        )
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN should be an app-level token starting with xapp-.")

    database_url = load_database_url(env)
    queue = _queue_mode(env, database_url)

    api_url = _read(env, "SLACK_API_URL") or None
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

    zone = _read(env, "PEERBOT_TIMEZONE") or "America/New_York"
    if not is_known_timezone(zone):
        raise ConfigError(f"PEERBOT_TIMEZONE {zone!r} is not an IANA time zone such as America/Chicago.")

    facilitators = frozenset(part.strip() for part in _read(env, "PEERBOT_FACILITATORS").split(",") if part.strip())
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
        observability=load_observability(env),
    )


def _oauth_app(env: Mapping[str, str]) -> OAuthApp | None:
    """SLACK_CLIENT_ID and SLACK_CLIENT_SECRET together turn on OAuth installs; one without the other is an error."""
    client_id = _read(env, "SLACK_CLIENT_ID")
    client_secret = _read(env, "SLACK_CLIENT_SECRET")
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
    public_url = _read(env, "PEERBOT_PUBLIC_URL")
    if not public_url:
        return OAuthApp(client_id, client_secret)
    parsed = urlparse(public_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise ConfigError("PEERBOT_PUBLIC_URL should be peerbot's public address, such as https://peerbot.example.org.")
    return OAuthApp(client_id, client_secret, redirect_uri=public_url.rstrip("/") + OAUTH_REDIRECT_PATH)


def load_database_url(env: Mapping[str, str]) -> URL:
    raw_url = _read(env, "DATABASE_URL") or DEFAULT_DATABASE_URL
    try:
        return normalize_database_url(raw_url)
    except DatabaseUrlError as exc:
        raise ConfigError(
            f"DATABASE_URL {exc}: use sqlite:///peerbot.db or postgresql://user:password@host:5432/dbname."
        ) from None


def _queue_mode(env: Mapping[str, str], database_url: URL) -> str:
    """Workers on PostgreSQL unless PEERBOT_QUEUE=inline; SQLite has no queue, so it is always inline."""
    postgres = database_url.get_backend_name() == "postgresql"
    raw = _read(env, "PEERBOT_QUEUE").lower()
    if not raw:
        return "workers" if postgres else "inline"
    if raw not in ("workers", "inline"):
        raise ConfigError(f"PEERBOT_QUEUE should be workers or inline, not {raw!r}.")
    if raw == "workers" and not postgres:
        raise ConfigError("PEERBOT_QUEUE=workers needs a PostgreSQL DATABASE_URL; with SQLite the clock sends itself.")
    return raw


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = _read(env, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} should be a whole number between {low} and {high}, not {raw!r}.") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} should be between {low} and {high}, not {value}.")
    return value
