"""Without PEERBOT_PUBLIC_URL there is no address to give: Home's feed button says so and makes nothing."""

from __future__ import annotations

from sqlalchemy import select

from rendering.calendar.ids import CalendarAction, CalendarBlock
from storage.db import SessionFactory
from storage.models import CalendarFeed
from tests.scenarios.meetings.steps import MARIA
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest


def test_without_a_public_url_the_feed_button_explains_and_makes_no_feed(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    peerbot.event({"type": "app_home_opened", "user": MARIA, "channel": "DMARIA", "tab": "home"})
    home = peerbot.stub.home_views[MARIA]
    (row,) = [b for b in home["blocks"] if b.get("block_id") == CalendarBlock.FEED]
    peerbot.click(CalendarAction.FEED_CREATE, row["elements"][0]["value"], user=MARIA, view=home)
    modal = str(peerbot.stub.calls_to("views.open")[-1].args["view"])
    assert "PEERBOT_PUBLIC_URL" in modal and "/calendar/" not in modal
    with session_factory() as session:
        assert not session.scalars(select(CalendarFeed)).all()
