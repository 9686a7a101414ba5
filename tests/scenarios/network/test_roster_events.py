"""The roster follows the home channel: joins, leaves, renames, time-zone changes, missed events."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import select

from slackio.client import build_web_client
from storage.models import Member
from tests.slackstub import SlackStub
from tests.support.factories.network import HOME, profile_values, set_up_network
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.network import refresh_rosters


def _members(peerbot: PeerbotUnderTest) -> dict[str, Member]:
    with peerbot.session_factory() as session:
        return {m.user_id: m for m in session.scalars(select(Member))}


def _joined(user: str, channel: str = HOME, *, event_ts: str = "1700000000.000100") -> dict[str, str]:
    return {
        "type": "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": "C",
        "team": "T0001",
        "event_ts": event_ts,
    }


def _left(user: str, channel: str = HOME, *, event_ts: str = "1700000000.000100") -> dict[str, str]:
    return {"type": "member_left_channel", "user": user, "channel": channel, "team": "T0001", "event_ts": event_ts}


def _enter(slack: SlackStub, user: str, channel: str = HOME) -> None:
    """Slack's side of a join: the person is now among the channel's members."""
    slack.set_channel_members(channel, [*slack.channels[channel].members, user])


def _leave(slack: SlackStub, user: str, channel: str = HOME) -> None:
    slack.set_channel_members(channel, [m for m in slack.channels[channel].members if m != user])


def _on_roster(peerbot: PeerbotUnderTest) -> set[str]:
    return {uid for uid, m in _members(peerbot).items() if m.in_channel}


def test_person_joining_the_home_channel_joins_the_roster_with_their_time_zone(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim", tz="Pacific/Honolulu")
    _enter(slack, "UNEW")

    assert peerbot.event(_joined("UNEW")).status == 200

    kim = _members(peerbot)["UNEW"]
    assert (kim.display_name, kim.timezone, kim.in_channel) == ("Kim", "Pacific/Honolulu", True)


def test_slack_retrying_the_same_join_event_changes_nothing(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim")
    _enter(slack, "UNEW")
    peerbot.event(_joined("UNEW"), event_id="Ev1")

    peerbot.event(_joined("UNEW"), event_id="Ev1", retry_num=1)

    with peerbot.session_factory() as session:
        rows = session.scalars(select(Member).where(Member.user_id == "UNEW")).all()
    assert len(rows) == 1 and rows[0].in_channel


def test_bots_and_other_channels_do_not_join_the_roster(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim")
    slack.add_channel("CRANDOM", name="random", members=["UNEW"])
    _enter(slack, "UNEW")

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
    _leave(slack, "UMARIA")

    peerbot.event(_left("UMARIA"))

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
    slack.add_user("UMARIA", name="maria", real_name="María López", display_name="María", tz="Europe/Madrid")

    peerbot.event({"type": "user_change", "user": changed})

    maria = _members(peerbot)["UMARIA"]
    assert (maria.display_name, maria.timezone) == ("María", "Europe/Madrid")


def test_deactivated_account_leaves_every_roster(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    gone = {"id": "UDEV", "team_id": "T0001", "name": "dev", "deleted": True, "profile": {"real_name": "Dev Patel"}}
    slack.add_user("UDEV", name="dev", real_name="Dev Patel", deleted=True)

    peerbot.event({"type": "user_change", "user": gone})

    assert _members(peerbot)["UDEV"].in_channel is False


def test_nightly_refresh_catches_up_with_changes_missed_while_peerbot_was_down(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    network = set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim")
    slack.set_channel_members(HOME, ["UFAC", "UMARIA", "UNEW"])  # Dev left, Kim joined: no events seen
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=peerbot.clock)

    changes = refresh_rosters(RunContext(peerbot.session_factory, client, peerbot.clock, slack.bot_user_id))

    assert (changes[network.id].joined, changes[network.id].left, changes[network.id].total) == (1, 1, 3)
    on_roster = {uid for uid, m in _members(peerbot).items() if m.in_channel}
    assert on_roster == {"UFAC", "UMARIA", "UNEW"}


def test_nightly_refresh_skips_a_channel_slack_no_longer_shows(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    network = set_up_network(peerbot)
    slack.fail_next("conversations.members", "channel_not_found")
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=peerbot.clock)

    changes = refresh_rosters(RunContext(peerbot.session_factory, client, peerbot.clock, slack.bot_user_id))

    assert network.id not in changes
    assert {uid for uid, m in _members(peerbot).items() if m.in_channel} == {"UFAC", "UMARIA", "UDEV"}


def test_join_retried_after_the_person_left_does_not_put_them_back(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim")
    _enter(slack, "UNEW")
    _leave(slack, "UNEW")  # Kim joined and left again before Slack's join event got through

    peerbot.event(_left("UNEW", event_ts="1700000060.000100"), event_id="EvLeft")
    peerbot.event(_joined("UNEW", event_ts="1700000000.000100"), event_id="EvJoined", retry_num=1)

    assert "UNEW" not in _on_roster(peerbot)


def test_leave_retried_after_the_person_came_back_does_not_take_them_off(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    set_up_network(peerbot)  # Maria left and came straight back; the leave event arrives last

    peerbot.event(_joined("UMARIA", event_ts="1700000060.000100"), event_id="EvBack")
    peerbot.event(_left("UMARIA", event_ts="1700000000.000100"), event_id="EvLeft", retry_num=2)

    assert "UMARIA" in _on_roster(peerbot)


_JOIN_THEN_LEAVE = [_joined("UNEW", event_ts="1700000000.1"), _left("UNEW", event_ts="1700000060.1")]
_LEAVE_THEN_JOIN = [_left("UMARIA", event_ts="1700000000.1"), _joined("UMARIA", event_ts="1700000060.1")]


@pytest.mark.parametrize(
    "deliveries",
    # Every order Slack could deliver the two events in, each also redelivered once.
    [list(order) for order in itertools.permutations(_JOIN_THEN_LEAVE + _JOIN_THEN_LEAVE[:1])]
    + [list(order) for order in itertools.permutations(_JOIN_THEN_LEAVE + _JOIN_THEN_LEAVE[1:])],
)
def test_any_delivery_order_of_a_join_then_leave_leaves_them_off(
    peerbot: PeerbotUnderTest, slack: SlackStub, deliveries: list[dict[str, Any]]
) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim")
    _enter(slack, "UNEW")
    _leave(slack, "UNEW")

    for retry, event in enumerate(deliveries):
        peerbot.event(event, event_id=f"Ev{event['type']}", retry_num=retry)

    assert "UNEW" not in _on_roster(peerbot)


@pytest.mark.parametrize(
    "deliveries",
    [list(order) for order in itertools.permutations(_LEAVE_THEN_JOIN + _LEAVE_THEN_JOIN[:1])]
    + [list(order) for order in itertools.permutations(_LEAVE_THEN_JOIN + _LEAVE_THEN_JOIN[1:])],
)
def test_any_delivery_order_of_a_leave_then_rejoin_keeps_them_on(
    peerbot: PeerbotUnderTest, slack: SlackStub, deliveries: list[dict[str, Any]]
) -> None:
    set_up_network(peerbot)  # Maria is in the channel again at the end

    for retry, event in enumerate(deliveries):
        peerbot.event(event, event_id=f"Ev{event['type']}", retry_num=retry)

    assert "UMARIA" in _on_roster(peerbot)


def test_join_is_taken_at_its_word_when_slack_will_not_show_the_members(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    set_up_network(peerbot)
    slack.add_user("UNEW", name="kim", display_name="Kim")
    slack.fail_next("conversations.members", "ratelimited")

    peerbot.event(_joined("UNEW"))

    assert "UNEW" in _on_roster(peerbot)


def _profile(name: str, *, deleted: bool = False) -> dict[str, Any]:
    return {"id": "UMARIA", "team_id": "T0001", "name": "maria", "deleted": deleted, "profile": {"display_name": name}}


def test_late_profile_change_does_not_undo_a_newer_one(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    slack.add_user("UMARIA", name="maria", display_name="Mari", tz="America/New_York")  # her name now

    peerbot.event({"type": "user_change", "user": _profile("Mari")}, event_id="EvNew")
    peerbot.event({"type": "user_change", "user": _profile("María")}, event_id="EvOld", retry_num=3)

    assert _members(peerbot)["UMARIA"].display_name == "Mari"


def test_late_deactivation_does_not_remove_a_reactivated_member(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)  # Maria's account was deactivated and reactivated; the deactivation arrives late

    peerbot.event({"type": "user_change", "user": _profile("Maria", deleted=True)}, event_id="EvOff", retry_num=1)

    assert "UMARIA" in _on_roster(peerbot)
