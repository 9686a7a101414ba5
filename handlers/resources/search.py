"""/resources: search and browse the library, and the buttons on its results."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import SectionBlock
from sqlalchemy.orm import Session

from domain.network import roles
from domain.network.setup import network_for_request
from domain.resources import digest, library, query
from handlers.kit.commands import command_network, dispatch_subcommand
from handlers.kit.deps import Deps
from handlers.resources import forms
from rendering.payloads import ManageChoice, MoreResults, ResourceButton
from rendering.resources.messages import (
    announcement_blocks,
    announcement_text,
    more_value,
    no_results_text,
    results_blocks,
    topics_overview,
)
from rendering.text import escape, fit
from storage import resources as store
from storage.models import Network, Resource

logger = logging.getLogger(__name__)

MODES = ("search", "recent", "mine")
STALE = "Those results are out of date; run `/resources` again."


def resources_command(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    # Words that are not a sub-command are a search; a sub-command followed by words it doesn't take is too
    # (`/resources add child care` looks for "add child care").
    dispatch_subcommand(
        ack,
        command,
        name="/resources",
        subcommands={"add": add, "topics": topics, "digest": digest_time, "recent": browse, "mine": browse},
        fallback=search,
        client=client,
        respond=respond,
        deps=deps,
    )


def add(*, command: dict[str, Any], args: list[str], client: WebClient, deps: Deps, **kwargs: Any) -> None:
    if args:
        search(command=command, args=["add", *args], client=client, deps=deps, **kwargs)
        return
    forms.open_add_form(client, deps, command=command)


def topics(*, command: dict[str, Any], args: list[str], respond: Respond, deps: Deps, **kwargs: Any) -> None:
    if args and args[0].lower() not in ("add", "remove"):
        search(command=command, args=["topics", *args], respond=respond, deps=deps, **kwargs)
        return
    _topics(respond, deps, command=command, words=args)


def digest_time(*, command: dict[str, Any], args: list[str], respond: Respond, deps: Deps, **_: Any) -> None:
    _digest(respond, deps, command=command, words=args)


def browse(*, command: dict[str, Any], args: list[str], **kwargs: Any) -> None:
    """`/resources recent` and `/resources mine`; with more words, a search."""
    mode = (command.get("text") or "").split()[0].lower()
    search(command=command, args=[mode, *args], mode=mode if not args else "search", **kwargs)


def search(
    *, command: dict[str, Any], args: list[str], respond: Respond, deps: Deps, mode: str = "search", **_: Any
) -> None:
    text = " ".join(args)
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        blocks, summary = _page(
            session, deps, network=network, user_id=command["user_id"], mode=mode, text=text, offset=0
        )
    respond(blocks=blocks, text=summary, response_type="ephemeral")


def _page(
    session: Session, deps: Deps, *, network: Network, user_id: str, mode: str, text: str, offset: int
) -> tuple[list[dict[str, Any]], str]:
    """One page of results as message blocks, and its notification text."""
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
        return [SectionBlock(text=empty).to_dict()], "No resources found"
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
    return [b.to_dict() for b in blocks], f"{len(page.resources)} resources"


def _topics(respond: Respond, deps: Deps, *, command: dict[str, Any], words: list[str]) -> None:
    team_id, user_id = command["team_id"], command["user_id"]
    with deps.session_factory.begin() as session:
        network = network_for_request(session, team_id=team_id, channel_id=command.get("channel_id"), user_id=user_id)
        if words:
            roles.require_facilitator(session, network=network, user_id=user_id, doing="change the topic list")
            rest = " ".join(words[1:])
            if words[0].lower() == "add":
                names = library.add_curated_topics(session, network=network, text=rest, now=deps.now())
                message = f"Members can now choose these topics: {escape(', '.join(names))}."
            elif library.remove_curated_topic(session, network=network, name=rest):
                message = f"Removed *{escape(rest)}* from the topic list; entries that have it keep it."
            else:
                message = f"*{escape(rest)}* isn't on the topic list, so nothing changed."
            respond(text=message, response_type="ephemeral")
            return
        blocks = topics_overview(
            network_name=network.name,
            curated=[t.name for t in store.topics(session, network_id=network.id)],
            counts=store.topic_counts(session, network_id=network.id),
            by_state=store.topic_state_counts(session, network_id=network.id),
            states=store.state_counts(session, network_id=network.id),
        )
    respond(blocks=[b.to_dict() for b in blocks], text="Resource topics", response_type="ephemeral")


def _digest(respond: Respond, deps: Deps, *, command: dict[str, Any], words: list[str]) -> None:
    team_id, user_id = command["team_id"], command["user_id"]
    with deps.session_factory.begin() as session:
        network = network_for_request(session, team_id=team_id, channel_id=command.get("channel_id"), user_id=user_id)
        if not words:
            when = digest.digest_time(session, network=network)
            message = (
                f"The weekly digest of new resources goes to <#{network.home_channel_id}> on {when.describe()} "
                f"({network.timezone}). {digest.USAGE}"
            )
        else:
            roles.require_facilitator(session, network=network, user_id=user_id, doing="change the digest time")
            when = digest.parse_digest_time(words)
            digest.set_digest_time(session, network=network, when=when, by_user=user_id, now=deps.now())
            message = (
                f"The weekly digest will go to <#{network.home_channel_id}> on {when.describe()} ({network.timezone})."
            )
    respond(text=message, response_type="ephemeral")


def _click_value(action: dict[str, Any]) -> object:
    return action.get("value") or (action.get("selected_option") or {}).get("value")


def _resource(session: Session, deps: Deps, body: dict[str, Any], action: dict[str, Any]) -> tuple[Network, Resource]:
    return library.resource_for(
        session,
        resource_id=ResourceButton.from_value(_click_value(action)).id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
    )


def more_clicked(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    more = MoreResults.from_value(_click_value(action), max_offset=query.MAX_OFFSET, max_text=query.QUERY_MAX)
    user_id = body["user"]["id"]
    with deps.session_factory.begin() as session:
        network = roles.network_for(
            session,
            network_id=more.network_id,
            team_id=body["team"]["id"],
            user_id=user_id,
        )
        blocks, summary = _page(
            session, deps, network=network, user_id=user_id, mode=more.mode, text=more.text, offset=more.offset
        )
    respond(blocks=blocks, text=summary, response_type="ephemeral", replace_original=True)


def helpful_clicked(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    with deps.session_factory.begin() as session:
        _network, resource = _resource(session, deps, body, action)
        counted = library.mark_helpful(session, resource=resource, user_id=user_id, now=deps.now())
        title, votes = fit(resource.title, 200), resource.helpful_votes
    others = f" {votes} {'person has' if votes == 1 else 'people have'} found it helpful."
    text = (
        f"Thanks! You marked *{title}* as helpful.{others}"
        if counted
        else f"You've already marked *{title}* as helpful (one vote each).{others}"
    )
    respond(text=text, response_type="ephemeral", replace_original=False)


def share_clicked(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    ack()
    user_id = body["user"]["id"]
    with deps.session_factory.begin() as session:
        network, resource = _resource(session, deps, body, action)
        channel = str((body.get("channel") or {}).get("id") or network.home_channel_id)
        blocks = [b.to_dict() for b in announcement_blocks(resource, user_id=user_id, headline="recommends")]
        text = announcement_text(resource, user_id=user_id, headline="recommends")
        home = network.home_channel_id
    try:
        client.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False)
    except SlackApiError as exc:
        error = exc.response.get("error")
        logger.info("sharing a resource failed: %s", error)
        hint = (
            f"invite me with `/invite @peerbot`, or share it from <#{home}>" if channel != home else "ask a facilitator"
        )
        respond(
            text=f"I couldn't post in this conversation ({error}): {hint}.",
            response_type="ephemeral",
            replace_original=False,
        )
        return
    respond(text=f"Shared it in <#{channel}>.", response_type="ephemeral", replace_original=False)


def manage_clicked(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    choice = ManageChoice.from_value(_click_value(action))
    forms.open_manage_form(client, deps, what=choice.action, resource_id=choice.resource_id, body=body)
