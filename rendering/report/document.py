"""The report's HTML page and README.txt from Jinja2 templates, and each table as CSV text."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from domain.report.build import DENOMINATORS, SECTION_TITLES, Report
from domain.report.cells import Table, fewer_than

TEMPLATES = Path(__file__).parent / "templates"


def _environment() -> Any:
    # Jinja2 is loaded only when a report is built. The page escapes everything; README.txt is plain text.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), disabled_extensions=("txt.j2",), default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _context(report: Report) -> dict[str, Any]:
    return {"report": report, "denominators": DENOMINATORS, "fewer": fewer_than(report.minimum)}


def report_html(report: Report, *, charts: Mapping[str, str]) -> str:
    """One self-contained page: charts are inline SVG, styles inline, no link to anything outside."""
    template = _environment().get_template("report.html.j2")
    return str(template.render(**_context(report), titles=SECTION_TITLES, charts=charts))


def readme_text(report: Report) -> str:
    return str(_environment().get_template("README.txt.j2").render(**_context(report)))


def table_csv(table: Table, *, minimum: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.name for column in table.columns])
    for row in table.rows:
        writer.writerow([fewer_than(minimum) if cell is None else cell for cell in row])
    return out.getvalue()
