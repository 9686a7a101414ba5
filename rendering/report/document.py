"""The report's HTML page and README.txt from Jinja2 templates, and each table as CSV text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.errors import PeerbotError
from domain.report.build import DENOMINATORS, SECTION_TITLES, Report
from domain.report.cells import Table, fewer_than
from domain.spreadsheet import csv_text


class IncompleteInstallation(PeerbotError):
    """A template is missing from the installed package: whoever runs peerbot must reinstall it."""


def _environment() -> Any:
    # Jinja2 is loaded only when a report is built. The page escapes everything; README.txt is plain text.
    # The templates are package data (pyproject.toml), found through the installed package, not the checkout.
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("rendering.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), disabled_extensions=("txt.j2",), default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _template(name: str) -> Any:
    from jinja2 import TemplateNotFound

    try:
        return _environment().get_template(name)
    # TemplateNotFound is an OSError too, which callers would blame on the output folder; PackageLoader raises
    # ValueError when the package has no templates folder at all.
    except (TemplateNotFound, ValueError) as exc:
        raise IncompleteInstallation(
            f"this installation of peerbot is missing the report template {name}, so no report could be written. "
            "Whoever runs peerbot needs to reinstall it."
        ) from exc


def _context(report: Report) -> dict[str, Any]:
    return {"report": report, "denominators": DENOMINATORS, "fewer": fewer_than(report.minimum)}


def report_html(report: Report, *, charts: Mapping[str, str]) -> str:
    """One self-contained page: charts are inline SVG, styles inline, no link to anything outside."""
    template = _template("report.html.j2")
    return str(template.render(**_context(report), titles=SECTION_TITLES, charts=charts))


def readme_text(report: Report) -> str:
    return str(_template("README.txt.j2").render(**_context(report)))


def table_csv(table: Table, *, minimum: int) -> str:
    rows = [[fewer_than(minimum) if cell is None else cell for cell in row] for row in table.rows]
    return csv_text([[column.name for column in table.columns], *rows])
