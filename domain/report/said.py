"""What members said: each recurring pulse's response rate, agreement trend, "N of M agreed" and rating means.

Every figure of a wave comes from ``domain.pulses.results.wave_results`` (what ``/pulse results``
shows). Anonymous answers appear only as whole-wave aggregates of at least the threshold;
free text appears only as a count of answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.pulses.definitions import QuestionKind, Recurrence
from domain.pulses.results import WaveResults, wave_results
from domain.report.cells import NOT_ASKED, Cell, Column, Table, small
from domain.report.period import Scope
from storage import report as report_store


@dataclass(frozen=True)
class Agreement:
    """The latest wave's answer to a pulse's first agreement question."""

    pulse: str
    question: str
    agreed: int
    answered: int


@dataclass(frozen=True)
class Said:
    tables: tuple[Table, ...]
    latest_agreement: Agreement | None
    response_rate: tuple[int, int] | None  # (responded, sent) of the latest wave, participants only


def members_said(session: Session, scope: Scope) -> Said:
    waves = report_store.waves_between(
        session, network_id=scope.network.id, start=scope.period.start, end=scope.period.end
    )
    by_pulse = defaultdict(list)
    for pulse, wave in waves:
        if pulse.recurrence != Recurrence.NONE:
            by_pulse[pulse.id].append((pulse, wave))
    wave_ids = [wave.id for _, wave in waves]
    sent = report_store.recipients_by_wave(session, wave_ids=wave_ids)
    answered = report_store.respondents_by_wave(session, wave_ids=wave_ids)
    tables: list[Table] = []
    latest: Agreement | None = None
    latest_rate: tuple[int, int] | None = None
    for number, rows in enumerate(by_pulse.values(), start=1):
        pulse = rows[0][0]
        results = [wave_results(session, pulse=pulse, wave=wave) for _, wave in rows]
        rates = []
        for result in results:
            asked = sent[result.wave_id] & scope.participants
            responded = answered[result.wave_id] & scope.participants
            rates.append((result, len(asked), len(responded)))
        tables.append(_response_table(number, pulse.title, rates, scope.minimum))
        tables.append(_answers_table(number, pulse.title, results, scope.minimum))
        agreement = _latest_agreement(pulse.title, results, scope.minimum)
        if agreement and latest is None:
            latest = agreement
            last = rates[-1]
            latest_rate = (last[2], last[1]) if small(last[2], minimum=scope.minimum) is not None else None
    return Said(tables=tuple(tables), latest_agreement=latest, response_rate=latest_rate)


def _latest_agreement(title: str, results: list[WaveResults], minimum: int) -> Agreement | None:
    for result in reversed(results):
        for tally in result.tallies:
            if tally.question.kind == QuestionKind.AGREEMENT and tally.answered >= minimum and tally.agreed is not None:
                if tally.agreed >= minimum:
                    return Agreement(title, tally.question.text, tally.agreed, tally.answered)
                return None
    return None


def _response_table(number: int, title: str, rates: list[tuple[WaveResults, int, int]], minimum: int) -> Table:
    rows = []
    for result, asked, responded in rates:
        shown = small(responded, minimum=minimum)
        rate = round(100 * responded / asked) if asked and shown is not None else None
        rows.append((result.wave_number, result.deadline.date().isoformat(), shown, asked, rate))
    shown_rates = [r[4] for r in rows if r[4] is not None]
    reading = (
        f"Response to {title} averaged {round(sum(shown_rates) / len(shown_rates))}% over {len(rows)} waves "
        "of participants it was sent to."
        if shown_rates
        else f"Too few participants answered {title} to show a response rate."
    )
    return Table(
        key=f"pulse_{number}_response",
        title=f"{title}: response rate",
        columns=(
            Column("wave", "The wave's number."),
            Column("deadline", "The day the wave closed or closes (UTC)."),
            Column("responded", "Participants who answered the wave."),
            Column("sent", "Participants the wave was sent to: the denominator of the rate."),
            Column("rate_percent", "responded / sent, as a whole percentage."),
        ),
        rows=tuple(rows),
        reading=reading,
        chart="line:wave:rate_percent",
        people_columns=("responded",),
    )


def _answers_table(number: int, title: str, results: list[WaveResults], minimum: int) -> Table:
    rows = []
    for result in results:
        for tally in result.tallies:
            enough = tally.answered >= minimum
            answered = small(tally.answered, minimum=minimum)
            agreed: Cell = NOT_ASKED
            percent: Cell = NOT_ASKED
            mean: Cell = NOT_ASKED
            if tally.question.kind == QuestionKind.AGREEMENT:
                agreed = small(tally.agreed or 0, minimum=minimum) if enough else None
                percent = round(100 * (tally.agreed or 0) / tally.answered) if agreed is not None and enough else None
            if tally.question.kind == QuestionKind.RATING:
                mean = round(tally.mean, 2) if enough and tally.mean is not None else None
            rows.append(
                (result.wave_number, tally.question.text, str(tally.question.kind), answered, agreed, percent, mean)
            )
    return Table(
        key=f"pulse_{number}_answers",
        title=f"{title}: answers by wave",
        columns=(
            Column("wave", "The wave's number."),
            Column("question", "The question as asked."),
            Column("kind", "agreement, rating, single, multiple or text (free text is shown only as a count)."),
            Column("answered", "Answers to this question in the wave: the denominator of agreed and mean."),
            Column("agreed", "Agreement questions: answers of Agree or Strongly agree."),
            Column("agreed_percent", "agreed / answered, as a whole percentage."),
            Column("mean_rating", "Rating questions: the mean rating from 1 to 5."),
        ),
        rows=tuple(rows),
        reading=_answers_reading(title, results, minimum),
        chart="line:wave:agreed_percent:question",
        people_columns=("answered", "agreed"),
    )


def _answers_reading(title: str, results: list[WaveResults], minimum: int) -> str:
    agreement = _latest_agreement(title, results, minimum)
    if agreement is None:
        return f"Too few answered {title}'s agreement questions in its latest wave to report them."
    return (
        f"In the latest wave of {title}, {agreement.agreed} of {agreement.answered} respondents agreed or "
        f'strongly agreed with "{agreement.question}".'
    )
