"""Helpers for pulse scenarios: a network with a roster, the job context, DMs and builder values."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rendering.pulses.ids import PulseAction, PulseBlock
from slackio.client import build_web_client
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.pulses import network_with_members
from workflows.context import RunContext

ROSTER: dict[str, tuple[str | None, str | None]] = {
    "UMARIA": ("TX", "Health"),
    "UDEV": ("TX", "Health"),
    "UGONE": ("OH", "Schools"),  # deactivated in the stand-in: cannot be messaged
}


def set_up_network(session_factory: SessionFactory, clock: FakeClock, roster: dict[str, Any] | None = None) -> int:
    with session_factory.begin() as session:
        return network_with_members(session, now=clock.now(), members=roster or ROSTER).id


def job_context(slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> RunContext:
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    return RunContext(session_factory=session_factory, client=client, clock=clock, bot_user_id=slack.bot_user_id)


def dm(slack: SlackStub, user: str) -> list[dict[str, Any]]:
    return slack.messages.get(slack.dm_channel(user), [])


def button(message: dict[str, Any], action_prefix: str, text: str | None = None) -> dict[str, Any]:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if str(element.get("action_id", "")).startswith(action_prefix) and (
                text is None or element["text"]["text"] == text
            ):
                return dict(element)
    raise AssertionError(f"no {action_prefix} button {text!r} in {json.dumps(message.get('blocks'))[:500]}")


def message_text(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or []) + message.get("text", "")


def field(value: dict[str, Any]) -> dict[str, Any]:
    return {PulseAction.INPUT: value}


def plain(text: str | None) -> dict[str, Any]:
    return field({"type": "plain_text_input", "value": text})


def pick(value: str | None, kind: str = "radio_buttons") -> dict[str, Any]:
    option = None if value is None else {"text": {"type": "plain_text", "text": value}, "value": value}
    return field({"type": kind, "selected_option": option})


def picks(values: list[str], kind: str = "checkboxes") -> dict[str, Any]:
    return field(
        {"type": kind, "selected_options": [{"text": {"type": "plain_text", "text": v}, "value": v} for v in values]}
    )


def when(moment: datetime | None) -> dict[str, Any]:
    return field({"type": "datetimepicker", "selected_date_time": int(moment.timestamp()) if moment else None})


def builder_values(
    *,
    deadline: datetime | None,
    questions: list[tuple[str, str, str]],
    title: str = "Collaboration check-in",
    anonymous: bool = True,
    audience: str = "network",
    opens: datetime | None = None,
    reminders: str = "1",
    recurrence: str = "none",
    states: list[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Builder state: ``questions`` as (text, kind, options one per line)."""
    values: dict[str, dict[str, Any]] = {
        PulseBlock.TITLE: plain(title),
        PulseBlock.INTRO: plain("Two minutes, please."),
        PulseBlock.ANONYMOUS: pick("anonymous" if anonymous else "named"),
        PulseBlock.AUDIENCE: pick(audience),
        PulseBlock.STATES: picks(states or [], kind="multi_static_select"),
        PulseBlock.MEMBERS: field({"type": "multi_users_select", "selected_users": []}),
        PulseBlock.OPENS: when(opens),
        PulseBlock.DEADLINE: when(deadline),
        PulseBlock.VISIBILITY: pick("after_close"),
        PulseBlock.REMINDERS: pick(reminders),
        PulseBlock.RECURRENCE: pick(recurrence),
    }
    for number, (text, kind, options) in enumerate(questions, start=1):
        values[f"{PulseBlock.Q_TEXT}_{number}"] = plain(text)
        values[f"{PulseBlock.Q_KIND}_{number}"] = pick(kind, kind="static_select")
        values[f"{PulseBlock.Q_CHOICES}_{number}"] = plain(options or None)
        values[f"{PulseBlock.Q_LIMIT}_{number}"] = field({"type": "number_input", "value": None})
        values[f"{PulseBlock.Q_OPTIONAL}_{number}"] = picks([])
    return values


def with_count(view: dict[str, Any], count: int) -> dict[str, Any]:
    meta = json.loads(view.get("private_metadata") or "{}")
    return {**view, "private_metadata": json.dumps({**meta, "count": count})}
