"""A small real fetch against the real services, for users with internet.

Deselected by default (pyproject sets ``-m "not live"``); run it with ``pytest -m live``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.live


def test_real_fetch_of_two_recsys_papers(isolated_home: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "paperprep",
            "fetch",
            "recsys",
            "--top",
            "2",
            "--sources",
            "arxiv,openalex",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["papers"]) == 2
    assert all(p["title"] for p in report["papers"])
    assert any(p["citations"] for p in report["papers"]), "OpenAlex gave no citation counts"
    assert any(p["pdf"]["status"] == "ok" for p in report["papers"])
