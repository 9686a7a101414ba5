"""The resource forms: share (from /resources add or a message), edit, delete, add topics to a duplicate."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from domain.errors import InvalidInput, PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from domain.resources import library
from domain.resources.library import DuplicateLink, ResourceDraft, draft_from_message
from handlers.kit.commands import command_network
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update, value
from handlers.network.setup import tell_user
from rendering.common import notice_modal
from rendering.ids import ResourceAction, ResourceBlock, ResourceCallback
from rendering.payloads import ResourceAddForm, ResourceForm, StalePayload
from rendering.resources.forms import delete_modal, duplicate_modal, resource_modal, topic_options
from rendering.resources.messages import announcement_blocks, announcement_text, saved_text
from rendering.text import fit, truncate
from storage import network as network_store
from storage import resources as store
from storage.changes import Change, record

logger = logging.getLogger(__name__)

FIELDS = {
    "title": ResourceBlock.TITLE,
    "url": ResourceBlock.URL,
    "description": ResourceBlock.DESCRIPTION,
    "states": ResourceBlock.STATES,
    "topics": ResourceBlock.TOPICS,
    "tags": ResourceBlock.TAGS,
    "kind": ResourceBlock.KIND,
}
GONE = "That network is gone, or the resource was deleted."


def _selected(view: dict[str, Any], block_id: str, action_id: str) -> list[str]:
    state = ((view.get("state") or {}).get("values") or {}).get(block_id, {}).get(action_id) or {}
    return [str(option["value"]) for option in state.get("selected_options") or []]


def draft_from(view: dict[str, Any]) -> ResourceDraft:
    return ResourceDraft(
        title=value(view, ResourceBlock.TITLE, ResourceAction.TITLE) or "",
        url=value(view, ResourceBlock.URL, ResourceAction.URL) or "",
        description=value(view, ResourceBlock.DESCRIPTION, ResourceAction.DESCRIPTION) or "",
        states=tuple(_selected(view, ResourceBlock.STATES, ResourceAction.STATES)),
        topics=tuple(_selected(view, ResourceBlock.TOPICS, ResourceAction.TOPICS)),
        tags=library.split_labels(value(view, ResourceBlock.TAGS, ResourceAction.TAGS)),
        kind=value(view, ResourceBlock.KIND, ResourceAction.KIND),
    )


def open_add_form(client: WebClient, deps: Deps, *, command: dict[str, Any]) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        view = resource_modal(
            callback_id=ResourceCallback.ADD,
            metadata=ResourceAddForm(network.id, command.get("channel_id") or ""),
            draft=None,
            topics=store.topics(session, network_id=network.id),
            home_channel_id=network.home_channel_id,
        )
    client.views_open(trigger_id=command["trigger_id"], view=view)


def save_from_message(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    message = body.get("message") or {}
    channel_id = (body.get("channel") or {}).get("id")
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=body["team"]["id"], channel_id=channel_id, user_id=body["user"]["id"]
        )
        poster = network_store.get_member(session, network_id=network.id, user_id=str(message.get("user") or ""))
        view = resource_modal(
            callback_id=ResourceCallback.ADD,
            metadata=ResourceAddForm(network.id, channel_id or ""),
            draft=draft_from_message(str(message.get("text") or ""), poster.state if poster else None),
            topics=store.topics(session, network_id=network.id),
            home_channel_id=network.home_channel_id,
        )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_add(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    draft = draft_from(view)
    try:
        draft.cleaned().validate()
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELDS)
        return
    form = ResourceAddForm.from_value(view.get("private_metadata"))
    announce = bool(_selected(view, ResourceBlock.ANNOUNCE, ResourceAction.ANNOUNCE))
    with deps.session_factory.begin() as session:
        try:
            network = roles.network_for(session, network_id=form.network_id, team_id=team_id, user_id=user_id)
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
        try:
            resource = library.add_resource(session, network=network, draft=draft, by_user=user_id, now=deps.now())
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, FIELDS)
            return
        except DuplicateLink as dup:
            ack_update(
                ack,
                duplicate_modal(
                    existing=dup.existing, topics=store.topics(session, network_id=network.id), draft=draft.cleaned()
                ),
            )
            return
        home = network.home_channel_id
        record(session, Change.network_homes(network.id))
        post_text = announcement_text(resource, user_id=user_id)
        post_blocks = [b.to_dict() for b in announcement_blocks(resource, user_id=user_id)]
    ack()
    announced = False
    if announce:
        try:
            client.chat_postMessage(channel=home, text=post_text, blocks=post_blocks, unfurl_links=False)
            announced = True
        except SlackApiError as exc:
            logger.info("announcing a resource failed: %s", exc.response.get("error"))
    confirm = saved_text(resource, announced=announced)
    if announce and not announced:
        confirm += f" (I couldn't post in <#{home}>: invite me there with `/invite @peerbot`.)"
    _confirm(client, user_id=user_id, channel_id=form.channel_id, text=confirm)


def _confirm(client: WebClient, *, user_id: str, channel_id: str, text: str) -> None:
    """An ephemeral note where the member was; a DM when peerbot can't post there."""
    if channel_id.startswith(("C", "G")):
        try:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
            return
        except SlackApiError as exc:
            logger.info("ephemeral confirmation failed: %s", exc.response.get("error"))
    tell_user(client, user_id, text)


