"""What members said: each recurring pulse's response rate, answers and ratings by wave, and results by state.

Every figure of a wave comes from ``domain.pulses.results.wave_results`` (what ``/pulse results``
shows), which counts participants only: the response rate and the answers have the same
population. Anonymous answers appear only as whole-wave aggregates of at least the threshold
(a state's only where its label survived the close); free text appears only as a count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.network.profiles import state_name
from domain.pulses.definitions import QuestionKind, Recurrence
from domain.pulses.results import QuestionTally, WaveResults, wave_results
from domain.report.cells import NOT_ASKED, Column, Draft, Gated, Raw, Share, Table, fewer_than, hidden_note
from domain.report.disclosure import Count, Ledger
from domain.report.period import Scope
from storage import report as report_store

NO_STATE = "No state given"


@dataclass(frozen=True)
class Agreement:
    """The latest wave's answer to a pulse's first agreement question (participants only)."""

    pulse: str
    question: str
    agreed: Count
    answered: Count


@dataclass(frozen=True)
class Said:
    drafts: tuple[Draft, ...]
    latest_agreement: Agreement | None


def members_said(session: Session, scope: Scope, ledger: Ledger) -> Said:
    waves = report_store.waves_between(
        session, network_id=scope.network.id, start=scope.period.start, end=scope.period.end
    )
    by_pulse = defaultdict(list)
    for pulse, wave in waves:
        if pulse.recurrence != Recurrence.NONE and wave.opens_at <= scope.now:
            by_pulse[pulse.id].append((pulse, wave))
    wave_ids = [wave.id for _, wave in waves]
    sent = report_store.recipients_by_wave(session, wave_ids=wave_ids)
    answered = report_store.respondents_by_wave(session, wave_ids=wave_ids)
    drafts: list[Draft] = []
    latest: Agreement | None = None
    for number, rows in enumerate(by_pulse.values(), start=1):
        pulse = rows[0][0]
        results = [wave_results(session, pulse=pulse, wave=wave) for _, wave in rows]
        response_rows: list[tuple[Raw, ...]] = []
        state_rows: list[tuple[Raw, ...]] = []
        for result in results:
            asked = scope.population.counts(sent[result.wave_id])
            responded = scope.population.counts(answered[result.wave_id])
            label = f"{pulse.title} wave {result.wave_number}"
            asked_count = ledger.count(len(asked), asked, label=f"sent {label}")
            responded_count = ledger.count(len(responded), responded, label=f"responded {label}")
            deadline = scope.period.local_day(result.deadline).isoformat()
            response_rows.append(
                (result.wave_number, deadline, responded_count, asked_count, Share(responded_count, asked_count))
            )
            state_rows += _by_state(scope, ledger, result, label, asked, responded, asked_count, responded_count)
        answer_rows, rating_rows, agreement = _answers(ledger, pulse.title, results)
        latest = latest or agreement
        drafts += [
            _response_table(number, pulse.title, response_rows),
            _answers_table(number, pulse.title, answer_rows, agreement),
            _ratings_table(number, pulse.title, rating_rows),
            _state_table(number, pulse.title, state_rows),
        ]
    return Said(drafts=tuple(drafts), latest_agreement=latest)


def _state_of(scope: Scope, user: str) -> str:
    member = scope.population.members.get(user)
    return (state_name(member.state) if member else None) or NO_STATE


def _by_state(
    scope: Scope,
    ledger: Ledger,
    result: WaveResults,
    label: str,
    asked: frozenset[str],
    responded: frozenset[str],
    asked_count: Count,
    responded_count: Count,
) -> list[tuple[Raw, ...]]:
    """Who was asked and who answered, by state; and each state's agreement where its label was kept."""
    states = sorted({_state_of(scope, u) for u in asked}, key=lambda s: (s == NO_STATE, s))
    agreement = {g.name: g for g in result.by_state}
    rows: list[tuple[Raw, ...]] = []
    asked_parts, responded_parts = [], []
    for state in states:
        here = frozenset(u for u in asked if _state_of(scope, u) == state)
        came = here & responded
        sent_count = ledger.count(len(here), here, label=f"sent {label} {state}")
        came_count = ledger.count(len(came), came, label=f"responded {label} {state}")
        asked_parts.append(sent_count)
        responded_parts.append(came_count)
        agreed: Raw = NOT_ASKED
        group = agreement.get(next((code for code in _codes(scope, here)), ""))
        tally = _first(group.tallies, QuestionKind.AGREEMENT) if group else None
        if tally is not None and tally.answered:
            agreed = Gated(round(100 * (tally.agreed or 0) / tally.answered), (came_count,))
        rows.append((result.wave_number, state, came_count, sent_count, Share(came_count, sent_count), agreed))
    ledger.relate(asked_count, asked_parts)
    ledger.relate(responded_count, responded_parts)
    return rows


