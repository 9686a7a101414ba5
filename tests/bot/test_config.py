"""Configuration: good values load, bad ones name the variable and what it should look like."""

from __future__ import annotations

import re

import pytest

from bot.config import (
    VARIABLES,
    ConfigError,
    Observability,
    load_observability,
    load_settings,
    unknown_variables_warning,
)
from tests.support.processes import ROOT

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef"}


def test_defaults_apply_when_only_the_slack_secrets_are_given() -> None:
    settings = load_settings(GOOD)
    assert settings.database_url.render_as_string() == "sqlite:///peerbot.db"
    assert (settings.port, settings.default_timezone, settings.facilitators) == (3000, "America/New_York", frozenset())
    assert settings.slack_api_url is None


def test_heroku_style_postgres_url_uses_psycopg() -> None:
    settings = load_settings({**GOOD, "DATABASE_URL": "postgres://u:secret@db.example.org:5432/peerbot"})
    assert settings.database_url.drivername == "postgresql+psycopg"
    assert settings.database_url.database == "peerbot"


def test_facilitators_are_parsed_from_a_comma_separated_list() -> None:
    settings = load_settings({**GOOD, "PEERBOT_FACILITATORS": " U012ABCDEF, W0BBB "})
    assert settings.facilitators == frozenset({"U012ABCDEF", "W0BBB"})


