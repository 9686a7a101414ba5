"""`peerbot data export|forget|purge-network`: data rights for administrators; needs only DATABASE_URL."""

from __future__ import annotations

import re
import sys

from sqlalchemy.engine import Engine

from domain.clock import SystemClock
from domain.rights import copy
from storage.db import create_session_factory
from workflows import rights

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,30}$")


def run_data_command(
    action: str, *, user: str | None, out: str | None, network: str | None, yes: bool, engine: Engine
) -> int:
    session_factory = create_session_factory(engine)
    try:
        if action == "purge-network":
            if network is None or not CHANNEL_ID.fullmatch(network):
                print("peerbot: --network needs a channel ID such as C012ABCDEF.", file=sys.stderr)
                return 2
            if not yes:
                print("peerbot: purging deletes the whole network for good; add --yes to go ahead.", file=sys.stderr)
                return 2
            removed = rights.purge_network(session_factory, channel_id=network)
            if not removed:
                print(f"peerbot: no network has its home in channel {network}.", file=sys.stderr)
                return 2
            print(f"peerbot: purged the network of channel {network} and everything it held.")
            return 0
        if user is None or not USER_ID.fullmatch(user):
            print("peerbot: --user needs a Slack user ID such as U012ABCDEF.", file=sys.stderr)
            return 2
        if action == "export":
            document = rights.person_copy(session_factory, user_id=user, now=SystemClock().now())
            assert out is not None
            with open(out, "wb") as target:
                target.write(copy.encode(document))
            total = sum(n for _, n in copy.counts(document["data"]))
            print(f"peerbot: wrote {total} entries about {user} to {out}.")
            return 0
        if not yes:
            print(f"peerbot: forgetting {user} cannot be undone; add --yes to go ahead.", file=sys.stderr)
            return 2
        done = rights.forget(session_factory, user_id=user)
        print(f"peerbot: forgot {user}: " + (", ".join(f"{name} {n}" for name, n in done) or "nothing was stored."))
        return 0
    except OSError as exc:
        print(f"peerbot: cannot write {out}: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
