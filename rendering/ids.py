"""Every action, block and callback id peerbot uses, in one place."""

from __future__ import annotations

from enum import StrEnum


class CallbackId(StrEnum):
    SETUP = "network_setup"
    PROFILE = "member_profile"


class BlockId(StrEnum):
    NETWORK_NAME = "name"
    NETWORK_TIMEZONE = "timezone"
    PROFILE_STATE = "state"
    PROFILE_AGENCY = "agency"
    PROFILE_ROLE_TITLE = "role_title"
    PROFILE_INTERESTS = "learning_interests"


class ActionId(StrEnum):
    NETWORK_NAME = "network_name"
    NETWORK_TIMEZONE = "network_timezone"
    PROFILE_STATE = "profile_state"
    PROFILE_AGENCY = "profile_agency"
    PROFILE_ROLE_TITLE = "profile_role_title"
    PROFILE_INTERESTS = "profile_interests"
    HOME_EDIT_PROFILE = "home_edit_profile"


# ---- resource library ----
class ResourceCallbackId(StrEnum):
    ADD = "resource_add"
    EDIT = "resource_edit"
    DELETE = "resource_delete"
    DUPLICATE = "resource_duplicate"
    SAVE_FROM_MESSAGE = "resource_save_from_message"


class ResourceBlockId(StrEnum):
    TITLE = "resource_title"
    URL = "resource_url"
    DESCRIPTION = "resource_description"
    STATES = "resource_states"
    TOPICS = "resource_topics"
    TAGS = "resource_tags"
    KIND = "resource_kind"
    ANNOUNCE = "resource_announce"


class ResourceActionId(StrEnum):
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
