"""The calendar feature's action and block ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


class CalendarAction(StrEnum):
    """Calendar buttons: the invite into one's DM, the web calendars' links, one's private feed on Home."""

    ADD_TO_CALENDAR = "calendar_add"
    GOOGLE_LINK = "calendar_google"  # a link button: Slack still tells the app it was clicked
    OUTLOOK_LINK = "calendar_outlook"
    FEED_CREATE = "calendar_feed_create"
    FEED_REVOKE = "calendar_feed_revoke"


class CalendarBlock(StrEnum):
    CALENDAR_BUTTONS = "calendar_buttons"  # on a message; Home's entries add the occurrence id
    FEED = "calendar_feed"
