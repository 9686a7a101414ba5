"""Data rights sequences: a person's copy sent to their DM, forgetting them, and the free-text retention sweep."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.errors import PeerbotError
from domain.rights import copy
from domain.rights.retention import retention_cutoff
from rendering.rights.messages import copy_comment
from slackio.files import upload_to_dm
from storage import rights as rights_store
from storage.db import SessionFactory
from workflows.context import RunContext
from workflows.interaction import Interaction

logger = logging.getLogger(__name__)


def person_copy(session_factory: SessionFactory, *, user_id: str, now: datetime) -> dict[str, Any]:
    """The JSON document of everything that names the person (read in one transaction)."""
    with session_factory.begin() as session:
        sections = rights_store.person_data(session, user_id=user_id)
        labels = rights_store.labels(session, copy.wanted(sections))
    return copy.copy_document(user_id=user_id, exported_at=now, sections=sections, labels=labels)


def send_copy(session_factory: SessionFactory, client: WebClient, *, user_id: str, now: datetime) -> None:
    """Upload the person's copy into their DM with a short summary (files.getUploadURLExternal flow)."""
    document = person_copy(session_factory, user_id=user_id, now=now)
    name = copy.filename(user_id, now)
    upload_to_dm(
        client,
        user_id=user_id,
        filename=name,
        content=copy.encode(document),
        title=name,
        comment=copy_comment(copy.counts(document["data"])),
    )


def forget(session_factory: SessionFactory, *, user_id: str) -> list[tuple[str, int]]:
    """Delete or de-attribute everything naming the person in one transaction; what changed, by part."""
    with session_factory.begin() as session:
        done = rights_store.forget_person(session, user_id=user_id)
    return [(name.replace("_", " "), count) for name, count in done.items() if count]


def send_my_copy(use: Interaction, *, user_id: str) -> None:
    """`/peerbot my data`: the person's copy in their DM; a refused upload is told, not raised as an error."""
    try:
        send_copy(use.session_factory, use.client, user_id=user_id, now=use.now())
    except SlackApiError as exc:
        logger.warning("my data upload failed: %s", exc.response.get("error"))
        raise PeerbotError(f"Slack refused the file upload ({exc.response.get('error')}); please try again.") from exc


def forget_me(use: Interaction, *, user_id: str) -> list[tuple[str, int]]:
    """The person confirmed "Forget me": what was deleted or de-attributed, by part."""
    return forget(use.session_factory, user_id=user_id)


def purge_network(session_factory: SessionFactory, *, channel_id: str) -> int:
    """Remove every network whose home is the channel, with all it holds; how many were removed."""
    with session_factory.begin() as session:
        ids = rights_store.network_ids_by_channel(session, channel_id=channel_id)
        for network_id in ids:
            rights_store.purge_network(session, network_id=network_id)
    return len(ids)


def delete_expired_free_text(ctx: RunContext) -> int:
    """The retention sweep: free-text answers of pulses closed more than the set months ago are deleted."""
    months = ctx.free_text_retention_months
    if months is None:
        return 0
    with ctx.session_factory.begin() as session:
        touched = rights_store.delete_old_free_text(session, closed_before=retention_cutoff(ctx.clock.now(), months))
    if touched:
        logger.info("retention: removed free text from %s answers", touched)
    return touched
