"""RSVPs: a member's answer for one occurrence, and the live tally shown on its announcement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.meetings.series import stale_reason
from storage import meetings as meeting_store
from storage.models import Occurrence, RsvpAnswer

__all__ = ["RsvpAnswer"]  # the answers a listener translates a button into

ANSWER_WORDS = {RsvpAnswer.GOING: "Going", RsvpAnswer.MAYBE: "Maybe", RsvpAnswer.NO: "Can't make it"}


# A card names this many of the people going; the rest are counted ("and N more").
NAMES_SHOWN = 30


@dataclass(frozen=True)
class Tally:
    """Who answered what. The name lists may hold only the first few; ``totals`` has the full counts."""

    going: list[str]
    maybe: list[str]
    no: list[str]
    version: int
    totals: tuple[int, int, int] | None = None

    def counts(self) -> tuple[int, int, int]:
        return self.totals or (len(self.going), len(self.maybe), len(self.no))


def tally(session: Session, *, occurrence: Occurrence) -> Tally:
    """The counts per answer and the first names going, by aggregate queries: cost doesn't grow with RSVPs."""
    # Version first: under READ COMMITTED each statement has its own snapshot, so answers
    # read afterwards are at least as new as the version. A card can then only be newer
    # than its version says, never older, and the refresh loop never keeps a stale one.
    version = meeting_store.card_version(session, occurrence_id=occurrence.id)
    counts = meeting_store.rsvp_counts(session, occurrence_id=occurrence.id)
    going = meeting_store.first_answering(
        session, occurrence_id=occurrence.id, answer=RsvpAnswer.GOING, limit=NAMES_SHOWN
    )
    return Tally(
        going=going,
        maybe=[],
        no=[],
        version=version,
        totals=(counts.get(RsvpAnswer.GOING, 0), counts.get(RsvpAnswer.MAYBE, 0), counts.get(RsvpAnswer.NO, 0)),
    )


def answer(session: Session, *, occurrence: Occurrence, user_id: str, choice: RsvpAnswer, now: datetime) -> None:
    """Record (or change) a member's answer; refused once the meeting started or was cancelled."""
    reason = stale_reason(occurrence, now=now)
    if reason is not None:
        raise PeerbotError(reason)
    meeting_store.save_rsvp(session, occurrence_id=occurrence.id, user_id=user_id, answer=choice, now=now)
    meeting_store.bump_card_version(session, occurrence_id=occurrence.id)
