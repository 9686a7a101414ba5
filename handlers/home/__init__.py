"""Slack surfaces of App Home: the tab, switcher, search, DM toggle, nudges, quick actions, progress and intros."""

from __future__ import annotations

import re

from slack_bolt import App

from handlers.home import actions, tab, taking_part
from handlers.kit.after_ack import ack_first
from rendering.home.ids import HomeAction
from rendering.network.ids import NetworkAction


def register(app: App) -> None:
    """Every Slack surface of home (RSVP, check in, answer and suggest buttons on it reuse their features')."""
    app.event("app_home_opened")(ack_first(tab.home_opened))
    app.action(NetworkAction.HOME_EDIT_PROFILE)(ack_first(tab.edit_profile_from_home))
    app.action(HomeAction.SWITCH_NETWORK)(ack_first(tab.switch_network))
    app.action(HomeAction.TOGGLE_DMS)(ack_first(tab.toggle_dms))
    app.action(HomeAction.SEARCH)(ack_first(actions.search))
    app.action(re.compile(f"^{HomeAction.SEARCH_PAGE}_(prev|next)$"))(ack_first(actions.search_page))
    app.action(HomeAction.ADD_RESOURCE)(ack_first(actions.add_resource))
    app.action(HomeAction.NUDGE)(ack_first(actions.nudge))
    app.action(re.compile(f"^{HomeAction.QUICK_ACTION}_[a-z_]+$"))(ack_first(actions.quick_action))
    app.action(HomeAction.REPORT_PROGRESS)(ack_first(taking_part.report_progress))
    app.action(HomeAction.LOG_COLLAB)(ack_first(taking_part.log_collab))
    app.action(re.compile(f"^{HomeAction.INTROS}_(on|skip|off)$"))(ack_first(taking_part.intros_choice))
    app.action(HomeAction.INTROS_PAUSE)(ack_first(taking_part.intros_pause))
