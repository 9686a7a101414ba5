"""Building the evaluation report: figures from the database, then the files in a folder (CLI and Slack alike)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from domain.report.build import Report, Section, build_report
from domain.report.period import Period
from rendering.report.charts import Chart, draw
from rendering.report.document import readme_text, report_html, table_csv
from storage.db import SessionFactory
from storage.models import Network

HEADLINE_CHART = "attendance_per_meeting"


@dataclass(frozen=True)
class ReportFiles:
    report: Report
    html: Path
    headline_png: Path | None
    files: list[Path]


def write_report(
    session_factory: SessionFactory,
    *,
    network_id: int,
    period: Period,
    now: datetime,
    out: Path,
    sections: Collection[Section] = tuple(Section),
    progress: Callable[[str], None] = lambda _step: None,
) -> ReportFiles:
    """Compute the figures (one read-only transaction), then write report.html, CSVs, PNGs and README.txt."""
    progress("Counting the figures")
    with session_factory.begin() as session:
        network = session.get(Network, network_id)
        if network is None:
            raise LookupError(f"network {network_id} is gone")
        report = build_report(session, network=network, period=period, now=now, sections=sections)
    progress("Drawing the charts")
    charts: dict[str, Chart] = {}
    for table in report.tables():
        chart = draw(table)
        if chart is not None:
            charts[table.key] = chart
    progress("Writing the files")
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for table in report.tables():
        path = out / f"{table.key}.csv"
        path.write_text(table_csv(table, minimum=report.minimum), encoding="utf-8")
        files.append(path)
    for chart in charts.values():
        path = out / f"{chart.key}.png"
        path.write_bytes(chart.png)
        files.append(path)
    readme = out / "README.txt"
    readme.write_text(readme_text(report), encoding="utf-8")
    html = out / "report.html"
    html.write_text(report_html(report, charts={k: c.svg for k, c in charts.items()}), encoding="utf-8")
    headline = next((out / f"{key}.png" for key in (HEADLINE_CHART, *charts) if key in charts), None)
    return ReportFiles(report=report, html=html, headline_png=headline, files=[html, readme, *files])
