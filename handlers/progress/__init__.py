"""Slack surfaces of network progress: roadmap, progress reports, collaborations, changes made, TA.

The sub-commands (`/peerbot roadmap|progress|collab|change|ta`) are dispatched from handlers/network/commands.py.
"""

from __future__ import annotations

from slack_bolt import App

from handlers.kit.after_ack import ack_first
from handlers.kit.errors import guarded
from handlers.progress import assistance, entries, lists, roadmap
from rendering.progress.ids import ProgressAction, ProgressCallback


def register(app: App) -> None:
    """Every Slack surface of network progress."""
    app.action(ProgressAction.EDIT_FUTURE_STATE)(ack_first(roadmap.edit_future_state_clicked))
    app.action(ProgressAction.ADD_AREA)(ack_first(roadmap.add_area_clicked))
    app.action(ProgressAction.AREA_MENU)(ack_first(roadmap.area_menu_chosen))
    app.action(ProgressAction.REPORT)(ack_first(entries.report_clicked))
    app.action(ProgressAction.LOG_COLLAB)(ack_first(entries.collab_clicked))
    app.action(ProgressAction.CONFIRM_COLLAB)(ack_first(entries.confirm_clicked))
    app.action(ProgressAction.DECLINE_COLLAB)(ack_first(entries.decline_clicked))
    app.view(ProgressCallback.FUTURE_STATE)(guarded(roadmap.submit_future_state))
    app.view(ProgressCallback.AREA)(guarded(roadmap.submit_area))
    app.view(ProgressCallback.AREA_DELETE)(guarded(roadmap.submit_area_delete))
    app.view(ProgressCallback.REPORT)(guarded(entries.submit_report))
    app.view(ProgressCallback.COLLAB)(guarded(entries.submit_collab))
    app.view(ProgressCallback.CHANGE)(guarded(entries.submit_change))
    app.action(ProgressAction.ADD_NEED)(ack_first(assistance.add_need_clicked))
    app.action(ProgressAction.NEED_MENU)(ack_first(assistance.need_menu_chosen))
    app.action(ProgressAction.ENTRY_MENU)(ack_first(lists.entry_menu_chosen))
    app.view(ProgressCallback.TA_NEED)(guarded(assistance.submit_need))
    app.view(ProgressCallback.TA_DELIVERY)(guarded(assistance.submit_delivery))
