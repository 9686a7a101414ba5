"""The one escape for typed text, capping by rendered length, and links that show where they go."""

from __future__ import annotations

from rendering.text import domain_of, escape, fit, link, plain, truncate


def test_escape_turns_slack_control_characters_into_entities_and_keeps_typed_entities_visible() -> None:
    typed = "<!here> <@U123> <#C123> <https://evil.example/a|CDC> &lt; Tom & Jerry :tada: 🎉"
    assert escape(typed) == (
        "&lt;!here&gt; &lt;@U123&gt; &lt;#C123&gt; &lt;https://evil.example/a|CDC&gt; "
        "&amp;lt; Tom &amp; Jerry :tada: 🎉"
    )


def test_escape_leaves_mrkdwn_styling_but_no_way_to_form_a_link() -> None:
    assert escape("*bold* _it_ <https://evil.example|*CDC*>") == "*bold* _it_ &lt;https://evil.example|*CDC*&gt;"


def test_fit_caps_by_rendered_length_and_never_splits_an_entity() -> None:
    typed = "&" * 100
    for limit in range(1, 60):
        shown = fit(typed, limit)
        assert len(shown) <= limit
        assert shown.rstrip("…").replace("&amp;", "") == ""
    assert fit("short & sweet", 100) == "short &amp; sweet"


def test_fit_of_emoji_and_long_text_stays_within_the_limit() -> None:
    shown = fit("🎉" * 5000, 3000)
    assert len(shown) == 3000 and shown.endswith("…")


def test_truncate_never_leaves_half_an_entity_or_half_a_mention() -> None:
    assert truncate("abc &amp; def", 7) == "abc …"
    assert truncate("hi <@U12345> there", 8) == "hi …"
    assert truncate("fits", 4) == "fits"


def test_plain_text_is_only_capped_because_slack_shows_it_as_typed() -> None:
    assert plain("<!here> & co", 50) == "<!here> & co"
    assert len(plain("x" * 200, 150)) == 150


def test_domain_of_shows_the_real_host() -> None:
    assert domain_of("https://www.cdc.gov/toolkit?a=1") == "cdc.gov"
    assert domain_of("https://Files.Example.org:8443/x") == "files.example.org"
    assert domain_of("https://bücher.example/x") == "xn--bcher-kva.example"
    assert domain_of("not a url") == "link"


def test_link_shows_the_domain_beside_a_title_so_the_title_cannot_disguise_it() -> None:
    shown = link("https://evil.example/a?x=1&y=2|z>", "CDC toolkit <!here>")
    assert shown == "<https://evil.example/a?x=1&amp;y=2%7Cz%3E|CDC toolkit &lt;!here&gt;> (evil.example)"


def test_a_link_too_long_to_fit_shows_its_title_and_domain_without_the_link() -> None:
    shown = link("https://example.org/" + "a" * 3000, "Guide", url_limit=1500)
    assert shown == "Guide (example.org)"


def test_fit_lines_keeps_whole_lines_and_says_how_many_more() -> None:
    from rendering.text import fit_lines

    lines = [f"• <https://example.org/{n}/{'x' * 700}|Resource {n}> (example.org)" for n in range(10)]
    text = fit_lines(lines)
    assert len(text) <= 3000
    assert text.endswith("more_") and "…and 7 more" in text
    assert text.count("<") == text.count(">") == 3  # no link cut in half


def test_fit_lines_cuts_one_long_line_outside_its_tokens() -> None:
    from rendering.text import fit_lines

    line = "x" * 2990 + " <!date^1767625200^{date_short}|2026-01-05>"
    text = fit_lines([line])
    assert len(text) <= 3000 and "<!date" not in text and text.endswith("…")
