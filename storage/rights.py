"""Data rights queries: every column that names a person, what a copy shows and what forgetting does to it."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from sqlalchemy import Column, Table, delete, select, update
from sqlalchemy.orm import Session

from storage.models import (
    AgendaSuggestion,
    Base,
    Collaboration,
    Delivery,
    IntroRound,
    Meeting,
    Network,
    Occurrence,
    PriorityArea,
    Pulse,
    PulseQuestion,
    PulseWave,
    Resource,
    Response,
)
from storage.models.pulses import QuestionKind


class Forget(StrEnum):
    """What forgetting a person does to one column that names them."""

    DELETE = "delete"  # the row is the person's own: it goes
    DEATTRIBUTE = "deattribute"  # the row stays (a shared thing, a count), the name becomes an unlinkable token
    CLEAR = "clear"  # the column is optional: it becomes empty
    NOT_A_PERSON = "not_a_person"  # matched by name, but holds no Slack user id


@dataclass(frozen=True)
class PersonColumn:
    table: str
    column: str
    section: str  # the name of this part in a person's copy ("" when not exported)
    forget: Forget


# Every column of every table that may hold a person's Slack user id. tests/storage/test_rights_coverage.py fails
# when a table gains such a column that is not listed here.
PERSON_COLUMNS: tuple[PersonColumn, ...] = (
    PersonColumn("members", "user_id", "profiles", Forget.DELETE),
    PersonColumn("membership_spells", "user_id", "roster_history", Forget.DEATTRIBUTE),
    PersonColumn("home_tabs", "user_id", "home_tab", Forget.DELETE),
    PersonColumn("networks", "created_by", "networks_set_up", Forget.DEATTRIBUTE),
    PersonColumn("meetings", "created_by", "meetings_scheduled", Forget.DEATTRIBUTE),
    PersonColumn("calendar_pauses", "created_by", "pauses_set", Forget.DEATTRIBUTE),
    PersonColumn("calendar_feeds", "user_id", "calendar_feeds", Forget.DELETE),
    PersonColumn("rsvps", "user_id", "rsvps", Forget.DELETE),
    PersonColumn("attendance", "user_id", "attendance", Forget.DELETE),
    PersonColumn("attendance", "recorded_by", "attendance_recorded", Forget.DEATTRIBUTE),
    PersonColumn("agenda_suggestions", "user_id", "agenda_suggestions", Forget.DELETE),
    PersonColumn("agenda_votes", "user_id", "agenda_votes", Forget.DELETE),
    PersonColumn("pulses", "created_by", "pulses_created", Forget.DEATTRIBUTE),
    PersonColumn("pulses", "audience_users", "", Forget.DEATTRIBUTE),
    PersonColumn("pulse_wave_recipients", "user_id", "pulses_received", Forget.DEATTRIBUTE),
    PersonColumn("pulse_respondents", "user_id", "pulses_answered", Forget.DEATTRIBUTE),
    PersonColumn("pulse_responses", "user_id", "named_pulse_answers", Forget.DELETE),
    PersonColumn("resources", "shared_by", "resources_shared", Forget.DEATTRIBUTE),
    PersonColumn("resource_votes", "user_id", "helpful_votes", Forget.DELETE),
    PersonColumn("resource_digest_schedules", "updated_by", "digest_schedules_set", Forget.DEATTRIBUTE),
    PersonColumn("intro_settings", "updated_by", "intro_settings_changed", Forget.DEATTRIBUTE),
    PersonColumn("intro_participants", "user_id", "intro_participation", Forget.DELETE),
    PersonColumn("intro_group_members", "user_id", "intro_groups", Forget.DELETE),
    PersonColumn("intro_groups", "outcome_by", "intro_outcomes_told", Forget.CLEAR),
    PersonColumn("intro_rounds", "left_out", "intro_rounds_left_out", Forget.CLEAR),
    PersonColumn("roadmaps", "updated_by", "roadmaps_written", Forget.DEATTRIBUTE),
    PersonColumn("priority_areas", "created_by", "priority_areas_created", Forget.DEATTRIBUTE),
    PersonColumn("progress_reports", "reported_by", "progress_reports", Forget.DEATTRIBUTE),
    PersonColumn("collaborations", "logged_by", "collaborations_logged", Forget.DEATTRIBUTE),
    PersonColumn("collaboration_partners", "user_id", "collaborations_named_in", Forget.DEATTRIBUTE),
    PersonColumn("changes_made", "user_id", "changes_made", Forget.DEATTRIBUTE),
    PersonColumn("ta_providers", "user_id", "assistance_provider", Forget.DELETE),
    PersonColumn("ta_providers", "granted_by", "assistance_providers_granted", Forget.DEATTRIBUTE),
    PersonColumn("ta_deliveries", "provider", "assistance_delivered", Forget.DEATTRIBUTE),
    # A state or organization typed by a facilitator, never a Slack user id.
    PersonColumn("ta_needs", "requested_by", "", Forget.NOT_A_PERSON),
    PersonColumn("ta_needs", "requested_by_user", "assistance_requested", Forget.CLEAR),
    PersonColumn("deliveries", "channel", "messages_sent_to_you", Forget.DELETE),  # DMs are sent to the user id
    PersonColumn("deliveries", "owner", "", Forget.CLEAR),
    # The change feed's bookkeeping: whose Home changed (gone within seconds), who to tell about the roadmap.
    PersonColumn("change_feed", "user_id", "", Forget.DELETE),
    PersonColumn("surface_leases", "asked_by", "", Forget.CLEAR),
)

# Never copied: sealed or anonymous material, bookkeeping that says nothing about the person, and a
# delivery's owner (another person: the facilitator who set the message up).
_HIDDEN_FIELDS = frozenset(
    {
        "change_key_hash",
        "sealed_groups",
        "normalized_url",
        "payload",
        "owner",
        "owner_told_at",
        "retry_at",
        "message_ts",
        "token_hash",
    }
)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _row_dict(table: Table, row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name in _HIDDEN_FIELDS:
            continue
        value = _plain(row._mapping[column])
        if table.name == "pulse_responses" and column.name == "answers" and isinstance(value, str):
            value = json.loads(value)
        out[column.name] = value
    return out


def person_data(session: Session, *, user_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row that names the person, by section; anonymous answers carry no user id and never appear."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for spec in PERSON_COLUMNS:
        if not spec.section:
            continue
        table = _table(spec.table)
        column: Column[Any] = table.c[spec.column]
        rows = session.execute(select(table).where(column == user_id)).all()
        sections[spec.section] = [_row_dict(table, row) for row in rows]
    return sections


def networks_named(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {row.id: row.name for row in session.execute(select(Network.id, Network.name).where(Network.id.in_(ids)))}


@dataclass(frozen=True)
class Wanted:
    """The ids a person's rows refer to, by kind: what their copy must name, not just number."""

    networks: set[int] = field(default_factory=set)
    occurrences: set[int] = field(default_factory=set)
    meetings: set[int] = field(default_factory=set)
    suggestions: set[int] = field(default_factory=set)
    waves: set[int] = field(default_factory=set)
    pulses: set[int] = field(default_factory=set)
    resources: set[int] = field(default_factory=set)
    rounds: set[int] = field(default_factory=set)
    collaborations: set[int] = field(default_factory=set)
    areas: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Labels:
    """What each referred-to thing is called (and when it was), read in the copy's transaction."""

    networks: dict[int, str]
    occurrences: dict[int, tuple[str, str, str]]  # meeting title, start (ISO, UTC), network name
    meetings: dict[int, str]
    suggestions: dict[int, tuple[str, int]]  # topic, occurrence id
    waves: dict[int, tuple[str, int, int]]  # pulse title, wave number, pulse id
    pulses: dict[int, str]
    questions: dict[int, dict[str, str]]  # pulse id -> {question id: question text}
    resources: dict[int, str]
    rounds: dict[int, str]  # start (ISO, UTC)
    collaborations: dict[int, tuple[str, str]]  # description, day it happened
    areas: dict[int, str]


