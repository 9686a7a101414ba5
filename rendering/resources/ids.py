"""The resources feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


class ResourceCallback(StrEnum):
    """Modals of the resource library."""

    ADD = "resource_add"
    EDIT = "resource_edit"
    DELETE = "resource_delete"
    DUPLICATE = "resource_duplicate"
    SAVE_FROM_MESSAGE = "resource_save_from_message"


class ResourceBlock(StrEnum):
    """Input blocks of the resource forms."""

    TITLE = "resource_title"
    URL = "resource_url"
    DESCRIPTION = "resource_description"
    STATES = "resource_states"
    TOPICS = "resource_topics"
    TAGS = "resource_tags"
    KIND = "resource_kind"
    ANNOUNCE = "resource_announce"


class ResourceAction(StrEnum):
    """Inputs and buttons of the resource library."""

    TITLE = "resource_title_input"
    URL = "resource_url_input"
    DESCRIPTION = "resource_description_input"
    STATES = "resource_states_input"
    TOPICS = "resource_topics_input"
    TAGS = "resource_tags_input"
    KIND = "resource_kind_input"
    ANNOUNCE = "resource_announce_input"
    MORE = "resource_more"
    HELPFUL = "resource_helpful"
    SHARE = "resource_share"
    MANAGE = "resource_manage"
