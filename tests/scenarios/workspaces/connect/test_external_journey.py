"""Slack Connect: one member of another organization goes through the whole network, over HTTP.

The stand-in workspace has people from three organizations: the host (which installed peerbot),
the State of Ohio (whose people peerbot may DM) and the State of Texas (whose organization refuses
DMs from peerbot). Requests from Ohio's people carry Ohio's team id, as Slack sends them from a
shared channel: ``team.id`` and ``user.team_id`` on buttons and forms, the envelope's ``team_id`` on
events (with ``authorizations`` naming the host, and ``is_ext_shared_channel``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from rendering.home.ids import HomeAction
from rendering.intros.ids import IntroAction
from rendering.intros.payloads import IntroGroupButton
from rendering.meetings.ids import MeetingAction
from rendering.progress.ids import ProgressBlock, ProgressCallback
from rendering.pulses.ids import PulseAction, PulseCallback
from rendering.resources.ids import ResourceCallback
from storage.db import SessionFactory
from storage.models import (
    Attendance,
    Collaboration,
    IntroGroup,
    IntroGroupMember,
    IntroRound,
    Member,
    Resource,
    Respondent,
    Rsvp,
)
from tests.scenarios.meetings.steps import FAC, HOME, buttons_value, card_message, schedule
from tests.scenarios.progress.support import date, text, users
from tests.scenarios.progress.support import select as pick_one
from tests.scenarios.pulses.support import builder_values, button, dm, job_context, message_text, pick, plain
from tests.scenarios.resources.library import form_values as resource_values
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest
from workflows.meetings import send_due_reminders

OHIO, TEXAS = "TOHIO", "TTEXAS"
OLU, TEX = "UOHIO", "UTEXAS"


def three_organizations(slack: SlackStub) -> None:
    """The host workspace's people (Fran, Maria, Dev), plus Olu of Ohio and Tex of Texas (refuses DMs)."""
    slack.add_organization(OHIO, name="State of Ohio")
    slack.add_organization(TEXAS, name="State of Texas", refuses_dms=True)
    slack.add_user(OLU, display_name="Olu", tz="America/New_York", team_id=OHIO)
    slack.add_user(TEX, display_name="Tex", tz="America/Chicago", team_id=TEXAS)


def join(peerbot: PeerbotUnderTest, slack: SlackStub, user: str, team: str, channel: str = HOME) -> None:
    slack.set_channel_members(channel, [*slack.channels[channel].members, user])
    event = {"type": "member_joined_channel", "user": user, "channel": channel, "team": team, "event_ts": "1.2"}
    assert peerbot.event(event, source_team=team).status == 200


def open_home(peerbot: PeerbotUnderTest, user: str, team: str) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home", "event_ts": "1.3"}
    assert peerbot.event(event, source_team=team).status == 200
    peerbot.advance(1)
    return peerbot.stub.home_views[user]


