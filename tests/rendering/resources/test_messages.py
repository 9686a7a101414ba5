"""Result and digest messages stay valid Block Kit whatever members typed."""

from __future__ import annotations

from datetime import UTC, datetime

from rendering.resources.messages import announcement_blocks, digest_blocks, more_value, resource_text, results_blocks
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
    assert text.startswith("*<https://example.org/a%7Cb%3Ec|A/B &lt;!channel&gt; &amp; co>* (example.org)")


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


def _worst(i: int) -> Resource:
    """An entry with every stored field at its limit, in the characters that grow most when escaped or linked."""
    return _resource(
        i,
        title="&" * 200,
        url="https://" + "|" * 1990,
        description="<" * 1000,
        states=" ".join(["MP", "VI", "DC"] * 22),
        topics="\n".join(["&" * 100] * 10),
        tags="\n".join(["<" * 50] * 10),
        helpful_votes=10**9,
        shared_by="U" + "X" * 31,
    )


def test_one_entry_at_every_limit_cannot_break_a_page_a_share_or_a_digest() -> None:
    page = [_worst(1), _resource(2), _worst(3), _resource(4), _worst(5)]
    blocks = results_blocks(heading="*Results*", resources=page, offset=0, more_value='{"o": 5}', manageable={1, 3})
    assert validate_blocks([b.to_dict() for b in blocks]) == []
    assert all(len(resource_text(r)) <= 3000 for r in page)
    share = announcement_blocks(_worst(1), user_id="UMARIA", headline="recommends")
    assert validate_blocks([b.to_dict() for b in share]) == []
    digest = [b.to_dict() for b in digest_blocks(groups=[("&" * 100, [_worst(i) for i in range(40)])], week_start=NOW)]
    assert validate_blocks(digest) == []


def test_a_search_too_long_for_a_button_gets_no_more_button_but_a_hint() -> None:
    assert more_value(network_id=1, mode="search", text="😀" * 500, offset=5) is None
    value = more_value(network_id=1, mode="search", text="toolkit 😀", offset=5)
    assert value is not None and "😀" in value
    blocks = results_blocks(
        heading="*Results*", resources=[_resource(1)], offset=0, more_value=None, manageable=(), more_hidden=True
    )
    assert "add a word or a filter" in str(blocks[-1].to_dict())
