"""Calendar use cases: an invite into one's DM, updated invites after a change, pauses, private feeds."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.calendar import feeds, invites
from domain.calendar import pauses as pause_rules
from domain.deliveries import DeliveryKind
from domain.errors import PeerbotError
from domain.meetings import series as meetings
from domain.meetings.deliveries import calendar_invite_key, calendar_notice_key
from domain.network import roles
from rendering.calendar.messages import (
    feed_modal,
    invite_comment,
    pause_added,
    pause_list,
    pause_removed,
    restored_notice,
    skipped_notice,
)
from rendering.common import notice_modal
from slackio.delivery import Message, OutgoingFile, deliver_all
from slackio.files import upload_to_dm
from storage import calendar as calendar_store
from storage import meetings as meeting_store
from storage import network as network_store
from storage.changes import Change, record
from storage.db import SessionFactory
from storage.models import Meeting, Network, Occurrence, OccurrenceStatus
from workflows.context import RunContext
from workflows.deliveries import deliver_and_report
from workflows.interaction import CommandScope, Interaction

logger = logging.getLogger(__name__)


def _series(session: Session, meeting: Meeting) -> invites.SeriesInvite:
    network = network_store.get_network(session, network_id=meeting.network_id)
    name = network.name if network is not None else "peerbot"
    return invites.SeriesInvite(meeting, meeting_store.occurrences_of(session, meeting_id=meeting.id), name)


# ---- Add to calendar ------------------------------------------------------------------------------
def send_invite_to_dm(ctx: RunContext, *, occurrence_id: int, team_id: str, user_id: str) -> str:
    """The series' invite as a file in the person's DM, once they are checked to be in its network."""
    now = ctx.clock.now()
    with ctx.session_factory.begin() as session:
        meeting, occurrence = meetings.load_occurrence(
            session, occurrence_id=occurrence_id, network_team_id=team_id, user_id=user_id
        )
        reason = meetings.stale_reason(occurrence, now=now)
        if reason is not None:
            return reason
        content = invites.invite(_series(session, meeting), now=now)
        name, comment = invites.filename(meeting), invite_comment(meeting, cancelled=False, update=False)
        shown, meeting_team = meeting.title, meeting.team_id
    upload_to_dm(
        ctx.client_for(meeting_team), user_id=user_id, filename=name, content=content, title=shown, comment=comment
    )
    return "I've put the calendar invite in our DM: open it to add the meeting to your calendar."


# ---- updates that follow ---------------------------------------------------------------------------
def invite_to_dm(use: Interaction, *, occurrence_id: int, team_id: str, user_id: str) -> str:
    """Add to calendar clicked: the invite file into the clicker's DM."""
    return send_invite_to_dm(_run(use), occurrence_id=occurrence_id, team_id=team_id, user_id=user_id)


def send_updated_invites(
    ctx: RunContext,
    *,
    meeting_id: int,
    people: set[str],
    owner: str,
    cancelled: Sequence[int] | None = None,
    whole_series_cancelled: bool = False,
) -> None:
    """Each person who said Going or Maybe gets the series' new version in their DM, once per version:
    the updated invite, or METHOD:CANCEL for the ``cancelled`` meetings (or the whole series)."""
    if not people:
        return
    now = ctx.clock.now()
    with ctx.session_factory.begin() as session:
        meeting = meeting_store.get_meeting(session, meeting_id=meeting_id)
        if meeting is None:
            return
        series = _series(session, meeting)
        if whole_series_cancelled or cancelled:
            only = None if whole_series_cancelled else [o for o in series.occurrences if o.id in set(cancelled or ())]
            content = invites.cancellation(series, now=now, only=only)
        else:
            content = invites.invite(series, now=now)
        file = OutgoingFile(
            filename=invites.filename(meeting),
            title=meeting.title,
            content=content.decode(),
        )
        comment = invite_comment(meeting, cancelled=bool(whole_series_cancelled or cancelled), update=True)
        team_id, network_id, sequence = meeting.team_id, meeting.network_id, meeting.calendar_sequence
    # The notice of the change went to the same people first, and its fan-out named whoever it missed.
    outcomes = deliver_all(
        (
            Message(
                team_id=team_id,
                network_id=network_id,
                key=calendar_invite_key(meeting_id, sequence, user),
                kind=DeliveryKind.CALENDAR_INVITE,
                channel=user,
                text=comment,
                owner=owner,
                file=file,
            )
            for user in sorted(people)
        ),
        session_factory=ctx.session_factory,
        client=ctx.slack,
        clock=ctx.clock,
    )
    logger.info("updated invites of series %s, version %s: %s", meeting_id, sequence, dict(outcomes))


