"""`peerbot report`: a network shaped like the evaluations gives exactly its known figures, no small cells, one file."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.cli import main
from storage.db import SessionFactory
from tests.support.factories.report import (
    AGREEMENT,
    AREAS,
    HOME,
    STATES,
    counted,
    evaluation_network,
    roster,
)

FEWER = "fewer than 3"
# Columns that count people (or things people did): a shown value is never 1 or 2.
PEOPLE_COLUMNS = {
    "attended",
    "attendances",
    "new",
    "returning",
    "responded",
    "answered",
    "agreed",
    "resources",
    "helpful",
    "changes",
    "collaborations",
}


@pytest.fixture
def report_dir(
    session_factory: SessionFactory, monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> Path:
    with session_factory.begin() as session:
        evaluation_network(session)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    out = tmp_path / "report"
    code = main(["report", "--network", HOME, "--from", "2024-01-01", "--to", "2025-12-31", "--out", str(out)])
    assert code == 0
    return out


def rows(out: Path, name: str) -> list[dict[str, str]]:
    with open(out / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Page(HTMLParser):
    """What a browser would fetch, every table cell under its column header, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[tuple[str, str, str]] = []
        self.cells: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._headers: list[str] = []
        self._column = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href", "xlink:href", "data", "srcset", "poster", "action"}:
                self.references.append((tag, name, value or ""))
        if tag == "thead":
            self._headers = []
        if tag == "tr":
            self._column = 0
        if tag in {"th", "td"}:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._column += 1
        self._in = None if tag in {"th", "td"} else self._in

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in == "th":
            self._headers.append(data.strip())
        elif self._in == "td" and self._column < len(self._headers):
            self.cells.append((self._headers[self._column], data.strip()))


