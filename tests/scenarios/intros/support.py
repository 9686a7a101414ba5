"""A network whose members come from several states, the intro settings form's values, and the clock's job."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rendering.intros.ids import IntroAction, IntroBlock
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import Network
from tests.scenarios.resources.library import multi
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.pulses import network_with_members

# Eight members: two from Vermont, two from Maine, two from Texas, one from Mississippi, one from New York.
MEMBERS: dict[str, tuple[str | None, str | None, str | None]] = {
    "UANA": ("VT", "Health", "child care subsidies, housing"),
    "UBEN": ("VT", "Labor", "workforce"),
    "UCAL": ("ME", "Health", "child care subsidies"),
    "UDIA": ("ME", "Human Services", "housing"),
    "UEVE": ("TX", "Labor", "workforce, data sharing"),
    "UFIN": ("TX", "Health", None),
    "UGIA": ("MS", "Education", "data sharing"),
    "UHAL": ("NY", "Health", "equity"),
}


def intro_network(
    slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, members: dict[str, Any] | None = None
) -> Network:
    members = MEMBERS if members is None else members
    for user_id in members:
        slack.add_user(user_id, name=user_id[1:].lower(), real_name=user_id[1:].title(), tz="America/Chicago")
    with session_factory.begin() as session:
        network = network_with_members(
            session, now=clock.now(), members={u: (s, a) for u, (s, a, _i) in members.items()}
        )
        for user_id, (_s, _a, interests) in members.items():
            member = network_store.get_member(session, network_id=network.id, user_id=user_id)
            assert member is not None
            member.learning_interests = interests
        session.expunge(network)
    return network


def settings_values(
    *,
    enabled: str = "on",
    every_weeks: str = "2",
    weekday: str = "1",
    time_of_day: str = "10:00",
    group_size: str = "2",
    rules: Sequence[str] = ("cross_state", "cross_agency", "shared_interests"),
    repeats: str = "4",
    prompt: str | None = None,
) -> dict[str, dict[str, Any]]:
    return {
        IntroBlock.ENABLED: {IntroAction.INPUT: payloads.select_value(enabled)},
        IntroBlock.EVERY_WEEKS: {IntroAction.INPUT: payloads.select_value(every_weeks)},
        IntroBlock.WEEKDAY: {IntroAction.INPUT: payloads.select_value(weekday)},
        IntroBlock.TIME: {IntroAction.INPUT: payloads.text_value(time_of_day)},
        IntroBlock.GROUP_SIZE: {IntroAction.INPUT: payloads.select_value(group_size)},
        IntroBlock.RULES: {IntroAction.INPUT: multi(list(rules), "checkboxes")},
        IntroBlock.REPEATS: {IntroAction.INPUT: payloads.text_value(repeats)},
        IntroBlock.PROMPT: {IntroAction.INPUT: payloads.text_value(prompt)},
    }