def submit_duplicate(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    topics = _selected(view, ResourceBlock.TOPICS, ResourceAction.TOPICS)
    tags = library.split_labels(value(view, ResourceBlock.TAGS, ResourceAction.TAGS))
    resource_id = ResourceForm.from_value(view.get("private_metadata")).resource_id
    with deps.session_factory.begin() as session:
        try:
            network, resource = library.resource_for(session, resource_id=resource_id, team_id=team_id, user_id=user_id)
            library.add_labels(session, network=network, resource=resource, topics=topics, tags=tags, now=deps.now())
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, FIELDS)
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
        title = fit(resource.title, 200)
    logger.debug("%s added labels to resource %s", user_id, resource.id)
    ack_update(ack, notice_modal("Already shared", f"Added your topics to *{title}*. Thank you!"))


def open_manage_form(client: WebClient, deps: Deps, *, what: str, resource_id: int, body: dict[str, Any]) -> None:
    """Edit or delete, from a search result's menu: only for the person who shared it or a facilitator."""
    user_id = body["user"]["id"]
    with deps.session_factory.begin() as session:
        network, resource = library.resource_for(
            session, resource_id=resource_id, team_id=body["team"]["id"], user_id=user_id
        )
        library.require_can_manage(session, network=network, resource=resource, user_id=user_id)
        if what == "delete":
            view = delete_modal(resource)
        else:
            draft = ResourceDraft(
                title=resource.title,
                url=resource.url,
                description=resource.description,
                states=tuple(resource.state_codes),
                topics=tuple(resource.topic_names),
                tags=tuple(resource.tag_names),
                kind=resource.kind.value,
            )
            view = resource_modal(
                callback_id=ResourceCallback.EDIT,
                metadata=ResourceForm(resource.id),
                draft=draft,
                topics=store.topics(session, network_id=network.id),
                home_channel_id=None,
            )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_edit(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    draft = draft_from(view)
    try:
        draft.cleaned().validate()
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELDS)
        return
    resource_id = ResourceForm.from_value(view.get("private_metadata")).resource_id
    with deps.session_factory.begin() as session:
        try:
            network, resource = library.resource_for(session, resource_id=resource_id, team_id=team_id, user_id=user_id)
            library.update_resource(
                session,
                network=network,
                resource=resource,
                draft=draft,
                by_user=user_id,
                now=deps.now(),
            )
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, FIELDS)
            return
        except DuplicateLink as dup:
            ack_errors(
                ack, {"url": f"That link is already in the library as “{truncate(dup.existing.title, 100)}”."}, FIELDS
            )
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
        title = fit(resource.title, 200)
    ack_update(ack, notice_modal("Edit resource", f"Saved your changes to *{title}*."))


def submit_delete(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    resource_id = ResourceForm.from_value(view.get("private_metadata")).resource_id
    with deps.session_factory.begin() as session:
        try:
            network, resource = library.resource_for(session, resource_id=resource_id, team_id=team_id, user_id=user_id)
            title = library.delete_resource(session, network=network, resource=resource, by_user=user_id)
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not deleted", exc.message))
            return
    ack_update(ack, notice_modal("Delete resource", f"Deleted *{fit(title, 200)}* from the library."))


ID_MAX = 2**63 - 1


def _topic_menu_network(session: Session, *, raw: object, team_id: str, user_id: str, deps: Deps) -> tuple[Any, Any]:
    """The library (and entry, when editing) a topic menu belongs to, if the person may use it; else (None, None)."""
    resource = None
    try:
        network_id = ResourceAddForm.from_value(raw).network_id
    except StalePayload:
        try:
            resource = store.get_resource(session, resource_id=ResourceForm.from_value(raw).resource_id)
        except StalePayload:
            return None, None
        if resource is None:
            return None, None
        network_id = resource.network_id
    network = network_store.get_network(session, network_id=network_id)
    if network is None or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id):
        return None, None
    if not roles.belongs(session, network=network, user_id=user_id):
        return None, None
    return network, resource


def topic_suggestions(ack: Ack, body: dict[str, Any], deps: Deps) -> None:
    """Topics matching what the member typed, for the topic menu of a network with more than 100 topics."""
    raw = (body.get("view") or {}).get("private_metadata") or ""
    typed = str(body.get("value") or "")[:100]
    names: list[str] = []
    with deps.session_factory.begin() as session:
        network, resource = _topic_menu_network(
            session, raw=raw, team_id=body["team"]["id"], user_id=body["user"]["id"], deps=deps
        )
        if network is not None:
            names = library.topic_choices(session, network=network, resource=resource, typed=typed)
    ack(options=topic_options(names))
