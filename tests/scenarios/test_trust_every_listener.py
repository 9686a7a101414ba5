"""The class test: every button and form listener refuses tampered ids from someone outside the object's network.

The listeners are read from the Bolt app itself, so a new button or form fails
``test_every_listener_is_covered`` until it is added to the tables below, and
then gets the whole battery of tampered values for free.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace

import pytest

from domain.progress import assistance, collaborations, roadmap
from domain.progress.assistance import NeedDraft
from domain.progress.collaborations import CollaborationDraft
from domain.progress.roadmap import AreaDraft
from rendering.pulses.ids import PulseCallback
from rendering.pulses.payloads import (
    BuilderForm,
)
from rendering.resources.ids import ResourceCallback
from storage import network as network_store
from storage.db import SessionFactory
from tests.scenarios.trust_tables import (
    ACTIONS,
    CLOSED_FORMS,
    EVENTS,
    FORMS,
    GARBAGE,
    IN_A_MODAL,
    NO_PAYLOAD_IDS,
    OPTIONS,
    SECRETS,
    real_metadata,
    real_values,
)
from tests.scenarios.trust_world import (
    APOLOGY,
    HOME,
    OTHER,
    OUTSIDER,
    World,
    build_world,
    calls_since,
    snapshot,
)
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest


def _constraints(peerbot: PeerbotUnderTest) -> dict[str, set[str | re.Pattern[str]]]:
    """What each registered listener matches, by kind, read from the Bolt app's listener matchers."""
    found: dict[str, set[str | re.Pattern[str]]] = {}
    for listener in peerbot.app._listeners:
        for matcher in listener.matchers:
            func = getattr(matcher, "func", None)
            kind = getattr(func, "__qualname__", "").split(".")[0]
            for cell in getattr(func, "__closure__", None) or ():
                if isinstance(cell.cell_contents, str | re.Pattern):
                    found.setdefault(kind, set()).add(cell.cell_contents)
    return found


