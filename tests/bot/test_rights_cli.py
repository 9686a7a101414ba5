"""`peerbot data export|forget|purge-network`: an administrator's data rights tools, with only DATABASE_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from storage.db import SessionFactory
from storage.models import Member, Network, Resource
from tests.support.clock import FakeClock
from tests.support.constants import HOME
from tests.support.factories.rights import NAMED_TEXT, Traces, maria_everywhere


@pytest.fixture
def traces(session_factory: SessionFactory, clock: FakeClock) -> Traces:
    with session_factory.begin() as session:
        return maria_everywhere(session, now=clock.now())


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Path:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return tmp_path


def _members(session_factory: SessionFactory, user: str) -> int:
    with session_factory.begin() as session:
        return int(session.scalar(select(func.count()).select_from(Member).where(Member.user_id == user)) or 0)


def test_export_in_a_subprocess_writes_the_persons_data(cli_env: Path, database_url: str, traces: Traces) -> None:
    out = cli_env / "maria.json"
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "data", "export", "--user", "UMARIA", "--out", str(out)],
        cwd=cli_env,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "entries about UMARIA" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))["data"]
    assert [p["user_id"] for p in data["profiles"]] == ["UMARIA"]
    assert NAMED_TEXT in json.dumps(data["named_pulse_answers"])


def test_forget_needs_yes_then_forgets(
    cli_env: Path, traces: Traces, session_factory: SessionFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["data", "forget", "--user", "UMARIA"]) == 2
    assert "--yes" in capsys.readouterr().err and _members(session_factory, "UMARIA") == 1
    assert main(["data", "forget", "--user", "UMARIA", "--yes"]) == 0
    assert "forgot UMARIA" in capsys.readouterr().out
    assert _members(session_factory, "UMARIA") == 0 and _members(session_factory, "UDEV") == 1
    with session_factory.begin() as session:
        resource = session.get(Resource, traces.resource_id)
        assert resource is not None and resource.shared_by.startswith("forgotten-")


def test_bad_user_id_is_refused_plainly(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "forget", "--user", "maria", "--yes"]) == 2
    assert "Slack user ID" in capsys.readouterr().err


def test_purge_network_removes_the_network_and_all_it_holds(
    cli_env: Path, traces: Traces, session_factory: SessionFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["data", "purge-network", "--network", HOME]) == 2
    assert main(["data", "purge-network", "--network", HOME, "--yes"]) == 0
    assert "purged" in capsys.readouterr().out
    with session_factory.begin() as session:
        assert session.scalars(select(Network)).all() == []
        assert session.scalars(select(Resource)).all() == []
    assert _members(session_factory, "UDEV") == 0
    assert main(["data", "purge-network", "--network", HOME, "--yes"]) == 2
