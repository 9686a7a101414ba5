"""Adding, editing, deleting and voting on library entries, and who may change them."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotAllowed, NotFound, PeerbotError
from domain.markup import escape
from domain.network import roles
from domain.network.profiles import STATES
from domain.resources.links import URL_MAX, first_link, is_web_link, normalize_url, plain_text
from storage import network as network_store
from storage import resources as resource_store
from storage.models import Network, Resource, ResourceKind

TITLE_MAX = 200
DESCRIPTION_MAX = 1000
LABEL_MAX = 50
TOPIC_MAX = 100  # as stored; topics curated with /resources topics are LABEL_MAX at most
TAGS_MAX = 10
TOPICS_MAX = 10
KINDS = tuple(kind.value for kind in ResourceKind)
GONE = "That resource is no longer in the library."


class DuplicateLink(PeerbotError):
    """The link is already in the network's library, as ``existing``."""

    def __init__(self, existing: Resource) -> None:
        super().__init__(f"That link is already in the library as *{escape(existing.title)}*.")
        self.existing = existing


def split_labels(text: str | None) -> tuple[str, ...]:
    """Free tags typed as "a, b; c": trimmed, duplicates (ignoring case) dropped, order kept."""
    labels: list[str] = []
    for raw in re.split(r"[,;\n]", text or ""):
        label = " ".join(raw.split())
        if label and label.lower() not in {x.lower() for x in labels}:
            labels.append(label)
    return tuple(labels)


@dataclass(frozen=True)
class ResourceDraft:
    """What a member typed into the resource form (or a CSV row), before it becomes an entry."""

    title: str
    url: str
    description: str = ""
    states: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kind: str | None = None

    def cleaned(self) -> ResourceDraft:
        return replace(
            self,
            title=" ".join(self.title.split()),
            url=self.url.strip(),
            description=self.description.strip(),
            states=tuple(dict.fromkeys(s.strip().upper() for s in self.states if s.strip())),
            topics=split_labels("\n".join(self.topics)),
            tags=split_labels("\n".join(self.tags)),
            kind=(self.kind or "").strip().lower() or None,
        )

    def validate(self, *, known_topics: Collection[str] | None = None) -> None:
        """Raise InvalidInput naming each bad field; ``known_topics`` (lower-cased) limits the topics."""
        errors: dict[str, str] = {}
        if not self.title:
            errors["title"] = "Give the resource a title."
        elif len(self.title) > TITLE_MAX:
            errors["title"] = f"Keep the title to {TITLE_MAX} characters or fewer."
        if not self.url:
            errors["url"] = "Paste the link to the resource."
        elif len(self.url) > URL_MAX or not is_web_link(self.url):
            errors["url"] = "Use a web link that starts with http:// or https://."
        elif len(normalize_url(self.url).encode("utf-8")) > URL_MAX:
            # The key a link is stored under encodes some characters (| becomes %7C): it must fit too.
            errors["url"] = (
                f"That link is too long to store: keep it to {URL_MAX:,} characters, "
                "counting each special character (such as | or é) as three."
            )
        if len(self.description) > DESCRIPTION_MAX:
            errors["description"] = (
                f"Keep the description to {DESCRIPTION_MAX} characters or fewer (it has {len(self.description)})."
            )
        unknown = [s for s in self.states if s not in STATES]
        if unknown:
            errors["states"] = f"I don't know the state or territory {', '.join(unknown)}; choose from the list."
        if known_topics is not None and any(t.lower() not in known_topics for t in self.topics):
            errors["topics"] = "One of these topics was just removed; choose from the list again."
        if len(self.topics) > TOPICS_MAX:
            errors["topics"] = f"Choose up to {TOPICS_MAX} topics."
        elif any(len(t) > TOPIC_MAX for t in self.topics):
            errors["topics"] = f"Keep each topic to {TOPIC_MAX} characters or fewer."
        if len(self.tags) > TAGS_MAX or any(len(t) > LABEL_MAX for t in self.tags):
            errors["tags"] = f"Use up to {TAGS_MAX} tags of at most {LABEL_MAX} characters each, separated by commas."
        if self.kind not in KINDS:
            errors["kind"] = "Choose what kind of resource this is."
        if errors:
            raise InvalidInput(errors)


