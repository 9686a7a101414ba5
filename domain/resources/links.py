"""Links: which are acceptable, when two are the same, and finding the first one in a Slack message."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

URL_MAX = 2000

# Query parameters that only say where a click came from; two links differing only in these are the same.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "ref_src",
    }
)
DEFAULT_PORTS = {"http": 80, "https": 443}

SLACK_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>", re.IGNORECASE)
BARE_LINK = re.compile(r"https?://[^\s<>|]+", re.IGNORECASE)
SLACK_MARKUP = re.compile(r"<([@#!])([^|>]*)(?:\|([^>]*))?>")


def is_web_link(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)


def normalize_url(url: str) -> str:
    """The form under which a link is stored once: https for http and https alike, lower-case host, no
    default port, no fragment, no trailing slash, no tracking parameters, other parameters in their order.

    http:// and https:// of one address are the same resource (sites redirect one to the other), so the
    key always says https; the entry keeps the link as it was first shared, for display.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    scheme = "https" if scheme == "http" else scheme
    path = parts.path.rstrip("/")
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
        ]
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def link_domain(url: str) -> str:
    """Where a link really goes, to show beside its title: the host without "www.", in ASCII.

    Internationalised names are shown in their ASCII (punycode) form, so a look-alike letter in a
    host can't pass for the real thing; a user name before "@" is not the host and isn't shown.
    """
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host.encode("ascii", "backslashreplace").decode("ascii")


def first_link(text: str) -> tuple[str, str | None] | None:
    """The first web link in a Slack message and its label, if it has one."""
    marked = SLACK_LINK.search(text)
    bare = BARE_LINK.search(SLACK_LINK.sub(" ", text))
    # Slack escapes "&" in message text, links included.
    if marked is not None:
        return marked.group(1).replace("&amp;", "&"), (marked.group(2) or None)
    if bare is not None:
        return bare.group(0).rstrip(".,;:!?)").replace("&amp;", "&"), None
    return None


def plain_text(text: str) -> str:
    """A Slack message as readable text: links become their label (or address), mentions their name."""

    def link(match: re.Match[str]) -> str:
        return match.group(2) or match.group(1)

    def markup(match: re.Match[str]) -> str:
        sigil, target, label = match.groups()
        name = label or target
        return f"{sigil}{name}" if sigil in "@#" else name

    text = SLACK_LINK.sub(link, text)
    text = SLACK_MARKUP.sub(markup, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()
