"""The member profile modal and the profile summary."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from domain.network.profiles import AGENCY_MAX, INTERESTS_MAX, ROLE_TITLE_MAX, STATES, Profile, state_name
from rendering.network.ids import NetworkAction, NetworkBlock, NetworkCallback
from rendering.network.payloads import ProfileForm
from rendering.text import escape, fit
from storage.models import Network


def _state_option(code: str) -> Option:
    return Option(text=STATES[code], value=code)


def _text_input(
    block_id: str,
    action_id: str,
    label: str,
    value: str | None,
    max_length: int,
    placeholder: str,
    *,
    multiline: bool = False,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        optional=True,
        element=PlainTextInputElement(
            action_id=action_id,
            initial_value=value or None,
            max_length=max_length,
            placeholder=placeholder,
            multiline=multiline,
        ),
    )


def profile_modal(*, network: Network, profile: Profile) -> View:
    return View(
        type="modal",
        callback_id=NetworkCallback.PROFILE,
        title="Your profile",
        submit="Save",
        close="Cancel",
        private_metadata=ProfileForm(network.id).to_value(),
        blocks=[
            SectionBlock(
                text=f"Help peers in *{fit(network.name, 200)}* find you. "
                "Facilitators can see your profile; every field is optional."
            ),
            InputBlock(
                block_id=NetworkBlock.PROFILE_STATE,
                label="State or territory",
                optional=True,
                element=StaticSelectElement(
                    action_id=NetworkAction.PROFILE_STATE,
                    placeholder="Choose one",
                    options=[_state_option(code) for code in sorted(STATES, key=lambda c: STATES[c])],
                    initial_option=_state_option(profile.state) if profile.state in STATES else None,
                ),
            ),
            _text_input(
                NetworkBlock.PROFILE_AGENCY,
                NetworkAction.PROFILE_AGENCY,
                "Agency",
                profile.agency,
                AGENCY_MAX,
                "e.g. Department of Human Services",
            ),
            _text_input(
                NetworkBlock.PROFILE_ROLE_TITLE,
                NetworkAction.PROFILE_ROLE_TITLE,
                "Role title",
                profile.role_title,
                ROLE_TITLE_MAX,
                "e.g. Deputy Director",
            ),
            _text_input(
                NetworkBlock.PROFILE_INTERESTS,
                NetworkAction.PROFILE_INTERESTS,
                "What would you like to learn about?",
                profile.learning_interests,
                INTERESTS_MAX,
                "e.g. community engagement in benefits design",
                multiline=True,
            ),
        ],
    )


def profile_saved_text(*, network: Network, profile: Profile) -> str:
    if profile.is_empty:
        return f"Your profile in *{escape(network.name)}* is now empty."
    return f"Saved your profile in *{escape(network.name)}*:\n{profile_summary(profile)}"


def profile_summary(profile: Profile) -> str:
    parts = [
        ("State or territory", state_name(profile.state)),
        ("Agency", profile.agency),
        ("Role", profile.role_title),
        ("Wants to learn about", profile.learning_interests),
    ]
    lines = [f"*{label}:* {fit(value, 1000)}" for label, value in parts if value]
    return "\n".join(lines) if lines else "_You haven't filled in your profile yet._"
