"""The trend chart of a recurring pulse: agreement share or mean rating per wave, as a PNG."""

from __future__ import annotations

import io
from collections.abc import Sequence

from domain.pulses.definitions import QuestionDraft, QuestionKind
from domain.pulses.results import TrendPoint
from rendering.text import truncate


def trend_chart_png(
    *, title: str, questions: Sequence[tuple[int, QuestionDraft]], points: Sequence[TrendPoint]
) -> bytes:
    """Agreement questions as % agreed on the left axis; rating questions as the mean (1-5) on the right."""
    # matplotlib costs ~40 MB and a second of start-up: only the chart export loads it, on first use.
    import matplotlib

    matplotlib.use("Agg")  # no display: render straight to bytes
    from matplotlib import pyplot

    figure, agreed_axis = pyplot.subplots(figsize=(8, 4.5), dpi=100)
    rating_axis = None
    try:
        waves = [p.wave_number for p in points]
        lines = []
        for index, (_qid, question) in enumerate(questions):
            values: list[float] = [_or_gap(p.values[index]) for p in points]
            if question.kind == QuestionKind.RATING:
                if rating_axis is None:
                    rating_axis = agreed_axis.twinx()
                    rating_axis.set_ylim(1, 5)
                    rating_axis.set_ylabel("Mean rating (1-5)")
                label = f"{truncate(question.text, 50)} (mean rating)"
                lines += rating_axis.plot(waves, values, marker="s", linestyle="--", label=label, color=f"C{index}")
            else:
                label = f"{truncate(question.text, 50)} (% agreed)"
                lines += agreed_axis.plot(waves, values, marker="o", label=label, color=f"C{index}")
        agreed_axis.set_ylim(0, 100)
        agreed_axis.set_xticks(waves, [f"Wave {n}" for n in waves])
        agreed_axis.set_ylabel("% agreed or strongly agreed")
        agreed_axis.set_title(truncate(title, 80))
        agreed_axis.grid(alpha=0.3)
        agreed_axis.legend(lines, [str(line.get_label()) for line in lines], loc="lower left", fontsize="small")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)


def _or_gap(value: float | None) -> float:
    """A missing figure (a wave nobody answered) becomes a gap in the line."""
    return float("nan") if value is None else value
