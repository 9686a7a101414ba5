"""Setting up a network in its home channel, and keeping its roster in step with that channel."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from domain.errors import PeerbotError
from domain.network import roles, roster
from domain.network.people import Person
from domain.network.setup import NetworkSettings, set_up_network
from rendering.network.setup import setup_confirmation, setup_modal
from slackio.direct import tell_user
from slackio.directory import channel_access, fetch_channel_people, fetch_person, is_channel_member, person_from_user
from storage import network as network_store
from workflows.interaction import Interaction

logger = logging.getLogger(__name__)

WRONG_PLACE = "Run `/peerbot setup` in the channel that should be your network's home."


def _require_home_channel(use: Interaction, channel_id: str, *, again: str) -> str | None:
    """Refuse a channel that can't be a network's home; return its name when Slack gives one."""
    if not channel_id.startswith(("C", "G")):
        raise PeerbotError(WRONG_PLACE)
    access = channel_access(use.client, channel_id)
    if access.is_direct:
        raise PeerbotError(WRONG_PLACE)
    if access.is_archived:
        raise PeerbotError("This channel is archived, so it can't be a network's home.")
    if not access.found or not access.is_member:
        # Slack hides private channels the bot isn't in, so "not found" and "not invited" look alike.
        raise PeerbotError(f"I need to be in this channel first: type `/invite @peerbot` there, then {again}.")
    return access.name


def open_setup(use: Interaction, *, team_id: str, channel_id: str, user_id: str, trigger_id: str) -> None:
    """`/peerbot setup`: the form for this channel's network (new, or the one already here)."""
    if not channel_id.startswith(("C", "G")):
        raise PeerbotError(WRONG_PLACE)
    with use.session_factory.begin() as session:
        existing = roles.require_can_configure(session, team_id=team_id, channel_id=channel_id, user_id=user_id)
        name, zone = (existing.name, existing.timezone) if existing else ("", use.default_timezone)
    channel_name = _require_home_channel(use, channel_id, again="run `/peerbot setup` again")
    if not name and channel_name:
        name = channel_name.replace("-", " ").replace("_", " ").title()
    view: View = setup_modal(channel_id=channel_id, name=name, timezone=zone, existing=existing is not None)
    use.client.views_open(trigger_id=trigger_id, view=view)


def check_setup(
    use: Interaction, *, team_id: str, channel_id: str, user_id: str, settings: NetworkSettings
) -> Callable[[], None]:
    """The opening step's checks, again (the form's channel is only what the submission says); returns the
    setting up itself, which reads the channel's members and so runs once the form is answered."""
    with use.session_factory.begin() as session:
        roles.require_can_configure(session, team_id=team_id, channel_id=channel_id, user_id=user_id)
    _require_home_channel(use, channel_id, again="save the setup again")
    return lambda: _set_up(use, team_id=team_id, channel_id=channel_id, user_id=user_id, settings=settings)


def _set_up(use: Interaction, *, team_id: str, channel_id: str, user_id: str, settings: NetworkSettings) -> None:
    people: list[Person] | None
    try:
        people = fetch_channel_people(use.client, channel_id, home_team_id=team_id)
    except SlackApiError as exc:
        logger.warning("roster fetch failed at setup: %s", exc.response.get("error"))
        people = None
    me = next((p for p in people or [] if p.user_id == user_id), None) or fetch_person(
        use.client, user_id, home_team_id=team_id
    )
    with use.session_factory.begin() as session:
        network, created = set_up_network(
            session,
            team_id=team_id,
            channel_id=channel_id,
            settings=settings,
            by_user=user_id,
            by_display_name=me.display_name if me else user_id,
            by_timezone=me.timezone if me else None,
            now=use.now(),
        )
        if people is not None:
            roster.sync_roster(session, network=network, people=people, bot_user_id=use.bot_user_id, now=use.now())
        size = len(network_store.roster_user_ids(session, network_id=network.id))
        text = setup_confirmation(network=network, created=created, by_user=user_id, roster_size=size)
    try:
        use.client.chat_postMessage(channel=channel_id, text=text)
    except SlackApiError as exc:
        tell_user(
            use.client, user_id, f"{text}\n_(I couldn't post this in <#{channel_id}>: {exc.response.get('error')}.)_"
        )
    if people is None:
        tell_user(
            use.client,
            user_id,
            "I couldn't read the channel's members yet; I'll try again at the next nightly roster refresh.",
        )


def follow_roster_event(use: Interaction, *, team_id: str, channel_id: str, user_id: str, joined: bool) -> None:
    """Record whether the person is in the home channel *now*, as Slack says.

    Slack redelivers events late and out of order (a retried join can arrive after
    the leave that followed it), so an event is a cue to look, not the answer: the
    roster follows the channel's current members, and handling an event again, or
    late, changes nothing. Only if Slack won't show the members is the event
    taken at its word (the nightly refresh corrects any slip).
    """
    with use.session_factory.begin() as session:
        if network_store.get_network_by_channel(session, team_id=team_id, channel_id=channel_id) is None:
            return
    in_channel = is_channel_member(use.client, channel_id, user_id)
    if in_channel is None:
        in_channel = joined
    person = fetch_person(use.client, user_id, home_team_id=team_id) if in_channel else None
    if in_channel and person is None:
        return
    with use.session_factory.begin() as session:
        network = network_store.get_network_by_channel(session, team_id=team_id, channel_id=channel_id)
        if network is None:
            return
        if person is not None:
            roster.person_joined(session, network=network, person=person, bot_user_id=use.bot_user_id, now=use.now())
        else:
            roster.person_left(session, network=network, user_id=user_id, now=use.now())


def follow_user_change(use: Interaction, *, team_id: str, user: dict[str, object]) -> None:
    """A changed name, time zone or deactivation: what Slack shows now wins over a late or repeated event."""
    person = person_from_user(user)
    with use.session_factory.begin() as session:
        # Slack Connect: a person of another organization is kept under the workspace of the network they share.
        team_id = roles.home_workspace(session, team_id=team_id, user_id=person.user_id)
        on_a_roster = bool(network_store.networks_for_user(session, team_id=team_id, user_id=person.user_id))
    if on_a_roster:
        try:
            person = fetch_person(use.client, person.user_id) or person
        except SlackApiError as exc:
            logger.warning("could not confirm a profile change: %s", exc.response.get("error"))
    with use.session_factory.begin() as session:
        roster.person_changed(session, team_id=team_id, person=person, now=use.now())
