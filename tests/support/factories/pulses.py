"""Factories for pulse tests: a network with a roster, and pulses built through the domain."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from domain.network.setup import NetworkSettings, set_up_network
from domain.pulses.definitions import Audience, PulseDraft, QuestionDraft, QuestionKind, Recurrence
from domain.pulses.lifecycle import create_pulse, open_wave
from storage import network as network_store
from storage.models import Network, PulseWave
from tests.support.constants import HOME, TEAM


def network_with_members(
    session: Session, *, now: datetime, members: dict[str, tuple[str | None, str | None]]
) -> Network:
    """A network whose roster is ``members`` (user id -> (state, agency)), set up by UFAC."""
    network, _ = set_up_network(
        session,
        team_id=TEAM,
        channel_id=HOME,
        settings=NetworkSettings(name="Equity Learning", timezone="America/Chicago"),
        by_user="UFAC",
        by_display_name="Fran",
        by_timezone="America/Chicago",
        now=now,
    )
    for user_id, (state, agency) in members.items():
        network_store.upsert_member(
            session,
            network=network,
            user_id=user_id,
            display_name=user_id.title(),
            timezone=None,
            now=now,
            in_channel=True,
        )
        member = network_store.get_member(session, network_id=network.id, user_id=user_id)
        assert member is not None
        member.state, member.agency = state, agency
    session.flush()
    return network


AGREE_Q = QuestionDraft(text="Participating increased my agency's collaboration.", kind=QuestionKind.AGREEMENT)


def draft(
    *,
    now: datetime,
    questions: tuple[QuestionDraft, ...] = (AGREE_Q,),
    anonymous: bool = True,
    audience: Audience = Audience.NETWORK,
    recurrence: Recurrence = Recurrence.NONE,
    days: int = 7,
    reminders: int = 1,
) -> PulseDraft:
    return PulseDraft(
        title="Collaboration check-in",
        intro="Two minutes, please.",
        questions=questions,
        anonymous=anonymous,
        audience=audience,
        deadline=now + timedelta(days=days),
        recurrence=recurrence,
        reminders=reminders,
    )


def opened_wave(session: Session, *, network: Network, pulse_draft: PulseDraft, now: datetime) -> PulseWave:
    wave = create_pulse(session, network=network, draft=pulse_draft, by_user="UFAC", now=now)
    assert open_wave(session, wave_id=wave.id, now=now) is not None
    return wave
