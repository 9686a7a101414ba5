"""What makes a resource form valid, field by field."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.resources.library import ResourceDraft, split_labels


def _errors(draft: ResourceDraft, known_topics: set[str] | None = None) -> set[str]:
    try:
        draft.cleaned().validate(known_topics=known_topics)
    except InvalidInput as exc:
        return set(exc.errors)
    return set()


GOOD = ResourceDraft(title="Toolkit", url="https://example.org", kind="toolkit")


def test_a_minimal_resource_is_valid() -> None:
    assert _errors(GOOD) == set()


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (ResourceDraft(title="   ", url="https://example.org", kind="toolkit"), "title"),
        (ResourceDraft(title="T" * 201, url="https://example.org", kind="toolkit"), "title"),
        (ResourceDraft(title="T", url="mailto:a@b.org", kind="toolkit"), "url"),
        (ResourceDraft(title="T", url="https://example.org", description="d" * 1001, kind="toolkit"), "description"),
        (ResourceDraft(title="T", url="https://example.org", states=("MS", "XX"), kind="toolkit"), "states"),
        (
            ResourceDraft(title="T", url="https://example.org", tags=tuple(f"t{i}" for i in range(11)), kind="data"),
            "tags",
        ),
        (ResourceDraft(title="T", url="https://example.org", kind="podcast"), "kind"),
        (ResourceDraft(title="T", url="https://example.org"), "kind"),
    ],
)
def test_each_bad_field_is_named(draft: ResourceDraft, field: str) -> None:
    assert _errors(draft) == {field}


def test_a_description_of_exactly_1000_characters_is_fine() -> None:
    assert _errors(ResourceDraft(title="T", url="https://example.org", description="d" * 1000, kind="data")) == set()


def test_topics_must_be_on_the_networks_list() -> None:
    draft = ResourceDraft(title="T", url="https://example.org", topics=("Child care",), kind="data")
    assert _errors(draft, known_topics={"child care"}) == set()
    assert _errors(draft, known_topics={"housing"}) == {"topics"}


def test_tags_are_split_trimmed_and_deduplicated_ignoring_case() -> None:
    assert split_labels(" rural,  Medicaid ; rural\nRURAL, ,tribal ") == ("rural", "Medicaid", "tribal")
