"""The `peerbot` command: serve, clock, worker, dev, db upgrade, resources import/export, report, data rights."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence

from dotenv import load_dotenv

from bot.config import (
    ConfigError,
    Settings,
    load_database_url,
    load_observability,
    load_settings,
    unknown_variables_warning,
)
from bot.error_reports import start_error_reports
from bot.logs import configure_logging
from bot.runtime import StartupError, build_runtime, describe, open_database, run_context

logger = logging.getLogger("peerbot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="peerbot", description="peerbot: a Slack app for peer learning networks.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="answer Slack over HTTP (production web process)")
    commands.add_parser("clock", help="run the scheduler (exactly one per deployment)")
    commands.add_parser("worker", help="send what the clock enqueued (PostgreSQL; any number of them)")
    commands.add_parser("dev", help="Socket Mode and the scheduler in one process, for local use")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply migrations")
    resources = commands.add_parser("resources", help="move a network's resource library in and out as CSV")
    resource_commands = resources.add_subparsers(dest="resources_command", required=True, metavar="ACTION")
    for action, purpose in (("import", "add the rows of FILE.csv"), ("export", "write the library to FILE.csv")):
        sub = resource_commands.add_parser(action, help=purpose)
        sub.add_argument("file", metavar="FILE.csv")
        sub.add_argument("--network", required=True, metavar="CHANNEL_ID", help="the network's home channel ID")
    report = commands.add_parser("report", help="write a network's evaluation report (HTML, charts, CSVs) to DIR")
    report.add_argument("--network", required=True, metavar="CHANNEL_ID", help="the network's home channel ID")
    report.add_argument("--from", dest="first", required=True, metavar="DATE", help="first day, e.g. 2026-01-01")
    report.add_argument("--to", dest="last", required=True, metavar="DATE", help="last day, e.g. 2026-03-31")
    report.add_argument("--out", required=True, metavar="DIR", help="folder to write report.html and the rest into")
    data = commands.add_parser("data", help="a person's data (export, forget) and whole networks (purge)")
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    export = data_commands.add_parser("export", help="write everything that names a person to FILE.json")
    export.add_argument("--user", required=True, metavar="USER_ID", help="the person's Slack user ID")
    export.add_argument("--out", required=True, metavar="FILE.json")
    forget = data_commands.add_parser("forget", help="delete or de-attribute everything that names a person")
    forget.add_argument("--user", required=True, metavar="USER_ID", help="the person's Slack user ID")
    forget.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    purge = data_commands.add_parser("purge-network", help="delete a network and everything it holds")
    purge.add_argument("--network", required=True, metavar="CHANNEL_ID", help="the network's home channel ID")
    purge.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    load_dotenv(os.path.join(os.getcwd(), ".env"), override=False)
    try:
        observability = load_observability(os.environ)
    except ConfigError as exc:
        print(f"peerbot: {exc}", file=sys.stderr)
        return 2
    configure_logging(observability)
    unknown = unknown_variables_warning(os.environ)
    if unknown:
        logger.warning(unknown)
    start_error_reports(observability)
    try:
        if args.command == "db":
            return _db_upgrade()
        if args.command == "resources":
            from bot.resource_csv import run_resources_command

            return run_resources_command(
                args.resources_command, args.file, args.network, open_database(_settings_for_db())
            )
        if args.command == "data":
            from bot.rights_cli import run_data_command

            return run_data_command(
                args.data_command,
                user=getattr(args, "user", None),
                out=getattr(args, "out", None),
                network=getattr(args, "network", None),
                yes=getattr(args, "yes", False),
                engine=open_database(_settings_for_db()),
            )
        if args.command == "report":
            from bot.report_cli import run_report_command

            return run_report_command(
                channel_id=args.network,
                first=args.first,
                last=args.last,
                out=args.out,
                engine=open_database(_settings_for_db()),
            )
        settings = load_settings(os.environ, need_app_token=args.command == "dev")
        _hide_slack_settings_from_libraries()
        if args.command == "serve":
            return _serve(settings)
        if args.command == "clock":
            return _clock(settings)
        if args.command == "worker":
            return _worker(settings)
        return _dev(settings)
    except (ConfigError, StartupError) as exc:
        print(f"peerbot: {exc}", file=sys.stderr)
        return 2


def _hide_slack_settings_from_libraries() -> None:
    """Settings are read once, into Settings. Bolt reads SLACK_BOT_TOKEN (and the OAuth credentials) from the
    environment when it is not handed them, and then warns that the client's token wins: with the variables
    gone, what peerbot hands Bolt is all Bolt sees (nor do gunicorn's workers inherit the secrets)."""
    for name in [name for name in os.environ if name.startswith("SLACK_")]:
        del os.environ[name]


def _db_upgrade() -> int:
    from storage import migrate

    engine = open_database(_settings_for_db(), require_current_schema=False)
    try:
        migrate.upgrade(engine)
        heads = ", ".join(sorted(migrate.current_heads(engine)))
    finally:
        engine.dispose()
    print(f"peerbot: database is up to date (revision {heads}).")
    return 0


def _settings_for_db() -> Settings:
    return Settings(bot_token="", signing_secret="", database_url=load_database_url(os.environ))


def _serve(settings: Settings) -> int:
    from bot.server import serve

    runtime = build_runtime(settings)
    runtime.engine.dispose()
    logger.info("peerbot web starting on port %s (%s)", settings.port, describe(settings))
    serve(settings)
    return 0


def _clock(settings: Settings) -> int:
    from apscheduler.schedulers.blocking import BlockingScheduler

    from jobs.context import run_scheduled
    from jobs.schedule import install_jobs
    from workflows.health import record_clock_heartbeat

    runtime = build_runtime(settings)
    ctx = run_context(runtime)
    scheduler = BlockingScheduler(timezone="UTC")
    if settings.queue == "workers":
        from bot.queue import clock_queue

        install_jobs(scheduler, ctx, queue=clock_queue(settings), stalled_after=settings.worker_stalled_after)
        sending = "scheduled messages are sent by `peerbot worker` processes"
    else:
        install_jobs(scheduler, ctx)
        sending = "the clock sends scheduled messages itself"
    # /readyz knows the clock is up from its first moment, not only after its first minute.
    run_scheduled("record_clock_heartbeat", record_clock_heartbeat, ctx)
    logger.info("peerbot clock starting (%s; %s)", describe(settings), sending)
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
    return 0


def _worker(settings: Settings) -> int:
    from bot.queue import idle_until_stopped, run_worker

    if settings.queue != "workers":
        why = "with PEERBOT_QUEUE=inline" if settings.database_url.get_backend_name() == "postgresql" else "with SQLite"
        idle_until_stopped(f"{why} the clock sends scheduled messages itself")
        return 0
    runtime = build_runtime(settings)
    logger.info("peerbot worker starting (%s)", describe(settings))
    run_worker(settings, run_context(runtime))
    return 0


def _dev(settings: Settings) -> int:
    from apscheduler.schedulers.background import BackgroundScheduler
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app
    from jobs.schedule import install_jobs
    from storage.db import REQUEST_LOCK_TIMEOUT

    # Listeners and the scheduler share this process: requests need the short lock timeout.
    runtime = build_runtime(settings, lock_timeout=REQUEST_LOCK_TIMEOUT)
    app = create_app(settings, session_factory=runtime.session_factory, clock=runtime.clock, client=runtime.client)
    scheduler = BackgroundScheduler(timezone="UTC")
    install_jobs(scheduler, run_context(runtime))
    scheduler.start()
    logger.info("peerbot dev (Socket Mode) starting (%s)", describe(settings))
    try:
        SocketModeHandler(app, settings.app_token).start()  # type: ignore[no-untyped-call]
    finally:
        scheduler.shutdown(wait=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
