"""How every peerbot process logs: text or one JSON object per line, quiet libraries, no query values logged."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from bot.config import Observability

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and exc when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            event["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            event["exc"] = record.exc_text
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return json.dumps(event, ensure_ascii=False)


def formatter(observability: Observability) -> logging.Formatter:
    return JsonFormatter() if observability.log_format == "json" else logging.Formatter(TEXT_FORMAT)


class _DemoteToDebug(logging.Filter):
    """The scheduler's routine INFO lines become DEBUG: shown only with LOG_LEVEL=DEBUG.

    APScheduler says "Running job…" and "…executed successfully" for every run (two dozen lines a minute on an
    empty database) and "Adding job tentatively" for every job at start; its warnings (a missed or skipped run),
    errors and the one "Added job" line per job at start stay as they are. A handler's filter, as a logger's
    would not see what its child loggers (``apscheduler.executors.default``) log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or not _routine(record):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger().isEnabledFor(logging.DEBUG)


def _routine(record: logging.LogRecord) -> bool:
    if record.name.startswith("apscheduler.executors"):
        return True
    return record.name == "apscheduler.scheduler" and str(record.msg).startswith("Adding job tentatively")


def configure_logging(observability: Observability) -> None:
    """The root logger writes to stderr in the chosen format at LOG_LEVEL; libraries are kept to what matters."""
    level = observability.level_number
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(observability))
    handler.addFilter(_DemoteToDebug())
    # Like basicConfig, a logger someone already set up (a test run calling main()) is left alone.
    logging.basicConfig(level=level, handlers=[handler])
    # Alembic narrates every schema check at INFO; start-up output should be peerbot's own lines.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, level))
    # Slack's libraries log whole request bodies at DEBUG, and those carry what members
    # wrote (pulse answers included): never let them below INFO.
    for library in ("slack_sdk", "slack_bolt"):
        logging.getLogger(library).setLevel(max(level, logging.INFO))
    # The job queue narrates every task it runs at INFO; peerbot says what a task did instead.
    logging.getLogger("procrastinate").setLevel(max(logging.WARNING, level))


def redact_query(uri: str) -> str:
    """``/slack/oauth_redirect?code=…&state=…`` → ``/slack/oauth_redirect?code=[redacted]&state=[redacted]``."""
    path, _mark, query = uri.partition("?")
    if not query:
        return uri
    names = [name for name, _value in parse_qsl(query, keep_blank_values=True)]
    return f"{path}?{'&'.join(f'{name}={REDACTED}' for name in names) or REDACTED}"


def redact_request_line(line: str) -> str:
    """``GET /x?code=abc HTTP/1.1`` with its query values redacted."""
    parts = line.split(" ")
    if len(parts) == 3:
        parts[1] = redact_query(parts[1])
        return " ".join(parts)
    return redact_query(line)


def gunicorn_logger_class(observability: Observability) -> type:
    """gunicorn's logger, writing in peerbot's format at LOG_LEVEL and never logging a query's values.

    The OAuth redirect (``/slack/oauth_redirect?code=…&state=…``) carries a one-time code and the state
    that binds it to a browser: an access log must not keep them, nor a later request's Referer to them.
    """
    from gunicorn import glogging

    class PeerbotGunicornLogger(glogging.Logger):  # type: ignore[misc]
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            if observability.log_format == "json":
                for log in (self.error_log, self.access_log):
                    for handler in log.handlers:
                        handler.setFormatter(JsonFormatter())

        def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
            atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
            if "r" in atoms:
                atoms["r"] = redact_request_line(str(atoms["r"]))
            for query in ("q", "{query_string}e"):
                if atoms.get(query):
                    atoms[query] = redact_query("?" + str(atoms[query]))[1:]
            for uri in ("f", "{referer}i", "{http_referer}e", "{raw_uri}e"):
                if atoms.get(uri) not in (None, "-"):
                    atoms[uri] = redact_query(str(atoms[uri]))
            return atoms

    return PeerbotGunicornLogger
