"""A member's own say over introductions: out, back in, skip the next round, pause until a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from storage import intros as intro_store
from storage.models import IntroParticipant

USAGE = (
    "Use `/peerbot intros off` (no more introductions), `/peerbot intros on`, `/peerbot intros skip` "
    "(skip the next round) or `/peerbot intros pause until 2026-03-31`."
)


@dataclass(frozen=True)
class Participation:
    """What App Home shows of a person's introductions: where they stand, and which choice is theirs now."""

    status: str
    choice: str  # "on", "skip", "off" or "pause" (the word that would put them where they are)
    paused_until: date | None


def choice_of(participant: IntroParticipant | None, *, today: date) -> str:
    if participant is None:
        return "on"
    if participant.opted_out:
        return "off"
    if participant.paused_until is not None and participant.paused_until >= today:
        return "pause"
    return "skip" if participant.skip_next else "on"


def on_home(session: Session, *, network_id: int, user_id: str, today: date) -> Participation | None:
    """The person's participation for App Home, or None when the network has introductions off."""
    enabled, row = intro_store.introductions_for(session, network_id=network_id, user_id=user_id)
    if not enabled:
        return None
    choice = choice_of(row, today=today)
    return Participation(
        status(row, today=today), choice, row.paused_until if row is not None and choice == "pause" else None
    )


def is_taking_part(participant: IntroParticipant | None, *, on: date) -> bool:
    """Whether someone is introduced in a round held on local day ``on``."""
    if participant is None:
        return True
    if participant.opted_out or participant.skip_next:
        return False
    return participant.paused_until is None or participant.paused_until < on


def status(participant: IntroParticipant | None, *, today: date) -> str:
    if participant is None:
        return "You're in: you'll be introduced in the next round."
    if participant.opted_out:
        return "You're out of introductions. `/peerbot intros on` brings you back."
    if participant.paused_until is not None and participant.paused_until >= today:
        return f"You're paused until {participant.paused_until.isoformat()} (inclusive)."
    if participant.skip_next:
        return "You'll skip the next round, then be introduced again."
    return "You're in: you'll be introduced in the next round."


def parse_until(words: list[str], *, today: date) -> date:
    """``until 2026-03-31`` (or just the date): a day from today on."""
    if words and words[0].lower() == "until":
        words = words[1:]
    if len(words) != 1:
        raise PeerbotError(USAGE)
    try:
        until = date.fromisoformat(words[0])
    except ValueError:
        raise PeerbotError(f"I couldn't read `{words[0][:20]}` as a date: write it as YYYY-MM-DD. {USAGE}") from None
    if until < today:
        raise PeerbotError("That date has passed: choose today or a later day.")
    return until


def change(
    session: Session, *, network_id: int, user_id: str, word: str, args: list[str], today: date, now: datetime
) -> str:
    """Apply ``off``/``on``/``skip``/``pause``; return what the person now hears."""
    word = word.lower()
    if word not in ("off", "on", "skip", "pause"):
        raise PeerbotError(USAGE)
    until = parse_until(args, today=today) if word == "pause" else None
    row = intro_store.participant(session, network_id=network_id, user_id=user_id, now=now)
    if word == "off":
        row.opted_out, row.skip_next, row.paused_until = True, False, None
    elif word == "on":
        row.opted_out, row.skip_next, row.paused_until = False, False, None
    elif word == "skip":
        row.opted_out, row.skip_next = False, True
    else:
        row.opted_out, row.paused_until = False, until
    row.updated_at = now
    session.flush()
    return status(row, today=today)
