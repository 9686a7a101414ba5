"""The peerbot command: start-up problems stop it with one clear line; db upgrade migrates."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import inspect

from storage.db import create_db_engine
from tests.slackstub import SlackStub
from tests.support.processes import SECRET, process_env, run_peerbot


def run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_peerbot(*args, env=process_env(cwd, **env), cwd=cwd)


def test_missing_token_stops_start_up_with_one_line(tmp_path: Path) -> None:
    result = run("serve", env={"SLACK_SIGNING_SECRET": SECRET}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "peerbot: SLACK_BOT_TOKEN is not set: it should be your app's Bot User OAuth Token (xoxb-…). "
        "Put it in .env or the environment."
    ]


def test_malformed_database_url_stops_start_up_with_one_line(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": SECRET, "DATABASE_URL": "mongodb://x/y"}
    result = run("clock", env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("peerbot: DATABASE_URL uses the unsupported backend 'mongodb'")


def test_unreachable_database_stops_start_up_with_one_line_and_no_password(tmp_path: Path) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": SECRET,
        "DATABASE_URL": "postgresql://peerbot:hunter2@127.0.0.1:9/peerbot",
    }
    result = run("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("peerbot: cannot reach the database at postgresql")
    assert "hunter2" not in result.stderr


def test_unmigrated_database_asks_for_db_upgrade(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": SECRET}
    result = run("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "run `peerbot db upgrade` first" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_settings_come_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"SLACK_SIGNING_SECRET={SECRET}\nSLACK_BOT_TOKEN=xoxp-wrong-kind\n")
    result = run("serve", env={}, cwd=tmp_path)
    assert "SLACK_BOT_TOKEN should be a bot token starting with xoxb-" in result.stderr


def test_db_upgrade_creates_the_schema_without_slack_settings(tmp_path: Path) -> None:
    result = run("db", "upgrade", env={}, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "database is up to date" in result.stdout
    engine = create_db_engine(f"sqlite:///{tmp_path / 'peerbot.db'}")
    assert {"networks", "members", "deliveries"} <= set(inspect(engine).get_table_names())
    engine.dispose()
    assert run("db", "upgrade", env={}, cwd=tmp_path).returncode == 0  # idempotent


def test_rejected_token_stops_start_up_with_one_line(tmp_path: Path, slack: SlackStub) -> None:
    run("db", "upgrade", env={}, cwd=tmp_path)
    env = {"SLACK_BOT_TOKEN": "xoxb-revoked", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url}
    result = run("clock", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "peerbot: Slack rejected SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token from your app's "
        "OAuth & Permissions page."
    ]
    slack.reset()  # the refused auth.test was the point of this test


@pytest.mark.parametrize("command", ["serve", "clock", "dev"])
def test_every_process_checks_configuration_first(tmp_path: Path, command: str) -> None:
    result = run(command, env={}, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("peerbot: SLACK_BOT_TOKEN is not set")


def test_a_bad_log_level_stops_start_up_with_one_line(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": SECRET, "LOG_LEVEL": "verbose"}
    for command in (("serve",), ("db", "upgrade")):
        result = run(*command, env=env, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [
            "peerbot: LOG_LEVEL should be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'verbose'."
        ]


def test_a_misspelled_setting_is_warned_about_in_one_line_and_the_command_goes_on(tmp_path: Path) -> None:
    result = run("db", "upgrade", env={"PEERBOT_TIMEZON": "America/Chicago"}, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "PEERBOT_TIMEZON" in line]
    assert len(warnings) == 1 and " WARNING " in warnings[0]
    assert "ignoring PEERBOT_TIMEZON (did you mean PEERBOT_TIMEZONE?)" in warnings[0]
    assert "America/Chicago" not in result.stderr
