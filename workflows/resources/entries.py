"""Sharing, editing, deleting and labelling library entries, and the forms that do it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotFound
from domain.network import roles
from domain.resources import library
from domain.resources.library import ResourceDraft, draft_from_message
from rendering.payloads import StalePayload
from rendering.resources.forms import delete_modal, duplicate_modal, resource_modal
from rendering.resources.ids import ResourceCallback
from rendering.resources.messages import announcement_blocks, announcement_text, saved_text
from rendering.resources.payloads import ResourceAddForm, ResourceForm
from rendering.text import fit, truncate
from slackio.direct import tell_user
from storage import network as network_store
from storage import resources as resource_store
from storage.changes import Change, record
from storage.models import Network, Resource
from workflows.interaction import CommandScope, Interaction, NetworkSubject, reread_network

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResourceSubject:
    """A library entry in a network the acting person belongs to."""

    network: Network
    resource: Resource
    team_id: str
    user_id: str


def resource_subject(session: Session, *, resource_id: int, team_id: str, user_id: str) -> ResourceSubject:
    network, resource = library.resource_for(session, resource_id=resource_id, team_id=team_id, user_id=user_id)
    return ResourceSubject(network, resource, team_id, user_id)


def reread(session: Session, subject: ResourceSubject) -> tuple[Network, Resource]:
    """The subject's rows in this unit of work (checked moments ago; gone only if deleted since)."""
    resource = resource_store.get_resource(session, resource_id=subject.resource.id)
    network = network_store.get_network(session, network_id=subject.network.id)
    if resource is None or network is None:
        raise NotFound(library.GONE)
    return network, resource


def open_add_form(use: Interaction, scope: CommandScope, *, trigger_id: str) -> None:
    with use.session_factory.begin() as session:
        network = scope.network(session)
        view = resource_modal(
            callback_id=ResourceCallback.ADD,
            metadata=ResourceAddForm(network.id, scope.channel_id or ""),
            draft=None,
            topics=resource_store.topics(session, network_id=network.id),
            home_channel_id=network.home_channel_id,
        )
    use.client.views_open(trigger_id=trigger_id, view=view)


def open_add_form_from_message(
    use: Interaction, scope: CommandScope, *, poster: str, text: str, trigger_id: str
) -> None:
    """The message shortcut: the share form, filled in from the message and its poster's state."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        member = network_store.get_member(session, network_id=network.id, user_id=poster)
        view = resource_modal(
            callback_id=ResourceCallback.ADD,
            metadata=ResourceAddForm(network.id, scope.channel_id or ""),
            draft=draft_from_message(text, member.state if member else None),
            topics=resource_store.topics(session, network_id=network.id),
            home_channel_id=network.home_channel_id,
        )
    use.client.views_open(trigger_id=trigger_id, view=view)


@dataclass(frozen=True)
class Shared:
    """A shared entry (``then`` announces and confirms it once the form is closed), or its duplicate's form."""

    duplicate: View | None = None
    then: Callable[[], None] | None = None


def share(
    use: Interaction, subject: NetworkSubject, *, draft: ResourceDraft, announce: bool, channel_id: str
) -> Shared:
    """Add the entry (InvalidInput names a bad field); a link already in the library offers to add topics to it."""
    user_id = subject.user_id
    with use.session_factory.begin() as session:
        network = reread_network(session, subject)
        try:
            resource = library.add_resource(session, network=network, draft=draft, by_user=user_id, now=use.now())
        except library.DuplicateLink as dup:
            topics = resource_store.topics(session, network_id=network.id)
            return Shared(duplicate=duplicate_modal(existing=dup.existing, topics=topics, draft=draft.cleaned()))
        home = network.home_channel_id
        record(session, Change.network_homes(network.id))
        post_text = announcement_text(resource, user_id=user_id)
        post_blocks = [b.to_dict() for b in announcement_blocks(resource, user_id=user_id)]

    def announce_and_confirm() -> None:
        announced = False
        if announce:
            try:
                use.client.chat_postMessage(channel=home, text=post_text, blocks=post_blocks, unfurl_links=False)
                announced = True
            except SlackApiError as exc:
                logger.info("announcing a resource failed: %s", exc.response.get("error"))
        confirm = saved_text(resource, announced=announced)
        if announce and not announced:
            confirm += f" (I couldn't post in <#{home}>: invite me there with `/invite @peerbot`.)"
        _confirm(use, user_id=user_id, channel_id=channel_id, text=confirm)

    return Shared(then=announce_and_confirm)


