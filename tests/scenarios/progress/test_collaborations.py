"""Members log collaborations; each member named confirms or declines with one click; changes made are recorded."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from domain.progress import figures
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import CollabButton, EntryChoice
from rendering.pulses.ids import PulseAction, PulseCallback
from rendering.pulses.payloads import TemplateChoice
from storage import progress as store
from storage.db import SessionFactory
from storage.models import ChangeMade, Collaboration, CollaborationPartner, Network, PriorityArea, ProgressReport
from tests.scenarios.progress.support import (
    FAC,
    HOME,
    add_area,
    date,
    network_fixture,  # noqa: F401  (the `network` fixture)
    open_roadmap,
    radio,
    report,
    text,
    users,
)
from tests.scenarios.progress.support import (
    select as pick,
)
from tests.scenarios.pulses.support import builder_values, button, dm
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest


def collab_values(
    *, members: list[str], outside: str = "", kind: str | None = "joint_project", description: str = "", when: str
) -> dict[str, Any]:
    return {
        **users(ProgressBlock.MEMBERS, members),
        **text(ProgressBlock.OUTSIDE, outside or None),
        **pick(ProgressBlock.KIND, kind),
        **text(ProgressBlock.DESCRIPTION, description or None),
        **date(ProgressBlock.DATE, when),
    }


def log(peerbot: PeerbotUnderTest, *, user: str, **values: Any) -> Any:
    peerbot.command("collab", user=user, channel=HOME)
    view = peerbot.opened_view(ProgressCallback.COLLAB)
    return peerbot.submit(view, collab_values(**values), user=user)


def _request_to(slack: SlackStub, user: str) -> dict[str, Any]:
    [message] = [m for m in slack.messages.get(slack.dm_channel(user), []) if "logged a collaboration" in m["text"]]
    return message


def _status(session_factory: SessionFactory) -> str:
    with session_factory() as session:
        [collaboration] = store.collaborations(session, network_id=_network_id(session_factory))
        return figures.collaboration_status(
            collaboration, store.partners(session, collaboration_ids=[collaboration.id])
        )


def _network_id(session_factory: SessionFactory) -> int:
    with session_factory() as session:
        return int(session.scalar(select(Collaboration.network_id)) or 0)


def test_member_logs_a_collaboration_and_the_partner_confirms_with_one_click(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    reply = log(
        peerbot,
        user="UMARIA",
        members=["UDEV"],
        outside="Ohio Department of Health",
        description="Wrote a joint <grant> proposal",
        when="2026-01-02",
    )
    assert "asked <@UDEV> to confirm" in reply.text
    assert _status(session_factory) == "pending"
    request = _request_to(slack, "UDEV")
    assert "Wrote a joint &lt;grant&gt; proposal" in json.dumps(request["blocks"])
    value = CollabButton(_collaboration_id(session_factory)).to_value()
    peerbot.click(ProgressAction.CONFIRM_COLLAB, value, user="UDEV", channel=slack.dm_channel("UDEV"), message=request)
    assert _status(session_factory) == "confirmed"
    [update] = slack.calls_to("chat.update")
    assert "You confirmed this collaboration." in json.dumps(update.args)


def _collaboration_id(session_factory: SessionFactory) -> int:
    with session_factory() as session:
        return int(session.scalar(select(Collaboration.id)) or 0)


def test_a_named_member_can_decline_and_the_entry_does_not_count(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    log(peerbot, user="UMARIA", members=["UDEV"], description="Peer advice on licensing", when="2026-01-02")
    request = _request_to(slack, "UDEV")
    value = CollabButton(_collaboration_id(session_factory)).to_value()
    peerbot.click(ProgressAction.DECLINE_COLLAB, value, user="UDEV", channel=slack.dm_channel("UDEV"), message=request)
    assert _status(session_factory) == "declined"
    with session_factory() as session:
        rows = store.collaborations(session, network_id=network.id)
        assert figures.collaborations_by_kind(rows, store.partners(session, collaboration_ids=[rows[0].id])) == {}


def test_only_the_member_named_can_confirm(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    log(peerbot, user="UMARIA", members=["UDEV"], description="Peer advice", when="2026-01-02")
    value = CollabButton(_collaboration_id(session_factory)).to_value()
    peerbot.click(ProgressAction.CONFIRM_COLLAB, value, user="UFAC", channel=HOME)
    assert "Only the members named" in json.dumps(peerbot.last_response())
    assert _status(session_factory) == "pending"


def test_collaboration_form_errors_are_inline(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory
) -> None:
    answer = log(peerbot, user="UMARIA", members=[], kind=None, when="2026-03-01").json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {
        ProgressBlock.MEMBERS,
        ProgressBlock.KIND,
        ProgressBlock.DESCRIPTION,
        ProgressBlock.DATE,
    }
    answer = log(peerbot, user="UMARIA", members=["UGONE"], description="x", when="2026-01-01").json()
    assert "isn't in this network" in answer["errors"][ProgressBlock.MEMBERS]
    with session_factory() as session:
        assert session.scalar(select(Collaboration.id)) is None
        assert session.scalar(select(CollaborationPartner.id)) is None


def test_member_records_a_change_inspired_by_a_collaboration(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    add_area(peerbot, network, "Data")
    log(peerbot, user="UMARIA", members=["UDEV"], description="Shared intake forms", when="2026-01-02")
    peerbot.command("change", user="UMARIA", channel=HOME)
    view = peerbot.opened_view(ProgressCallback.CHANGE)
    shown = json.dumps(view["blocks"])
    assert "Shared intake forms" in shown and "Data" in shown
    with session_factory() as session:
        collaboration_id = session.scalar(select(Collaboration.id))
    missing = peerbot.submit(view, pick(ProgressBlock.KIND, "policy"), user="UMARIA").json()
    assert set(missing["errors"]) == {ProgressBlock.DESCRIPTION}
    values = {
        **pick(ProgressBlock.KIND, "policy"),
        **text(ProgressBlock.DESCRIPTION, "Intake now asks about transport"),
        **pick(ProgressBlock.COLLABORATION, str(collaboration_id)),
    }
    reply = peerbot.submit(view, values, user="UMARIA")
    assert "Saved the change" in reply.text
    with session_factory() as session:
        [change] = session.scalars(select(ChangeMade)).all()
        assert (change.kind, change.team_label, change.collaboration_id) == ("policy", "Mississippi", collaboration_id)
        assert figures.changes_by_kind([change]) == {"policy": 1}


def test_a_yes_to_the_monthly_collaboration_pulse_opens_the_log(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, clock: FakeClock
) -> None:
    peerbot.click(
        PulseAction.USE_TEMPLATE, TemplateChoice("collaboration_log", HOME).to_value(), user=FAC, channel=HOME
    )
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    assert "Did you work with another state or agency outside network meetings?" in json.dumps(builder["blocks"])
    values = builder_values(
        title="Working together this month",
        deadline=clock.now() + timedelta(days=7),
        anonymous=False,
        recurrence="monthly",
        questions=[("Did you work with another state or agency outside network meetings?", "single", "Yes\nNo")],
    )
    assert peerbot.submit(builder, values, user=FAC).json()["response_action"] == "update"
    for user, answer in (("UDEV", "No"), ("UMARIA", "Yes")):
        invite = dm(slack, user)[-1]
        choice = button(invite, PulseAction.ONE_CLICK, answer)
        peerbot.click(choice["action_id"], choice["value"], user=user, channel=slack.dm_channel(user), message=invite)
    [opened] = [c for c in slack.calls_to("views.open") if ProgressCallback.COLLAB in json.dumps(c.args)]
    assert opened.args["trigger_id"]  # opened for Maria's Yes only, with her click's trigger


def test_the_log_shows_unconfirmed_entries_as_such_and_members_withdraw_only_their_own(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    log(peerbot, user="UMARIA", members=["UDEV"], description="Joint grant", when="2026-01-02")
    peerbot.command("collab list", user="UFAC", channel=HOME)
    shown = json.dumps(peerbot.last_response()["blocks"], ensure_ascii=False)
    assert "_awaiting confirmation_" in shown and "*Confirmed, by kind* — none yet" in shown
    collaboration_id = _collaboration_id(session_factory)
    request = _request_to(slack, "UDEV")
    value = CollabButton(collaboration_id).to_value()
    peerbot.click(ProgressAction.CONFIRM_COLLAB, value, user="UDEV", channel=slack.dm_channel("UDEV"), message=request)
    peerbot.command("collab list", user="UFAC", channel=HOME)
    shown = json.dumps(peerbot.last_response()["blocks"], ensure_ascii=False)
    assert "· confirmed" in shown and "*Confirmed, by kind* — Joint project: 1" in shown
    assert "Colorado ↔ Mississippi: 1" in shown

    peerbot.command("entries", user="UMARIA", channel=HOME)
    menus = [e["accessory"]["options"] for e in peerbot.last_response()["blocks"] if "accessory" in e]
    assert [[o["text"]["text"] for o in menu] for menu in menus] == [["Edit", "Withdraw"]]
    withdraw = [menus[0][1]["value"]]
    assert withdraw == [EntryChoice("collab", collaboration_id, "withdraw").to_value()]
    peerbot.click(ProgressAction.ENTRY_MENU, withdraw[0], user="UDEV", channel=HOME)
    assert "only withdraw collaborations you logged yourself" in json.dumps(peerbot.last_response())
    peerbot.click(ProgressAction.ENTRY_MENU, withdraw[0], user="UMARIA", channel=HOME)
    assert "Withdrawn" in json.dumps(peerbot.last_response())
    peerbot.command("collab list", user="UFAC", channel=HOME)
    assert "Joint grant" not in json.dumps(peerbot.last_response()["blocks"])


def test_a_withdrawn_progress_report_leaves_the_roadmap(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory
) -> None:
    add_area(peerbot, network, "Data")
    with session_factory() as session:
        area_id = session.scalars(select(PriorityArea.id)).one()
    report(peerbot, user="UMARIA", area_id=area_id, stage="substantial")
    with session_factory() as session:
        report_id = session.scalars(select(ProgressReport.id)).one()
    peerbot.click(ProgressAction.ENTRY_MENU, EntryChoice("report", report_id).to_value(), user="UDEV", channel=HOME)
    assert "only withdraw progress reports you made yourself" in json.dumps(peerbot.last_response())
    peerbot.click(ProgressAction.ENTRY_MENU, EntryChoice("report", report_id).to_value(), user="UMARIA", channel=HOME)
    shown = json.dumps(open_roadmap(peerbot, user="UMARIA"))
    assert "Mississippi" not in shown and "No progress reported yet." in shown


def test_members_edit_their_own_entries_and_no_one_elses(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    add_area(peerbot, network, "Data")
    with session_factory() as session:
        area_id = session.scalars(select(PriorityArea.id)).one()
    report(peerbot, user="UMARIA", area_id=area_id, stage="early", note="Started")
    log(peerbot, user="UMARIA", members=["UDEV"], description="Shared forms", when="2026-01-02")
    with session_factory() as session:
        report_id = session.scalars(select(ProgressReport.id)).one()
    edit = EntryChoice("report", report_id, "edit").to_value()
    peerbot.click(ProgressAction.ENTRY_MENU, edit, user="UDEV", channel=HOME)
    assert "only edit entries you made yourself" in json.dumps(peerbot.last_response())
    peerbot.click(ProgressAction.ENTRY_MENU, edit, user="UMARIA", channel=HOME)
    form = peerbot.opened_view(ProgressCallback.REPORT)
    assert "Started" in json.dumps(form["blocks"])
    values = {
        **pick(ProgressBlock.AREA, str(area_id)),
        **radio(ProgressBlock.STAGE, "substantial"),
        **text(ProgressBlock.NOTE, "Corrected"),
    }
    peerbot.submit(form, values, user="UMARIA")
    with session_factory() as session:
        [row] = session.scalars(select(ProgressReport)).all()
        assert (row.stage, row.note) == ("substantial", "Corrected")

    collaboration_id = _collaboration_id(session_factory)
    peerbot.click(
        ProgressAction.ENTRY_MENU,
        EntryChoice("collab", collaboration_id, "edit").to_value(),
        user="UMARIA",
        channel=HOME,
    )
    form = peerbot.opened_view(ProgressCallback.COLLAB)
    values = collab_values(
        members=[], outside="Ohio", kind="peer_advice", description="Shared intake forms", when="2026-01-03"
    )
    del values[ProgressBlock.MEMBERS]
    assert "Saved your collaboration." in peerbot.submit(form, values, user="UMARIA").text
    with session_factory() as session:
        collaboration = session.get(Collaboration, collaboration_id)
        assert collaboration is not None
        assert (collaboration.kind, collaboration.outside, collaboration.description) == (
            "peer_advice",
            "Ohio",
            "Shared intake forms",
        )
        assert [p.user_id for p in session.scalars(select(CollaborationPartner))] == ["UDEV"]
    assert len([m for m in slack.messages.get(slack.dm_channel("UDEV"), []) if "logged" in m["text"]]) == 1