# ---- pauses ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Notice:
    meeting_id: int
    sequence: int
    channel: str
    text: str
    people: set[str]
    occurrence_ids: list[int]


def _coming(session: Session, occurrences: Sequence[Occurrence]) -> set[str]:
    people: set[str] = set()
    for occurrence in occurrences:
        people.update(meetings.coming(session, occurrence))
    return people


def _notices(session: Session, network: Network, changed: pause_rules.Changed, *, restored: bool) -> list[_Notice]:
    pauses = calendar_store.pauses_of(session, network_id=network.id)
    found = []
    for meeting, occurrences in changed.by_meeting.values():
        text = restored_notice(meeting, occurrences) if restored else skipped_notice(meeting, occurrences, pauses)
        found.append(
            _Notice(
                meeting.id,
                meeting.calendar_sequence,
                meeting.channel_id,
                text,
                _coming(session, occurrences),
                [o.id for o in occurrences],
            )
        )
    return found


def _announce(ctx: RunContext, network: Network, notices: list[_Notice], *, owner: str, restored: bool) -> None:
    """Each series' channel is told (once per version); people coming get the updated invite."""
    deliver_and_report(
        ctx,
        (
            Message(
                team_id=network.team_id,
                network_id=network.id,
                key=calendar_notice_key(n.meeting_id, n.sequence),
                kind=DeliveryKind.CALENDAR_NOTICE,
                channel=n.channel,
                text=n.text,
                owner=owner,
            )
            for n in notices
        ),
        facilitator=owner,
        scope=f"calendar:pause:{network.id}:{ctx.clock.now().timestamp():.0f}",
        what="Telling channels about the pause",
    )
    for n in notices:
        send_updated_invites(
            ctx, meeting_id=n.meeting_id, people=n.people, owner=owner, cancelled=None if restored else n.occurrence_ids
        )


def _run(use: Interaction) -> RunContext:
    """The context the shared calendar work runs in, for a use case a person started."""
    return RunContext(use.session_factory, use.client, use.clock, use.bot_user_id)


def _command_network(use: Interaction, scope: CommandScope) -> Network:
    with use.session_factory.begin() as session:
        network = scope.network(session)
        session.expunge(network)
        return network


def add_pause(use: Interaction, scope: CommandScope, *, args: Sequence[str], single_day: bool) -> str:
    """A facilitator marks days off; the meetings on them are skipped, their channels told."""
    network, user_id, now = _command_network(use, scope), scope.user_id, use.now()
    with use.session_factory.begin() as session:
        roles.require_facilitator(session, network=network, user_id=user_id, doing="pause the network's meetings")
        request = pause_rules.parse_request(
            args, single_day=single_day, today=pause_rules.local_day(now, network.timezone)
        )
        added, changed = pause_rules.add_pause(session, network=network, request=request, by_user=user_id, now=now)
        answer = pause_added(added, sum(len(o) for _, o in changed.by_meeting.values()))
        notices = _notices(session, network, changed, restored=False)
    _announce(_run(use), network, notices, owner=user_id, restored=False)
    return answer


def remove_pause(use: Interaction, scope: CommandScope, *, ref: str | None) -> str:
    network, user_id, now = _command_network(use, scope), scope.user_id, use.now()
    with use.session_factory.begin() as session:
        roles.require_facilitator(session, network=network, user_id=user_id, doing="remove a pause")
        pause = pause_rules.find_pause(session, network=network, ref=ref)
        changed = pause_rules.remove_pause(session, network=network, pause=pause, now=now)
        answer = pause_removed(pause, sum(len(o) for _, o in changed.by_meeting.values()))
        notices = _notices(session, network, changed, restored=True)
    _announce(_run(use), network, notices, owner=user_id, restored=True)
    return answer


