"""Hostile strings people might type, and a scan of everything peerbot sent the Slack stand-in for their leaks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from tests.slackstub import SlackStub

# Each piece would ping, link or disguise if it reached Slack unescaped; "HOSTILE" and evil.example mark them.
HOSTILE = "<!here> <!channel> <@UHOSTILE> <#CHOSTILE> *Budget* <https://evil.example/a|CDC> &lt;b&gt; & :tada: 🎉"
_FILLER = " <!here>&<@UHOSTILE>"
# Left unescaped, these are the typed pieces above doing what Slack's markup makes them do.
LEAKS = ("<!here", "<!channel", "<@UHOSTILE", "<#CHOSTILE", "<https://evil.example", "&lt;b&gt;")
_TOKEN = re.compile(r"<([^<>]*)>")
_RAW_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")
# The only markup peerbot writes itself: people, channels, dates and links it builds from stored URLs.
_OWN_TOKEN = re.compile(r"(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|!date\^[0-9]+\^[^|]*|https?://[^|]+)(?:\|[^<>]*)?")
# Strings under these keys are parsed by Slack (mrkdwn or message text) unless their object says plain_text.
_PARSED_KEYS = {"text", "initial_comment"}
_JSON_KEYS = {"blocks", "view", "attachments"}


def hostile(length: int) -> str:
    """A hostile string of exactly ``length`` characters (short ones are a prefix of ``HOSTILE``)."""
    text = HOSTILE
    while len(text) < length:
        text += _FILLER
    return text[:length]


def parsed_strings(stub: SlackStub, answers: Sequence[Any] = ()) -> Iterator[tuple[str, str]]:
    """(where, text) for every string Slack would parse for markup: in every Web API call, every response_url
    post, and every HTTP answer to Slack (``answers``: acknowledgements with text, modal updates, errors)."""
    for number, call in enumerate(stub.calls):
        yield from _walk(call.args, f"{call.method}#{number}")
    for number, response in enumerate(stub.responses):
        yield from _walk(response["body"], f"response_url#{number}")
    for number, answer in enumerate(answers):
        if answer.body:
            try:
                body = json.loads(answer.body)
            except ValueError:
                body = {"text": answer.body.decode()}  # a plain-text acknowledgement is shown as message text
            yield from _walk(body, f"http_answer#{number}")


def _walk(value: Any, where: str, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str) and key in _JSON_KEYS:
        try:
            value = json.loads(value)
        except ValueError:
            return
    if isinstance(value, dict):
        if value.get("type") == "plain_text":
            return  # shown exactly as typed: no markup, so nothing to escape (the stand-in checks its length)
        for child_key, child in value.items():
            yield from _walk(child, f"{where}/{child_key}", str(child_key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, f"{where}/{index}", key)
    elif isinstance(value, str) and key in _PARSED_KEYS:
        yield where, value


def leaks(stub: SlackStub, answers: Sequence[Any] = ()) -> list[str]:
    """Every place where typed text reached Slack as markup: a mention, a link, a raw ``&``."""
    found = []
    for where, text in parsed_strings(stub, answers):
        problems = [leak for leak in LEAKS if leak in text]
        problems += [f"<{token}>" for token in _TOKEN.findall(text) if not _OWN_TOKEN.fullmatch(token)]
        problems += ["raw &"] if _RAW_AMPERSAND.search(text) else []
        problems += [f"link to <{token}>" for token in _TOKEN.findall(text) if "evil.example" in token.split("|")[0]]
        if problems:
            found.append(f"{where}: {sorted(set(problems))} in {text[:300]!r}")
    return found


def shown_escaped(stub: SlackStub, answers: Sequence[Any] = ()) -> int:
    """How many parsed strings carry typed hostile text, escaped (proof the scan saw the surfaces)."""
    return sum(1 for _where, text in parsed_strings(stub, answers) if "&lt;!here&gt;" in text)