def test_stand_in_api_url_gets_a_trailing_slash() -> None:
    assert load_settings({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9999/api"}).slack_api_url == (
        "http://127.0.0.1:9999/api/"
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SLACK_SIGNING_SECRET": GOOD["SLACK_SIGNING_SECRET"]}, "SLACK_BOT_TOKEN is not set"),
        ({**GOOD, "SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN should be a bot token starting with xoxb-"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is not set"),
        ({**GOOD, "DATABASE_URL": "mysql://root@localhost/peerbot"}, "DATABASE_URL uses the unsupported backend"),
        ({**GOOD, "DATABASE_URL": "not a url"}, "DATABASE_URL is not a database URL"),
        ({**GOOD, "DATABASE_URL": "sqlite://"}, "DATABASE_URL must name a SQLite file"),
        ({**GOOD, "PORT": "eighty"}, "PORT should be a whole number between 1 and 65535"),
        ({**GOOD, "PEERBOT_TIMEZONE": "Eastern"}, "PEERBOT_TIMEZONE 'Eastern' is not an IANA time zone"),
        ({**GOOD, "PEERBOT_FACILITATORS": "maria@example.org"}, "PEERBOT_FACILITATORS should list Slack user IDs"),
        ({**GOOD, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL should be an http(s) URL"),
        ({**GOOD, "SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN should be an app-level token"),
    ],
)
def test_bad_configuration_names_the_variable(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    message = str(raised.value)
    assert expected in message and "\n" not in message


def test_socket_mode_needs_an_app_token() -> None:
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN is not set"):
        load_settings(GOOD, need_app_token=True)


def test_database_password_never_appears_in_errors() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({**GOOD, "DATABASE_URL": "oracle://admin:hunter2@db/x"})
    assert "hunter2" not in str(raised.value)


OAUTH = {
    "SLACK_CLIENT_ID": "1234567890.987654321",
    "SLACK_CLIENT_SECRET": "abcdef0123456789abcdef0123456789",
    "SLACK_SIGNING_SECRET": GOOD["SLACK_SIGNING_SECRET"],
}


def test_a_client_id_and_secret_without_a_bot_token_install_in_many_workspaces() -> None:
    settings = load_settings(OAUTH)
    assert settings.oauth is not None and settings.bot_token == ""
    assert (settings.oauth.client_id, settings.oauth.redirect_uri) == ("1234567890.987654321", None)
    assert settings.uninstall_grace.days == 30


def test_single_workspace_mode_is_unchanged_by_the_oauth_settings() -> None:
    settings = load_settings(GOOD)
    assert settings.oauth is None and settings.bot_token == GOOD["SLACK_BOT_TOKEN"]


def test_the_public_url_names_the_redirect_url_and_the_grace_period_is_configurable() -> None:
    settings = load_settings(
        {**OAUTH, "PEERBOT_PUBLIC_URL": "https://peerbot.example.org/", "PEERBOT_UNINSTALL_GRACE_DAYS": "7"}
    )
    assert settings.oauth is not None
    assert settings.oauth.redirect_uri == "https://peerbot.example.org/slack/oauth_redirect"
    assert settings.uninstall_grace.days == 7


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({**OAUTH, "SLACK_BOT_TOKEN": "xoxb-1-2-abc"}, "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: choose one"),
        ({**GOOD, "SLACK_CLIENT_ID": OAUTH["SLACK_CLIENT_ID"]}, "SLACK_CLIENT_SECRET is not set"),
        ({**GOOD, "SLACK_CLIENT_SECRET": OAUTH["SLACK_CLIENT_SECRET"]}, "SLACK_CLIENT_ID is not set"),
        ({**OAUTH, "SLACK_CLIENT_ID": "peerbot"}, "SLACK_CLIENT_ID should be the Client ID"),
        ({**OAUTH, "SLACK_CLIENT_SECRET": "short"}, "SLACK_CLIENT_SECRET should be the hexadecimal Client Secret"),
        ({**OAUTH, "PEERBOT_PUBLIC_URL": "peerbot.example.org"}, "PEERBOT_PUBLIC_URL should be peerbot's public"),
        ({**OAUTH, "PEERBOT_UNINSTALL_GRACE_DAYS": "a month"}, "PEERBOT_UNINSTALL_GRACE_DAYS should be a whole number"),
        ({**OAUTH, "PEERBOT_UNINSTALL_GRACE_DAYS": "-1"}, "PEERBOT_UNINSTALL_GRACE_DAYS should be between 0 and"),
    ],
)
def test_bad_oauth_configuration_names_the_variable(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    message = str(raised.value)
    assert expected in message and "\n" not in message
    assert OAUTH["SLACK_CLIENT_SECRET"] not in message


def test_socket_mode_stays_single_workspace() -> None:
    with pytest.raises(ConfigError, match="peerbot dev \\(Socket Mode\\) runs in one workspace"):
        load_settings({**OAUTH, "SLACK_APP_TOKEN": "xapp-1"}, need_app_token=True)


PG = {**GOOD, "DATABASE_URL": "postgresql://u@db.example.org:5432/peerbot"}


def test_postgresql_sends_through_workers_unless_told_inline_and_sqlite_always_sends_from_the_clock() -> None:
    assert load_settings(PG).queue == "workers"
    assert load_settings({**PG, "PEERBOT_QUEUE": "inline"}).queue == "inline"
    assert load_settings(GOOD).queue == "inline"
    settings = load_settings({**PG, "PEERBOT_WORKER_CONCURRENCY": "8", "PEERBOT_WORKSPACE_SENDS_PER_SECOND": "3"})
    assert (settings.worker_concurrency, settings.workspace_sends_per_second) == (8, 3)
    assert load_settings(GOOD).workspace_sends_per_second == 10


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({**GOOD, "PEERBOT_QUEUE": "workers"}, "PEERBOT_QUEUE=workers needs a PostgreSQL DATABASE_URL"),
        ({**PG, "PEERBOT_QUEUE": "celery"}, "PEERBOT_QUEUE should be workers or inline, not 'celery'."),
        ({**PG, "PEERBOT_WORKER_CONCURRENCY": "0"}, "PEERBOT_WORKER_CONCURRENCY should be between 1 and 64"),
        ({**PG, "PEERBOT_WORKSPACE_SENDS_PER_SECOND": "fast"}, "PEERBOT_WORKSPACE_SENDS_PER_SECOND should be a whole"),
        ({**PG, "PEERBOT_WORKER_STALLED_SECONDS": "1"}, "PEERBOT_WORKER_STALLED_SECONDS should be between 3 and 3600"),
    ],
)
def test_queue_settings_name_the_variable(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as excinfo:
        load_settings(env)
    assert expected in str(excinfo.value) and "\n" not in str(excinfo.value)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {**GOOD, "LOG_LEVEL": "verbose"},
            "LOG_LEVEL should be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'verbose'",
        ),
        ({**GOOD, "LOG_FORMAT": "xml"}, "LOG_FORMAT should be text or json, not 'xml'"),
        ({**GOOD, "PEERBOT_METRICS": "maybe"}, "PEERBOT_METRICS should be 1 (serve /metrics) or 0"),
        ({**GOOD, "SENTRY_DSN": "sentry.example.org"}, "SENTRY_DSN should be the DSN from your Sentry project"),
    ],
)
def test_bad_observability_settings_name_the_variable_in_one_line(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    message = str(raised.value)
    assert expected in message and "\n" not in message


def test_logging_metrics_and_error_reports_settings_load_in_any_case() -> None:
    observability = load_observability(
        {"LOG_LEVEL": "debug", "LOG_FORMAT": "JSON", "PEERBOT_METRICS": "1", "SENTRY_DSN": "https://k@o1.example.io/2"}
    )
    assert observability == Observability("DEBUG", "json", metrics=True, sentry_dsn="https://k@o1.example.io/2")
    assert load_observability({}) == Observability("INFO", "text", metrics=False, sentry_dsn=None)


def test_a_misspelled_setting_is_named_with_a_suggestion_and_without_its_value() -> None:
    warning = unknown_variables_warning(
        {**GOOD, "PEERBOT_TIMEZON": "America/Chicago", "SLACK_SIGNING_SECRT": "s3cr3t", "HOME": "/root"}
    )
    assert warning is not None and "\n" not in warning
    assert "PEERBOT_TIMEZON (did you mean PEERBOT_TIMEZONE?)" in warning
    assert "SLACK_SIGNING_SECRT (did you mean SLACK_SIGNING_SECRET?)" in warning
    assert "America/Chicago" not in warning and "s3cr3t" not in warning and "HOME" not in warning
    assert unknown_variables_warning(GOOD) is None


def _names_in(text: str) -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_env_example_offers_exactly_the_settings_peerbot_reads() -> None:
    assert _names_in((ROOT / ".env.example").read_text()) == set(VARIABLES)


def test_readme_configuration_table_lists_every_setting_peerbot_reads() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration") :]
    listed = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", table, flags=re.MULTILINE))
    assert listed == set(VARIABLES)
