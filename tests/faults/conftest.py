"""Shared fixtures and the invariant check of the fault suite.

Every scenario ends with :func:`check_invariants`: no ``.part-*`` file anywhere under the library,
no two papers that are the same work (DOI, arXiv id or normalised title), every note the user
wrote still holds their text, and ``PRAGMA integrity_check`` says ``ok``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from paperprep.download import existing_pdf
from paperprep.files import sha256_file
from paperprep.ids import normalize_title
from tests.mirror import (
    RECSYS_ARXIV_PAPERS,
    Mirror,
    mirror,
    serve_recsys,
)
from tests.pdfgen import Spec, paper_pdf

__all__ = ["mirror"]

WIDE = "Wide & Deep Learning for Recommender Systems"
ARXIV_PAPERS = RECSYS_ARXIV_PAPERS
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def services(mirror: Mirror, monkeypatch: pytest.MonkeyPatch) -> Mirror:
    """Every endpoint on the mirror, no pacing delays, short timeouts, a normal day served."""
    return serve_recsys(mirror, monkeypatch)


# -- running the CLI -----------------------------------------------------------------------------


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str
    seconds: float = 0.0
    stdout_bytes: bytes = b""

    def json(self) -> Any:
        return json.loads(self.stdout)


def run(*args: str, code: int | None = 0) -> Ran:
    """Run the CLI in-process (fast); assert the exit code and that no traceback leaked."""
    start = time.monotonic()
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    ran = Ran(
        result.exit_code,
        result.stdout,
        result.stderr,
        time.monotonic() - start,
        result.stdout_bytes,
    )
    if code is not None:
        assert ran.code == code, (ran.code, ran.stdout, ran.stderr)
    assert_clear(ran)
    return ran


def assert_clear(ran: Ran) -> None:
    """A clear message: never a traceback; a failure says something on stderr."""
    assert "Traceback" not in ran.stderr, ran.stderr
    assert "Traceback" not in ran.stdout, ran.stdout
    if ran.code not in (0, None):
        assert ran.stderr.strip(), f"exit {ran.code} without a message"


def cli_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "paperprep", *args]


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_sub(
    *args: str, code: int | None = 0, timeout: float = 60, env: Mapping[str, str] | None = None
) -> Ran:
    """Run ``python -m paperprep ARGS`` as a real process (bounded by ``timeout``)."""
    start = time.monotonic()
    proc = subprocess.run(
        cli_argv(*args),
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    ran = Ran(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)
    if code is not None:
        assert ran.code == code, (ran.code, ran.stdout, ran.stderr)
    assert_clear(ran)
    return ran


# -- the invariants ------------------------------------------------------------------------------


@dataclass
class UserNotes:
    """Text the user typed into note files, to be found there after every scenario."""

    texts: dict[Path, list[str]] = field(default_factory=dict)

    def write(self, path: Path, text: str, *, heading: str = "Summary") -> None:
        """Type ``text`` under ``## heading`` of the note at ``path`` (as an editor would)."""
        body = path.read_text(encoding="utf-8")
        marker = f"## {heading}\n"
        assert marker in body, f"{path} has no {marker!r}"
        body = body.replace(marker, f"{marker}\n{text}\n", 1)
        path.write_text(body, encoding="utf-8")
        self.texts.setdefault(path, []).append(text)

    def forget(self, path: Path) -> None:
        self.texts.pop(path, None)