def list_pauses(use: Interaction, scope: CommandScope) -> list[dict[str, object]]:
    network, now = _command_network(use, scope), use.now()
    with use.session_factory.begin() as session:
        upcoming = calendar_store.pauses_of(
            session, network_id=network.id, ending_on_or_after=pause_rules.local_day(now, network.timezone)
        )
        facilitator = roles.is_facilitator(session, network=network, user_id=scope.user_id)
        return [b.to_dict() for b in pause_list(upcoming, network_name=network.name, facilitator=facilitator)]


def skip_paused_after_change(ctx: RunContext, *, meeting_id: int, owner: str) -> None:
    """A series just scheduled or edited: its meetings on paused days are skipped, its channel told."""
    now = ctx.clock.now()
    with ctx.session_factory.begin() as session:
        meeting = meeting_store.get_meeting(session, meeting_id=meeting_id)
        network = network_store.get_network(session, network_id=meeting.network_id) if meeting else None
        if meeting is None or network is None:
            return
        changed = pause_rules.skip_paused(session, network=network, now=now, meeting_id=meeting_id)
        notices = _notices(session, network, changed, restored=False)
    if notices:
        _announce(ctx, network, notices, owner=owner, restored=False)


def announce_skipped(ctx: RunContext, *, meeting_id: int, owner: str) -> None:
    """A series scheduled with meetings on paused days (skipped as it was saved): its channel is told which."""
    now = ctx.clock.now()
    with ctx.session_factory.begin() as session:
        meeting = meeting_store.get_meeting(session, meeting_id=meeting_id)
        network = network_store.get_network(session, network_id=meeting.network_id) if meeting else None
        if meeting is None or network is None:
            return
        changed = pause_rules.Changed({})
        for occurrence in meeting_store.occurrences_of(session, meeting_id=meeting_id):
            if occurrence.status == OccurrenceStatus.SKIPPED and occurrence.start_utc > now:
                changed.add(meeting, occurrence)
        notices = _notices(session, network, changed, restored=False)
    if notices:
        _announce(ctx, network, notices, owner=owner, restored=False)


# ---- private feeds ---------------------------------------------------------------------------------
def _explain(use: Interaction, trigger_id: str | None, refused: PeerbotError) -> None:
    """A Home button has nowhere to answer but a modal: a refusal opens one saying why."""
    if trigger_id:
        use.client.views_open(trigger_id=trigger_id, view=notice_modal("peerbot", refused.message))


def open_new_feed(
    use: Interaction, *, network_id: int, team_id: str, user_id: str, trigger_id: str | None, public_url: str | None
) -> None:
    """A new private address (any older one stops working), shown once in a modal; Home shows the feed is on."""
    if public_url is None:
        if trigger_id:
            use.client.views_open(trigger_id=trigger_id, view=feed_modal(network_name="", url=None))
        return
    try:
        with use.session_factory.begin() as session:
            network = roles.network_for(session, network_id=network_id, team_id=team_id, user_id=user_id)
            created = feeds.create_feed(session, network=network, user_id=user_id, public_url=public_url, now=use.now())
            name = created.network.name
            record(session, Change.user_home(team_id, user_id))
    except PeerbotError as refused:
        _explain(use, trigger_id, refused)
        return
    if trigger_id:
        use.client.views_open(trigger_id=trigger_id, view=feed_modal(network_name=name, url=created.url))


def turn_off_feed(use: Interaction, *, network_id: int, team_id: str, user_id: str, trigger_id: str | None) -> None:
    """The address stops working at once; a new one can be made later."""
    try:
        with use.session_factory.begin() as session:
            network = roles.network_for(session, network_id=network_id, team_id=team_id, user_id=user_id)
            calendar_store.revoke_feed(session, network_id=network.id, user_id=user_id)
            record(session, Change.user_home(team_id, user_id))
    except PeerbotError as refused:
        _explain(use, trigger_id, refused)
        return


def feed_for_token(session_factory: SessionFactory, *, token: str, now: datetime) -> bytes | None:
    """What a calendar app fetching the feed address gets; None for anything but a live token."""
    with session_factory.begin() as session:
        return feeds.feed_body(session, token=token, now=now)
