"""Render the HTML brief in headless Chromium: it displays, and injected markup never runs.

Skipped when Chromium is not installed (Debian: ``apt-get install chromium``). Set
``PAPERPREP_SCREENSHOT=path.png`` to keep the screenshot for a look.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paperprep.brief import render_brief
from tests.test_brief import GENERATED, record, sample_domain, sample_records

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

PAYLOAD_TITLE = "<script>document.title='PWNED'</script> Evil paper"
PAYLOAD_NOTE = '"><img src=x onerror="document.title=\'PWNED\'"> see notes'


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            # Any request the page tried to make would fail: the brief must not need one.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,2000",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_brief_renders_in_chromium_and_nothing_injected_runs(tmp_path: Path) -> None:
    evil = record(
        8,
        PAYLOAD_TITLE,
        rank=5,
        citations=42,
        year=2019,
        status="read",
        why=PAYLOAD_NOTE,
        notes={"findings": PAYLOAD_NOTE, "questions": PAYLOAD_TITLE},
    )
    page = tmp_path / "brief.html"
    page.write_text(
        render_brief(
            sample_domain(),
            [*sample_records(), evil],
            "html",
            user_templates=None,
            generated=GENERATED,
        ),
        encoding="utf-8",
    )

    shot = Path(os.environ.get("PAPERPREP_SCREENSHOT") or tmp_path / "brief.png")
    done = chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a blank page compresses to a few KB

    done = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    # The injected scripts would have renamed the page.
    assert re.search(r"<title>Interview brief: demo</title>", dom)
    assert not re.search(r"<(script|img)\b", dom, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", " ", dom)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = re.sub(r"\s+", " ", text)
    for expected in (
        "Interview brief: demo",
        "Papers read 2 / 5",
        "Wide & Deep Learning for Recommender Systems",
        "Interview answer scaffold",
        "How do you handle cold start?",
        PAYLOAD_TITLE,  # shown as text
    ):
        assert expected in text, expected
    assert dom.count("<circle") == 4
