"""CSV exports for evaluators: one row per response, and a summary per wave and question.

Rows of an anonymous pulse have no person columns and no agency, show a state only
for groups the results could show too, and are sorted by what they say, so the
file's order tells nothing about who answered when. Free-text answers of an anonymous
pulse go on rows of their own, with no state and no other answer beside them, so no
label or set of choices ties a written answer to a group.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from domain.pulses.definitions import QuestionDraft, QuestionKind
from domain.pulses.lifecycle import min_group_size
from domain.pulses.privacy import showable_groups
from domain.pulses.results import numbered_questions, wave_results
from domain.spreadsheet import csv_text
from storage import network as network_store
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.models import Pulse, WaveStatus


def answer_label(question: QuestionDraft, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    labels = question.labels()
    if question.kind == QuestionKind.TEXT:
        return str(value)
    if question.kind == QuestionKind.MULTIPLE:
        return "; ".join(labels[int(i)] for i in value) if isinstance(value, list) else ""
    if question.kind in (QuestionKind.AGREEMENT, QuestionKind.RATING):
        return labels[int(value) - 1]
    return labels[int(value)]


def _csv(rows: Sequence[Sequence[Any]]) -> bytes:
    # A BOM so spreadsheet programs read the UTF-8 correctly; a member's answer is never run as a formula.
    return csv_text([[str(cell) for cell in row] for row in rows], bom=True).encode()


def responses_csv(session: Session, *, pulse: Pulse) -> bytes:
    questions = numbered_questions(session, pulse=pulse)
    waves = {w.id: w.number for w in pulse_store.waves(session, pulse_id=pulse.id)}
    person = [] if pulse.anonymous else ["user_id", "name"]
    groups = ["state"] if pulse.anonymous else ["state", "agency"]
    header = [
        "pulse",
        "wave",
        *person,
        *groups,
        *(f"Q{i}. {q.text}" for i, (_id, q) in enumerate(questions, 1)),
    ]
    names = {m.user_id: m.display_name for m in network_store.roster(session, network_id=pulse.network_id)}
    responses = answer_store.responses(session, wave_ids=list(waves))
    minimum = min_group_size(session, network_id=pulse.network_id)
    rows = []
    for wave_id in waves:
        in_wave = [r for r in responses if r.wave_id == wave_id]
        sizes = Counter(r.group_state for r in in_wave if r.group_state)
        states = showable_groups(dict(sizes), total=len(in_wave), minimum=minimum)
        for response in in_wave:
            answers = json.loads(response.answers)
            cells = [answer_label(q, answers.get(str(qid))) for qid, q in questions]
            if pulse.anonymous:
                texts = [
                    cell if q.kind == QuestionKind.TEXT else ""
                    for cell, (_qid, q) in zip(cells, questions, strict=True)
                ]
                closed = [
                    cell if q.kind != QuestionKind.TEXT else ""
                    for cell, (_qid, q) in zip(cells, questions, strict=True)
                ]
                where = [response.group_state if response.group_state in states else ""]
                if any(closed):
                    rows.append([pulse.id, waves[wave_id], *where, *closed])
                if any(texts):
                    rows.append([pulse.id, waves[wave_id], "", *texts])
            else:
                who = [response.user_id or "", names.get(response.user_id or "", "")]
                where = [response.group_state or "", response.group_agency or ""]
                rows.append([pulse.id, waves[wave_id], *who, *where, *cells])
    rows.sort(key=lambda row: [str(cell) for cell in row])
    return _csv([header, *rows])


def summary_csv(session: Session, *, pulse: Pulse) -> bytes:
    rows: list[list[Any]] = [["pulse", "wave", "question", "measure", "option", "count", "of", "percent"]]
    for wave in pulse_store.waves(session, pulse_id=pulse.id):
        if wave.status == WaveStatus.SCHEDULED:
            continue
        results = wave_results(session, pulse=pulse, wave=wave)
        rows.append(
            [
                pulse.id,
                wave.number,
                "",
                "responded",
                "",
                results.responded,
                results.asked,
                _pct(results.responded, results.asked),
            ]
        )
        for number, tally in enumerate(results.tallies, start=1):
            label = f"Q{number}. {tally.question.text}"
            if tally.agreed is not None:
                rows.append(
                    [
                        pulse.id,
                        wave.number,
                        label,
                        "agreed or strongly agreed",
                        "",
                        tally.agreed,
                        tally.answered,
                        _pct(tally.agreed, tally.answered),
                    ]
                )
            if tally.mean is not None:
                rows.append([pulse.id, wave.number, label, "mean", "", f"{tally.mean:.2f}", tally.answered, ""])
            if tally.question.kind == QuestionKind.TEXT:
                rows.append(
                    [pulse.id, wave.number, label, "written answers", "", tally.answered, results.responded, ""]
                )
            for option, count in zip(tally.question.labels(), tally.counts, strict=True):
                rows.append(
                    [pulse.id, wave.number, label, "count", option, count, tally.answered, _pct(count, tally.answered)]
                )
    return _csv(rows)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else ""


def csv_filename(pulse: Pulse, kind: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in pulse.title.lower()).strip("-")[:40] or "pulse"
    return f"pulse-{pulse.id}-{slug}-{kind}.csv"
