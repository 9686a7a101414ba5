"""Profiles, the facilitator role and App Home, through HTTP and the Slack stand-in."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Member, Role
from tests.slackstub import SlackStub
from tests.support.factories.network import FACILITATOR, HOME, profile_values, set_up_network
from tests.support.harness import PeerbotUnderTest


def _member(peerbot: PeerbotUnderTest, user_id: str) -> Member:
    with peerbot.session_factory() as session:
        member = session.scalar(select(Member).where(Member.user_id == user_id))
    assert member is not None
    return member


def test_member_fills_in_their_profile_and_sees_it_saved(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    peerbot.event({"type": "app_home_opened", "user": "UMARIA", "channel": "DUMARIA", "tab": "home"})
    peerbot.advance(1)
    peerbot.command("profile", user="UMARIA", channel=HOME)
    view = peerbot.opened_view("member_profile")

    response = peerbot.submit(
        view,
        profile_values(
            state="MS",
            agency=" Dept. of Human Services ",
            role_title="Deputy Director",
            interests="community engagement",
        ),
        user="UMARIA",
    )

    shown = str(response.json()["view"])
    assert "Mississippi" in shown and "Dept. of Human Services" in shown
    maria = _member(peerbot, "UMARIA")
    assert (maria.state, maria.agency, maria.role_title, maria.learning_interests) == (
        "MS",
        "Dept. of Human Services",
        "Deputy Director",
        "community engagement",
    )
    peerbot.advance(1)
    assert "Mississippi" in str(slack.home_views["UMARIA"])  # App Home refreshed


def test_reopening_the_profile_shows_what_was_saved(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot)
    peerbot.command("profile", user="UMARIA", channel=HOME)
    peerbot.submit(peerbot.opened_view("member_profile"), profile_values(state="PR", agency="ACF"), user="UMARIA")

    peerbot.command("profile", user="UMARIA", channel=HOME)

    blocks = peerbot.opened_view("member_profile")["blocks"]
    assert blocks[1]["element"]["initial_option"]["value"] == "PR"
    assert blocks[2]["element"]["initial_value"] == "ACF"


def test_overlong_agency_gets_an_inline_error_and_nothing_is_saved(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot)
    peerbot.command("profile", user="UMARIA", channel=HOME)

    response = peerbot.submit(
        peerbot.opened_view("member_profile"), profile_values(state="MS", agency="x" * 201), user="UMARIA"
    )

    assert response.json()["response_action"] == "errors"
    assert list(response.json()["errors"]) == ["agency"]
    assert _member(peerbot, "UMARIA").state is None


def test_facilitator_makes_a_member_a_facilitator_who_is_told_by_dm(
    peerbot: PeerbotUnderTest, slack: SlackStub
) -> None:
    set_up_network(peerbot)

    peerbot.command("facilitator add <@UMARIA|maria>", user=FACILITATOR, channel=HOME)

    assert peerbot.last_response()["text"] == "<@UMARIA> is now a facilitator of *Equity Learning Community*."
    assert _member(peerbot, "UMARIA").role == Role.FACILITATOR
    assert "made you a facilitator" in slack.messages[slack.dm_channel("UMARIA")][-1]["text"]


def test_member_cannot_grant_the_facilitator_role(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    set_up_network(peerbot)
    lookups = len(slack.calls_to("users.info"))

    peerbot.command("facilitator add <@UMARIA|maria>", user="UDEV", channel=HOME)

    reply = peerbot.last_response()
    assert reply["response_type"] == "ephemeral"
    assert "Only facilitators of *Equity Learning Community* can change who facilitates" in reply["text"]
    assert _member(peerbot, "UMARIA").role == Role.MEMBER
    assert len(slack.calls_to("users.info")) == lookups  # refused before looking anyone up


def test_new_facilitator_can_then_see_everyones_profile(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot)
    peerbot.command("members", user="UMARIA", channel=HOME)
    assert "Only facilitators" in peerbot.last_response()["text"]

    peerbot.command("facilitator add <@UMARIA>", user=FACILITATOR, channel=HOME)
    peerbot.command("members", user="UMARIA", channel=HOME)

    blocks = str(peerbot.last_response()["blocks"])
    assert "Equity Learning Community: 3 members" in blocks and "Dev Patel" in blocks


def test_removing_a_facilitator_takes_the_role_away(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot)
    peerbot.command("facilitator add <@UMARIA>", user=FACILITATOR, channel=HOME)

    peerbot.command("facilitator remove <@UMARIA>", user=FACILITATOR, channel=HOME)

    assert "no longer a facilitator" in peerbot.last_response()["text"]
    assert _member(peerbot, "UMARIA").role == Role.MEMBER


def test_a_configured_facilitator_cannot_be_removed_from_slack(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot)
    peerbot.command("facilitator add <@UMARIA>", user=FACILITATOR, channel=HOME)

    peerbot.command(f"facilitator remove <@{FACILITATOR}>", user="UMARIA", channel=HOME)

    assert "PEERBOT_FACILITATORS" in peerbot.last_response()["text"]


def test_facilitator_command_explains_its_usage(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot)
    peerbot.command("facilitator add maria", user=FACILITATOR, channel=HOME)
    assert "Mention the person with @" in peerbot.last_response()["text"]
    peerbot.command("facilitator promote <@UMARIA>", user=FACILITATOR, channel=HOME)
    assert "/peerbot facilitator add @name" in peerbot.last_response()["text"]


def test_granting_to_an_unknown_person_changes_nothing(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot)
    peerbot.command("facilitator add <@UNOBODY>", user=FACILITATOR, channel=HOME)
    assert "couldn't find <@UNOBODY>" in peerbot.last_response()["text"]
