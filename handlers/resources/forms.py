"""The resource forms: share (from /resources add or a message), edit, delete, add topics to a duplicate."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from domain.errors import InvalidInput, PeerbotError
from domain.resources import library
from domain.resources.library import ResourceDraft
from handlers.kit import forms
from handlers.kit.forms import ack_errors, ack_update
from handlers.kit.subjects import Actor, network, resolves, view_metadata
from rendering.common import notice_modal
from rendering.resources.forms import topic_options
from rendering.resources.ids import ResourceAction, ResourceBlock
from rendering.resources.payloads import ResourceAddForm, ResourceForm
from workflows.interaction import CommandScope, Interaction, NetworkSubject
from workflows.resources import entries as flows
from workflows.resources.entries import ResourceSubject

FIELDS = {
    "title": ResourceBlock.TITLE,
    "url": ResourceBlock.URL,
    "description": ResourceBlock.DESCRIPTION,
    "states": ResourceBlock.STATES,
    "topics": ResourceBlock.TOPICS,
    "tags": ResourceBlock.TAGS,
    "kind": ResourceBlock.KIND,
}


def entry(session: Any, actor: Actor, resource_id: int) -> ResourceSubject:
    """Resolver: the library entry an id names, for a member of its network."""
    return flows.resource_subject(session, resource_id=resource_id, team_id=actor.team_id, user_id=actor.user_id)


def _form_entry(body: dict[str, Any]) -> int:
    return ResourceForm.from_value(view_metadata(body)).resource_id


def draft_from(view: dict[str, Any]) -> ResourceDraft:
    return ResourceDraft(
        title=forms.value(view, ResourceBlock.TITLE, ResourceAction.TITLE) or "",
        url=forms.value(view, ResourceBlock.URL, ResourceAction.URL) or "",
        description=forms.value(view, ResourceBlock.DESCRIPTION, ResourceAction.DESCRIPTION) or "",
        states=tuple(forms.selected(view, ResourceBlock.STATES, ResourceAction.STATES)),
        topics=tuple(forms.selected(view, ResourceBlock.TOPICS, ResourceAction.TOPICS)),
        tags=library.split_labels(forms.value(view, ResourceBlock.TAGS, ResourceAction.TAGS)),
        kind=forms.value(view, ResourceBlock.KIND, ResourceAction.KIND),
    )


def save_from_message(ack: Ack, body: dict[str, Any], interaction: Interaction) -> None:
    ack()
    message = body.get("message") or {}
    scope = CommandScope(
        team_id=body["team"]["id"], channel_id=(body.get("channel") or {}).get("id"), user_id=body["user"]["id"]
    )
    flows.open_add_form_from_message(
        interaction,
        scope,
        poster=str(message.get("user") or ""),
        text=str(message.get("text") or ""),
        trigger_id=body["trigger_id"],
    )


def _add_form(body: dict[str, Any]) -> ResourceAddForm:
    return ResourceAddForm.from_value(view_metadata(body))


@resolves(_add_form, lambda session, actor, form: network()(session, actor, form.network_id))
def submit_add(
    ack: Ack, view: dict[str, Any], interaction: Interaction, payload: ResourceAddForm, subject: NetworkSubject
) -> None:
    draft = draft_from(view)
    try:
        draft.cleaned().validate()
        shared = flows.share(
            interaction,
            subject,
            draft=draft,
            announce=bool(forms.selected(view, ResourceBlock.ANNOUNCE, ResourceAction.ANNOUNCE)),
            channel_id=payload.channel_id,
        )
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELDS)
        return
    if shared.duplicate is not None:
        ack_update(ack, shared.duplicate)
        return
    ack()
    if shared.then is not None:
        shared.then()


@resolves(_form_entry, entry)
def submit_duplicate(ack: Ack, view: dict[str, Any], interaction: Interaction, subject: ResourceSubject) -> None:
    topics = forms.selected(view, ResourceBlock.TOPICS, ResourceAction.TOPICS)
    tags = library.split_labels(forms.value(view, ResourceBlock.TAGS, ResourceAction.TAGS))
    try:
        thanks = flows.add_labels(interaction, subject, topics=topics, tags=tags)
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELDS)
        return
    ack_update(ack, notice_modal("Already shared", thanks))


@resolves(_form_entry, entry)
def submit_edit(ack: Ack, view: dict[str, Any], interaction: Interaction, subject: ResourceSubject) -> None:
    draft = draft_from(view)
    try:
        draft.cleaned().validate()
        saved = flows.edit(interaction, subject, draft=draft)
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELDS)
        return
    ack_update(ack, notice_modal("Edit resource", saved))


@resolves(_form_entry, entry, refused_title="Not deleted")
def submit_delete(ack: Ack, interaction: Interaction, subject: ResourceSubject) -> None:
    try:
        deleted = flows.delete(interaction, subject)
    except PeerbotError as exc:
        ack_update(ack, notice_modal("Not deleted", exc.message))
        return
    ack_update(ack, notice_modal("Delete resource", deleted))


def topic_suggestions(ack: Ack, body: dict[str, Any], interaction: Interaction) -> None:
    """Topics matching what the member typed, for the topic menu of a network with more than 100 topics."""
    names = flows.topic_choices(
        interaction,
        metadata=(body.get("view") or {}).get("private_metadata") or "",
        typed=str(body.get("value") or "")[:100],
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
    )
    ack(options=topic_options(names))
