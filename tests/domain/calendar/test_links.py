"""Google Calendar and Outlook links open the meeting's own date and time, in each one's URL format."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from domain.calendar.links import URL_MAX, google_link, outlook_link
from storage.models import Meeting, Occurrence, OccurrenceStatus

START = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)  # 2 pm in New York, two days after the spring change


def _pair(title: str = "Budget peer call", place: str | None = "Room 4 & annex") -> tuple[Meeting, Occurrence]:
    meeting = Meeting(
        id=1,
        title=title,
        timezone="America/New_York",
        video_link="https://meet.example.org/peer",
        place=place,
        duration_minutes=90,
    )
    occurrence = Occurrence(
        id=2, start_utc=START, end_utc=datetime(2026, 3, 10, 19, 30, tzinfo=UTC), status=OccurrenceStatus.SCHEDULED
    )
    return meeting, occurrence


def test_google_link_carries_utc_dates_the_zone_and_the_text_as_typed() -> None:
    meeting, occurrence = _pair()
    url = urlsplit(google_link(meeting, occurrence, network_name="Equity Learning"))
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "calendar.google.com", "/calendar/render")
    assert query["action"] == ["TEMPLATE"]
    assert query["dates"] == ["20260310T180000Z/20260310T193000Z"]
    assert query["ctz"] == ["America/New_York"]
    assert query["text"] == ["Budget peer call"] and query["location"] == ["Room 4 & annex"]
    assert "A meeting of Equity Learning." in query["details"][0]


def test_outlook_link_carries_iso_utc_start_and_end() -> None:
    meeting, occurrence = _pair()
    url = urlsplit(outlook_link(meeting, occurrence, network_name="Equity Learning"))
    query = parse_qs(url.query)
    assert (url.netloc, url.path) == ("outlook.office.com", "/calendar/0/deeplink/compose")
    assert query["rru"] == ["addevent"] and query["path"] == ["/calendar/action/compose"]
    assert query["startdt"] == ["2026-03-10T18:00:00Z"] and query["enddt"] == ["2026-03-10T19:30:00Z"]
    assert query["subject"] == ["Budget peer call"]


def test_links_fit_a_button_even_for_the_longest_title_and_place() -> None:
    meeting, occurrence = _pair(title="📅" * 150, place="東京" * 100)
    for url in (
        google_link(meeting, occurrence, network_name="网络" * 100),
        outlook_link(meeting, occurrence, network_name="网络" * 100),
    ):
        assert len(url) <= URL_MAX
        assert parse_qs(urlsplit(url).query)["text" if "google" in url else "subject"] == ["📅" * 150]
