"""Messages of network progress: the roadmap (channel message and facilitator view), collaboration requests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    SectionBlock,
)

from domain.progress.collaborations import KINDS as COLLAB_KINDS
from domain.progress.figures import TeamStage
from domain.progress.roadmap import milestones_of
from domain.progress.teams import STAGE_LABELS, Stage
from rendering.payloads import NetworkButton
from rendering.progress.ids import ProgressAction
from rendering.progress.payloads import AreaChoice, CollabButton
from rendering.text import fit, plain, slack_date
from storage.models import Collaboration, Network, PriorityArea, Roadmap

TEAMS_SHOWN = 12
ARROWS = {1: "▲", -1: "▼"}


@dataclass(frozen=True)
class RoadmapView:
    """Everything the roadmap shows, loaded and computed by the caller."""

    network: Network
    roadmap: Roadmap | None
    areas: Sequence[PriorityArea]
    latest: dict[int, list[TeamStage]]
    most_moved: PriorityArea | None
    period_days: int
    stage_counts: dict[int, dict[Stage, int]] = field(default_factory=dict)  # teams at each stage now, per area


def _change(team: TeamStage) -> str:
    if team.previous is None:
        return "first report"
    if team.change == 0:
        return "no change"
    return f"{ARROWS[1 if team.change > 0 else -1]} from {STAGE_LABELS[team.previous]}"


def _area_text(area: PriorityArea) -> str:
    lines = [f"*{fit(area.name, 200)}*"]
    if area.description:
        lines.append(fit(area.description, 600))
    if area.achieved:
        lines.append(f"_Achieved looks like:_ {fit(area.achieved, 600)}")
    if area.target_date:
        lines.append(f"_Target:_ {area.target_date.isoformat()}")
    for milestone in milestones_of(area)[:10]:
        when = f" (by {milestone.target.isoformat()})" if milestone.target else ""
        lines.append(f"• {fit(milestone.title, 200)}{when}")
    return "\n".join(lines)


def _counts_text(counts: dict[Stage, int]) -> str:
    parts = [f"{n} {STAGE_LABELS[stage].lower()}" for stage, n in counts.items() if n]
    return f"*Teams now:* {' · '.join(parts)}" if parts else ""


def _teams_text(teams: Sequence[TeamStage], counts: dict[Stage, int]) -> str:
    if not teams:
        return "No progress reported yet."
    shown = [_counts_text(counts)] if _counts_text(counts) else []
    shown += [
        f"{fit(t.team_label, 80)}: *{STAGE_LABELS[t.stage]}* ({_change(t)}, "
        f"{slack_date(t.reported_at, '{date_short}', t.reported_at.date().isoformat())})"
        for t in teams[:TEAMS_SHOWN]
    ]
    if len(teams) > TEAMS_SHOWN:
        shown.append(f"…and {len(teams) - TEAMS_SHOWN} more")
    return "\n".join(shown)


def roadmap_blocks(view: RoadmapView, *, facilitator: bool, now: datetime) -> list[Block]:
    """The roadmap: future state, each area with each team's latest stage, and the area that moved most.

    The channel message (``facilitator`` False) carries member buttons only; the facilitator's
    view adds the buttons that change the roadmap.
    """
    blocks: list[Block] = [HeaderBlock(text=plain(f"Roadmap: {view.network.name}", 150))]
    future = view.roadmap.future_state if view.roadmap else ""
    blocks.append(
        SectionBlock(text=f"*Future state*\n{fit(future, 2800)}" if future else "_No future state written yet._")
    )
    if view.most_moved is not None:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"Most progress in the last {view.period_days} days: *{fit(view.most_moved.name, 200)}*"
                    )
                ]
            )
        )
    for area in view.areas:
        blocks.append(DividerBlock())
        section = SectionBlock(text=_area_text(area)[:3000])
        if facilitator:
            section.accessory = OverflowMenuElement(
                action_id=ProgressAction.AREA_MENU,
                options=[
                    Option(text="Edit", value=AreaChoice("edit", area.id).to_value()),
                    Option(text="Delete", value=AreaChoice("delete", area.id).to_value()),
                ],
            )
        blocks.append(section)
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=_teams_text(view.latest.get(area.id, []), view.stage_counts.get(area.id, {}))[:3000]
                    )
                ]
            )
        )
    if not view.areas:
        blocks.append(SectionBlock(text="_No priority areas yet._"))
    network = NetworkButton(view.network.id).to_value()
    buttons = [ButtonElement(text="Report progress", action_id=ProgressAction.REPORT, value=network, style="primary")]
    if facilitator:
        buttons += [
            ButtonElement(text="Edit future state", action_id=ProgressAction.EDIT_FUTURE_STATE, value=network),
            ButtonElement(text="Add priority area", action_id=ProgressAction.ADD_AREA, value=network),
        ]
    blocks.append(ActionsBlock(elements=buttons))
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text=f"Updated {slack_date(now, '{date_short} {time}', 'now')}")])
    )
    return blocks


def roadmap_text(network: Network) -> str:
    return f"Roadmap of {fit(network.name, 200)}"


def collab_request_blocks(collaboration: Collaboration, *, network: Network) -> list[Block]:
    """The DM asking a named member to confirm a collaboration, with one-click answers."""
    outside = ", ".join(fit(n, 100) for n in collaboration.outside.split("\n") if n)
    lines = [
        f"<@{collaboration.logged_by}> logged a collaboration with you in *{fit(network.name, 200)}*:",
        f"*{COLLAB_KINDS.get(collaboration.kind, collaboration.kind)}* on {collaboration.happened_on.isoformat()}",
        f"> {fit(collaboration.description, 1000)}",
    ]
    if outside:
        lines.append(f"Also with: {outside}")
    value = CollabButton(collaboration.id).to_value()
    return [
        SectionBlock(text="\n".join(lines)),
        ActionsBlock(
            elements=[
                ButtonElement(text="Confirm", action_id=ProgressAction.CONFIRM_COLLAB, value=value, style="primary"),
                ButtonElement(text="Decline", action_id=ProgressAction.DECLINE_COLLAB, value=value),
            ]
        ),
    ]


def collab_request_text(collaboration: Collaboration) -> str:
    return f"<@{collaboration.logged_by}> logged a collaboration with you. Please confirm or decline."


def collab_answered_blocks(collaboration: Collaboration, *, network: Network, confirmed: bool) -> list[Block]:
    """The DM once answered: the buttons replaced by the answer."""
    first = collab_request_blocks(collaboration, network=network)[0]
    said = "You confirmed this collaboration." if confirmed else "You declined this collaboration."
    return [first, ContextBlock(elements=[MarkdownTextObject(text=said)])]
