"""`peerbot report --network CHANNEL_ID --from DATE --to DATE --out DIR`: needs only DATABASE_URL, no Slack tokens."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from domain.clock import SystemClock
from domain.errors import PeerbotError
from domain.report.period import Period
from storage import network as network_store
from storage.db import create_session_factory
from workflows.report import write_report


def run_report_command(*, channel_id: str, first: str, last: str, out: str, engine: Engine) -> int:
    try:
        period = Period(date.fromisoformat(first), date.fromisoformat(last))
    except ValueError:
        print("peerbot: --from and --to are dates like 2026-01-31.", file=sys.stderr)
        return 2
    if period.last < period.first:
        print("peerbot: --to must not be before --from.", file=sys.stderr)
        return 2
    # The configured facilitators are staff by default (the participant rule), so the CLI knows them too.
    configured = frozenset(p.strip() for p in os.environ.get("PEERBOT_FACILITATORS", "").split(",") if p.strip())
    session_factory = create_session_factory(engine, facilitators=configured)
    try:
        with session_factory.begin() as session:
            networks = network_store.networks_with_home(session, channel_id=channel_id)
            if len(networks) != 1:
                print(f"peerbot: no single network has its home in channel {channel_id}.", file=sys.stderr)
                return 2
            network_id, name = networks[0].id, networks[0].name
        written = write_report(
            session_factory, network_id=network_id, period=period, now=SystemClock().now(), out=Path(out)
        )
    except PeerbotError as exc:  # before OSError: a template missing from the package is not the folder's fault
        print(f"peerbot: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"peerbot: cannot write to {out}: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(
        f"peerbot: wrote the report of {name} for {period.describe()} to {written.html} "
        f"({len(written.files)} files; README.txt describes them)."
    )
    return 0
