"""Error reports to Sentry (SENTRY_DSN): what failed and where, never what people wrote or answered."""

from __future__ import annotations

from typing import Any

from bot.config import Observability
from bot.logs import redact_query

# Where an event can carry what a request, a listener's locals or a log line held.
_REQUEST_KEPT = ("method", "url", "query_string")
_BREADCRUMB_KEPT = ("type", "category", "level", "timestamp")


def scrub_event(event: dict[str, Any], hint: object = None) -> dict[str, Any]:
    """Sentry's ``before_send``: keep the exception's type, stack (files, functions, lines) and the log line,
    drop everything that could hold a member's words: request bodies, cookies and headers, frames' local
    variables, breadcrumbs' messages and data, extra context, and the query's values."""
    request = event.get("request")
    if isinstance(request, dict):
        kept = {key: request[key] for key in _REQUEST_KEPT if key in request}
        if "url" in kept:
            kept["url"] = redact_query(str(kept["url"]))
        if "query_string" in kept:
            kept["query_string"] = redact_query("?" + str(kept["query_string"]))[1:]
        event["request"] = kept
    for container in ("exception", "threads"):
        for value in (event.get(container) or {}).get("values") or []:
            for frame in ((value or {}).get("stacktrace") or {}).get("frames") or []:
                frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    crumbs = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    if isinstance(crumbs, list):
        crumbs[:] = [scrub_breadcrumb(crumb) for crumb in crumbs if isinstance(crumb, dict)]
    event.pop("extra", None)
    event.pop("user", None)
    contexts = event.get("contexts")
    if isinstance(contexts, dict):
        # The runtime, OS and trace contexts say where it happened; anything else was put there by code.
        event["contexts"] = {key: contexts[key] for key in ("runtime", "os", "trace") if key in contexts}
    return event


def scrub_breadcrumb(crumb: dict[str, Any], hint: object = None) -> dict[str, Any]:
    """Sentry's ``before_breadcrumb``: when and what kind of thing happened, not its message or data."""
    return {key: crumb[key] for key in _BREADCRUMB_KEPT if key in crumb}


def start_error_reports(observability: Observability) -> bool:
    """Send errors to Sentry when SENTRY_DSN is set; True when reports are on."""
    if observability.sentry_dsn is None:
        return False
    import sentry_sdk

    # Personal data stays off by leaving send_default_pii at its default (False): naming it is deprecated in late
    # 2.x releases, and its successor (data_collection) would also switch off Sentry's own EventScrubber.
    sentry_sdk.init(
        dsn=observability.sentry_dsn,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,  # type: ignore[arg-type]
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=0,
    )
    return True
