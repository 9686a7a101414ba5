"""Building the evaluation report: the figures, then the files in a folder (CLI), or sent to a facilitator's DM."""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.errors import PeerbotError
from domain.report.build import Report, Section, build_report
from domain.report.period import Period
from rendering.report.charts import Chart, draw
from rendering.report.document import readme_text, report_html, table_csv
from rendering.report.modal import done_modal, failed_modal, progress_modal, summary_text
from storage.db import SessionFactory
from storage.models import Network

logger = logging.getLogger(__name__)
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


def send_report(
    client: WebClient,
    session_factory: SessionFactory,
    *,
    now: datetime,
    network_id: int,
    network_name: str,
    user_id: str,
    view_id: str,
    period: Period,
    sections: list[Section],
) -> None:
    """Build in a scratch folder, showing each step in the modal; then send the page, the headline chart and the
    summary together (one share), or nothing at all, and say in the form which step failed."""
    doing = ["counting the figures"]

    def show(step: str) -> None:
        doing[0] = step[:1].lower() + step[1:]
        with contextlib.suppress(SlackApiError):  # the modal was closed: the files still arrive in the DM
            client.views_update(
                view_id=view_id, view=progress_modal(network_name=network_name, period=period, step=step)
            )

    try:
        with tempfile.TemporaryDirectory(prefix="peerbot-report-") as scratch:
            built = write_report(
                session_factory,
                network_id=network_id,
                period=period,
                now=now,
                out=Path(scratch),
                sections=sections,
                progress=show,
            )
            show("Sending the files to our DM")
            stem = f"report-{period.first:%Y%m%d}-{period.last:%Y%m%d}"
            uploads = [
                {
                    "filename": f"{stem}.html",
                    "content": built.html.read_bytes(),
                    "title": f"{network_name}: evaluation report",
                }
            ]
            if built.headline_png is not None:
                uploads.append(
                    {
                        "filename": f"{stem}-{built.headline_png.name}",
                        "content": built.headline_png.read_bytes(),
                        "title": "Headline chart",
                    }
                )
            channel = str(client.conversations_open(users=user_id)["channel"]["id"])
            # One share: every file is uploaded first, and only then shared with the summary, so a refused
            # upload leaves nothing in the DM.
            client.files_upload_v2(file_uploads=uploads, channel=channel, initial_comment=summary_text(built.report))
    except SlackApiError as exc:
        logger.warning("report upload failed: %s", exc.response.get("error"))
        _fail(
            client,
            view_id,
            f"Slack refused the file upload ({exc.response.get('error')}), so nothing was sent. Please try again.",
        )
        return
    except PeerbotError as exc:
        _fail(client, view_id, exc.message)
        return
    except OSError as exc:
        logger.error("report files could not be written: %s", type(exc).__name__)
        _fail(client, view_id, f"the report's files couldn't be written ({type(exc).__name__}), so nothing was sent.")
        return
    except Exception as exc:  # never a stack trace in Slack; the type goes to the log
        logger.error("report build failed while %s: %s", doing[0], type(exc).__name__, exc_info=exc)
        _fail(
            client,
            view_id,
            f"something went wrong while {doing[0]} ({type(exc).__name__}). "
            "Nothing was sent; please try again, and tell whoever runs peerbot if it happens again.",
        )
        return
    with contextlib.suppress(SlackApiError):  # closed already; the DM says it all
        client.views_update(view_id=view_id, view=done_modal(network_name=network_name, period=period))


def _fail(client: WebClient, view_id: str, reason: str) -> None:
    try:
        client.views_update(view_id=view_id, view=failed_modal(reason=reason))
    except SlackApiError:
        logger.warning("could not tell the facilitator the report failed (modal closed)")