def labels(session: Session, wanted: Wanted) -> Labels:
    suggestions = {
        r.id: (r.topic, r.occurrence_id)
        for r in _rows(
            session,
            select(AgendaSuggestion.id, AgendaSuggestion.topic, AgendaSuggestion.occurrence_id).where(
                AgendaSuggestion.id.in_(wanted.suggestions)
            ),
            wanted.suggestions,
        )
    }
    occurrence_ids = wanted.occurrences | {occurrence for _, occurrence in suggestions.values()}
    occurrences = {
        r.id: (r.title, _plain(r.start_utc), r.name)
        for r in _rows(
            session,
            select(Occurrence.id, Meeting.title, Occurrence.start_utc, Network.name)
            .join(Meeting, Meeting.id == Occurrence.meeting_id)
            .join(Network, Network.id == Occurrence.network_id)
            .where(Occurrence.id.in_(occurrence_ids)),
            occurrence_ids,
        )
    }
    waves = {
        r.id: (r.title, r.number, r.pulse_id)
        for r in _rows(
            session,
            select(PulseWave.id, PulseWave.number, PulseWave.pulse_id, Pulse.title)
            .join(Pulse, Pulse.id == PulseWave.pulse_id)
            .where(PulseWave.id.in_(wanted.waves)),
            wanted.waves,
        )
    }
    pulse_ids = wanted.pulses | {pulse for _, _, pulse in waves.values()}
    questions: dict[int, dict[str, str]] = {}
    for r in _rows(
        session,
        select(PulseQuestion.id, PulseQuestion.pulse_id, PulseQuestion.text)
        .where(PulseQuestion.pulse_id.in_(pulse_ids))
        .order_by(PulseQuestion.position),
        pulse_ids,
    ):
        questions.setdefault(r.pulse_id, {})[str(r.id)] = r.text
    return Labels(
        networks=networks_named(session, wanted.networks),
        occurrences=occurrences,
        meetings=_names(session, Meeting.id, Meeting.title, wanted.meetings),
        suggestions=suggestions,
        waves=waves,
        pulses=_names(session, Pulse.id, Pulse.title, pulse_ids),
        questions=questions,
        resources=_names(session, Resource.id, Resource.title, wanted.resources),
        rounds={k: _plain(v) for k, v in _names(session, IntroRound.id, IntroRound.starts_at, wanted.rounds).items()},
        collaborations={
            r.id: (r.description, _plain(r.happened_on))
            for r in _rows(
                session,
                select(Collaboration.id, Collaboration.description, Collaboration.happened_on).where(
                    Collaboration.id.in_(wanted.collaborations)
                ),
                wanted.collaborations,
            )
        },
        areas=_names(session, PriorityArea.id, PriorityArea.name, wanted.areas),
    )