def parse(out: Path) -> tuple[Page, str]:
    html = (out / "report.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return page, html


def test_attendance_is_stated_per_meeting_against_the_roster_as_it_was(report_dir: Path) -> None:
    meetings = rows(report_dir, "attendance_per_meeting")
    assert len(meetings) == 24
    for number, row in enumerate(meetings, start=1):
        expected = counted(number)
        assert row["roster"] == str(roster(number))
        if row["attended"] != FEWER:  # a meeting may be hidden to protect another (complementary suppression)
            assert expected >= 3
            assert row["attended"] == str(expected)
            assert row["rate_percent"] == str(round(100 * expected / roster(number)))
        else:
            assert row["rate_percent"] == FEWER
    assert sum(1 for row in meetings if row["attended"] == FEWER) == 2  # the meeting of two, and one to protect it
    page, _ = parse(report_dir)
    attendances = sum(counted(n) for n in range(1, 25))
    seats = sum(roster(n) for n in range(1, 25))
    overall = round(100 * attendances / seats)
    text = " ".join(" ".join(page.text).split())
    assert (
        f"Attendance rate {overall}% {overall}% ({attendances} of {seats} possible attendances) across 24 meetings"
        in text
    )
    assert f"Attendance averaged {overall}% ({attendances} of {seats} possible attendances) across 24 meetings" in text


def test_the_last_wave_reads_five_of_six_agreed_against_those_it_was_sent_to(report_dir: Path) -> None:
    answers = [r for r in rows(report_dir, "pulse_1_answers") if r["question"] == AGREEMENT]
    assert [(r["wave"], r["answered"], r["agreed"]) for r in answers] == [
        ("1", "8", "6"),
        ("2", "7", "5"),
        ("3", "6", "5"),
    ]
    response = rows(report_dir, "pulse_1_response")
    # Sent to 24 participants (staff were sent it too, but are not counted).
    assert [(r["responded"], r["sent"], r["rate_percent"]) for r in response][-1] == ("6", "24", "25")
    page, _ = parse(report_dir)
    text = " ".join(" ".join(page.text).split())
    assert f'5 of 6 participants who answered (83%) agreed or strongly agreed with "{AGREEMENT}"' in text


def test_progress_needs_and_collaborations_are_stated_exactly(report_dir: Path) -> None:
    stages = rows(report_dir, "roadmap_stages")
    assert {r["area"] for r in stages} == set(AREAS)
    end = {r["area"]: r for r in stages if r["date"] == "2025-12-31"}
    assert (end["Data sharing"]["early"], end["Data sharing"]["making_progress"]) == ("3", "3")
    assert end["Workforce"]["early"] == "6"
    needs = rows(report_dir, "ta_needs")
    assert len(needs) == len(STATES)
    assert all((r["received"], r["requested"]) == ("1", "1") for r in needs)
    matrix = {(r["team"], r["with"]): r["collaborations"] for r in rows(report_dir, "collaboration_matrix")}
    assert matrix[("Vermont", "New Hampshire")] == "4"
    # Maine-Rhode Island's 1 would follow from the total (8) minus the shown pairs: the smallest pair that
    # protects it (Massachusetts-Connecticut's 3, not Vermont-New Hampshire's 4) is hidden too.
    assert matrix[("Massachusetts", "Connecticut")] == FEWER
    assert matrix[("Maine", "Rhode Island")] == FEWER
    kinds = {r["kind"]: r["collaborations"] for r in rows(report_dir, "collaborations_by_kind")}
    assert kinds == {"Joint project": "4", "Peer advice": FEWER, "Shared a resource": FEWER}
    page, _ = parse(report_dir)
    assert "Confirmed collaborations 8" in " ".join(" ".join(page.text).split())


def test_no_figure_about_fewer_than_three_people_appears_anywhere(report_dir: Path) -> None:
    # A group of one: Maine's only attendee. The smallest state that protects it from the total (Rhode Island,
    # a late joiner) is hidden too.
    by_state = {r["state"]: r["attendances"] for r in rows(report_dir, "attendance_by_state")}
    assert by_state["Maine"] == FEWER
    assert by_state["Rhode Island"] == FEWER
    assert by_state["Connecticut"] != FEWER
    changes = {r["kind"]: r["changes"] for r in rows(report_dir, "changes_made")}
    assert changes == {"Policy": FEWER, "Practice": FEWER, "Program": "3"}
    for path in report_dir.glob("*.csv"):
        for row in rows(report_dir, path.stem):
            for column, value in row.items():
                if column in PEOPLE_COLUMNS:
                    assert value in {FEWER, "0", ""} or int(value) >= 3, (path.name, column, value)
    page, _ = parse(report_dir)
    assert page.cells
    for column, value in page.cells:
        if column in PEOPLE_COLUMNS:
            assert value in {FEWER, "0", ""} or int(value) >= 3, (column, value)
    readme = (report_dir / "README.txt").read_text(encoding="utf-8")
    for path in report_dir.glob("*.csv"):
        assert f"{path.name}:" in readme
        for column in rows(report_dir, path.stem)[0] if rows(report_dir, path.stem) else []:
            assert f"  {column}: " in readme


def test_the_page_references_nothing_outside_itself(report_dir: Path) -> None:
    page, html = parse(report_dir)
    # Only links within the page, or pictures carried inside it (a chart's heat map).
    outside = [r for r in page.references if not r[2].startswith(("#", "data:image/png;base64,"))]
    assert not outside
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(?!#)", html)
    assert html.count("<svg") >= 10  # the charts are inside the page
    assert "Guide 0 &lt;for&gt; states &amp; agencies: $5 or $10 a copy" in html  # what members typed is escaped
    assert sorted(p.name for p in report_dir.glob("*.png"))  # and each chart is a PNG beside it


def test_a_state_shown_beside_the_number_shared_cannot_give_a_smaller_one_away(report_dir: Path) -> None:
    # Four resources were shared: three from Vermont (three people), one from New Hampshire (one person).
    # Showing Vermont's 3 beside the headline's 4 would give New Hampshire's 1 away, so both are hidden.
    by_state = {r["state"]: r["resources"] for r in rows(report_dir, "resources_by_state")}
    assert by_state == {"Vermont": FEWER, "New Hampshire": FEWER}
