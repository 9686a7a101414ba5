"""Private calendar feeds: an unguessable token per person and network, of which only a hash is stored."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.calendar import invites
from domain.network import roles
from storage import calendar as store
from storage import meetings as meeting_store
from storage import network as network_store
from storage.models import Network

TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
FEED_PATH = "/calendar/{token}.ics"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(public_url: str, token: str) -> str:
    return public_url.rstrip("/") + FEED_PATH.format(token=token)


@dataclass(frozen=True)
class CreatedFeed:
    network: Network
    url: str


def create_feed(session: Session, *, network: Network, user_id: str, public_url: str, now: datetime) -> CreatedFeed:
    """A new address for the person's feed of the network (any older one stops working)."""
    token = new_token()
    store.replace_feed(
        session, team_id=network.team_id, network_id=network.id, user_id=user_id, token_hash=token_hash(token), now=now
    )
    return CreatedFeed(network, feed_url(public_url, token))


def feed_body(session: Session, *, token: str, now: datetime) -> bytes | None:
    """The calendar behind a token, or None for a token that is malformed, unknown, revoked or no longer
    anyone's in the network (someone who left its channel, no longer facilitating)."""
    if not TOKEN_SHAPE.match(token):
        return None
    wanted = token_hash(token)
    feed = store.feed_by_hash(session, token_hash=wanted)
    if feed is None or not hmac.compare_digest(feed.token_hash, wanted):
        return None
    network = network_store.get_network(session, network_id=feed.network_id)
    if network is None or network.team_id != feed.team_id:
        return None
    if not roles.belongs(session, network=network, user_id=feed.user_id):
        return None
    series = meeting_store.active_meetings(session, network_id=network.id, now=now)
    kept = [
        invites.SeriesInvite(meeting, meeting_store.occurrences_of(session, meeting_id=meeting.id), network.name)
        for meeting in series
    ]
    return invites.feed(kept, now=now, name=f"{network.name} (peerbot)")
