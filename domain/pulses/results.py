"""Tallying a wave: counts, "N of M agreed", means, response rates, and breakdowns that never expose a small group.

Every figure counts participants only (domain/network/participants.py): staff are left out of
the response rate and of the answers.

Breakdowns show only groups that ``domain.pulse_privacy.showable_groups`` allows;
free-text answers appear only in the whole-network view. While an anonymous wave is
open, its figures count the answers moved out of the pool so far (in batches of at
least the minimum group size) and show nothing until that many are counted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from domain.network.participants import population
from domain.pulses.definitions import AGREE_VALUES, Audience, QuestionDraft, QuestionKind
from domain.pulses.lifecycle import min_group_size, question_draft
from domain.pulses.privacy import showable_groups
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.models import Pulse, PulseWave, WaveStatus


@dataclass(frozen=True)
class QuestionTally:
    question_id: int
    question: QuestionDraft
    answered: int
    counts: tuple[int, ...]
    agreed: int | None
    mean: float | None
    texts: tuple[str, ...]


@dataclass(frozen=True)
class GroupResult:
    name: str
    respondents: int
    tallies: tuple[QuestionTally, ...]


@dataclass(frozen=True)
class WaveResults:
    pulse_id: int
    title: str
    anonymous: bool
    wave_id: int
    wave_number: int
    status: WaveStatus
    deadline: datetime
    closed_at: datetime | None
    asked: int
    responded: int
    unreachable: int
    tallies: tuple[QuestionTally, ...]
    by_state: tuple[GroupResult, ...]
    by_agency: tuple[GroupResult, ...]
    hidden_groups: int
    min_group: int
    states_done: tuple[str, ...] | None
    states_waiting: tuple[str, ...] | None
    counted: int = 0  # answers the figures include
    withheld: bool = False  # an open anonymous wave with fewer than ``min_group`` answers counted


def tally(
    questions: Sequence[tuple[int, QuestionDraft]], answer_sets: Iterable[dict[str, Any]]
) -> tuple[QuestionTally, ...]:
    """Per-question figures over answer dicts ({question id: value}); pure, so the bench can time it alone."""
    sets = list(answer_sets)
    result = []
    for qid, question in questions:
        key = str(qid)
        values = [s[key] for s in sets if s.get(key) not in (None, "", [])]
        labels = question.labels()
        counts = [0] * len(labels)
        texts: list[str] = []
        agreed = mean = None
        if question.kind == QuestionKind.TEXT:
            texts = sorted(str(v) for v in values)
        elif question.kind == QuestionKind.MULTIPLE:
            for picks in values:
                for pick in picks if isinstance(picks, list) else [picks]:
                    if 0 <= int(pick) < len(counts):
                        counts[int(pick)] += 1
        else:
            scale = question.kind in (QuestionKind.AGREEMENT, QuestionKind.RATING)
            for value in values:
                index = int(value) - 1 if scale else int(value)
                if 0 <= index < len(counts):
                    counts[index] += 1
            if question.kind == QuestionKind.AGREEMENT:
                agreed = sum(1 for v in values if int(v) in AGREE_VALUES)
            if scale and values:
                mean = sum(int(v) for v in values) / len(values)
        result.append(
            QuestionTally(
                question_id=qid,
                question=question,
                answered=len(values),
                counts=tuple(counts),
                agreed=agreed,
                mean=mean,
                texts=tuple(texts),
            )
        )
    return tuple(result)


def _groups(
    questions: Sequence[tuple[int, QuestionDraft]], rows: Sequence[tuple[str | None, dict[str, Any]]], minimum: int
) -> tuple[tuple[GroupResult, ...], int]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for group, answers in rows:
        if group:
            grouped[group].append(answers)
    sizes = {name: len(members) for name, members in grouped.items()}
    shown = showable_groups(sizes, total=len(rows), minimum=minimum)
    closed = [(qid, q) for qid, q in questions if q.kind != QuestionKind.TEXT]
    results = tuple(
        GroupResult(name=name, respondents=sizes[name], tallies=tally(closed, grouped[name])) for name in sorted(shown)
    )
    return results, len(sizes) - len(shown)


def numbered_questions(session: Session, *, pulse: Pulse) -> list[tuple[int, QuestionDraft]]:
    return [(q.id, question_draft(q)) for q in pulse_store.questions(session, pulse_id=pulse.id)]


def wave_results(session: Session, *, pulse: Pulse, wave: PulseWave) -> WaveResults:
    questions = numbered_questions(session, pulse=pulse)
    counted = population(session, network_id=pulse.network_id).participants
    # Staff are left out: a named answer by its author; an anonymous one was never counted (see pool).
    responses = [
        r for r in answer_store.responses(session, wave_ids=[wave.id]) if r.user_id is None or r.user_id in counted
    ]
    minimum = min_group_size(session, network_id=pulse.network_id)
    withheld = pulse.anonymous and wave.status != WaveStatus.CLOSED and len(responses) < minimum
    parsed = [] if withheld else [(r, json.loads(r.answers)) for r in responses]
    by_state, hidden_states = _groups(questions, [(r.group_state, a) for r, a in parsed], minimum)
    by_agency, hidden_agencies = _groups(questions, [(r.group_agency, a) for r, a in parsed], minimum)
    recipients = [r for r in pulse_store.recipients(session, wave_id=wave.id) if r.user_id in counted]
    states_done = states_waiting = None
    if pulse.audience == Audience.PER_STATE:
        done = answer_store.answered_states(session, wave_id=wave.id)
        everyone = {r.state for r in recipients if r.state}
        states_done, states_waiting = tuple(sorted(done)), tuple(sorted(everyone - done))
    return WaveResults(
        pulse_id=pulse.id,
        title=pulse.title,
        anonymous=pulse.anonymous,
        wave_id=wave.id,
        wave_number=wave.number,
        status=wave.status,
        deadline=wave.deadline,
        closed_at=wave.closed_at,
        asked=len(recipients),
        responded=len(answer_store.respondent_ids(session, wave_id=wave.id) & counted),
        unreachable=wave.unreachable,
        tallies=() if withheld else tally(questions, [a for _r, a in parsed]),
        by_state=by_state,
        by_agency=by_agency,
        hidden_groups=hidden_states + hidden_agencies,
        min_group=minimum,
        states_done=states_done,
        states_waiting=states_waiting,
        counted=len(parsed),
        withheld=withheld,
    )


@dataclass(frozen=True)
class TrendPoint:
    wave_number: int
    opens_at: datetime
    responded: int
    values: tuple[float | None, ...]  # per trend question: % agreed (agreement) or mean (rating)
    meeting_start: datetime | None = None  # the meeting a wave of an "after each meeting" pulse followed


def trend(session: Session, *, pulse: Pulse) -> tuple[list[tuple[int, QuestionDraft]], list[TrendPoint]]:
    """Agreement share or mean rating per wave, for the pulse's scale questions, over waves that have opened."""
    questions = [(qid, q) for qid, q in numbered_questions(session, pulse=pulse) if q.kind in _TREND_KINDS]
    counted = population(session, network_id=pulse.network_id).participants
    points = []
    for wave in pulse_store.waves(session, pulse_id=pulse.id):
        if wave.status == WaveStatus.SCHEDULED:
            continue
        answers = [
            json.loads(r.answers)
            for r in answer_store.responses(session, wave_ids=[wave.id])
            if r.user_id is None or r.user_id in counted
        ]
        if (
            pulse.anonymous
            and wave.status != WaveStatus.CLOSED
            and len(answers) < min_group_size(session, network_id=pulse.network_id)
        ):
            answers = []
        values: list[float | None] = []
        for result in tally(questions, answers):
            if result.question.kind == QuestionKind.AGREEMENT:
                values.append(100 * (result.agreed or 0) / result.answered if result.answered else None)
            else:
                values.append(result.mean)
        follows = (
            pulse_store.followed_meeting(session, occurrence_id=wave.occurrence_id) if wave.occurrence_id else None
        )
        points.append(
            TrendPoint(
                wave_number=wave.number,
                opens_at=wave.opens_at,
                responded=len(answers),
                values=tuple(values),
                meeting_start=follows[1] if follows else None,
            )
        )
    return questions, points


_TREND_KINDS = frozenset({QuestionKind.AGREEMENT, QuestionKind.RATING})


def find_wave(session: Session, *, pulse: Pulse, number: int | None) -> PulseWave | None:
    """The wave by number, or the latest wave that has opened (else the first scheduled)."""
    waves = pulse_store.waves(session, pulse_id=pulse.id)
    if number is not None:
        return next((w for w in waves if w.number == number), None)
    opened = [w for w in waves if w.status != WaveStatus.SCHEDULED]
    return opened[-1] if opened else (waves[0] if waves else None)
