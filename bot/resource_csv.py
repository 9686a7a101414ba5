"""`peerbot resources import|export FILE.csv --network CHANNEL_ID`: needs only DATABASE_URL, no Slack tokens."""

from __future__ import annotations

import sys

from sqlalchemy.engine import Engine

from domain.clock import SystemClock
from domain.errors import PeerbotError
from domain.resources.csvfile import export_library, import_library
from storage import network as network_store
from storage.db import create_session_factory


def run_resources_command(action: str, path: str, channel_id: str, engine: Engine) -> int:
    session_factory = create_session_factory(engine)
    try:
        with session_factory.begin() as session:
            networks = network_store.networks_with_home(session, channel_id=channel_id)
            if len(networks) != 1:
                print(f"peerbot: no single network has its home in channel {channel_id}.", file=sys.stderr)
                return 2
            network = networks[0]
            if action == "export":
                with open(path, "w", newline="", encoding="utf-8") as out:
                    count = export_library(session, network=network, out=out)
                print(f"peerbot: wrote {count} resources of {network.name} to {path}.")
                return 0
            with open(path, newline="", encoding="utf-8-sig") as rows:
                report = import_library(session, network=network, rows=rows, now=SystemClock().now())
    except (OSError, UnicodeDecodeError) as exc:
        print(f"peerbot: cannot use {path}: {exc}", file=sys.stderr)
        return 2
    except PeerbotError as exc:
        print(f"peerbot: {exc.message}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    for problem in report.problems:
        print(f"peerbot: skipped {problem}", file=sys.stderr)
    print(f"peerbot: imported {report.imported} resources into {network.name}; skipped {len(report.problems)}.")
    if report.helpful_votes:
        print(
            f"peerbot: carried over {report.helpful_votes} helpful votes from the `helpful` column as counts; "
            "they aren't tied to members, so anyone may still mark an entry helpful once here."
        )
    return 1 if report.problems else 0
