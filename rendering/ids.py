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
