"""`./scripts/start` installs only when pyproject.toml or requirements.txt changed, and otherwise starts at once.

pip is the only thing the script runs that talks to a package index, so a stand-in venv records every pip run
instead of installing (the real install is what CI's wheel check and a fresh clone exercise).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _executable(path: Path, body: str) -> None:
    path.write_text(body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _checkout(tmp_path: Path) -> Path:
    """The files ./scripts/start reads, and a venv whose pip and peerbot write what they were asked to a log."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    for name in ("pyproject.toml", "requirements.txt", ".env.example", "scripts/start"):
        shutil.copy2(ROOT / name, checkout / name)
    bin_dir = checkout / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    log = tmp_path / "ran.log"
    _executable(
        bin_dir / "python",
        f"""#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  echo "pip $*" >> "{log}"
  printf '#!/bin/sh\\necho "peerbot $*" >> "{log}"\\n' > "$(dirname "$0")/peerbot"
  chmod +x "$(dirname "$0")/peerbot"
  exit 0
fi
exec "{sys.executable}" "$@"
""",
    )
    return checkout


def _start(checkout: Path) -> list[str]:
    log = checkout.parent / "ran.log"
    log.write_text("", encoding="utf-8")
    subprocess.run(
        ["bash", str(checkout / "scripts" / "start")],
        env={"PATH": os.environ["PATH"], "HOME": str(checkout.parent)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return log.read_text(encoding="utf-8").splitlines()


def test_a_second_start_runs_no_pip_and_a_changed_dependency_installs_again(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)

    first = _start(checkout)
    assert first[0].startswith("pip -m pip install") and " -e ." in first[0]
    assert first[1:] == ["peerbot db upgrade", "peerbot dev"]

    assert _start(checkout) == ["peerbot db upgrade", "peerbot dev"]  # nothing asks a package index anything

    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n# a dependency changed\n", encoding="utf-8")
    assert [line for line in _start(checkout) if line.startswith("pip ")] != []
    assert _start(checkout) == ["peerbot db upgrade", "peerbot dev"]
