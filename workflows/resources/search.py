"""Finding things in the library: search and browse pages, the topic list, the digest time, and result buttons."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import SectionBlock
from sqlalchemy.orm import Session

from domain.network import roles
from domain.resources import digest, library, query
from rendering.resources.messages import (
    announcement_blocks,
    announcement_text,
    more_value,
    no_results_text,
    results_blocks,
    topics_overview,
)
from rendering.resources.payloads import MoreResults
from rendering.text import escape, fit
from storage import resources as resource_store
from storage.models import Network
from workflows.interaction import CommandScope, Interaction, NetworkSubject, reread_network
from workflows.resources.entries import ResourceSubject, reread

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """One page of results as message blocks, and its notification text."""

    blocks: list[dict[str, Any]]
    summary: str


def search(use: Interaction, scope: CommandScope, *, mode: str, text: str) -> Page:
    with use.session_factory.begin() as session:
        network = scope.network(session)
        return _page(session, network=network, user_id=scope.user_id, mode=mode, text=text, offset=0)


def more(use: Interaction, subject: NetworkSubject, *, more: MoreResults) -> Page:
    """The next page of a search or browse, from its "More" button."""
    with use.session_factory.begin() as session:
        network = reread_network(session, subject)
        return _page(
            session, network=network, user_id=subject.user_id, mode=more.mode, text=more.text, offset=more.offset
        )


def _page(session: Session, *, network: Network, user_id: str, mode: str, text: str, offset: int) -> Page:
    if mode == "recent":
        page = query.recent_page(session, network=network, offset=offset)
        heading, empty = (
            "*Newest in the library*",
            "The library is empty so far: share the first with `/resources add`.",
        )
    elif mode == "mine":
        page = query.mine_page(session, network=network, user_id=user_id, offset=offset)
        heading, empty = "*Resources you shared*", "You haven't shared any resources yet: try `/resources add`."
    else:
        request = query.parse_search(text)
        page = query.find(session, network=network, request=request, offset=offset)
        heading = f"*Resources matching* `{fit(text, 200)}`"
        empty = no_results_text(text, query.topic_suggestions(session, network=network))
    if not page.resources:
        return Page([SectionBlock(text=empty).to_dict()], "No resources found")
    manageable = {
        r.id for r in page.resources if library.can_manage(session, network=network, resource=r, user_id=user_id)
    }
    next_value = None
    if page.has_more:
        after = page.offset + query.PAGE_SIZE
        next_value = more_value(network_id=network.id, mode=mode, text=text, offset=after)
        if next_value is None and mode == "search":
            # Too long for a button as typed (emoji count several bytes each): the same search, shorter.
            shorter = query.parse_search(text).canonical_text()
            if shorter is not None:
                next_value = more_value(network_id=network.id, mode=mode, text=shorter, offset=after)
    blocks = results_blocks(
        heading=heading,
        resources=page.resources,
        offset=page.offset,
        more_value=next_value,
        manageable=manageable,
        more_hidden=page.has_more and next_value is None,
    )
    return Page([b.to_dict() for b in blocks], f"{len(page.resources)} resources")


def topics(use: Interaction, scope: CommandScope, *, words: list[str]) -> Page:
    """`/resources topics`: the overview; with `add`/`remove`, facilitators curate the list (a one-line page)."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        if words:
            roles.require_facilitator(session, network=network, user_id=scope.user_id, doing="change the topic list")
            rest = " ".join(words[1:])
            if words[0].lower() == "add":
                names = library.add_curated_topics(session, network=network, text=rest, now=use.now())
                message = f"Members can now choose these topics: {escape(', '.join(names))}."
            elif library.remove_curated_topic(session, network=network, name=rest):
                message = f"Removed *{escape(rest)}* from the topic list; entries that have it keep it."
            else:
                message = f"*{escape(rest)}* isn't on the topic list, so nothing changed."
            return Page([], message)
        blocks = topics_overview(
            network_name=network.name,
            curated=[t.name for t in resource_store.topics(session, network_id=network.id)],
            counts=resource_store.topic_counts(session, network_id=network.id),
            by_state=resource_store.topic_state_counts(session, network_id=network.id),
            states=resource_store.state_counts(session, network_id=network.id),
        )
    return Page([b.to_dict() for b in blocks], "Resource topics")


def digest_time(use: Interaction, scope: CommandScope, *, words: list[str]) -> str:
    """`/resources digest`: when the weekly digest goes out; with words, facilitators change it."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        if not words:
            when = digest.digest_time(session, network=network)
            return (
                f"The weekly digest of new resources goes to <#{network.home_channel_id}> on {when.describe()} "
                f"({network.timezone}). {digest.USAGE}"
            )
        roles.require_facilitator(session, network=network, user_id=scope.user_id, doing="change the digest time")
        when = digest.parse_digest_time(words)
        digest.set_digest_time(session, network=network, when=when, by_user=scope.user_id, now=use.now())
        return f"The weekly digest will go to <#{network.home_channel_id}> on {when.describe()} ({network.timezone})."


def mark_helpful(use: Interaction, subject: ResourceSubject) -> str:
    with use.session_factory.begin() as session:
        _network, resource = reread(session, subject)
        counted = library.mark_helpful(session, resource=resource, user_id=subject.user_id, now=use.now())
        title, votes = fit(resource.title, 200), resource.helpful_votes
    others = f" {votes} {'person has' if votes == 1 else 'people have'} found it helpful."
    if counted:
        return f"Thanks! You marked *{title}* as helpful.{others}"
    return f"You've already marked *{title}* as helpful (one vote each).{others}"


def share_here(use: Interaction, subject: ResourceSubject, *, channel_id: str | None) -> str:
    """Recommend an entry in the conversation the button was clicked in (the home channel when there is none)."""
    user_id = subject.user_id
    with use.session_factory.begin() as session:
        network, resource = reread(session, subject)
        channel = channel_id or network.home_channel_id
        blocks = [b.to_dict() for b in announcement_blocks(resource, user_id=user_id, headline="recommends")]
        text = announcement_text(resource, user_id=user_id, headline="recommends")
        home = network.home_channel_id
    try:
        use.client.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False)
    except SlackApiError as exc:
        error = exc.response.get("error")
        logger.info("sharing a resource failed: %s", error)
        hint = (
            f"invite me with `/invite @peerbot`, or share it from <#{home}>" if channel != home else "ask a facilitator"
        )
        return f"I couldn't post in this conversation ({error}): {hint}."
    return f"Shared it in <#{channel}>."
