"""`peerbot clock` as deployed: checks its settings, then runs the scheduler with peerbot's jobs."""

from __future__ import annotations

from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from jobs.schedule import install_jobs, job_specs
from slackio.client import build_web_client
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.processes import process_env, run_peerbot, running_peerbot
from workflows.context import RunContext


def test_clock_process_starts_its_scheduler_with_every_job(tmp_path: Path, slack: SlackStub) -> None:
    env = process_env(tmp_path, slack)
    run_peerbot("db", "upgrade", env=env, cwd=tmp_path)

    with running_peerbot("clock", env=env, cwd=tmp_path, ready="Scheduler started") as output:
        for spec in job_specs():
            assert f'Added job "{spec.name}"' in output
    assert slack.calls_to("auth.test"), "the clock checks its Slack token before starting"


def test_installed_jobs_run_one_at_a_time_and_coalesce_missed_runs(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    scheduler = BackgroundScheduler(timezone="UTC")
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    install_jobs(scheduler, RunContext(session_factory, client, clock, slack.bot_user_id))

    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert set(jobs) == {spec.name for spec in job_specs()}
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())
