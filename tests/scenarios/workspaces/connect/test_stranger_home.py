"""A stranger from another organization opening peerbot's Home tab is ignored: nothing stored, nothing called."""

from __future__ import annotations

from sqlalchemy import select

from domain.network.setup import NetworkSettings, set_up_network
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import HomeTab
from tests.scenarios.workspaces.connect.test_external_journey import OHIO, OLU, three_organizations
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest


def test_a_home_tab_opened_by_someone_sharing_no_network_with_this_workspace_stores_and_calls_nothing(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    three_organizations(slack)
    network_with_roster(session_factory, clock.now())
    with session_factory.begin() as session:  # Olu is a guest of a network in a third workspace, not this one
        elsewhere, _ = set_up_network(
            session,
            team_id="TELSEWHERE",
            channel_id="CELSEWHERE",
            settings=NetworkSettings(name="Elsewhere", timezone="America/Chicago"),
            by_user="UELSE",
            by_display_name="Else",
            by_timezone="America/Chicago",
            now=clock.now(),
        )
        network_store.upsert_member(
            session,
            network=elsewhere,
            user_id=OLU,
            display_name="Olu",
            timezone=None,
            now=clock.now(),
            in_channel=True,
            org_team_id=OHIO,
            org_name="State of Ohio",
        )
    before = len(slack.calls)
    opened = {"type": "app_home_opened", "user": OLU, "channel": f"D{OLU}", "tab": "home", "event_ts": "1.7"}
    assert peerbot.event(opened, source_team=OHIO).status == 200
    peerbot.advance(1)

    with session_factory() as session:
        assert session.scalars(select(HomeTab)).all() == []
    called = [c.method for c in slack.calls[before:] if c.method != "auth.test"]  # auth.test: Bolt's own check
    assert called == [], "no call to Slack for a stranger"
