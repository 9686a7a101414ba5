"""One-click web links that add one meeting to Google Calendar or Outlook (their own URL formats)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from domain.calendar.invites import agenda_link
from storage.models import Meeting, Occurrence

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.office.com/calendar/0/deeplink/compose"
URL_MAX = 3000  # a Block Kit button's url


def _details(meeting: Meeting, occurrence: Occurrence, network_name: str) -> str:
    lines = [f"A meeting of {network_name}."]
    if meeting.video_link:
        lines.append(f"Join: {meeting.video_link}")
    agenda = agenda_link(occurrence)
    if agenda:
        lines.append(f"Agenda: {agenda}")
    return "\n".join(lines)


def _fitted(base: str, params: dict[str, str], *, shrinkable: tuple[str, ...]) -> str:
    """The link, dropping the longest optional fields first until it fits a button (titles are short enough)."""
    params = dict(params)
    url = f"{base}?{urlencode(params)}"
    for name in shrinkable:
        if len(url) <= URL_MAX:
            break
        params.pop(name, None)
        url = f"{base}?{urlencode(params)}"
    return url[:URL_MAX] if len(url) > URL_MAX else url


def google_link(meeting: Meeting, occurrence: Occurrence, *, network_name: str) -> str:
    """Google Calendar's event template: dates as UTC ``YYYYMMDDTHHMMSSZ/…``, shown in the meeting's zone."""

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    params = {
        "action": "TEMPLATE",
        "text": meeting.title,
        "dates": f"{stamp(occurrence.start_utc)}/{stamp(occurrence.end_utc)}",
        "ctz": meeting.timezone,
        "details": _details(meeting, occurrence, network_name),
        "location": meeting.place or meeting.video_link or "",
    }
    return _fitted(GOOGLE, params, shrinkable=("details", "location"))


def outlook_link(meeting: Meeting, occurrence: Occurrence, *, network_name: str) -> str:
    """Outlook on the web's compose deep link: ISO 8601 UTC start and end."""

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": meeting.title,
        "startdt": stamp(occurrence.start_utc),
        "enddt": stamp(occurrence.end_utc),
        "body": _details(meeting, occurrence, network_name),
        "location": meeting.place or meeting.video_link or "",
    }
    return _fitted(OUTLOOK, params, shrinkable=("body", "location"))
