"""The progress feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


class ProgressCallback(StrEnum):
    FUTURE_STATE = "progress_future_state"
    AREA = "progress_area"
    AREA_DELETE = "progress_area_delete"
    REPORT = "progress_report"
    COLLAB = "progress_collab"
    CHANGE = "progress_change"
    TA_NEED = "progress_ta_need"
    TA_DELIVERY = "progress_ta_delivery"


class ProgressBlock(StrEnum):
    """Block ids of progress modals; each input's action id is ``ProgressAction.INPUT``."""

    FUTURE_STATE = "progress_future_state"
    NAME = "progress_name"
    DESCRIPTION = "progress_description"
    ACHIEVED = "progress_achieved"
    TARGET_DATE = "progress_target_date"
    MILESTONES = "progress_milestones"
    AREA = "progress_area"
    STAGE = "progress_stage"
    NOTE = "progress_note"
    MEMBERS = "progress_members"
    OUTSIDE = "progress_outside"
    KIND = "progress_kind"
    DATE = "progress_date"
    RESOURCE = "progress_resource"
    COLLABORATION = "progress_collaboration"
    STATE = "progress_state"
    PRIORITY = "progress_priority"
    REQUESTED_BY = "progress_requested_by"
    HOURS = "progress_hours"


class ProgressAction(StrEnum):
    INPUT = "progress_input"
    EDIT_FUTURE_STATE = "progress_edit_future_state"
    ADD_AREA = "progress_add_area"
    AREA_MENU = "progress_area_menu"
    REPORT = "progress_open_report"
    LOG_COLLAB = "progress_open_collab"
    CONFIRM_COLLAB = "progress_confirm_collab"
    DECLINE_COLLAB = "progress_decline_collab"
    ADD_NEED = "progress_add_need"
    NEED_MENU = "progress_need_menu"
    ENTRY_MENU = "progress_entry_menu"  # Edit / Withdraw on one of the person's own entries
