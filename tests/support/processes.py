"""Run peerbot's real processes (`python -m bot.cli …`) against the Slack stand-in and a temp database."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.slackstub import SlackStub

SECRET = "0123456789abcdef0123456789abcdef"
ROOT = Path(__file__).parents[2]


def process_env(workdir: Path, slack: SlackStub | None = None, **extra: str) -> dict[str, str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(workdir), "PYTHONPATH": str(ROOT)}
    if slack is not None:
        env.update(SLACK_BOT_TOKEN=slack.bot_token, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url)
    env.update(extra)
    return env


def run_peerbot(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@contextmanager
def running_peerbot(*args: str, env: dict[str, str], cwd: Path, ready: str) -> Iterator[str]:
    """Start a long-running peerbot process; yield its output up to the line containing ``ready``."""
    with peerbot_process(*args, env=env, cwd=cwd, ready=ready) as process:
        yield "".join(process.lines)  # type: ignore[attr-defined]


@contextmanager
def peerbot_process(*args: str, env: dict[str, str], cwd: Path, ready: str) -> Iterator[subprocess.Popen[str]]:
    """Like ``running_peerbot``, but yields the process (to kill it) and keeps reading its output.

    Its lines are collected in ``process.lines`` (so a chatty process never blocks on a full pipe);
    on leaving, a process still running is stopped with SIGTERM.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    lines: list[str] = []
    process.lines = lines  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    for line in process.stderr:  # paced by the process's own output: nothing sleeps
        lines.append(line)
        if ready in line or time.monotonic() > deadline:
            break
    drain = threading.Thread(target=lambda: lines.extend(process.stderr or ()), daemon=True)
    drain.start()
    try:
        assert any(ready in line for line in lines), f"peerbot {' '.join(args)} did not get ready:\n{''.join(lines)}"
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=60)
        drain.join(timeout=5)
        process.stderr.close()