def _confirm(use: Interaction, *, user_id: str, channel_id: str, text: str) -> None:
    """An ephemeral note where the member was; a DM when peerbot can't post there."""
    if channel_id.startswith(("C", "G")):
        try:
            use.client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
            return
        except SlackApiError as exc:
            logger.info("ephemeral confirmation failed: %s", exc.response.get("error"))
    tell_user(use.client, user_id, text)


def add_labels(use: Interaction, subject: ResourceSubject, *, topics: list[str], tags: tuple[str, ...]) -> str:
    """Topics and tags added to an entry that was already shared; returns the thanks."""
    with use.session_factory.begin() as session:
        network, resource = reread(session, subject)
        library.add_labels(session, network=network, resource=resource, topics=topics, tags=tags, now=use.now())
        title = fit(resource.title, 200)
    logger.debug("%s added labels to resource %s", subject.user_id, resource.id)
    return f"Added your topics to *{title}*. Thank you!"


def open_manage_form(use: Interaction, subject: ResourceSubject, *, what: str, trigger_id: str) -> None:
    """Edit or delete, from a search result's menu: only for the person who shared it or a facilitator."""
    with use.session_factory.begin() as session:
        network, resource = reread(session, subject)
        library.require_can_manage(session, network=network, resource=resource, user_id=subject.user_id)
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
                topics=resource_store.topics(session, network_id=network.id),
                home_channel_id=None,
            )
    use.client.views_open(trigger_id=trigger_id, view=view)


def edit(use: Interaction, subject: ResourceSubject, *, draft: ResourceDraft) -> str:
    """Save changes (InvalidInput names a bad field); returns the confirmation."""
    with use.session_factory.begin() as session:
        network, resource = reread(session, subject)
        try:
            library.update_resource(
                session, network=network, resource=resource, draft=draft, by_user=subject.user_id, now=use.now()
            )
        except library.DuplicateLink as dup:
            taken = f"That link is already in the library as “{truncate(dup.existing.title, 100)}”."
            raise InvalidInput({"url": taken}) from None
        return f"Saved your changes to *{fit(resource.title, 200)}*."


def delete(use: Interaction, subject: ResourceSubject) -> str:
    with use.session_factory.begin() as session:
        network, resource = reread(session, subject)
        title = library.delete_resource(session, network=network, resource=resource, by_user=subject.user_id)
    return f"Deleted *{fit(title, 200)}* from the library."


def topic_choices(use: Interaction, *, metadata: object, typed: str, team_id: str, user_id: str) -> list[str]:
    """Topics matching what the member typed, for the topic menu of a network with more than 100 topics."""
    with use.session_factory.begin() as session:
        network, resource = _topic_menu_network(session, raw=metadata, team_id=team_id, user_id=user_id)
        if network is None:
            return []
        return library.topic_choices(session, network=network, resource=resource, typed=typed)


def _topic_menu_network(
    session: Session, *, raw: object, team_id: str, user_id: str
) -> tuple[Network | None, Resource | None]:
    """The library (and entry, when editing) a topic menu belongs to, if the person may use it; else (None, None)."""
    resource = None
    try:
        network_id = ResourceAddForm.from_value(raw).network_id
    except StalePayload:
        try:
            resource = resource_store.get_resource(session, resource_id=ResourceForm.from_value(raw).resource_id)
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