def draft_from_message(text: str, poster_state: str | None) -> ResourceDraft:
    """Pre-fill the form from a message: its first link, its text as the description, the poster's state."""
    found = first_link(text)
    url, label = found if found else ("", None)
    description = plain_text(text)
    without_link = description.replace(url, " ") if url else description
    title = label if label and label != url else without_link.split("\n")[0]
    return ResourceDraft(
        title=_truncate(" ".join(title.split()), TITLE_MAX),
        url=url,
        description=_truncate(description, DESCRIPTION_MAX),
        states=(poster_state,) if poster_state else (),
    )


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def topic_choices(session: Session, *, network: Network, resource: Resource | None, typed: str) -> list[str]:
    """Topics a member can pick in a form, matching what they typed: those starting with it first, then
    those containing it, A to Z; an entry's own topics (even ones taken off the list) are included."""
    names = {t.key: t.name for t in resource_store.topics(session, network_id=network.id)}
    for name in resource.topic_names if resource is not None else []:
        names.setdefault(name.lower(), name)
    needle = " ".join(typed.split()).lower()
    found = [(not key.startswith(needle), key, name) for key, name in names.items() if needle in key]
    return [name for _, _, name in sorted(found)]


def curated_topic_keys(session: Session, *, network_id: int) -> set[str]:
    return {t.key for t in resource_store.topics(session, network_id=network_id)}


def _apply(session: Session, resource: Resource, draft: ResourceDraft) -> None:
    resource.title = draft.title
    resource.url = draft.url
    resource.normalized_url = normalize_url(draft.url)
    resource.description = draft.description
    resource.states = " ".join(draft.states)
    resource.topics = "\n".join(draft.topics)
    resource.tags = "\n".join(draft.tags)
    resource.kind = ResourceKind(draft.kind or ResourceKind.OTHER)


def add_resource(
    session: Session,
    *,
    network: Network,
    draft: ResourceDraft,
    by_user: str,
    now: datetime,
    create_topics: bool = False,
) -> Resource:
    """Save a new entry; raises InvalidInput, or DuplicateLink when the link is already in the library.

    ``create_topics`` adds topics missing from the curated list (imports) instead of refusing them.
    """
    draft = draft.cleaned()
    if create_topics:
        draft.validate()
        resource_store.add_topics(session, network_id=network.id, names=draft.topics, now=now)
    else:
        draft.validate(known_topics=curated_topic_keys(session, network_id=network.id))
    existing = resource_store.find_by_normalized_url(
        session, network_id=network.id, normalized_url=normalize_url(draft.url)
    )
    if existing is not None:
        raise DuplicateLink(existing)
    resource = Resource(network_id=network.id, shared_by=by_user, helpful_votes=0, created_at=now, updated_at=now)
    _apply(session, resource, draft)
    if not resource_store.insert_resource(session, resource):
        # Someone saved the same link between our check and our insert.
        raced = resource_store.find_by_normalized_url(
            session, network_id=network.id, normalized_url=resource.normalized_url
        )
        if raced is None:
            raise PeerbotError("That link couldn't be saved just now; please try again.")
        raise DuplicateLink(raced)
    resource_store.replace_labels(
        session, resource_id=resource.id, states=draft.states, topics=draft.topics, tags=draft.tags
    )
    return resource


def can_manage(session: Session, *, network: Network, resource: Resource, user_id: str) -> bool:
    """The person who shared an entry, and the network's facilitators, may edit or delete it."""
    return resource.shared_by == user_id or roles.is_facilitator(session, network=network, user_id=user_id)


def require_can_manage(session: Session, *, network: Network, resource: Resource, user_id: str) -> None:
    if not can_manage(session, network=network, resource=resource, user_id=user_id):
        raise NotAllowed(
            f"Only <@{resource.shared_by}>, who shared *{escape(resource.title)}*, "
            f"or a facilitator of *{escape(network.name)}* "
            "can change it. Nothing was changed."
        )


