"""The network feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


class NetworkCallback(StrEnum):
    """Modals of a network: setting it up, a member's profile."""

    SETUP = "network_setup"
    PROFILE = "member_profile"


class NetworkBlock(StrEnum):
    """Input blocks of the network modals."""

    NETWORK_NAME = "name"
    NETWORK_TIMEZONE = "timezone"
    PROFILE_STATE = "state"
    PROFILE_AGENCY = "agency"
    PROFILE_ROLE_TITLE = "role_title"
    PROFILE_INTERESTS = "learning_interests"


class NetworkAction(StrEnum):
    """Inputs and buttons of a network: setup, profile, the Home tab."""

    NETWORK_NAME = "network_name"
    NETWORK_TIMEZONE = "network_timezone"
    PROFILE_STATE = "profile_state"
    PROFILE_AGENCY = "profile_agency"
    PROFILE_ROLE_TITLE = "profile_role_title"
    PROFILE_INTERESTS = "profile_interests"
    HOME_EDIT_PROFILE = "home_edit_profile"
