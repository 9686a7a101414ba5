"""Search text: words and `key:value` filters, and a short lesson when a filter is malformed."""

from __future__ import annotations

import pytest

from domain.resources.query import BadQuery, parse_search


def test_words_and_every_kind_of_filter() -> None:
    request = parse_search('home visiting state:ms state:"New York" topic:"child care" kind:Toolkit from:<@UDEV|dev>')
    assert request.terms == ["home", "visiting"]
    assert request.states == ["MS", "NY"]
    assert request.topics == ["child care"]
    assert request.kinds == ["toolkit"]
    assert request.users == ["UDEV"]


def test_words_are_split_like_the_index_splits_them() -> None:
    assert parse_search("Child-care, COVID19 & café!").terms == ["child", "care", "covid19", "café"]


def test_a_link_is_searched_for_not_read_as_a_filter() -> None:
    assert parse_search("https://example.org/x").terms == ["https", "example", "org", "x"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("note: child", ["note", "child"]),
        ("colour:blue", ["colour", "blue"]),
        ('re:"home visits"', ["re", "home", "visits"]),
    ],
)
def test_an_unknown_word_with_a_colon_is_searched_as_words(text: str, terms: list[str]) -> None:
    assert parse_search(text).terms == terms


@pytest.mark.parametrize("text", ["!!!", "😀 🎉", "— … ?", '"" ::', "*_~"])
def test_nothing_but_punctuation_or_emoji_is_nothing_to_search_for(text: str) -> None:
    with pytest.raises(BadQuery) as caught:
        parse_search(text)
    assert "nothing to search for" in caught.value.message and "state:MS" in caught.value.message


def test_from_a_name_is_resolved_later() -> None:
    assert parse_search("from:@Maria").user_names == ["maria"]


@pytest.mark.parametrize(
    "text", ["kind:podcast", "state:Atlantis", 'topic:"open', "from:maria", "topic:", "state: MS", "x" * 501]
)
def test_malformed_searches_explain_the_syntax(text: str) -> None:
    with pytest.raises(BadQuery) as caught:
        parse_search(text)
    assert "state:MS" in caught.value.message
