"""The resource forms: share (from /resources add or a message), edit, delete, add topics to a duplicate."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain import roles
from domain.errors import InvalidInput, PeerbotError
from domain.networks import network_for_request
from domain.resources import library
from domain.resources.library import DuplicateLink, ResourceDraft, draft_from_message
from handlers.deps import Deps
from handlers.errors import guarded
from handlers.networks import tell_user
from handlers.views import ack_errors, ack_update, metadata, value
from rendering.common import notice_modal
from rendering.ids import ResourceActionId, ResourceBlockId, ResourceCallbackId
from rendering.resource_forms import delete_modal, duplicate_modal, resource_modal, topic_options
from rendering.resources import announcement_blocks, announcement_text, saved_text
from rendering.text import fit, truncate
from storage import networks as network_store
from storage import resources as store

logger = logging.getLogger(__name__)

FIELDS = {
    "title": ResourceBlockId.TITLE,
    "url": ResourceBlockId.URL,
    "description": ResourceBlockId.DESCRIPTION,
    "states": ResourceBlockId.STATES,
    "topics": ResourceBlockId.TOPICS,
    "tags": ResourceBlockId.TAGS,
    "kind": ResourceBlockId.KIND,
}
GONE = "That network is gone, or the resource was deleted."


def _selected(view: dict[str, Any], block_id: str, action_id: str) -> list[str]:
    state = ((view.get("state") or {}).get("values") or {}).get(block_id, {}).get(action_id) or {}
    return [str(option["value"]) for option in state.get("selected_options") or []]


def draft_from(view: dict[str, Any]) -> ResourceDraft:
    return ResourceDraft(
        title=value(view, ResourceBlockId.TITLE, ResourceActionId.TITLE) or "",
        url=value(view, ResourceBlockId.URL, ResourceActionId.URL) or "",
        description=value(view, ResourceBlockId.DESCRIPTION, ResourceActionId.DESCRIPTION) or "",
        states=tuple(_selected(view, ResourceBlockId.STATES, ResourceActionId.STATES)),
        topics=tuple(_selected(view, ResourceBlockId.TOPICS, ResourceActionId.TOPICS)),
        tags=library.split_labels(value(view, ResourceBlockId.TAGS, ResourceActionId.TAGS)),
        kind=value(view, ResourceBlockId.KIND, ResourceActionId.KIND),
    )


def open_add_form(client: WebClient, deps: Deps, *, command: dict[str, Any]) -> None:
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=command["user_id"]
        )
        view = resource_modal(
            callback_id=ResourceCallbackId.ADD,
            metadata={"network_id": network.id, "channel_id": command.get("channel_id")},
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
            callback_id=ResourceCallbackId.ADD,
            metadata={"network_id": network.id, "channel_id": channel_id},
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
    data = metadata(view)
    announce = bool(_selected(view, ResourceBlockId.ANNOUNCE, ResourceActionId.ANNOUNCE))
    with deps.session_factory.begin() as session:
        network = network_store.get_network(session, network_id=int(data.get("network_id") or 0))
        if network is None or network.team_id != team_id:
            ack_update(ack, notice_modal("Not saved", GONE))
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
    _confirm(client, user_id=user_id, channel_id=data.get("channel_id"), text=confirm)


def _confirm(client: WebClient, *, user_id: str, channel_id: Any, text: str) -> None:
    """An ephemeral note where the member was; a DM when peerbot can't post there."""
    if isinstance(channel_id, str) and channel_id.startswith(("C", "G")):
        try:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
            return
        except SlackApiError as exc:
            logger.info("ephemeral confirmation failed: %s", exc.response.get("error"))
    tell_user(client, user_id, text)


def submit_duplicate(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    topics = _selected(view, ResourceBlockId.TOPICS, ResourceActionId.TOPICS)
    tags = library.split_labels(value(view, ResourceBlockId.TAGS, ResourceActionId.TAGS))
    with deps.session_factory.begin() as session:
        try:
            network, resource = library.resource_for(
                session, resource_id=int(metadata(view).get("resource_id") or 0), team_id=team_id
            )
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
        network, resource = library.resource_for(session, resource_id=resource_id, team_id=body["team"]["id"])
        library.require_can_manage(
            session, network=network, resource=resource, user_id=user_id, bootstrap=deps.facilitators
        )
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
                callback_id=ResourceCallbackId.EDIT,
                metadata={"resource_id": resource.id},
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
    with deps.session_factory.begin() as session:
        try:
            network, resource = library.resource_for(
                session, resource_id=int(metadata(view).get("resource_id") or 0), team_id=team_id
            )
            library.update_resource(
                session,
                network=network,
                resource=resource,
                draft=draft,
                by_user=user_id,
                bootstrap=deps.facilitators,
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
    with deps.session_factory.begin() as session:
        try:
            network, resource = library.resource_for(
                session, resource_id=int(metadata(view).get("resource_id") or 0), team_id=team_id
            )
            title = library.delete_resource(
                session, network=network, resource=resource, by_user=user_id, bootstrap=deps.facilitators
            )
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not deleted", exc.message))
            return
    ack_update(ack, notice_modal("Delete resource", f"Deleted *{fit(title, 200)}* from the library."))


ID_MAX = 2**63 - 1


def _metadata_id(data: dict[str, Any], key: str) -> int | None:
    raw = data.get(key)
    return raw if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw <= ID_MAX else None


def topic_suggestions(ack: Ack, body: dict[str, Any], deps: Deps) -> None:
    """Topics matching what the member typed, for the topic menu of a network with more than 100 topics."""
    data = metadata(body.get("view") or {})
    typed = str(body.get("value") or "")[:100]
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    names: list[str] = []
    with deps.session_factory.begin() as session:
        resource_id, network_id = _metadata_id(data, "resource_id"), _metadata_id(data, "network_id")
        resource = store.get_resource(session, resource_id=resource_id) if resource_id else None
        if resource is not None:
            network_id = resource.network_id
        network = network_store.get_network(session, network_id=network_id) if network_id else None
        allowed = network is not None and network.team_id == team_id
        if network is not None and allowed:
            member = network_store.get_member(session, network_id=network.id, user_id=user_id)
            if member is not None or roles.is_facilitator(
                session, network=network, user_id=user_id, bootstrap=deps.facilitators
            ):
                names = library.topic_choices(session, network=network, resource=resource, typed=typed)
    ack(options=topic_options(names))


def register(app: App) -> None:
    app.options(ResourceActionId.TOPICS)(guarded(topic_suggestions))
    app.view(ResourceCallbackId.ADD)(guarded(submit_add))
    app.view(ResourceCallbackId.EDIT)(guarded(submit_edit))
    app.view(ResourceCallbackId.DELETE)(guarded(submit_delete))
    app.view(ResourceCallbackId.DUPLICATE)(guarded(submit_duplicate))
    app.shortcut(ResourceCallbackId.SAVE_FROM_MESSAGE)(guarded(save_from_message))
