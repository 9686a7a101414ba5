"""`/peerbot participants`: who counts in the report's participation figures, seen and marked by facilitators."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.blocks import Block

from domain.network import roles
from domain.network.participants import mark, roster_by_kind
from rendering.report.participants import marked_text, participants_blocks
from workflows.interaction import CommandScope, Interaction

DOING = "choose who counts in the figures"


@dataclass(frozen=True)
class Participants:
    """The roster by kind (``blocks``), or the one-line answer to a mark (``text``)."""

    blocks: list[Block]
    text: str


def participants(
    use: Interaction, scope: CommandScope, *, mark_user: str | None, participant: bool | None
) -> Participants:
    """The roster by kind; with ``mark_user``, mark them a participant, staff (``False``) or back to the default."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        roles.require_facilitator(session, network=network, user_id=scope.user_id, doing=DOING)
        if mark_user is not None:
            mark(session, network=network, user_id=mark_user, participant=participant)
            return Participants([], marked_text(user_id=mark_user, participant=participant, network=network))
        found, staff = roster_by_kind(session, network=network)
        return Participants(participants_blocks(network=network, participants=found, staff=staff), "")