def resource_for(session: Session, *, resource_id: int, team_id: str, user_id: str) -> tuple[Network, Resource]:
    """The entry a button or form refers to, once the person is checked to be on its network's roster."""
    resource = resource_store.get_resource(session, resource_id=resource_id)
    network = network_store.get_network(session, network_id=resource.network_id) if resource else None
    if (
        resource is None
        or network is None
        or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id)
    ):
        raise NotFound(GONE)
    roles.require_member(session, network=network, user_id=user_id)
    return network, resource


def update_resource(
    session: Session,
    *,
    network: Network,
    resource: Resource,
    draft: ResourceDraft,
    by_user: str,
    now: datetime,
) -> Resource:
    require_can_manage(session, network=network, resource=resource, user_id=by_user)
    draft = draft.cleaned()
    known = curated_topic_keys(session, network_id=network.id) | {t.lower() for t in resource.topic_names}
    draft.validate(known_topics=known)
    other = resource_store.find_by_normalized_url(
        session, network_id=network.id, normalized_url=normalize_url(draft.url)
    )
    if other is not None and other.id != resource.id:
        raise DuplicateLink(other)
    _apply(session, resource, draft)
    resource.updated_at = now
    session.flush()
    resource_store.replace_labels(
        session, resource_id=resource.id, states=draft.states, topics=draft.topics, tags=draft.tags
    )
    return resource


def delete_resource(session: Session, *, network: Network, resource: Resource, by_user: str) -> str:
    """Remove an entry (it leaves search in the same transaction); returns its title."""
    require_can_manage(session, network=network, resource=resource, user_id=by_user)
    title = resource.title
    resource_store.delete_resource(session, resource)
    return title


def add_labels(
    session: Session, *, network: Network, resource: Resource, topics: Iterable[str], tags: Iterable[str], now: datetime
) -> Resource:
    """Any member may add their topics and tags to an existing entry (when they tried to share it again)."""
    known = curated_topic_keys(session, network_id=network.id)
    merged = ResourceDraft(
        title=resource.title,
        url=resource.url,
        description=resource.description,
        states=tuple(resource.state_codes),
        topics=(*resource.topic_names, *(t for t in topics if t.lower() in known)),
        tags=(*resource.tag_names, *tags),
        kind=resource.kind.value,
    ).cleaned()
    try:
        merged.validate()
    except InvalidInput as exc:
        raise InvalidInput({k: v for k, v in exc.errors.items() if k in ("topics", "tags")} or exc.errors) from exc
    resource.topics = "\n".join(merged.topics)
    resource.tags = "\n".join(merged.tags)
    resource.updated_at = now
    session.flush()
    resource_store.replace_labels(
        session, resource_id=resource.id, states=merged.states, topics=merged.topics, tags=merged.tags
    )
    return resource


def mark_helpful(session: Session, *, resource: Resource, user_id: str, now: datetime) -> bool:
    """One vote per member; False when they had already voted."""
    counted = resource_store.add_vote(session, resource_id=resource.id, user_id=user_id, now=now)
    session.refresh(resource)
    return counted


def add_curated_topics(session: Session, *, network: Network, text: str, now: datetime) -> list[str]:
    names = list(split_labels(text))
    if not names:
        raise PeerbotError("Name the topics to add, separated by commas: `/resources topics add Child care, Housing`.")
    too_long = [n for n in names if len(n) > LABEL_MAX]
    if too_long:
        raise PeerbotError(f"Keep topic names to {LABEL_MAX} characters or fewer.")
    resource_store.add_topics(session, network_id=network.id, names=names, now=now)
    return names


def remove_curated_topic(session: Session, *, network: Network, name: str) -> bool:
    """Take a topic off the list members choose from; entries keep it, so they stay findable."""
    return resource_store.remove_topic(session, network_id=network.id, key=" ".join(name.split()).lower())
