"""A facilitator makes a channel a network's home; the roster fills from the channel."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Member, Network, Role
from tests.slackstub import SlackStub
from tests.support.factories.network import FACILITATOR, HOME, set_up_network, setup_values
from tests.support.harness import PeerbotUnderTest


def _roster(peerbot: PeerbotUnderTest) -> dict[str, Member]:
    with peerbot.session_factory() as session:
        return {m.user_id: m for m in session.scalars(select(Member).where(Member.in_channel.is_(True)))}


def test_facilitator_sets_up_a_network_and_everyone_in_the_channel_joins_the_roster(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    peerbot.command("setup", user=FACILITATOR, channel=HOME)
    view = peerbot.opened_view("network_setup")
    name_input = view["blocks"][1]["element"]
    assert name_input["initial_value"] == "Equity Learning"  # from the channel's name
    assert view["blocks"][2]["element"]["initial_option"]["value"] == "America/New_York"

    response = peerbot.submit(view, setup_values("Southeast Equity Network", "America/Chicago"), user=FACILITATOR)

    assert response.json()["response_action"] == "update"
    with peerbot.session_factory() as session:
        network = session.scalars(select(Network)).one()
    assert (network.name, network.timezone, network.home_channel_id) == (
        "Southeast Equity Network",
        "America/Chicago",
        HOME,
    )
    roster = _roster(peerbot)
    assert set(roster) == {FACILITATOR, "UMARIA", "UDEV"}  # no bots, no deactivated accounts
    assert roster["UDEV"].display_name == "Dev Patel"  # no display name set: real name
    assert roster["UMARIA"].timezone == "America/New_York"
    assert roster[FACILITATOR].role == Role.FACILITATOR and roster["UMARIA"].role == Role.MEMBER
    announcement = slack.messages[HOME][-1]["text"]
    assert "set up *Southeast Equity Network*" in announcement and "3 members" in announcement


def test_member_cannot_set_up_a_network(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    peerbot.command("setup", user="UMARIA", channel=HOME)

    reply = peerbot.last_response()
    assert reply["response_type"] == "ephemeral"
    assert "Only facilitators can set up" in reply["text"] and "UMARIA" in reply["text"]
    assert slack.calls_to("views.open") == []
    with peerbot.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0


def test_member_cannot_change_an_existing_network(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    opened = len(slack.calls_to("views.open"))

    peerbot.command("setup", user="UMARIA", channel=HOME)

    assert "Only facilitators of *Equity Learning Community*" in peerbot.last_response()["text"]
    assert len(slack.calls_to("views.open")) == opened


def test_a_member_submitting_a_setup_modal_is_refused_on_the_server(peerbot: PeerbotUnderTest) -> None:
    peerbot.command("setup", user=FACILITATOR, channel=HOME)
    view = peerbot.opened_view("network_setup")

    response = peerbot.submit(view, setup_values("Hijacked", "UTC"), user="UMARIA")

    assert "Only facilitators" in str(response.json()["view"])
    with peerbot.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0


def test_blank_name_gets_an_inline_error_and_saves_nothing(peerbot: PeerbotUnderTest) -> None:
    peerbot.command("setup", user=FACILITATOR, channel=HOME)
    view = peerbot.opened_view("network_setup")

    response = peerbot.submit(view, setup_values("   ", "America/Chicago"), user=FACILITATOR)

    assert response.json() == {"response_action": "errors", "errors": {"name": "Give the network a name."}}
    with peerbot.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 0


def test_unknown_time_zone_gets_an_inline_error(peerbot: PeerbotUnderTest) -> None:
    peerbot.command("setup", user=FACILITATOR, channel=HOME)
    response = peerbot.submit(
        peerbot.opened_view("network_setup"), setup_values("Net", "Mars/Olympus"), user=FACILITATOR
    )
    assert list(response.json()["errors"]) == ["timezone"]


def test_time_zone_menu_suggests_matching_zones(peerbot: PeerbotUnderTest) -> None:
    response = peerbot.suggest("network_timezone", "chicago", block_id="timezone", user=FACILITATOR)
    assert [o["value"] for o in response.json()["options"]] == ["America/Chicago"]
    assert len(peerbot.suggest("network_timezone", "", block_id="timezone", user=FACILITATOR).json()["options"]) == 100


def test_setup_asks_to_be_invited_when_peerbot_is_not_in_the_channel(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    slack.add_channel("CPRIVATE", name="leads", members=[FACILITATOR], is_private=True, bot_is_member=False)

    peerbot.command("setup", user=FACILITATOR, channel="CPRIVATE")

    assert "/invite @peerbot" in peerbot.last_response()["text"]
    assert slack.calls_to("views.open") == []


def test_setup_in_a_direct_message_explains_where_to_run_it(peerbot: PeerbotUnderTest) -> None:
    peerbot.command("setup", user=FACILITATOR, channel="DUFAC")
    assert "in the channel that should be your network's home" in peerbot.last_response()["text"]


def test_running_setup_again_updates_the_network_in_place(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot, name="First Name")
    peerbot.command("setup", user=FACILITATOR, channel=HOME)
    view = peerbot.opened_view("network_setup")
    assert view["blocks"][1]["element"]["initial_value"] == "First Name"

    peerbot.submit(view, setup_values("Second Name", "America/Denver"), user=FACILITATOR)

    with peerbot.session_factory() as session:
        networks = session.scalars(select(Network)).all()
    assert [(n.name, n.timezone) for n in networks] == [("Second Name", "America/Denver")]


def test_facilitator_is_told_by_dm_when_the_confirmation_cannot_be_posted(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    slack.fail_next("chat.postMessage", "not_in_channel", when=lambda args: args.get("channel") == HOME)

    set_up_network(peerbot)

    dm = slack.messages[slack.dm_channel(FACILITATOR)][-1]["text"]
    assert "set up *Equity Learning Community*" in dm and "not_in_channel" in dm


def test_rate_limited_modal_still_opens_after_slacks_wait(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    slack.rate_limit_next("views.open", retry_after=2)

    peerbot.command("setup", user=FACILITATOR, channel=HOME)

    assert [c.status for c in slack.calls_to("views.open")] == [429, 200]
    assert peerbot.clock.slept and peerbot.clock.slept[0] >= 2


def test_two_networks_in_one_workspace_each_act_on_their_own_channel(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    slack.add_channel("CSECOND", name="action-network", members=[FACILITATOR, "UDEV"])
    set_up_network(peerbot, name="Regional Community")
    set_up_network(peerbot, name="Statewide Action Network", channel="CSECOND")

    peerbot.command("members", user=FACILITATOR, channel="CSECOND")

    reply = peerbot.last_response()
    assert "Statewide Action Network: 2 members" in str(reply["blocks"])
    assert "Maria" not in str(reply["blocks"])


def test_member_in_two_networks_is_asked_to_use_the_right_channel_from_a_dm(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    slack.add_channel("CSECOND", name="action-network", members=[FACILITATOR, "UDEV"])
    set_up_network(peerbot, name="Regional Community")
    set_up_network(peerbot, name="Statewide Action Network", channel="CSECOND")

    peerbot.command("profile", user="UDEV", channel="DUDEV")

    text = peerbot.last_response()["text"]
    assert "several networks" in text and "Regional Community" in text and "Statewide Action Network" in text


def test_person_outside_any_network_is_told_how_to_join(peerbot: PeerbotUnderTest) -> None:
    peerbot.command("profile", user="UMARIA", channel="DUMARIA")
    assert "not in a peerbot network yet" in peerbot.last_response()["text"]