def _codes(scope: Scope, people: frozenset[str]) -> set[str]:
    return {m.state for u in people if (m := scope.population.members.get(u)) is not None and m.state}


def _first(tallies: tuple[QuestionTally, ...], kind: QuestionKind) -> QuestionTally | None:
    return next((t for t in tallies if t.question.kind == kind), None)


def _answers(
    ledger: Ledger, title: str, results: list[WaveResults]
) -> tuple[list[tuple[Raw, ...]], list[tuple[Raw, ...]], Agreement | None]:
    rows: list[tuple[Raw, ...]] = []
    ratings: list[tuple[Raw, ...]] = []
    latest: Agreement | None = None
    for result in results:
        for tally in result.tallies:
            where = f"{title} wave {result.wave_number} q{tally.question_id}"
            # Anonymous answers have no people to name: each answer stands for one respondent.
            answered = ledger.count(tally.answered, label=f"answered {where}")
            agreed: Raw = NOT_ASKED
            percent: Raw = NOT_ASKED
            mean: Raw = NOT_ASKED
            if tally.question.kind == QuestionKind.AGREEMENT:
                agreed_count = ledger.count(tally.agreed or 0, label=f"agreed {where}")
                agreed, percent = agreed_count, Share(agreed_count, answered)
                if tally.answered:
                    latest = Agreement(title, tally.question.text, agreed_count, answered)
            if tally.question.kind == QuestionKind.RATING and tally.mean is not None:
                mean = Gated(round(tally.mean, 2), (answered,))
                ratings.append((result.wave_number, tally.question.text, answered, mean))
            kind = str(tally.question.kind)
            rows.append((result.wave_number, tally.question.text, kind, answered, agreed, percent, mean))
    return rows, ratings, latest


def _response_table(number: int, title: str, rows: list[tuple[Raw, ...]]) -> Draft:
    def reading(table: Table) -> str:
        shown = [r for r in table.rows if isinstance(r[4], int)]
        if not shown:
            return f"Too few participants answered {title} to show a response rate." + hidden_note(
                table, "responded", "wave"
            )
        last = shown[-1]
        return (
            f"In wave {last[0]} of {title}, {last[2]} of {last[3]} participants it was sent to responded "
            f"({last[4]}%)." + hidden_note(table, "responded", "wave")
        )

    return Draft(
        key=f"pulse_{number}_response",
        title=f"{title}: response rate",
        columns=(
            Column("wave", "The wave's number."),
            Column("deadline", "The day the wave closed or closes (network's time zone)."),
            Column("responded", "Participants who answered the wave (staff are not counted)."),
            Column("sent", "Participants the wave was sent to: the denominator of the rate."),
            Column("rate_percent", "responded / sent, as a whole percentage."),
        ),
        rows=rows,
        reading=reading,
        chart="line:wave:rate_percent",
        people_columns=("responded", "sent"),
    )


def agreement_sentence(agreement: Agreement | None, minimum: int) -> str | None:
    """'6 of 8 participants who answered (75%) agreed or strongly agreed', or None when suppressed."""
    if agreement is None:
        return None
    percent = Share(agreement.agreed, agreement.answered).resolve()
    if percent is None:
        return None
    return (
        f"{agreement.agreed.value} of {agreement.answered.value} participants who answered ({percent}%) agreed "
        f'or strongly agreed with "{agreement.question}"'
    )


