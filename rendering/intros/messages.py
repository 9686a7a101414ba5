"""What a group sees: its introduction, the halfway nudge and the end-of-round follow-up; answers to its buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from domain.network.profiles import state_name
from rendering.intros.ids import IntroAction, IntroBlock
from rendering.intros.payloads import IntroGroupButton
from rendering.text import fit, slack_date, truncate

TEXT_MAX = 3000


@dataclass(frozen=True)
class IntroPerson:
    user_id: str
    state: str | None
    agency: str | None
    role_title: str | None
    interests: str | None


def _profile(person: IntroPerson) -> str:
    where = ", ".join(fit(part, 120) for part in (person.role_title, person.agency, state_name(person.state)) if part)
    line = f"• <@{person.user_id}>" + (f" — {where}" if where else " — no profile yet")
    if person.interests:
        line += f"\n   _wants to learn about:_ {fit(person.interests, 300)}"
    return line


def _buttons(group_id: int) -> ActionsBlock:
    value = IntroGroupButton(group_id).to_value()
    return ActionsBlock(
        block_id=IntroBlock.OUTCOME,
        elements=[
            ButtonElement(text="We met", action_id=IntroAction.MET, value=value, style="primary"),
            ButtonElement(text="We're scheduling", action_id=IntroAction.SCHEDULING, value=value),
            ButtonElement(text="Skip this time", action_id=IntroAction.SKIP, value=value),
        ],
    )


def introduction(
    *,
    group_id: int,
    round_number: int,
    network_name: str,
    people: Sequence[IntroPerson],
    reason: str,
    first_question: str,
    prompt: str | None,
    ends_at: datetime,
) -> tuple[str, list[dict[str, object]]]:
    mentions = ", ".join(f"<@{p.user_id}>" for p in people)
    text = f"Meet each other: {mentions} — a peer introduction from {fit(network_name, 80)}"
    blocks: list[Block] = [
        SectionBlock(
            text=f":wave: *Meet each other!* peerbot is introducing {mentions}, from *{fit(network_name, 200)}*."
        ),
        SectionBlock(text=truncate("\n".join(_profile(p) for p in people), TEXT_MAX)),
        SectionBlock(text=f"*What you share:* {fit(reason, 1000)}"),
        SectionBlock(text=f"*A first question:* {fit(first_question, 1000)}"),
    ]
    if prompt:
        blocks.append(SectionBlock(text=f"*From your facilitators:* {fit(prompt, 1000)}"))
    blocks.append(_buttons(group_id))
    ends = slack_date(ends_at, "{date_short}", f"{ends_at:%Y-%m-%d}")
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(text=f"Round {round_number} · find a time before {ends} and tell me how it went.")
            ]
        )
    )
    return text, [b.to_dict() for b in blocks]


def nudge(*, group_id: int, ends_at: datetime) -> tuple[str, list[dict[str, object]]]:
    ends = slack_date(ends_at, "{date_short}", f"{ends_at:%Y-%m-%d}")
    text = f"Halfway through this round: have you found a time to talk? The round ends {ends}."
    return text, [SectionBlock(text=text).to_dict(), _buttons(group_id).to_dict()]


def follow_up(*, group_id: int) -> tuple[str, list[dict[str, object]]]:
    text = "This round of introductions has ended. Did you get to meet? One click tells your facilitators."
    return text, [SectionBlock(text=text).to_dict(), _buttons(group_id).to_dict()]


def outcome_recorded(
    *, user_id: str, outcome: str, members: Sequence[str], group_id: int
) -> tuple[str, list[dict[str, object]]]:
    """What the group reads after someone answers; after "We met", a button to log it as a collaboration."""
    said = {
        "met": "said you met — wonderful! Thank you for telling us",
        "scheduling": "said you're scheduling a time — thanks, I won't nudge you again this round",
        "skipped": "said you'll skip this time — no problem, see you next round",
    }[outcome]
    text = f"<@{user_id}> {said}."
    blocks: list[Block] = [SectionBlock(text=text)]
    if outcome == "met":
        shown = ", ".join(f"<@{m}>" for m in members[:10])
        blocks += [
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"Working on something together? Log it and it counts in the network's figures "
                        f"once confirmed ({shown} already filled in)."
                    )
                ]
            ),
            ActionsBlock(
                block_id=IntroBlock.LOG_COLLAB,
                elements=[
                    ButtonElement(
                        text="Log a collaboration",
                        action_id=IntroAction.LOG_COLLAB,
                        value=IntroGroupButton(group_id).to_value(),
                    )
                ],
            ),
        ]
    return text, [b.to_dict() for b in blocks]


def first_question(*, shared: Sequence[str], suggestion: str | None, resource_title: str | None) -> str:
    """From what they share, an open agenda suggestion, or a recent resource; else a question for anyone."""
    if shared:
        return f"What has your state tried on {shared[0]}, and what would you do differently?"
    if suggestion:
        return f"The network's next agenda has an open suggestion, “{suggestion}”. How does it look where you work?"
    if resource_title:
        return f"Someone recently shared “{resource_title}” in the library. Would something like it work in your state?"
    return "What is one thing your agency is working on this season that a peer in another state could help with?"
