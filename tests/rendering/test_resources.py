"""Result and digest messages stay valid Block Kit whatever members typed."""

from __future__ import annotations

from datetime import UTC, datetime

from rendering.resources import digest_blocks, resource_text, results_blocks
from storage.models import Resource, ResourceKind
from tests.slackstub.validation import validate_blocks

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def _resource(i: int, **fields: object) -> Resource:
    values: dict[str, object] = {
        "id": i,
        "network_id": 1,
        "title": f"Title {i}",
        "url": f"https://example.org/{i}",
        "normalized_url": "",
        "description": "",
        "states": "MS AL",
        "topics": "Child care",
        "tags": "",
        "kind": ResourceKind.TOOLKIT,
        "shared_by": "UMARIA",
        "helpful_votes": 0,
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(fields)
    return Resource(**values)


def test_hostile_titles_cannot_break_the_link_or_mention_anyone() -> None:
    text = resource_text(_resource(1, title="A|B <!channel> & co", url="https://example.org/a|b>c"))
    assert text.startswith("*<https://example.org/a%7Cb%3Ec|A/B &lt;!channel&gt; &amp; co> (example.org)*")


def test_a_full_page_of_long_entries_is_valid() -> None:
    page = [
        _resource(i, title="T" * 200, description="D" * 1000, tags="\n".join(["x" * 50] * 10), helpful_votes=3)
        for i in range(5)
    ]
    blocks = results_blocks(heading="*Results*", resources=page, offset=0, more_value='{"o": 5}', manageable={1, 2})
    assert validate_blocks([b.to_dict() for b in blocks]) == []


def test_a_big_week_still_fits_in_one_digest() -> None:
    groups = [(f"Topic {t}", [_resource(t * 100 + i, title="T" * 200) for i in range(60)]) for t in range(10)]
    blocks = [b.to_dict() for b in digest_blocks(groups=groups, week_start=NOW)]
    assert validate_blocks(blocks) == [] and len(blocks) <= 50
    assert "more lines" in str(blocks[-2])