def _answers_table(number: int, title: str, rows: list[tuple[Raw, ...]], agreement: Agreement | None) -> Draft:
    def reading(table: Table) -> str:
        sentence = agreement_sentence(agreement, table.minimum)
        if sentence is None:
            return (
                f"The latest wave of {title} had too few answers to its agreement question to report "
                f"({fewer_than(table.minimum)} people)."
            )
        return f"In the latest wave of {title}, {sentence}."

    return Draft(
        key=f"pulse_{number}_answers",
        title=f"{title}: answers by wave",
        columns=(
            Column("wave", "The wave's number."),
            Column("question", "The question as asked."),
            Column("kind", "agreement, rating, single, multiple or text (free text is shown only as a count)."),
            Column(
                "answered", "Participants' answers to this question in the wave: the denominator of agreed and mean."
            ),
            Column("agreed", "Agreement questions: answers of Agree or Strongly agree."),
            Column("agreed_percent", "agreed / answered, as a whole percentage."),
            Column("mean_rating", "Rating questions: the mean rating from 1 to 5."),
        ),
        rows=rows,
        reading=reading,
        chart="line:wave:agreed_percent:question",
        people_columns=("answered", "agreed"),
    )


def _ratings_table(number: int, title: str, rows: list[tuple[Raw, ...]]) -> Draft:
    def reading(table: Table) -> str:
        shown = [r for r in table.rows if isinstance(r[3], float | int)]
        if not shown:
            return f"No rating question of {title} had enough answers to show a mean."
        first, last = shown[0], shown[-1]
        return (
            f'The mean rating of "{last[1]}" was {last[3]} in wave {last[0]} (n = {last[2]}), '
            f"against {first[3]} in wave {first[0]} (n = {first[2]})." + hidden_note(table, "mean_rating", "wave")
        )

    return Draft(
        key=f"pulse_{number}_ratings",
        title=f"{title}: rating trend",
        columns=(
            Column("wave", "The wave's number."),
            Column("question", "The rating question as asked."),
            Column("answered", "Participants' answers to it in the wave (n)."),
            Column("mean_rating", "The mean rating from 1 to 5."),
        ),
        rows=rows,
        reading=reading,
        chart="line:wave:mean_rating:question",
        people_columns=("answered",),
    )


def _state_table(number: int, title: str, rows: list[tuple[Raw, ...]]) -> Draft:
    def reading(table: Table) -> str:
        waves = [r[0] for r in table.rows]
        last = [r for r in table.rows if r and r[0] == waves[-1]] if waves else []
        shown = [r for r in last if isinstance(r[4], int) and r[1] != NO_STATE]
        if not shown:
            return f"No state had enough participants answering {title} to show." + hidden_note(
                table, "responded", "cell"
            )
        best = max(shown, key=lambda r: (r[4], r[1]))
        among = " among the states shown" if len(shown) < len(last) else ""
        return (
            f"In wave {best[0]}, the response rate was highest{among} in {best[1]} "
            f"({best[4]}%, {best[2]} of {best[3]})." + hidden_note(table, "responded", "cell")
        )

    return Draft(
        key=f"pulse_{number}_by_state",
        title=f"{title}: results by state",
        columns=(
            Column("wave", "The wave's number."),
            Column("state", "The participant's state, from their profile."),
            Column("responded", "Participants from the state who answered the wave."),
            Column("sent", "Participants from the state the wave was sent to."),
            Column("rate_percent", "responded / sent, as a whole percentage."),
            Column(
                "agreed_percent",
                "The first agreement question: agreed / answered among the state's answers, where the state's "
                "label was kept (at least the threshold answered, and no smaller group given away).",
            ),
        ),
        rows=rows,
        reading=reading,
        chart="none",
        people_columns=("responded", "sent"),
    )
