"""Reading what members type after `/resources`: words to search for and filters like `state:MS`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.markup import escape
from domain.network.profiles import STATES
from domain.resources.library import KINDS
from storage import network as network_store
from storage import resources as resource_store
from storage.models import Network, Resource

PAGE_SIZE = 5
MAX_OFFSET = 1000  # 200 pages; past that, a narrower search serves better than paging
QUERY_MAX = 500
SYNTAX = (
    'Search with words and any of these filters: `state:MS`, `topic:"child care"`, '
    f"`kind:toolkit` (one of {', '.join(KINDS)}), `from:@maria`. "
    "For example: `/resources home visiting state:MS kind:toolkit`."
)
TOKEN = re.compile(r'(?P<key>[A-Za-z]+):(?P<value>"[^"]*"|<[^>]*>|\S*)|(?P<word>"[^"]*"|\S+)')
MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
STATE_NAMES = {name.lower(): code for code, name in STATES.items()}
# Only these are filters; any other `word:` (`note: child`, `https://…`) is something to search for.
FILTERS = {"state", "topic", "tag", "kind", "from"}


class BadQuery(PeerbotError):
    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem}\n{SYNTAX}")


@dataclass(frozen=True)
class SearchRequest:
    text: str
    terms: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    user_names: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.states or self.topics or self.kinds or self.users or self.user_names)

    def canonical_text(self) -> str | None:
        """The shortest text that searches for exactly this (punctuation and emoji dropped), or None."""
        parts = [*self.terms, *(f"state:{s}" for s in self.states), *(f'topic:"{t}"' for t in self.topics)]
        parts += [*(f"kind:{k}" for k in self.kinds), *(f"from:<@{u}>" for u in self.users)]
        parts += [f"from:@{name}" for name in self.user_names]
        text = " ".join(parts)
        try:
            again = parse_search(text)
        except BadQuery:
            return None
        same = (again.terms, again.states, again.topics, again.kinds, again.users, again.user_names) == (
            self.terms,
            self.states,
            self.topics,
            self.kinds,
            self.users,
            self.user_names,
        )
        return text if same else None


def parse_search(text: str) -> SearchRequest:
    """Split search text into words and filters; BadQuery explains the syntax when a filter is malformed."""
    text = " ".join(text.split())
    if len(text) > QUERY_MAX:
        raise BadQuery(f"That search is too long; keep it under {QUERY_MAX} characters.")
    if text.count('"') % 2:
        raise BadQuery("A quotation mark isn't closed.")
    request = SearchRequest(text=text)
    words: list[str] = []
    for match in TOKEN.finditer(text):
        key, raw = match.group("key"), match.group("value")
        if key is None or key.lower() not in FILTERS:
            words.append(match.group(0).replace('"', " "))
            continue
        key, value = key.lower(), (raw or "").strip('"').strip()
        if not value:
            raise BadQuery(f"`{key}:` needs something after the colon.")
        if key == "state":
            code = value.upper() if value.upper() in STATES else STATE_NAMES.get(value.lower())
            if code is None:
                raise BadQuery(f"I don't know the state or territory `{value}`; use its two letters, like `state:MS`.")
            request.states.append(code)
        elif key in ("topic", "tag"):
            request.topics.append(" ".join(value.split()))
        elif key == "kind":
            if value.lower() not in KINDS:
                raise BadQuery(f"`{value}` isn't a kind of resource.")
            request.kinds.append(value.lower())
        elif key == "from":
            mention = MENTION.match(value)
            if mention is not None:
                request.users.append(mention.group(1))
            elif value.startswith("@") and len(value) > 1:
                request.user_names.append(value[1:].lower())
            else:
                raise BadQuery(f"`from:{value}` should name a person with @, like `from:@maria`.")
    request.terms.extend(resource_store.search_terms(" ".join(words)))
    if request.is_empty:
        # Punctuation and emoji aren't indexed: searching for them alone would list the whole library.
        raise BadQuery("There's nothing to search for there: use words (letters or digits) or a filter.")
    return request


def resolve_people(session: Session, *, network: Network, request: SearchRequest) -> list[str]:
    """User ids for `from:` filters; `from:@name` matches a roster member's display name."""
    users = list(request.users)
    if request.user_names:
        roster = network_store.roster(session, network_id=network.id)
        for name in request.user_names:
            found = [m.user_id for m in roster if m.display_name.lower() == name or m.user_id.lower() == name]
            if not found:
                raise BadQuery(f"I couldn't find `@{escape(name)}` in *{escape(network.name)}*.")
            users.extend(found)
    return users


@dataclass(frozen=True)
class Page:
    resources: list[Resource]
    offset: int
    has_more: bool


def find(session: Session, *, network: Network, request: SearchRequest, offset: int = 0) -> Page:
    found = resource_store.search(
        session,
        network_id=network.id,
        terms=request.terms,
        states=request.states,
        topics=request.topics,
        kinds=request.kinds,
        shared_by=resolve_people(session, network=network, request=request),
        offset=offset,
        limit=PAGE_SIZE + 1,
    )
    return Page(found[:PAGE_SIZE], offset, len(found) > PAGE_SIZE)


def recent_page(session: Session, *, network: Network, offset: int = 0) -> Page:
    found = resource_store.recent(session, network_id=network.id, offset=offset, limit=PAGE_SIZE + 1)
    return Page(found[:PAGE_SIZE], offset, len(found) > PAGE_SIZE)


def mine_page(session: Session, *, network: Network, user_id: str, offset: int = 0) -> Page:
    found = resource_store.shared_by(
        session, network_id=network.id, user_id=user_id, offset=offset, limit=PAGE_SIZE + 1
    )
    return Page(found[:PAGE_SIZE], offset, len(found) > PAGE_SIZE)


def topic_suggestions(session: Session, *, network: Network) -> dict[str, int]:
    """Topics and tags that have entries, by the name members see, with how many each has."""
    names = {t.key: t.name for t in resource_store.topics(session, network_id=network.id)}
    return {
        names.get(key, key): count for key, count in resource_store.topic_counts(session, network_id=network.id).items()
    }
