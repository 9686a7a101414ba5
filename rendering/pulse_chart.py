"""The trend chart of a recurring pulse: agreement share or mean rating per wave, as a PNG."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no display: render straight to bytes

from matplotlib import pyplot

from domain.pulse_definitions import QuestionDraft, QuestionKind
from domain.pulse_results import TrendPoint
from rendering.text import truncate


def trend_chart_png(
    *, title: str, questions: Sequence[tuple[int, QuestionDraft]], points: Sequence[TrendPoint]
) -> bytes:
    """One line per scale question: % agreed (left axis) or mean rating rescaled to 0-100 (1 → 0, 5 → 100)."""
    figure, axes = pyplot.subplots(figsize=(8, 4.5), dpi=100)
    try:
        waves = [p.wave_number for p in points]
        for index, (_qid, question) in enumerate(questions):
            values = [p.values[index] for p in points]
            if question.kind == QuestionKind.RATING:
                shown = [None if v is None else (v - 1) * 25 for v in values]
                label = f"{truncate(question.text, 50)} (mean rating)"
            else:
                shown = list(values)
                label = f"{truncate(question.text, 50)} (% agreed)"
            axes.plot(waves, [float("nan") if v is None else v for v in shown], marker="o", label=label)
        axes.set_ylim(0, 100)
        axes.set_xticks(waves, [f"Wave {n}" for n in waves])
        axes.set_ylabel("% agreed  ·  rating 1→0, 5→100")
        axes.set_title(truncate(title, 80))
        axes.grid(alpha=0.3)
        axes.legend(loc="lower left", fontsize="small")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
