"""Roster and text rendering stay within Block Kit's limits however large the network."""

from __future__ import annotations

from datetime import UTC, datetime

from rendering.network.setup import roster_blocks
from rendering.text import escape, sections_from_lines, slack_date
from storage.models import Member, Network, Role
from tests.slackstub import validate_blocks

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
NETWORK = Network(
    id=1,
    team_id="T1",
    name="Net <&>",
    home_channel_id="C1",
    timezone="UTC",
    created_by="U",
    created_at=NOW,
    updated_at=NOW,
)


def _member(i: int) -> Member:
    return Member(
        user_id=f"U{i}",
        display_name=f"Person {i}",
        role=Role.MEMBER,
        in_channel=True,
        state="MS",
        agency="Department of Human Services " * 5,
        role_title="Director",
        learning_interests="x" * 400,
    )


def test_a_huge_roster_fits_one_message_and_says_how_many_are_left_out() -> None:
    blocks = [b.to_dict() for b in roster_blocks(network=NETWORK, members=[_member(i) for i in range(3000)])]

    assert validate_blocks(blocks) == []
    assert len(blocks) <= 50
    assert blocks[-1]["text"]["text"].startswith("_…and ") and "more members_" in blocks[-1]["text"]["text"]


def test_sections_from_lines_counts_the_lines_it_leaves_out() -> None:
    blocks = sections_from_lines((("y" * 1400) for _ in range(10)), max_blocks=3)
    texts = [b.to_dict()["text"]["text"] for b in blocks]
    assert len(texts) == 3 and texts[-1] == "_…and 6 more_"
    assert all(len(t) <= 3000 for t in texts)


def test_user_text_cannot_inject_mentions_or_links() -> None:
    assert escape("<!channel> & <https://x|y>") == "&lt;!channel&gt; &amp; &lt;https://x|y&gt;"
    sneaky = _member(1)
    sneaky.display_name = "<!channel> Mallory"
    section = roster_blocks(network=NETWORK, members=[sneaky])[2].to_dict()
    assert "*&lt;!channel&gt; Mallory*" in section["text"]["text"] and "<!channel>" not in section["text"]["text"]


def test_dates_render_in_each_readers_time_zone_with_a_fallback() -> None:
    assert slack_date(NOW, "{date_short_pretty} at {time}", "Jan 5, 3:00 PM UTC") == (
        "<!date^1767625200^{date_short_pretty} at {time}|Jan 5, 3:00 PM UTC>"
    )
