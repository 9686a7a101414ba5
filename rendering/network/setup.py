"""Surfaces for setting up a network and listing its roster."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    ExternalDataSelectElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from domain.network.profiles import state_name
from domain.network.setup import NAME_MAX
from rendering.network.ids import NetworkAction, NetworkBlock, NetworkCallback
from rendering.network.payloads import SetupForm
from rendering.text import escape, fit, plain, sections_from_lines, truncate
from storage.models import Member, Network, Role


def setup_modal(*, channel_id: str, name: str, timezone: str, existing: bool) -> View:
    intro = (
        f"<#{channel_id}> is this network's home channel. Change its name or time zone here."
        if existing
        else f"<#{channel_id}> becomes the network's home channel: everyone in it joins the roster, "
        "and meeting announcements and digests are posted here."
    )
    return View(
        type="modal",
        callback_id=NetworkCallback.SETUP,
        title="Set up peerbot",
        submit="Save",
        close="Cancel",
        private_metadata=SetupForm(channel_id).to_value(),
        blocks=[
            SectionBlock(text=intro),
            InputBlock(
                block_id=NetworkBlock.NETWORK_NAME,
                label="Network name",
                element=PlainTextInputElement(
                    action_id=NetworkAction.NETWORK_NAME,
                    initial_value=truncate(name, NAME_MAX) or None,
                    max_length=NAME_MAX,
                    placeholder="e.g. Southeast Racial Equity Learning Community",
                ),
            ),
            InputBlock(
                block_id=NetworkBlock.NETWORK_TIMEZONE,
                label="Time zone",
                hint="Meetings are scheduled in this zone; everyone sees times in their own.",
                element=ExternalDataSelectElement(
                    action_id=NetworkAction.NETWORK_TIMEZONE,
                    placeholder="Type a city, e.g. Chicago",
                    initial_option=Option(text=timezone, value=timezone),
                    min_query_length=0,
                ),
            ),
        ],
    )


def timezone_options(zones: Sequence[str]) -> list[dict[str, object]]:
    return [Option(text=zone, value=zone).to_dict() for zone in zones]


def setup_confirmation(*, network: Network, created: bool, by_user: str, roster_size: int) -> str:
    if created:
        return (
            f":wave: <@{by_user}> set up *{escape(network.name)}* here. This is now the network's home "
            f"channel, with {roster_size} member{'s' if roster_size != 1 else ''} on the roster. "
            "Everyone: type `/peerbot profile` to tell peers your state, agency and what you'd like to learn."
        )
    return f"<@{by_user}> updated *{escape(network.name)}* (time zone {network.timezone})."


def member_line(member: Member) -> str:
    details = [part for part in (state_name(member.state), member.agency, member.role_title) if part]
    line = f"• *{escape(member.display_name)}*"
    if member.role == Role.FACILITATOR:
        line += " (facilitator)"
    if member.org_team_id:
        line += f" _({escape(member.org_name or 'another organization')})_"
    if details:
        line += " — " + escape(" · ".join(details))
    if member.learning_interests:
        line += f"\n     _wants to learn about:_ {fit(member.learning_interests, 600)}"
    if not details and not member.learning_interests:
        line += " — _no profile yet_"
    return line


def roster_blocks(*, network: Network, members: Sequence[Member]) -> list[Block]:
    with_profile = sum(1 for m in members if m.state or m.agency or m.role_title)
    blocks: list[Block] = [
        HeaderBlock(text=plain(f"{network.name}: {len(members)} members", 150)),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Home channel <#{network.home_channel_id}> · {with_profile} of {len(members)} "
                    "have filled in their profile"
                )
            ]
        ),
    ]
    if not members:
        blocks.append(SectionBlock(text="Nobody is on the roster yet. Invite people to the home channel."))
        return blocks
    blocks.extend(sections_from_lines((member_line(m) for m in members), max_blocks=45, noun="more members"))
    return blocks
