"""Modals of the resource library: share or edit an entry, add topics to an existing one, confirm a delete."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    ExternalDataMultiSelectElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from domain.network.profiles import STATES
from domain.resources.library import DESCRIPTION_MAX, KINDS, TAGS_MAX, TITLE_MAX, TOPICS_MAX, ResourceDraft
from rendering.resources.ids import ResourceAction, ResourceBlock, ResourceCallback
from rendering.resources.messages import resource_text
from rendering.resources.payloads import ResourceAddForm, ResourceForm
from rendering.text import fit, truncate
from storage.models import Resource, ResourceTopic

MAX_OPTIONS = 100
KIND_LABELS = {
    "toolkit": "Toolkit",
    "policy": "Policy",
    "report": "Report",
    "data": "Data",
    "training": "Training",
    "other": "Other",
}


def _state_option(code: str) -> Option:
    return Option(text=STATES[code], value=code)


def _topic_option(name: str) -> Option:
    # The value is the whole name (topics are at most 100 characters; a value may have 150), so what
    # comes back on submit is the topic itself, not a shortened name that matches nothing.
    return Option(text=truncate(name, 75), value=name)


def topic_options(names: Sequence[str]) -> list[dict[str, Any]]:
    """Topics for the external select, as Slack's options request wants them."""
    return [_topic_option(n).to_dict() for n in names[:MAX_OPTIONS]]


def _topics_input(topics: Sequence[ResourceTopic], chosen: Sequence[str]) -> InputBlock | None:
    names = [t.name for t in topics]
    listed = {n.lower() for n in names}
    # An entry keeps topics later taken off the list; offer them so editing doesn't drop them silently.
    names += [c for c in chosen if c.lower() not in listed]
    if not names:
        return None
    keys = {n.lower() for n in chosen}
    initial = [_topic_option(n) for n in names if n.lower() in keys] or None
    element: StaticMultiSelectElement | ExternalDataMultiSelectElement
    if len(names) <= MAX_OPTIONS:
        element = StaticMultiSelectElement(
            action_id=ResourceAction.TOPICS,
            placeholder="Choose topics",
            options=[_topic_option(n) for n in names],
            initial_options=initial,
            max_selected_items=TOPICS_MAX,
        )
    else:
        # More topics than a static menu holds: Slack asks peerbot for those matching what is typed,
        # and the entry's own topics start selected, whatever their place in the list.
        element = ExternalDataMultiSelectElement(
            action_id=ResourceAction.TOPICS,
            placeholder="Type to find topics",
            initial_options=initial,
            min_query_length=0,
            max_selected_items=TOPICS_MAX,
        )
    return InputBlock(block_id=ResourceBlock.TOPICS, label="Topics", optional=True, element=element)


def _tags_input(tags: Sequence[str]) -> InputBlock:
    return InputBlock(
        block_id=ResourceBlock.TAGS,
        label="Other tags",
        hint=f"Separate tags with commas (up to {TAGS_MAX}).",
        optional=True,
        element=PlainTextInputElement(
            action_id=ResourceAction.TAGS,
            initial_value=", ".join(tags) or None,
            placeholder="e.g. rural, Medicaid",
        ),
    )


def resource_modal(
    *,
    callback_id: ResourceCallback,
    metadata: ResourceAddForm | ResourceForm,
    draft: ResourceDraft | None,
    topics: Sequence[ResourceTopic],
    home_channel_id: str | None,
) -> View:
    """The form to share a resource (with a "tell the channel" choice) or, without a channel, to edit one."""
    draft = draft or ResourceDraft(title="", url="")
    states = sorted(STATES, key=lambda code: STATES[code])
    blocks: list[Block | None] = [
        InputBlock(
            block_id=ResourceBlock.TITLE,
            label="Title",
            element=PlainTextInputElement(
                action_id=ResourceAction.TITLE,
                initial_value=truncate(draft.title, TITLE_MAX) or None,
                max_length=TITLE_MAX,
            ),
        ),
        InputBlock(
            block_id=ResourceBlock.URL,
            label="Link",
            element=PlainTextInputElement(
                action_id=ResourceAction.URL, initial_value=draft.url or None, placeholder="https://…"
            ),
        ),
        InputBlock(
            block_id=ResourceBlock.DESCRIPTION,
            label="Short description",
            optional=True,
            element=PlainTextInputElement(
                action_id=ResourceAction.DESCRIPTION,
                multiline=True,
                initial_value=truncate(draft.description, DESCRIPTION_MAX) or None,
                placeholder="What is it, and why is it useful?",
            ),
        ),
        InputBlock(
            block_id=ResourceBlock.STATES,
            label="State(s) it comes from",
            optional=True,
            element=StaticMultiSelectElement(
                action_id=ResourceAction.STATES,
                placeholder="Choose states or territories",
                options=[_state_option(code) for code in states],
                initial_options=[_state_option(code) for code in draft.states if code in STATES] or None,
            ),
        ),
        _topics_input(topics, draft.topics),
        _tags_input(draft.tags),
        InputBlock(
            block_id=ResourceBlock.KIND,
            label="Kind",
            element=StaticSelectElement(
                action_id=ResourceAction.KIND,
                placeholder="Choose one",
                options=[Option(text=KIND_LABELS[k], value=k) for k in KINDS],
                initial_option=Option(text=KIND_LABELS[draft.kind], value=draft.kind)
                if draft.kind in KIND_LABELS
                else None,
            ),
        ),
    ]
    if home_channel_id:
        announce = Option(text="Tell the network's channel about it", value="yes")
        blocks.append(
            InputBlock(
                block_id=ResourceBlock.ANNOUNCE,
                label="Share",
                optional=True,
                element=CheckboxesElement(
                    action_id=ResourceAction.ANNOUNCE, options=[announce], initial_options=[announce]
                ),
            )
        )
    editing = callback_id == ResourceCallback.EDIT
    return View(
        type="modal",
        callback_id=callback_id,
        title="Edit resource" if editing else "Share a resource",
        submit="Save",
        close="Cancel",
        private_metadata=metadata.to_value(),
        blocks=[b for b in blocks if b is not None],
    )


def duplicate_modal(*, existing: Resource, topics: Sequence[ResourceTopic], draft: ResourceDraft) -> View:
    """Shown instead of saving a link that is already in the library: offer to add topics to that entry."""
    blocks: list[Block | None] = [
        SectionBlock(text="*That link is already in the library* — here it is:"),
        SectionBlock(text=resource_text(existing)),
        ContextBlock(
            elements=[MarkdownTextObject(text="You can add your topics and tags to it so others find it more easily.")]
        ),
        _topics_input(topics, [t for t in draft.topics if t.lower() not in {x.lower() for x in existing.topic_names}]),
        _tags_input([t for t in draft.tags if t.lower() not in {x.lower() for x in existing.tag_names}]),
    ]
    return View(
        type="modal",
        callback_id=ResourceCallback.DUPLICATE,
        title="Already shared",
        submit="Add my topics",
        close="Close",
        private_metadata=ResourceForm(existing.id).to_value(),
        blocks=[b for b in blocks if b is not None],
    )


def delete_modal(resource: Resource) -> View:
    return View(
        type="modal",
        callback_id=ResourceCallback.DELETE,
        title="Delete resource",
        submit="Delete",
        close="Keep it",
        private_metadata=ResourceForm(resource.id).to_value(),
        blocks=[
            SectionBlock(
                text=f"Delete *{fit(resource.title, 200)}* from the library? "
                "It disappears from search at once, along with its helpful votes."
            )
        ],
    )
