"""RSVPs: a member's answer for one occurrence, and the live tally shown on its announcement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.meetings import stale_reason
from storage import meetings as store
from storage.models import Occurrence, RsvpAnswer

ANSWER_WORDS = {RsvpAnswer.GOING: "Going", RsvpAnswer.MAYBE: "Maybe", RsvpAnswer.NO: "Can't make it"}


@dataclass(frozen=True)
class Tally:
    going: list[str]
    maybe: list[str]
    no: list[str]
    version: int

    def counts(self) -> tuple[int, int, int]:
        return len(self.going), len(self.maybe), len(self.no)


def tally(session: Session, *, occurrence: Occurrence) -> Tally:
    # Version first: under READ COMMITTED each statement has its own snapshot, so answers
    # read afterwards are at least as new as the version. A card can then only be newer
    # than its version says, never older, and the refresh loop never keeps a stale one.
    version = store.card_version(session, occurrence_id=occurrence.id)
    by_answer: dict[RsvpAnswer, list[str]] = {answer: [] for answer in RsvpAnswer}
    for rsvp in store.rsvps_for(session, occurrence_id=occurrence.id):
        by_answer[rsvp.answer].append(rsvp.user_id)
    return Tally(
        going=by_answer[RsvpAnswer.GOING],
        maybe=by_answer[RsvpAnswer.MAYBE],
        no=by_answer[RsvpAnswer.NO],
        version=version,
    )


def answer(session: Session, *, occurrence: Occurrence, user_id: str, choice: RsvpAnswer, now: datetime) -> None:
    """Record (or change) a member's answer; refused once the meeting started or was cancelled."""
    reason = stale_reason(occurrence, now=now)
    if reason is not None:
        raise PeerbotError(reason)
    store.save_rsvp(session, occurrence_id=occurrence.id, user_id=user_id, answer=choice, now=now)
    store.bump_card_version(session, occurrence_id=occurrence.id)
