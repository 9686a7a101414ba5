"""A web worker starts light: the app builds without loading libraries only rare paths need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.processes import ROOT, SECRET

# Loaded by the whole web app at start-up, each of these would cost every worker tens of MB.
HEAVY = ("matplotlib", "numpy", "PIL")

BUILD_WEB_APP = """
import sys
from bot.config import load_settings
from bot.server import build_web_app
from jobs.schedule import install_jobs  # the clock process's jobs too: the same handlers and workflows

settings = load_settings({
    "SLACK_BOT_TOKEN": "xoxb-start-up",
    "SLACK_SIGNING_SECRET": sys.argv[1],
    "DATABASE_URL": "sqlite:///" + sys.argv[2],
})
build_web_app(settings)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[3:]))))
"""


def test_building_the_web_app_loads_no_charting_library(tmp_path: Path) -> None:
    # A fresh interpreter: what other tests imported earlier cannot hide an import here.
    result = subprocess.run(
        [sys.executable, "-c", BUILD_WEB_APP, SECRET, str(tmp_path / "start.db"), *HEAVY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"loaded at start-up: {result.stdout.strip()}"
