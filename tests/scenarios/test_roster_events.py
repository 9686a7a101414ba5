"""The roster follows the home channel: joins, leaves, renames, time-zone changes, missed events."""

from __future__ import annotations

from sqlalchemy import select

from jobs.roster import refresh_rosters
from slackio.client import build_web_client
from storage.models import Member
from tests.slackstub import SlackStub
from tests.support.harness import PeerbotUnderTest
from tests.support.networks import HOME, profile_values, set_up_network
from workflows.context import JobContext


def _members(peerbot: PeerbotUnderTest) -> dict[str, Member]:
    with peerbot.session_factory() as session:
        return {m.user_id: m for m in session.scalars(select(Member))}


def _joined(user: str, channel: str = HOME) -> dict[str, str]:
    return {"type": "member_joined_channel", "user": user, "channel": channel, "channel_type": "C", "team": "T0001"}


def test_person_joining_the_home_channel_joins_the_roster_with_their_time_zone(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim", tz="Pacific/Honolulu")

    assert peerbot.event(_joined("UNEW")).status == 200

    kim = _members(peerbot)["UNEW"]
    assert (kim.display_name, kim.timezone, kim.in_channel) == ("Kim", "Pacific/Honolulu", True)


def test_slack_retrying_the_same_join_event_changes_nothing(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim")
    peerbot.event(_joined("UNEW"), event_id="Ev1")

    peerbot.event(_joined("UNEW"), event_id="Ev1", retry_num=1)

    with peerbot.session_factory() as session:
        rows = session.scalars(select(Member).where(Member.user_id == "UNEW")).all()
    assert len(rows) == 1 and rows[0].in_channel


def test_bots_and_other_channels_do_not_join_the_roster(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim")
    slack.add_channel("CRANDOM", name="random", members=["UNEW"])

    peerbot.event(_joined("UOTHERBOT"))
    peerbot.event(_joined("UBOT"))
    peerbot.event(_joined("UNEW", channel="CRANDOM"))

    assert {"UOTHERBOT", "UBOT", "UNEW"}.isdisjoint(_members(peerbot))


def test_person_leaving_the_channel_leaves_the_roster_but_keeps_their_profile(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    set_up_network(peerbot)
    peerbot.command("profile", user="UMARIA", channel=HOME)
    peerbot.submit(peerbot.opened_view("member_profile"), profile_values(state="MS"), user="UMARIA")

    peerbot.event({"type": "member_left_channel", "user": "UMARIA", "channel": HOME, "team": "T0001"})

    maria = _members(peerbot)["UMARIA"]
    assert maria.in_channel is False and maria.left_at == peerbot.clock.now() and maria.state == "MS"
    peerbot.command("members", user="UFAC", channel=HOME)
    assert "Maria" not in str(peerbot.last_response()["blocks"])


def test_name_and_time_zone_changes_in_slack_reach_the_roster(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    changed = {
        "id": "UMARIA",
        "team_id": "T0001",
        "name": "maria",
        "deleted": False,
        "is_bot": False,
        "tz": "Europe/Madrid",
        "profile": {"display_name": "María", "real_name": "María López"},
    }

    peerbot.event({"type": "user_change", "user": changed})

    maria = _members(peerbot)["UMARIA"]
    assert (maria.display_name, maria.timezone) == ("María", "Europe/Madrid")


def test_deactivated_account_leaves_every_roster(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot)
    gone = {"id": "UDEV", "team_id": "T0001", "name": "dev", "deleted": True, "profile": {"real_name": "Dev Patel"}}

    peerbot.event({"type": "user_change", "user": gone})

    assert _members(peerbot)["UDEV"].in_channel is False


def test_nightly_refresh_catches_up_with_changes_missed_while_peerbot_was_down(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    network = set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim")
    slack.set_channel_members(HOME, ["UFAC", "UMARIA", "UNEW"])  # Dev left, Kim joined: no events seen
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=peerbot.clock)

    changes = refresh_rosters(JobContext(peerbot.session_factory, client, peerbot.clock, slack.bot_user_id))

    assert (changes[network.id].joined, changes[network.id].left, changes[network.id].total) == (1, 1, 3)
    on_roster = {uid for uid, m in _members(peerbot).items() if m.in_channel}
    assert on_roster == {"UFAC", "UMARIA", "UNEW"}


def test_nightly_refresh_skips_a_channel_slack_no_longer_shows(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    network = set_up_network(peerbot)
    slack.fail_next("conversations.members", "channel_not_found")
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=peerbot.clock)

    changes = refresh_rosters(JobContext(peerbot.session_factory, client, peerbot.clock, slack.bot_user_id))

    assert network.id not in changes
    assert {uid for uid, m in _members(peerbot).items() if m.in_channel} == {"UFAC", "UMARIA", "UDEV"}
