"""Slack surfaces of the calendar: Add to calendar, the web calendars' link buttons, the feed on Home.

Its /meeting sub-commands (pause, holiday, pauses, unpause) live in the meetings room: handlers/meetings/pauses.py.
"""

from __future__ import annotations

from slack_bolt import Ack, App

from handlers.calendar import actions
from handlers.kit.after_ack import ack_first
from rendering.calendar.ids import CalendarAction


def _link_opened(ack: Ack) -> None:
    """A link button opens its URL in the browser; Slack still tells the app, which has nothing to do."""
    ack()


def register(app: App) -> None:
    """Every Slack surface of the calendar."""
    app.action(CalendarAction.ADD_TO_CALENDAR)(ack_first(actions.add_to_calendar))
    app.action(CalendarAction.GOOGLE_LINK)(_link_opened)
    app.action(CalendarAction.OUTLOOK_LINK)(_link_opened)
    app.action(CalendarAction.FEED_CREATE)(ack_first(actions.create_feed))
    app.action(CalendarAction.FEED_REVOKE)(ack_first(actions.revoke_feed))
