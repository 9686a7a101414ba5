"""Links: the same resource under different spellings of its address is stored once."""

from __future__ import annotations

import pytest

from domain.resources.links import first_link, is_web_link, normalize_url, plain_text


@pytest.mark.parametrize(
    "variant",
    [
        "https://example.org/guide",
        "HTTPS://Example.ORG/guide/",
        "https://example.org:443/guide",
        "https://example.org/guide#section-2",
        "https://example.org/guide?utm_source=newsletter&utm_medium=email",
        "https://example.org/guide/?fbclid=abc&gclid=def",
        "  https://example.org/guide  ",
        "http://example.org/guide",
        "HTTP://example.org:80/guide/",
    ],
)
def test_spellings_of_one_link_normalise_to_the_same_address(variant: str) -> None:
    assert normalize_url(variant) == "https://example.org/guide"


def test_meaningful_differences_are_kept() -> None:
    assert normalize_url("https://example.org/guide") != normalize_url("https://www.example.org/guide")
    assert normalize_url("https://example.org/guide?id=2") == "https://example.org/guide?id=2"
    assert normalize_url("https://example.org:8443/Guide") == "https://example.org:8443/Guide"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org", True),
        ("http://example.org/a?b=c", True),
        ("ftp://example.org/file", False),
        ("javascript:alert(1)", False),
        ("example.org", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("https://example.org:99999", False),
    ],
)
def test_only_http_and_https_links_are_accepted(url: str, ok: bool) -> None:
    assert is_web_link(url) is ok


def test_first_link_in_a_slack_message_with_its_label() -> None:
    text = "see <https://a.org/x|the guide> and <https://b.org>"
    assert first_link(text) == ("https://a.org/x", "the guide")
    assert first_link("plain https://c.org/y, thanks") == ("https://c.org/y", None)
    assert first_link("no links <mailto:a@b.org|mail>") is None
    assert first_link("<https://a.org/?x=1&amp;y=2>") == ("https://a.org/?x=1&y=2", None)


def test_plain_text_turns_slack_markup_into_readable_words() -> None:
    assert plain_text("Ask <@U1|maria> in <#C1|general> about <https://a.org|this> &amp; more") == (
        "Ask @maria in #general about this & more"
    )
