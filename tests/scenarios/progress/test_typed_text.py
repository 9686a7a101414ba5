"""Text typed into the roadmap, progress reports, collaborations, changes and TA can't ping, link or break a surface."""

from __future__ import annotations

from sqlalchemy import select

from rendering.payloads import NetworkButton
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import CollabButton, NeedChoice
from storage.db import SessionFactory
from storage.models import Collaboration, PriorityArea, TaNeed
from tests.conftest import FACILITATOR, HOME
from tests.scenarios.progress.support import area_values, date, radio, text, users
from tests.scenarios.progress.support import select as pick
from tests.slackstub import SlackStub
from tests.support.factories.network import profile_values, set_up_network
from tests.support.harness import PeerbotUnderTest
from tests.support.typed_text import hostile, leaks, shown_escaped

MARIA, DEV = "UMARIA", "UDEV"


def test_typed_text_in_progress_surfaces_is_shown_escaped(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory
) -> None:
    network = set_up_network(peerbot, name=hostile(80))
    for user in (MARIA, DEV):
        peerbot.command("profile", user=user, channel=HOME)
        values = profile_values(state="TX" if user == MARIA else None, agency=hostile(200))
        peerbot.submit(peerbot.opened_view("member_profile"), values, user=user)
    network_button = NetworkButton(network.id).to_value()
    peerbot.click(ProgressAction.EDIT_FUTURE_STATE, network_button, user=FACILITATOR, channel=HOME)
    future = text(ProgressBlock.FUTURE_STATE, hostile(2000))
    peerbot.submit(peerbot.opened_view(ProgressCallback.FUTURE_STATE), future, user=FACILITATOR)
    peerbot.click(ProgressAction.ADD_AREA, network_button, user=FACILITATOR, channel=HOME)
    area = area_values(hostile(100), description=hostile(1000), achieved=hostile(1000), milestones=hostile(190))
    peerbot.submit(peerbot.opened_view(ProgressCallback.AREA), area, user=FACILITATOR)
    with session_factory() as session:
        area_id = session.scalars(select(PriorityArea.id)).one()
    for user in (MARIA, DEV):
        peerbot.command("progress", user=user, channel=HOME)
        report = {
            **pick(ProgressBlock.AREA, str(area_id)),
            **radio(ProgressBlock.STAGE, "early"),
            **text(ProgressBlock.NOTE, hostile(500)),
        }
        peerbot.submit(peerbot.opened_view(ProgressCallback.REPORT), report, user=user)
    peerbot.command("collab", user=MARIA, channel=HOME)
    collab = {
        **users(ProgressBlock.MEMBERS, [DEV]),
        **text(ProgressBlock.OUTSIDE, f"{hostile(90)}, {hostile(60)}"),
        **pick(ProgressBlock.KIND, "joint_project"),
        **text(ProgressBlock.DESCRIPTION, hostile(1000)),
        **date(ProgressBlock.DATE, "2026-01-02"),
    }
    peerbot.submit(peerbot.opened_view(ProgressCallback.COLLAB), collab, user=MARIA)
    with session_factory() as session:
        collaboration_id = session.scalars(select(Collaboration.id)).one()
    request = slack.messages[slack.dm_channel(DEV)][-1]
    value = CollabButton(collaboration_id).to_value()
    peerbot.click(ProgressAction.CONFIRM_COLLAB, value, user=DEV, channel=slack.dm_channel(DEV), message=request)
    peerbot.command("change", user=MARIA, channel=HOME)
    change = {**pick(ProgressBlock.KIND, "program"), **text(ProgressBlock.DESCRIPTION, hostile(1000))}
    peerbot.submit(peerbot.opened_view(ProgressCallback.CHANGE), change, user=MARIA)
    peerbot.click(ProgressAction.ADD_NEED, network_button, user=FACILITATOR, channel=HOME)
    need = {
        **pick(ProgressBlock.STATE, "TX"),
        **text(ProgressBlock.DESCRIPTION, hostile(1000)),
        **pick(ProgressBlock.PRIORITY, "high"),
        **text(ProgressBlock.REQUESTED_BY, hostile(200)),
    }
    peerbot.submit(peerbot.opened_view(ProgressCallback.TA_NEED), need, user=FACILITATOR)
    with session_factory() as session:
        need_id = session.scalars(select(TaNeed.id)).one()
    peerbot.click(ProgressAction.NEED_MENU, NeedChoice("planned", need_id).to_value(), user=FACILITATOR, channel=HOME)
    for user in (FACILITATOR, MARIA):
        peerbot.command("roadmap", user=user, channel=HOME)
        peerbot.command("ta", user=user, channel=HOME)
        peerbot.command("change", user=user, channel=HOME)

    found = leaks(slack, peerbot.acknowledgements)
    assert not found, "\n".join(found)
    assert shown_escaped(slack, peerbot.acknowledgements) >= 15
    assert not slack.invalid_calls