@pytest.fixture
def world(peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> World:
    built = build_world(peerbot, slack, session_factory, clock, outsider_facilitates=False)
    return with_progress(built, session_factory, clock)


def with_progress(w: World, session_factory: SessionFactory, clock: FakeClock) -> World:
    """Network A's roadmap area and a collaboration naming Maria, for the progress listeners' real ids."""
    with session_factory.begin() as session:
        network = network_store.get_network(session, network_id=w.network_a)
        assert network is not None
        area = roadmap.save_area(
            session, network=network, area=None, draft=AreaDraft("Onboarding area"), by_user="UFAC", now=clock.now()
        )
        draft = CollaborationDraft(("UMARIA",), "", "peer_advice", "Onboarding advice", "2026-01-01")
        collaboration, _ = collaborations.log_collaboration(
            session, network=network, draft=draft, by_user="UFAC", today=clock.now().date(), now=clock.now()
        )
        need = assistance.add_need(
            session, network=network, draft=NeedDraft("MS", "Onboarding coaching"), wave_id=None, now=clock.now()
        )
        return replace(w, area=area.id, collaboration=collaboration.id, need=need.id)


def test_every_listener_is_covered(peerbot: PeerbotUnderTest) -> None:
    found = _constraints(peerbot)
    for pattern in found.get("action", set()) | found.get("options", set()):
        matches = [a for a in [*ACTIONS, *OPTIONS, *NO_PAYLOAD_IDS] if re.fullmatch(pattern, a) or a == pattern]
        assert matches, f"the listener for {pattern!r} is not in this test's tables"
    for callback_id in found.get("view_submission", set()):
        assert callback_id in FORMS, f"the form {callback_id!r} is not in this test's tables"
    for callback_id in found.get("view_closed", set()):
        assert callback_id in CLOSED_FORMS, f"the closed form {callback_id!r} is not in this test's tables"
    for callback_id in found.get("shortcut", set()):
        assert callback_id in NO_PAYLOAD_IDS, f"the shortcut {callback_id!r} is not in this test's tables"
    for event in found.get("event", set()):
        assert event in EVENTS, f"the event {event!r} is not in this test's tables"
    assert found.get("event"), "no event listeners were found: has Bolt changed?"
    assert found.get("action") and found.get("view_submission"), "no listeners were found: has Bolt changed?"


def _assert_nothing_happened(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, before: dict[str, list[str]], calls: int, answered: int
) -> None:
    assert snapshot(session_factory) == before, "a tampered request changed the database"
    made = calls_since(peerbot, calls, "chat.update", "chat.postMessage", "chat.postEphemeral", "views.publish")
    assert not made, f"a tampered request made peerbot post or update: {made}"
    for call in calls_since(peerbot, calls, "views.open", "views.update"):
        view = call.args["view"]
        assert "submit" not in (json.loads(view) if isinstance(view, str) else view), "it opened a working form"
    told = json.dumps([r["body"] for r in peerbot.stub.responses[answered:]])
    told += json.dumps([c.args for c in calls_since(peerbot, calls, "views.open", "views.update")])
    assert APOLOGY not in told
    for secret in SECRETS:
        assert secret not in told, f"a tampered request showed {secret!r} to someone outside its network"


@pytest.mark.parametrize("action_id", ACTIONS)
def test_tampered_button_values_are_refused_and_change_nothing(
    peerbot: PeerbotUnderTest,
    session_factory: SessionFactory,
    world: World,
    caplog: pytest.LogCaptureFixture,
    action_id: str,
) -> None:
    caplog.set_level(logging.WARNING)
    before, calls, answered = snapshot(session_factory), len(peerbot.stub.calls), len(peerbot.stub.responses)
    for value in GARBAGE + real_values(world):
        if action_id in IN_A_MODAL:
            for metadata in [*GARBAGE, BuilderForm(HOME, 1).to_value()]:
                view = {"id": "VTAMPER", "type": "modal", "callback_id": PulseCallback.BUILDER, "hash": "h"}
                response = peerbot.click(action_id, value, user=OUTSIDER, view={**view, "private_metadata": metadata})
                assert response.status == 200
        replies = len(peerbot.stub.responses) + len(peerbot.stub.calls_to("views.open"))
        response = peerbot.click(action_id, value, user=OUTSIDER, channel=OTHER)
        assert response.status == 200, (value, response.text)
        assert len(peerbot.stub.responses) + len(peerbot.stub.calls_to("views.open")) > replies, (
            f"{action_id} with {value!r} got no answer"
        )
    _assert_nothing_happened(peerbot, session_factory, before, calls, answered)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("callback_id", sorted(FORMS))
def test_tampered_form_metadata_is_refused_and_changes_nothing(
    peerbot: PeerbotUnderTest,
    session_factory: SessionFactory,
    clock: FakeClock,
    world: World,
    caplog: pytest.LogCaptureFixture,
    callback_id: str,
) -> None:
    caplog.set_level(logging.WARNING)
    values = FORMS[callback_id](world, clock)
    before, calls, answered = snapshot(session_factory), len(peerbot.stub.calls), len(peerbot.stub.responses)
    for metadata in GARBAGE + real_metadata(world):
        view = {"id": "VTAMPER", "type": "modal", "callback_id": callback_id, "private_metadata": metadata}
        response = peerbot.submit({**view, "blocks": []}, values, user=OUTSIDER)
        assert response.status == 200, (metadata, response.text)
        answer = response.json()
        assert answer["response_action"] in ("errors", "update"), (metadata, answer)
        if answer["response_action"] == "update":
            assert "submit" not in answer["view"] and APOLOGY not in json.dumps(answer), (metadata, answer)
        if callback_id in CLOSED_FORMS:
            closed = payloads.view_closed(user=OUTSIDER, team=payloads.TEAM, view=view, values=values)
            assert peerbot.post_slack(closed).status == 200
    _assert_nothing_happened(peerbot, session_factory, before, calls, answered)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("action_id", OPTIONS)
def test_tampered_menu_metadata_lists_nothing_from_another_network(
    peerbot: PeerbotUnderTest,
    session_factory: SessionFactory,
    world: World,
    caplog: pytest.LogCaptureFixture,
    action_id: str,
) -> None:
    caplog.set_level(logging.WARNING)
    before, calls, answered = snapshot(session_factory), len(peerbot.stub.calls), len(peerbot.stub.responses)
    for metadata in GARBAGE + real_metadata(world):
        view = {"id": "VTAMPER", "type": "modal", "callback_id": ResourceCallback.EDIT, "private_metadata": metadata}
        response = peerbot.suggest(action_id, "", block_id="resource_topics", user=OUTSIDER, view=view)
        assert response.status == 200, (metadata, response.text)
        assert response.json()["options"] == [], f"{action_id} listed another network's options for {metadata!r}"
    _assert_nothing_happened(peerbot, session_factory, before, calls, answered)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
