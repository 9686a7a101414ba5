"""The home feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


# --- App Home ------------------------------------------------------------------------------------
class HomeAction(StrEnum):
    SWITCH_NETWORK = "home_switch_network"
    SEARCH = "home_search"  # the search input (dispatches on Enter)
    SEARCH_PAGE = "home_search_page"  # Previous / Next in the results modal
    TOGGLE_DMS = "home_toggle_dms"
    NUDGE = "home_nudge"
    ADD_RESOURCE = "home_add_resource"
    QUICK_ACTION = "home_quick_action"  # new meeting, post agenda, new pulse, add facilitator, export results
    REPORT_PROGRESS = "home_report_progress"
    LOG_COLLAB = "home_log_collab"
    INTROS = "home_intros"  # + _on / _skip / _off: the member's introductions participation
    INTROS_PAUSE = "home_intros_pause"  # the "pause until" date picker


class HomeBlock(StrEnum):
    SWITCHER = "home_switcher"
    SEARCH = "home_search"
    PROFILE = "home_profile"
    QUICK_ACTIONS = "home_quick_actions"
    PROGRESS = "home_progress"
    INTROS = "home_intros"


class HomeCallback(StrEnum):
    SEARCH_RESULTS = "home_search_results"
