"""The introduction a group reads and the answers to its buttons: within Block Kit limits, typed text escaped."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from rendering.intros.ids import IntroAction, IntroBlock
from rendering.intros.messages import IntroPerson, first_question, follow_up, introduction, nudge, outcome_recorded
from rendering.intros.payloads import IntroGroupButton
from tests.slackstub import validate_blocks
from tests.support.typed_text import LEAKS, hostile

ENDS = datetime(2026, 1, 20, 16, 0, tzinfo=UTC)
SECTION_MAX = 3000


def _person(user_id: str, *, length: int) -> IntroPerson:
    return IntroPerson(user_id, "VT", hostile(length), hostile(length), hostile(length))


def _texts(blocks: list[dict[str, object]]) -> list[str]:
    return [str(b["text"]["text"]) for b in blocks if isinstance(b.get("text"), dict)]  # type: ignore[index]


def _assert_safe(text: str, blocks: list[dict[str, object]]) -> None:
    assert validate_blocks(blocks) == []
    for shown in [text, *_texts(blocks)]:
        assert len(shown) <= SECTION_MAX
        leaked = [leak for leak in LEAKS if leak in shown]
        assert not leaked, (leaked, shown[:200])


def test_introduction_of_three_with_hostile_long_profiles_fits_and_escapes_everything() -> None:
    people = [_person(u, length=5000) for u in ("UANA", "UBEN", "UCAL")]
    question = first_question(shared=[hostile(4000)], suggestion=None, resource_title=None)
    text, blocks = introduction(
        group_id=42,
        round_number=7,
        network_name=hostile(4000),
        people=people,
        reason=hostile(5000),
        first_question=question,
        prompt=hostile(5000),
        ends_at=ENDS,
    )
    _assert_safe(text, blocks)
    shown = json.dumps(blocks)
    assert "&lt;!here&gt;" in shown and all(f"<@{p.user_id}>" in shown for p in people)
    [buttons] = [b for b in blocks if b.get("block_id") == IntroBlock.OUTCOME]
    assert [e["action_id"] for e in buttons["elements"]] == [IntroAction.MET, IntroAction.SCHEDULING, IntroAction.SKIP]  # type: ignore[index]
    assert {IntroGroupButton.from_value(e["value"]).id for e in buttons["elements"]} == {42}  # type: ignore[index]


def test_introduction_of_people_with_no_profile_says_so() -> None:
    people = [IntroPerson("UANA", None, None, None, None), IntroPerson("UBEN", None, None, None, None)]
    question = first_question(shared=[], suggestion=None, resource_title=None)
    text, blocks = introduction(
        group_id=1,
        round_number=1,
        network_name="Equity Learning",
        people=people,
        reason="Vermont and Maine",
        first_question=question,
        prompt=None,
        ends_at=ENDS,
    )
    _assert_safe(text, blocks)
    assert json.dumps(blocks).count("no profile yet") == 2
    assert "From your facilitators" not in json.dumps(blocks)


def test_first_questions_from_a_suggestion_or_a_resource_are_escaped() -> None:
    for question in (
        first_question(shared=[], suggestion=hostile(3000), resource_title=None),
        first_question(shared=[], suggestion=None, resource_title=hostile(3000)),
    ):
        text, blocks = introduction(
            group_id=1,
            round_number=1,
            network_name="N",
            people=[_person("UANA", length=10)],
            reason="r",
            first_question=question,
            prompt=None,
            ends_at=ENDS,
        )
        _assert_safe(text, blocks)


def test_nudge_and_follow_up_carry_the_groups_buttons() -> None:
    for text, blocks in (nudge(group_id=9, ends_at=ENDS), follow_up(group_id=9)):
        _assert_safe(text, blocks)
        assert any(b.get("block_id") == IntroBlock.OUTCOME for b in blocks)


def test_only_we_met_offers_log_a_collaboration_for_the_group() -> None:
    members = [f"U{n:03d}" for n in range(30)]
    text, blocks = outcome_recorded(user_id="U000", outcome="met", members=members, group_id=5)
    _assert_safe(text, blocks)
    [log] = [b for b in blocks if b.get("block_id") == IntroBlock.LOG_COLLAB]
    [element] = log["elements"]  # type: ignore[misc]
    assert element["action_id"] == IntroAction.LOG_COLLAB
    assert IntroGroupButton.from_value(element["value"]).id == 5
    for outcome in ("scheduling", "skipped"):
        _text, other = outcome_recorded(user_id="U000", outcome=outcome, members=members, group_id=5)
        assert not [b for b in other if b.get("block_id") == IntroBlock.LOG_COLLAB]