def _rows(session: Session, statement: Any, ids: set[int]) -> Sequence[Any]:
    return session.execute(statement).all() if ids else []


def _names(session: Session, key: Any, value: Any, ids: set[int]) -> dict[int, Any]:
    return {row[0]: row[1] for row in _rows(session, select(key, value).where(key.in_(ids)), ids)}


def forgotten_token() -> str:
    """A stand-in for a forgotten person's id: unlinkable, and unique so per-person keys still hold."""
    return "forgotten-" + secrets.token_hex(8)


def forget_person(session: Session, *, user_id: str) -> dict[str, int]:
    """Delete or de-attribute every row naming the person (the caller commits once); counts per section."""
    token = forgotten_token()
    done: dict[str, int] = {}
    for spec in PERSON_COLUMNS:
        if spec.forget is Forget.NOT_A_PERSON:
            continue
        if spec.table == "pulses" and spec.column == "audience_users":
            done["pulse_audiences"] = _drop_from_audiences(session, user_id=user_id, token=token)
            continue
        table = _table(spec.table)
        column = table.c[spec.column]
        if spec.forget is Forget.DELETE:
            result = session.execute(delete(table).where(column == user_id))
        else:
            value = token if spec.forget is Forget.DEATTRIBUTE else None
            result = session.execute(update(table).where(column == user_id).values({spec.column: value}))
        key = spec.section or f"{spec.table}.{spec.column}"
        done[key] = done.get(key, 0) + int(result.rowcount or 0)  # type: ignore[attr-defined]
    session.flush()
    return done


def _drop_from_audiences(session: Session, *, user_id: str, token: str) -> int:
    changed = 0
    for pulse in session.scalars(select(Pulse).where(Pulse.audience_users.contains(user_id))):
        users = json.loads(pulse.audience_users)
        if user_id in users:
            pulse.audience_users = json.dumps([token if u == user_id else u for u in users])
            changed += 1
    return changed


def network_ids_by_channel(session: Session, *, channel_id: str) -> list[int]:
    return list(session.scalars(select(Network.id).where(Network.home_channel_id == channel_id)))


def purge_network(session: Session, *, network_id: int) -> None:
    """Remove a network and everything that hangs on it (the foreign keys cascade)."""
    session.execute(delete(Delivery).where(Delivery.network_id == network_id))
    session.execute(delete(Network).where(Network.id == network_id))
    session.flush()


def delete_old_free_text(session: Session, *, closed_before: datetime) -> int:
    """Blank the free-text answers of waves closed before the cut-off; choices and counts stay. Answers touched."""
    text_questions: dict[int, set[str]] = {}
    rows = session.execute(
        select(PulseWave.id, PulseQuestion.id)
        .join(PulseQuestion, PulseQuestion.pulse_id == PulseWave.pulse_id)
        .where(PulseWave.closed_at.is_not(None), PulseWave.closed_at < closed_before)
        .where(PulseQuestion.kind == QuestionKind.TEXT)
    )
    for wave_id, question_id in rows:
        text_questions.setdefault(wave_id, set()).add(str(question_id))
    touched = 0
    if not text_questions:
        return 0
    for response in session.scalars(select(Response).where(Response.wave_id.in_(text_questions))):
        answers = json.loads(response.answers)
        kept = {k: v for k, v in answers.items() if k not in text_questions[response.wave_id]}
        if kept != answers:
            response.answers = json.dumps(kept)
            touched += 1
    session.flush()
    return touched
