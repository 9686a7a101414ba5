"""`/peerbot intros`: facilitators set introductions up and see who is in and how rounds went; members opt in or out."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.errors import InvalidInput, NotOnRoster, PeerbotError
from domain.intros import participation
from domain.intros.figures import intro_figures
from domain.intros.schedule import next_round
from domain.intros.settings import IntroChoices, choices_of, describe, save_choices
from domain.network import roles
from domain.network.profiles import STATES
from domain.network.setup import network_for_request
from handlers.kit import forms
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update, value
from rendering.common import notice_modal
from rendering.intros.ids import IntroAction, IntroBlock
from rendering.intros.payloads import IntrosForm
from rendering.intros.settings import RULES, report_blocks, settings_modal, who_is_in_blocks
from rendering.text import escape, slack_date
from storage import intros as intro_store
from storage import network as network_store
from storage.changes import Change, record

FIELDS = {
    "enabled": IntroBlock.ENABLED,
    "every_weeks": IntroBlock.EVERY_WEEKS,
    "weekday": IntroBlock.WEEKDAY,
    "time_of_day": IntroBlock.TIME,
    "group_size": IntroBlock.GROUP_SIZE,
    "avoid_repeat_rounds": IntroBlock.REPEATS,
    "prompt": IntroBlock.PROMPT,
}
MEMBER_WORDS = ("off", "on", "skip", "pause")
NOT_ON_ROSTER = "You're not on the roster of *{name}*: join <#{channel}> to be introduced."


def intros(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    """`/peerbot intros` (settings or your status), `off|on|skip|pause until DATE`, `who`, `report`."""
    word = args[0].lower() if args else ""
    user_id = command["user_id"]
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=user_id
        )
        today = deps.now().astimezone(ZoneInfo(network.timezone)).date()
        facilitates = roles.is_facilitator(session, network=network, user_id=user_id)
        if word in MEMBER_WORDS:
            member = network_store.get_member(session, network_id=network.id, user_id=user_id)
            if member is None or not member.in_channel:
                raise NotOnRoster(
                    NOT_ON_ROSTER.format(name=escape(network.name), channel=network.home_channel_id),
                    network_id=network.id,
                    user_id=user_id,
                )
            text = participation.change(
                session, network_id=network.id, user_id=user_id, word=word, args=args[1:], today=today, now=deps.now()
            )
            record(session, Change.user_home(command["team_id"], user_id))
            respond(text=text, response_type="ephemeral")
            return
        if word in ("who", "report"):
            roles.require_facilitator(session, network=network, user_id=user_id, doing="see introductions")
            if word == "report":
                blocks = report_blocks(
                    network=network,
                    figures=intro_figures(session, network_id=network.id, now=deps.now()),
                    state_names=STATES,
                )
            else:
                roster = network_store.roster(session, network_id=network.id)
                found = participation.standing(
                    [(m.user_id, m.display_name) for m in roster],
                    intro_store.participants(session, network_id=network.id),
                    on=today,
                )
                settings = intro_store.get_settings(session, network_id=network.id)
                state = describe(settings) if settings is not None and settings.enabled else "off"
                blocks = who_is_in_blocks(network=network, standing=found, state=state)
            respond(blocks=[b.to_dict() for b in blocks], text="Peer introductions", response_type="ephemeral")
            return
        if word and word != "settings":
            raise PeerbotError(participation.USAGE)
        if not facilitates:
            mine = intro_store.participants(session, network_id=network.id).get(user_id)
            respond(text=f"{participation.status(mine, today=today)}\n{participation.USAGE}", response_type="ephemeral")
            return
        view = settings_modal(
            network=network, choices=choices_of(intro_store.get_settings(session, network_id=network.id))
        )
    client.views_open(trigger_id=command["trigger_id"], view=view)


def _choices(view: dict[str, Any]) -> IntroChoices:
    def field(block: IntroBlock) -> str:
        return value(view, block, IntroAction.INPUT) or ""

    state = forms.state(view, IntroBlock.RULES, IntroAction.INPUT)
    rules = {str(o.get("value")) for o in state.get("selected_options") or []} & set(RULES)
    return IntroChoices(
        enabled=field(IntroBlock.ENABLED) == "on",
        every_weeks=field(IntroBlock.EVERY_WEEKS),
        weekday=field(IntroBlock.WEEKDAY),
        time_of_day=field(IntroBlock.TIME),
        group_size=field(IntroBlock.GROUP_SIZE),
        cross_state="cross_state" in rules,
        cross_agency="cross_agency" in rules,
        shared_interests="shared_interests" in rules,
        avoid_repeat_rounds=field(IntroBlock.REPEATS),
        prompt=field(IntroBlock.PROMPT) or None,
    )


def submit_settings(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    choices = _choices(view)
    try:
        choices.validate()
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELDS)
        return
    network_id = IntrosForm.from_value(view.get("private_metadata")).network_id
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    with deps.session_factory.begin() as session:
        network = roles.network_for(
            session,
            network_id=network_id,
            team_id=team_id,
            user_id=user_id,
            facilitator_doing="set up peer introductions",
        )
        settings = save_choices(session, network=network, choices=choices, by_user=user_id, now=deps.now())
        if settings.enabled:
            first = next_round(settings, timezone=network.timezone, now=deps.now())
            when = slack_date(first, "{date_long} at {time}", f"{first:%Y-%m-%d %H:%M} UTC")
            text = (
                f"Peer introductions are *on* for *{escape(network.name)}*: {describe(settings)} "
                f"({network.timezone}). The next round starts {when}."
            )
        else:
            text = f"Peer introductions are *off* for *{escape(network.name)}*. Nothing more will be sent."
    ack_update(ack, notice_modal("Peer introductions", text))
