"""What a member wants to learn about, read from the free text of their profile as comparable topics."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[,;\n/•·|]+|\band\b|\s&\s")
_WORD = re.compile(r"[a-z0-9]+")
# Words too common to say two people share an interest.
_WORDS = (
    "about also among and best better between build building from have how into more most other our over "
    "their them they this those through what when where which with within work working would learn learning "
    "want wants state states agency agencies peer peers program programs"
)
_STOPWORDS = frozenset(_WORDS.split(" "))


def topics(text: str | None) -> dict[str, str]:
    """Normalised topic -> the words as typed: "Child care subsidies, workforce" -> two topics."""
    found: dict[str, str] = {}
    for piece in _SEPARATORS.split(text or ""):
        shown = " ".join(piece.split()).strip(" .:-")
        key = " ".join(_WORD.findall(shown.lower()))
        if key and len(key) <= 80:
            found.setdefault(key, shown)
    return found


def keywords(topic_keys: frozenset[str] | set[str]) -> frozenset[str]:
    """Significant single words of the topics (for "housing" matching "affordable housing")."""
    return frozenset(w for key in topic_keys for w in key.split() if len(w) >= 4 and w not in _STOPWORDS)
