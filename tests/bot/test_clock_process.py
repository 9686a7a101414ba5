"""`peerbot clock` as deployed: checks its settings, then runs the scheduler with peerbot's jobs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from jobs.context import JobContext
from jobs.schedule import install_jobs, job_specs
from slackio.client import build_web_client
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock

SECRET = "0123456789abcdef0123456789abcdef"


def test_clock_process_starts_its_scheduler_with_every_job(tmp_path: Path, slack: SlackStub) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": str(Path(__file__).parents[2]),
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
    }
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "clock"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 30
    try:
        for line in process.stderr:  # the process's own output paces this loop
            seen.append(line)
            if "Scheduler started" in line or time.monotonic() > deadline:
                break
    finally:
        process.terminate()
        process.wait(timeout=30)
    output = "".join(seen)
    assert "Scheduler started" in output, output
    for spec in job_specs():
        assert f'Added job "{spec.name}"' in output
    assert slack.calls_to("auth.test"), "the clock checks its Slack token before starting"


def test_installed_jobs_run_one_at_a_time_and_coalesce_missed_runs(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    scheduler = BackgroundScheduler(timezone="UTC")
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    install_jobs(scheduler, JobContext(session_factory, client, clock, slack.bot_user_id))

    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert set(jobs) == {spec.name for spec in job_specs()}
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())
