"""Profile and network settings validation, and time-zone search."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.network.people import Person
from domain.network.profiles import STATES, Profile
from domain.network.setup import NetworkSettings, search_timezones


def test_profile_is_trimmed_and_blank_fields_become_empty() -> None:
    profile = Profile(state="MS", agency="  DHS ", role_title="   ", learning_interests=None).cleaned()
    assert profile == Profile("MS", "DHS", None, None)


def test_profile_refuses_unknown_states_and_overlong_text() -> None:
    with pytest.raises(InvalidInput) as raised:
        Profile(state="ZZ", agency="a" * 201, role_title=None, learning_interests="b" * 1001).validate()
    assert set(raised.value.errors) == {"state", "agency", "learning_interests"}


def test_states_cover_every_state_dc_and_the_territories() -> None:
    assert len(STATES) == 56 and STATES["DC"] == "District of Columbia" and STATES["PR"] == "Puerto Rico"


def test_network_settings_need_a_name_and_a_real_zone() -> None:
    with pytest.raises(InvalidInput) as raised:
        NetworkSettings(name=" ", timezone="EST5EDT-ish").validate()
    assert set(raised.value.errors) == {"name", "timezone"}
    NetworkSettings(name="Southeast", timezone="America/Puerto_Rico").validate()


def test_time_zone_search_matches_words_in_any_order() -> None:
    assert search_timezones("new york") == ["America/New_York"]
    assert "America/Indiana/Indianapolis" in search_timezones("indiana")
    assert search_timezones("nowhere at all") == []


def test_bots_deactivated_accounts_and_peerbot_itself_are_never_members() -> None:
    assert Person("U1", "A", None).can_be_member(bot_user_id="UBOT")
    assert not Person("UBOT", "peerbot", None).can_be_member(bot_user_id="UBOT")
    assert not Person("U2", "B", None, is_bot=True).can_be_member(bot_user_id="UBOT")
    assert not Person("U3", "C", None, deleted=True).can_be_member(bot_user_id="UBOT")
    assert not Person("USLACKBOT", "Slackbot", None).can_be_member(bot_user_id="UBOT")