def home_button(home: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in home["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        for element in elements:
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no {action_id} button on Home")


def start_pulse(peerbot: PeerbotUnderTest, clock: FakeClock, *, title: str, anonymous: bool, questions: Any) -> None:
    peerbot.command("new", user=FAC, channel=HOME, command="/pulse")
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    builder = {**builder, "private_metadata": json.dumps({"channel_id": HOME, "count": len(questions)})}
    values = builder_values(
        deadline=clock.now() + timedelta(days=5), questions=questions, anonymous=anonymous, title=title
    )
    assert peerbot.submit(builder, values, user=FAC).json()["response_action"] == "update"


def rows(session_factory: SessionFactory, column: Any) -> list[Any]:
    with session_factory() as session:
        return list(session.scalars(select(column)))


def test_a_member_of_another_organization_goes_through_the_whole_network(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    three_organizations(slack)
    network_id = network_with_roster(session_factory, clock.now())

    # 1. Olu (Ohio) and Tex (Texas) join the shared home channel: on the roster with name, zone and organization.
    join(peerbot, slack, OLU, OHIO)
    join(peerbot, slack, TEX, TEXAS)
    with session_factory() as session:
        olu = session.scalars(select(Member).where(Member.user_id == OLU)).one()
        assert (olu.display_name, olu.timezone, olu.org_team_id, olu.org_name) == (
            "Olu",
            "America/New_York",
            OHIO,
            "State of Ohio",
        )
    peerbot.command("members", user=FAC, channel=HOME)
    roster = json.dumps(peerbot.last_response()["blocks"])
    assert "*Olu* _(State of Ohio)_" in roster and "*Tex* _(State of Texas)_" in roster

    # 2. RSVP from the meeting card in the channel: Olu is told, and the card counts Olu.
    schedule(peerbot, title="Budget review", date="2026-01-08", reminders=["60"])
    card = card_message(peerbot)
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=OLU, team=OHIO, channel=HOME, message=card)
    assert "Budget review" in peerbot.last_response()["text"]
    peerbot.click(MeetingAction.RSVP_GOING, buttons_value(card), user=TEX, team=TEXAS, channel=HOME, message=card)
    assert sorted(rows(session_factory, Rsvp.user_id)) == [OLU, TEX]

    # 3. The reminder reaches Olu; Tex's organization refuses it, and the facilitator is told by name.
    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    send_due_reminders(job_context(slack, session_factory, clock))
    assert any("Budget review" in message_text(m) for m in dm(slack, OLU))
    assert dm(slack, TEX) == []
    told = [m["text"] for m in dm(slack, FAC) if "could not be reached" in m["text"]]
    assert told and "1 could not be reached: Tex" in told[-1]

    # 4. Check in during the meeting, from the card.
    clock.set(datetime(2026, 1, 8, 19, 5, tzinfo=UTC))
    peerbot.click(MeetingAction.MEETING_CHECK_IN, buttons_value(card), user=OLU, team=OHIO, channel=HOME)
    assert "You're checked in to *Budget review*" in peerbot.last_response()["text"]
    assert rows(session_factory, Attendance.user_id) == [OLU]

    # 5. A named one-question pulse: the DM reaches Olu, one click answers it; Tex is named as unreachable.
    clock.set(datetime(2026, 1, 9, 12, 0, tzinfo=UTC))
    agreement = [("The network helps my agency.", "agreement", "")]
    start_pulse(peerbot, clock, title="Named check-in", anonymous=False, questions=agreement)
    invite = dm(slack, OLU)[-1]
    assert "Named check-in" in message_text(invite)
    notice = dm(slack, FAC)[-1]["text"]
    assert "1 could not be reached: Tex" in notice
    agree = button(invite, PulseAction.ONE_CLICK, "Agree")
    peerbot.click(
        agree["action_id"], agree["value"], user=OLU, team=OHIO, channel=slack.dm_channel(OLU), message=invite
    )
    assert "Thanks — you answered" in message_text(dm(slack, OLU)[-1])
    assert rows(session_factory, Respondent.user_id) == [OLU]

    # 6. An anonymous pulse answered through its form.
    questions = [("What helped most?", "single", "Peers\nResources"), ("Anything else?", "text", "")]
    start_pulse(peerbot, clock, title="Anonymous check-in", anonymous=True, questions=questions)
    invite = dm(slack, OLU)[-1]
    answer = button(invite, PulseAction.OPEN_FORM)
    peerbot.click(
        answer["action_id"], answer["value"], user=OLU, team=OHIO, channel=slack.dm_channel(OLU), message=invite
    )
    form = peerbot.opened_view(PulseCallback.ANSWER)
    inputs = [b["block_id"] for b in form["blocks"] if b.get("type") == "input"]
    first = next(b for b in form["blocks"] if b.get("block_id") == inputs[0])["element"]
    [peers] = [o["value"] for o in first["options"] if o["text"]["text"] == "Peers"]
    values = {inputs[0]: pick(peers), inputs[1]: plain("Good <b>calls</b>")}
    assert peerbot.submit(form, values, user=OLU, team=OHIO).status == 200
    assert rows(session_factory, Respondent.user_id) == [OLU, OLU]  # who answered, never what
    assert "Thanks — you answered" in message_text(dm(slack, OLU)[-1])

    # 7. Olu opens peerbot's Home tab: it shows the shared network (Slack sends Ohio as the envelope's team).
    home = open_home(peerbot, OLU, OHIO)
    assert "Equity Learning" in json.dumps(home["blocks"])

    # Tex's organization refused the pulse DMs; Tex answers the named pulse from the Home tab instead.
    tex_home = open_home(peerbot, TEX, TEXAS)
    assert "Named check-in" in json.dumps(tex_home["blocks"])
    waiting = home_button(tex_home, PulseAction.OPEN_FORM)
    peerbot.click(waiting["action_id"], waiting["value"], user=TEX, team=TEXAS, view=tex_home)
    form = peerbot.opened_view(PulseCallback.ANSWER)
    [question] = [b for b in form["blocks"] if b.get("type") == "input"]
    [agree_value] = [o["value"] for o in question["element"]["options"] if o["text"]["text"] == "Agree"]
    assert peerbot.submit(form, {question["block_id"]: pick(agree_value)}, user=TEX, team=TEXAS).status == 200
    assert sorted(rows(session_factory, Respondent.user_id)) == [OLU, OLU, TEX]

    # 8. Share a resource from Home with the modal, then find it by searching from Home.
    peerbot.click(
        HomeAction.ADD_RESOURCE, home_button(home, HomeAction.ADD_RESOURCE).get("value"), user=OLU, team=OHIO, view=home
    )
    form = peerbot.opened_view(ResourceCallback.ADD)
    shared = resource_values(title="Ohio braided funding guide", url="https://example.org/ohio-braided")
    assert peerbot.submit(form, shared, user=OLU, team=OHIO).status == 200
    assert rows(session_factory, Resource.shared_by) == [OLU]
    peerbot.advance(1)
    home = peerbot.stub.home_views[OLU]
    assert "Ohio braided funding guide" in json.dumps(home["blocks"])  # among the newest on Olu's Home
    peerbot.click(HomeAction.SEARCH, "braided", user=OLU, team=OHIO, view=home, block_id="home_search")
    results = peerbot.opened_view("home_search_results")
    assert "Ohio braided funding guide" in json.dumps(results["blocks"])

    # 9. An introduction: "We met", then log the collaboration prefilled with the partner.
    with session_factory.begin() as session:
        now = clock.now()
        intro_round = IntroRound(
            network_id=network_id,
            number=1,
            starts_at=now,
            nudge_at=now,
            ends_at=now + timedelta(days=14),
            group_size=2,
            created_at=now,
        )
        session.add(intro_round)
        session.flush()
        group = IntroGroup(
            round_id=intro_round.id,
            network_id=network_id,
            reason="both fund child care",
            channel_id="GINTRO",
            introduced_at=now,
        )
        session.add(group)
        session.flush()
        session.add_all(
            [IntroGroupMember(round_id=intro_round.id, user_id=u, group_id=group.id) for u in (OLU, "UMARIA")]
        )
        group_id = group.id
    peerbot.click(IntroAction.MET, IntroGroupButton(group_id).to_value(), user=OLU, team=OHIO, channel="GINTRO")
    answer_blocks = peerbot.last_response()
    assert "said you met" in answer_blocks["text"]
    log = next(
        e
        for b in answer_blocks["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == IntroAction.LOG_COLLAB
    )
    peerbot.click(IntroAction.LOG_COLLAB, log["value"], user=OLU, team=OHIO, channel="GINTRO")
    form = peerbot.opened_view(ProgressCallback.COLLAB)
    collab = {
        **users(ProgressBlock.MEMBERS, ["UMARIA"]),
        **text(ProgressBlock.OUTSIDE, None),
        **pick_one(ProgressBlock.KIND, "peer_advice"),
        **text(ProgressBlock.DESCRIPTION, "Compared waitlists"),
        **date(ProgressBlock.DATE, "2026-01-09"),
    }
    reply = peerbot.submit(form, collab, user=OLU, team=OHIO)
    assert "Saved your collaboration. I've asked <@UMARIA> to confirm it." in reply.text
    assert "<@UOHIO> logged a collaboration with you" in dm(slack, "UMARIA")[-1]["text"]
    assert rows(session_factory, Collaboration.logged_by) == [OLU]