def check_invariants(home: Path, notes: UserNotes | None = None) -> None:
    """The promises every fault scenario must keep: no partial file, a sound database, every
    stored PDF whole, no PDF marked read without its text, no duplicate paper, every user
    text where the user wrote it."""
    partials = list(home.rglob(".part-*"))
    assert not partials, f"partial files left in the library: {partials}"
    db_path = home / "library.db"
    recorded: dict[str, str] = {}
    rows: list[tuple[int, str, int | None, str | None, str | None]] = []
    if db_path.exists():
        conn = sqlite3.connect(db_path, timeout=30)
        try:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
            tables = {r[0] for r in conn.execute("select name from sqlite_master")}
            # A run killed before its first migration committed leaves an empty database.
            if "pdfs" in tables:
                rows = conn.execute("select id, title, year, doi, arxiv_id from papers").fetchall()
                # Paths are stored relative to the library folder (older libraries: absolute).
                recorded = {
                    str(home / path): sha
                    for path, sha in conn.execute(
                        "select path, sha256 from pdfs where path is not null"
                    ).fetchall()
                }
                textless = conn.execute(
                    "select paper_id from pdfs where status = 'ok' and not exists "
                    "(select 1 from pages where pages.paper_id = pdfs.paper_id)"
                ).fetchall()
                assert not textless, f"PDFs marked ok without their text: papers {textless}"
        finally:
            conn.close()
    pdf_dir = home / "pdfs"
    if pdf_dir.is_dir():
        for pdf in pdf_dir.iterdir():
            # A stored PDF is the whole file the library recorded (a user's broken PDF is kept
            # as given); one the library has not recorded yet must at least be complete.
            if str(pdf) in recorded:
                assert sha256_file(pdf) == recorded[str(pdf)], f"{pdf} differs from its record"
            else:
                assert existing_pdf(pdf) is not None, f"{pdf} is not a complete PDF"
    if rows:
        for column, values in (
            ("doi", [r[3] for r in rows if r[3]]),
            ("arxiv_id", [r[4] for r in rows if r[4]]),
            ("title", [normalize_title(r[1]) for r in rows if normalize_title(r[1])]),
        ):
            dupes = [v for v, n in Counter(values).items() if n > 1]
            assert not dupes, f"duplicate papers by {column}: {dupes}"
    for path, texts in (notes.texts if notes else {}).items():
        assert path.is_file(), f"the user's note {path} is gone"
        content = path.read_text(encoding="utf-8")
        for text in texts:
            assert text in content, f"the user's text {text!r} was lost from {path}"


def paper_count(home: Path) -> int:
    conn = sqlite3.connect(home / "library.db", timeout=30)
    try:
        return int(conn.execute("select count(*) from papers").fetchone()[0])
    finally:
        conn.close()


def make_pdfs(folder: Path, n: int, *, pages: int = 1, prefix: str = "paper") -> list[Path]:
    """``n`` distinct generated papers (``pages`` copies of the body sections each)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    words = ["Ranking", "Embedding", "Attention", "Retrieval", "Calibration", "Sampling"]
    for i in range(n):
        title = f"{words[i % len(words)]} Study Number {i} of Click Models"
        sections = []
        for p in range(pages):
            sections.append(
                (
                    f"{p + 1} Experiments part {p}",
                    [
                        "We train on 500 million impression logs collected over 30 days. " * 12,
                        "Our model improves offline AUC by 2.3% in an A/B test. " * 12,
                    ],
                )
            )
        path = folder / f"{prefix}{i}.pdf"
        path.write_bytes(paper_pdf(Spec(title=title, sections=sections)))
        out.append(path)
    return out


# -- a library on a read-only or a full disk -----------------------------------------------------


@functools.cache
def namespaces_work() -> bool:
    """Whether ``unshare -rm`` can give a process its own mounts (a read-only bind, a tiny tmpfs)
    without touching the machine's: user and mount namespaces, as on most Linux systems."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            ["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', folder],
            capture_output=True,
            timeout=30,
            check=False,
        )
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not namespaces_work(),
    reason="needs Linux user and mount namespaces (unshare -rm) for a read-only or full disk",
)


def run_mounted(
    setup: str, argv: list[str], *, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` in its own mount namespace after the shell commands ``setup`` (the mounts
    exist only for that process and its children; the machine's are never touched)."""
    script = f'{setup} && exec "$@"'
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", *argv],
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
